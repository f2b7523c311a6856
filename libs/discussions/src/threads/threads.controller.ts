import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiPayloadTooLargeResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { POSTING_LIMIT } from '../messages/posted-answer.js';
import { type AuthUser, CachePolicy, CurrentUser, IdPipe, PageQuery, Public, PublicCache } from '@kennisplein/core';
import { GroupErrors } from '@kennisplein/community';
import { ThreadErrors } from '../discussions.errors.js';
import { DiscussionsService } from '../discussions.service.js';
import { CreatedThreadDto, CreateThreadDto, ReadPositionDto, ThreadDto, ThreadPageDto } from './dto/thread.dto.js';
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
  @ApiTooManyRequestsResponse({ description: POSTING_LIMIT })
  start(@CurrentUser() caller: AuthUser, @Param('id', new IdPipe(GroupErrors.not_found)) groupId: string, @Body() body: CreateThreadDto): Promise<CreatedThreadDto> {
    return this.discussions.startThread(caller, groupId, body);
  }

  /** The group's threads, most recently active first; for a logged-in caller each with myLastReadSeq and unreadCount. */
  @Public()
  @PublicCache(CachePolicy.live)
  @Get('groups/:id/threads')
  list(@CurrentUser() caller: AuthUser | undefined, @Param('id', new IdPipe(GroupErrors.not_found)) groupId: string, @Query() query: PageQuery): Promise<ThreadPageDto> {
    return this.threads.listForGroup(caller, groupId, query);
  }

  /** A thread; for a logged-in caller with myLastReadSeq and unreadCount. */
  @Public()
  @PublicCache(CachePolicy.live)
  @Get('threads/:id')
  get(@CurrentUser() caller: AuthUser | undefined, @Param('id', new IdPipe(ThreadErrors.not_found)) id: string): Promise<ThreadDto> {
    return this.threads.get(caller, id);
  }

  /**
   * Marks the thread read up to seq, for whoever may see it (no need to be a member). It
   * never moves backwards: a lower seq than the stored one changes nothing; a seq above
   * the thread's lastSeq is taken as lastSeq. Posting a message moves its author's
   * position to it as well.
   */
  @Put('threads/:id/read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'stored (or the stored position was higher already)' })
  @ApiNotFoundResponse({ description: 'no thread the caller may see (thread.not_found)' })
  async markRead(@CurrentUser() caller: AuthUser, @Param('id', new IdPipe(ThreadErrors.not_found)) id: string, @Body() body: ReadPositionDto): Promise<void> {
    await this.threads.markRead(caller, id, body.seq);
  }
}
