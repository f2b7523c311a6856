import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type AuthUser, CurrentUser, IdPipe, PageQuery, Public, RateLimit } from '@kennisplein/core';
import {
  AddSiteMemberDto,
  CreateSiteDto,
  ListSitesQuery,
  SiteAdmissionDto,
  SiteDto,
  SiteLogoDto,
  SiteMemberDto,
  SiteMemberPageDto,
  SitePageDto,
  SiteRequestPageDto,
  UpdateSiteDto,
} from './dto/site.dto.js';
import { SiteErrors } from '../community.errors.js';
import { receiveLogo } from './logo-upload.js';
import { SiteRequestsService } from './site-requests.service.js';
import { SitesService } from './sites.service.js';

@ApiTags('deelsites')
@Controller('sites')
export class SitesController {
  constructor(
    private readonly sites: SitesService,
    private readonly requests: SiteRequestsService,
  ) {}

  /** Opens a deelsite; the caller becomes its admin. */
  @Post()
  @ApiConflictResponse({ description: 'the slug is taken' })
  create(@CurrentUser() caller: AuthUser, @Body() body: CreateSiteDto): Promise<SiteDto> {
    return this.sites.create(caller, body);
  }

  /** The deelsites the caller may see. */
  @Public()
  @Get()
  @RateLimit('search', { whenQuery: 'q' })
  list(@CurrentUser() caller: AuthUser | undefined, @Query() query: ListSitesQuery): Promise<SitePageDto> {
    return this.sites.list(caller, query);
  }

  @Public()
  @Get(':slug')
  @ApiNotFoundResponse({ description: 'no such deelsite, or a members-only one you are not in' })
  get(@CurrentUser() caller: AuthUser | undefined, @Param('slug') slug: string): Promise<SiteDto> {
    return this.sites.get(caller, slug);
  }

  /** A site admin changes its name, description and look (primaryColor: white text on it; accentColor: dark text on it). */
  @Patch(':slug')
  @ApiBadRequestResponse({ description: '`site.low_contrast`: a colour under 4.5:1 with the text it carries' })
  @ApiForbiddenResponse({ description: 'only site admins change the site' })
  @ApiNotFoundResponse({ description: 'no such deelsite, or a members-only one you are not in' })
  update(@CurrentUser() caller: AuthUser, @Param('slug') slug: string, @Body() body: UpdateSiteDto): Promise<SiteDto> {
    return this.sites.update(caller, slug, body);
  }

  /** A site admin uploads the logo (field `file`: PNG, JPEG or WebP by its bytes, or SVG, kept sanitized; up to 1 MiB). */
  @Put(':slug/logo')
  @RateLimit('upload')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiPayloadTooLargeResponse({ description: '`site.logo_too_large`: over 1 MiB' })
  @ApiUnsupportedMediaTypeResponse({ description: '`site.logo_type`: not a PNG, JPEG, WebP or SVG image' })
  @ApiForbiddenResponse({ description: 'only site admins change the logo' })
  uploadLogo(@CurrentUser() caller: AuthUser, @Param('slug') slug: string, @Req() req: Request): Promise<SiteLogoDto> {
    return this.sites.setLogo(caller, slug, () => receiveLogo(req));
  }

  /**
   * The logo, to whoever may see the site; cached for long when asked for by its versioned URL.
   * The CSP keeps an SVG opened on its own from running or fetching anything, sanitized or not.
   */
  @Public()
  @Get(':slug/logo')
  @ApiProduces('image/png', 'image/jpeg', 'image/webp', 'image/svg+xml')
  @ApiOkResponse({ description: 'the logo image' })
  async logo(
    @CurrentUser() caller: AuthUser | undefined,
    @Param('slug') slug: string,
    @Query('v') version: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const logo = await this.sites.getLogo(caller, slug);
    const current = version !== undefined && logo.sha256.startsWith(version) && version.length >= 16;
    res.setHeader('Content-Type', logo.contentType);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.setHeader('ETag', `"${logo.sha256}"`);
    res.setHeader('Cache-Control', current ? 'private, max-age=31536000, immutable' : 'private, no-cache');
    res.end(logo.bytes);
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

  /**
   * Site admins: who accepted an invitation to a group of this closed deelsite from someone
   * who is not its admin, and waits to be let in (with that group and the inviter).
   */
  @Get(':slug/requests')
  @ApiForbiddenResponse({ description: 'only site admins see the requests (site.admins_only)' })
  @ApiNotFoundResponse({ description: 'no such deelsite, or a members-only one you are not in' })
  requestList(@CurrentUser() caller: AuthUser, @Param('slug') slug: string, @Query() query: PageQuery): Promise<SiteRequestPageDto> {
    return this.requests.list(caller, slug, query);
  }

  /** A site admin lets the person in: a site member, and a member of the groups the invitations promised. */
  @Post(':slug/requests/:userId/approve')
  @HttpCode(HttpStatus.OK)
  @ApiForbiddenResponse({ description: 'only site admins approve (site.admins_only)' })
  @ApiNotFoundResponse({ description: 'no such deelsite, or no pending request of this user (site.request_not_found)' })
  approveRequest(@CurrentUser() caller: AuthUser, @Param('slug') slug: string, @Param('userId', new IdPipe(SiteErrors.request_not_found)) userId: string): Promise<SiteAdmissionDto> {
    return this.requests.approve(caller, slug, userId);
  }

  /** A site admin turns the request down: nothing is granted. */
  @Post(':slug/requests/:userId/reject')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'rejected' })
  @ApiForbiddenResponse({ description: 'only site admins reject (site.admins_only)' })
  @ApiNotFoundResponse({ description: 'no such deelsite, or no pending request of this user (site.request_not_found)' })
  async rejectRequest(@CurrentUser() caller: AuthUser, @Param('slug') slug: string, @Param('userId', new IdPipe(SiteErrors.request_not_found)) userId: string): Promise<void> {
    await this.requests.reject(caller, slug, userId);
  }

  /** Joins an open deelsite (others are joined through their admins: 403). */
  @Post(':slug/join')
  @HttpCode(HttpStatus.OK)
  join(@CurrentUser() caller: AuthUser, @Param('slug') slug: string): Promise<{ role: string }> {
    return this.sites.join(caller, slug);
  }
}
