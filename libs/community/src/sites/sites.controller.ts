import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, PageQuery, Public } from '@kennisplein/core';
import { AddSiteMemberDto, CreateSiteDto, ListSitesQuery, SiteDto, SiteMemberDto, SiteMemberPageDto, SitePageDto } from './dto/site.dto.js';
import { SitesService } from './sites.service.js';

@ApiTags('deelsites')
@Controller('sites')
export class SitesController {
  constructor(private readonly sites: SitesService) {}

  /** Opens a deelsite; the caller becomes its admin. */
  @Post()
  @ApiConflictResponse({ description: 'the slug is taken' })
  create(@CurrentUser() caller: AuthUser, @Body() body: CreateSiteDto): Promise<SiteDto> {
    return this.sites.create(caller, body);
  }

  /** The deelsites the caller may see. */
  @Public()
  @Get()
  list(@CurrentUser() caller: AuthUser | undefined, @Query() query: ListSitesQuery): Promise<SitePageDto> {
    return this.sites.list(caller, query);
  }

  @Public()
  @Get(':slug')
  @ApiNotFoundResponse({ description: 'no such deelsite, or a members-only one you are not in' })
  get(@CurrentUser() caller: AuthUser | undefined, @Param('slug') slug: string): Promise<SiteDto> {
    return this.sites.get(caller, slug);
  }

  @Public()
  @Get(':slug/members')
  members(@CurrentUser() caller: AuthUser | undefined, @Param('slug') slug: string, @Query() query: PageQuery): Promise<SiteMemberPageDto> {
    return this.sites.listMembers(caller, slug, query);
  }

  /** A site admin adds a member or sets their role. */
  @Post(':slug/members')
  @ApiForbiddenResponse({ description: 'only site admins add members' })
  addMember(@CurrentUser() caller: AuthUser, @Param('slug') slug: string, @Body() body: AddSiteMemberDto): Promise<SiteMemberDto> {
    return this.sites.addMember(caller, slug, body);
  }

  /** Joins an open deelsite (others are joined through their admins: 403). */
  @Post(':slug/join')
  @HttpCode(HttpStatus.OK)
  join(@CurrentUser() caller: AuthUser, @Param('slug') slug: string): Promise<{ role: string }> {
    return this.sites.join(caller, slug);
  }
}
