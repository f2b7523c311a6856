import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CachePolicy, CurrentUser, PageQuery, Public, PublicCache } from '@kennisplein/core';
import { CongressesService } from './congresses.service.js';
import { CongressDto, CongressPageDto, CreateCongressDto } from './dto/congress.dto.js';

@ApiTags('kennisbank')
@Controller('congresses')
export class CongressesController {
  constructor(private readonly congresses: CongressesService) {}

  /** The NIOC congresses, newest first. */
  @Public()
  @PublicCache(CachePolicy.short)
  @Get()
  list(@Query() query: PageQuery): Promise<CongressPageDto> {
    return this.congresses.list(query);
  }

  @Public()
  @PublicCache(CachePolicy.short)
  @Get(':slug')
  get(@Param('slug') slug: string): Promise<CongressDto> {
    return this.congresses.get(slug);
  }

  /** Platform admins add a congress. */
  @Post()
  @ApiConflictResponse({ description: 'a congress with this slug exists' })
  create(@CurrentUser() caller: AuthUser, @Body() body: CreateCongressDto): Promise<CongressDto> {
    return this.congresses.create(caller, body);
  }
}
