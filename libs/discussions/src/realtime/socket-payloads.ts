import { stripProtoKeys } from '@nestjs/common/utils/strip-proto-keys.util.js';
import { plainToInstance } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, validateSync } from 'class-validator';
import { checkInput, SOCKET_INPUT_LIMITS, ValidationFailed } from '@kennisplein/core';
import { DiscussionErrors } from '../discussions.errors.js';
import { PostMessageDto } from '../messages/dto/message.dto.js';
import type { JoinThreadInput, SendMessageInput, ThreadInput } from './discussions.events.js';

export class ThreadPayload implements ThreadInput {
  @IsString()
  threadId!: string;
}

export class JoinThreadPayload extends ThreadPayload implements JoinThreadInput {
  /** the last seq this client saw: the ack holds every message after it */
  @IsOptional()
  @IsInt()
  @Min(0)
  // seq is an int4 column: a larger number is no seq (and PostgreSQL would refuse it).
  @Max(2_147_483_647)
  lastSeq?: number;
}

/** message:send: the body of POST /threads/:id/messages, with the thread. */
export class SendMessagePayload extends PostMessageDto implements SendMessageInput {
  @IsString()
  threadId!: string;
}

/**
 * A socket payload checked like an HTTP body: unknown fields and bad values are refused,
 * all named, with the same code (validation.failed) and messages as over HTTP.
 */
export function parsePayload<T extends object>(type: new () => T, payload: unknown): T {
  // An array or binary data is an object to typeof, but has no fields (class-validator would describe it as no field at all).
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || Buffer.isBuffer(payload)) throw DiscussionErrors.payload_not_object();
  // Bounded before class-transformer and class-validator, whose work grows with every key.
  checkInput(payload, SOCKET_INPUT_LIMITS);
  // As Nest's ValidationPipe does over HTTP: class-transformer fails on a nested `constructor` key that is no function.
  stripProtoKeys(payload);
  const instance = plainToInstance(type, payload);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw ValidationFailed.of(errors);
  return instance;
}
