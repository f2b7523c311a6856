import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNoContentResponse, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type AuthUser, CachePolicy, CurrentUser, IdPipe, Public, PublicCache } from '@kennisplein/core';
import { MessageErrors, ThreadErrors } from '../discussions.errors.js';
import { EditMessageDto, ListMessagesQuery, MessageDto, MessagePageDto, PostMessageDto } from './dto/message.dto.js';
import { MessagesService } from './messages.service.js';
import { answerPosted, ApiPostedMessage } from './posted-answer.js';

@ApiTags('discussions')
@Controller()
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  /** Messages in seq order, after ?afterSeq= (or ?cursor=). */
  @Public()
  @PublicCache(CachePolicy.live)
  @Get('threads/:id/messages')
  list(@CurrentUser() caller: AuthUser | undefined, @Param('id', new IdPipe(ThreadErrors.not_found)) threadId: string, @Query() query: ListMessagesQuery): Promise<MessagePageDto> {
    return this.messages.list(caller, threadId, query);
  }

  /**
   * Posts a message (members of the group); every client in the thread receives it. With a
   * clientId the post is idempotent: sent again (a retry), it answers the original message
   * with 200 and posts nothing.
   */
  @Post('threads/:id/messages')
  @ApiPostedMessage('posted')
  @ApiForbiddenResponse({ description: 'not a member of the group' })
  @ApiPayloadTooLargeResponse({ description: 'body over 10,000 characters' })
  async post(
    @CurrentUser() caller: AuthUser,
    @Param('id', new IdPipe(ThreadErrors.not_found)) threadId: string,
    @Body() body: PostMessageDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MessageDto> {
    return answerPosted(response, await this.messages.post(caller, threadId, body));
  }

  /** The author edits. */
  @Patch('messages/:id')
  edit(@CurrentUser() caller: AuthUser, @Param('id', new IdPipe(MessageErrors.not_found)) id: string, @Body() body: EditMessageDto): Promise<MessageDto> {
    return this.messages.edit(caller, id, body.body);
  }

  /** The author, or a group owner/admin, deletes; the message keeps its place (seq). */
  @Delete('messages/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'deleted' })
  async delete(@CurrentUser() caller: AuthUser, @Param('id', new IdPipe(MessageErrors.not_found)) id: string): Promise<void> {
    await this.messages.delete(caller, id);
  }
}
