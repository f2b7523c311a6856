import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { MessageDto } from './dto/message.dto.js';
import type { Posted } from './messages.service.js';

/** The answers of a route that posts a message with an optional clientId (idempotent posting), in OpenAPI. */
export const ApiPostedMessage = (what: string) =>
  applyDecorators(
    ApiCreatedResponse({ type: MessageDto, description: what }),
    ApiOkResponse({ type: MessageDto, description: 'this author posted this clientId already: the original message' }),
    ApiConflictResponse({ description: 'this clientId was used for a message in another thread (message.client_id_reused)' }),
    ApiTooManyRequestsResponse({ description: POSTING_LIMIT }),
  );

/** The per-user posting limit in OpenAPI (PostingLimit). */
export const POSTING_LIMIT = 'past POSTS_PER_USER_LIMIT posts per POSTS_PER_USER_WINDOW_SECONDS of this user, counted over HTTP and every socket together (common.too_many_posts); see Retry-After';

/** 201 for a new message, 200 for a repeat of its clientId; answers the message. */
export function answerPosted(response: Response, posted: Posted<MessageDto>): MessageDto {
  response.status(posted.created ? HttpStatus.CREATED : HttpStatus.OK);
  return posted.message;
}
