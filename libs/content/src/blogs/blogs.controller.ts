import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, IdPipe, Public } from '@kennisplein/core';
import { GroupErrors } from '@kennisplein/community';
import { BlogErrors } from '../content.errors.js';
import { BlogsService } from './blogs.service.js';
import { BlogDto, BlogPageDto, CreateBlogDto, ListBlogsQuery, UpdateBlogDto } from './dto/blog.dto.js';

@ApiTags('content')
@Controller()
export class BlogsController {
  constructor(private readonly blogs: BlogsService) {}

  /** Members write a post in their group, as a draft or published. */
  @Post('groups/:id/blogs')
  createInGroup(@CurrentUser() caller: AuthUser, @Param('id', new IdPipe(GroupErrors.not_found)) groupId: string, @Body() body: CreateBlogDto): Promise<BlogDto> {
    return this.blogs.createInGroup(caller, groupId, body);
  }

  /** The group's published posts, and the caller's drafts; newest first. */
  @Public()
  @Get('groups/:id/blogs')
  listForGroup(@CurrentUser() caller: AuthUser | undefined, @Param('id', new IdPipe(GroupErrors.not_found)) groupId: string, @Query() query: ListBlogsQuery): Promise<BlogPageDto> {
    return this.blogs.listForGroup(caller, groupId, query);
  }

  /** A deelsite's admins write its news. */
  @Post('sites/:slug/blogs')
  createInSite(@CurrentUser() caller: AuthUser, @Param('slug') slug: string, @Body() body: CreateBlogDto): Promise<BlogDto> {
    return this.blogs.createInSite(caller, slug, body);
  }

  /** The deelsite's news, as visible as the deelsite. */
  @Public()
  @Get('sites/:slug/blogs')
  listForSite(@CurrentUser() caller: AuthUser | undefined, @Param('slug') slug: string, @Query() query: ListBlogsQuery): Promise<BlogPageDto> {
    return this.blogs.listForSite(caller, slug, query);
  }

  @Public()
  @Get('blogs/:id')
  get(@CurrentUser() caller: AuthUser | undefined, @Param('id', new IdPipe(BlogErrors.not_found)) id: string): Promise<BlogDto> {
    return this.blogs.get(caller, id);
  }

  /** The author edits; publishing a draft opens its comment thread. */
  @Patch('blogs/:id')
  update(@CurrentUser() caller: AuthUser, @Param('id', new IdPipe(BlogErrors.not_found)) id: string, @Body() body: UpdateBlogDto): Promise<BlogDto> {
    return this.blogs.update(caller, id, body);
  }

  /** The author, or a group admin (a site admin for news), deletes; its comments go with it. */
  @Delete('blogs/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  delete(@CurrentUser() caller: AuthUser, @Param('id', new IdPipe(BlogErrors.not_found)) id: string): Promise<void> {
    return this.blogs.delete(caller, id);
  }
}
