import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, PageQuery, Public } from '@kennisplein/core';
import { DiscussionsService } from '../discussions.service.js';
import { CreatedThreadDto, CreateThreadDto, ThreadDto, ThreadPageDto } from './dto/thread.dto.js';
import { ThreadsService } from './threads.service.js';

@ApiTags('discussions')
@Controller()
export class ThreadsController {
  constructor(
    private readonly discussions: DiscussionsService,
    private readonly threads: ThreadsService,
  ) {}

  /** Starts a discussion with its first message (members of the group). */
  @Post('groups/:id/threads')
  @ApiForbiddenResponse({ description: 'not a member of the group' })
  @ApiPayloadTooLargeResponse({ description: 'body over 10,000 characters' })
  start(@CurrentUser() caller: AuthUser, @Param('id') groupId: string, @Body() body: CreateThreadDto): Promise<CreatedThreadDto> {
    return this.discussions.startThread(caller, groupId, body);
  }

  /** The group's threads, most recently active first. */
  @Public()
  @Get('groups/:id/threads')
  list(@CurrentUser() caller: AuthUser | undefined, @Param('id') groupId: string, @Query() query: PageQuery): Promise<ThreadPageDto> {
    return this.threads.listForGroup(caller, groupId, query);
  }

  @Public()
  @Get('threads/:id')
  get(@CurrentUser() caller: AuthUser | undefined, @Param('id') id: string): Promise<ThreadDto> {
    return this.threads.get(caller, id);
  }
}
