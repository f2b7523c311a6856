import { plainToInstance } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min, validateSync } from 'class-validator';
import { ErrorCode, legacyError } from '@kennisplein/core';
import { PostMessageDto } from '../messages/dto/message.dto.js';

export class ThreadPayload {
  @IsString()
  threadId!: string;
}

export class JoinThreadPayload extends ThreadPayload {
  /** the last seq this client saw: the ack holds every message after it */
  @IsOptional()
  @IsInt()
  @Min(0)
  lastSeq?: number;
}

/** message:send: the body of POST /threads/:id/messages, with the thread. */
export class SendMessagePayload extends PostMessageDto {
  @IsString()
  threadId!: string;
}

/** A socket payload checked like an HTTP body: unknown fields and bad values are refused, all named. */
export function parsePayload<T extends object>(type: new () => T, payload: unknown): T {
  if (typeof payload !== 'object' || payload === null) throw legacyError(ErrorCode.Invalid, 'payload must be an object');
  const instance = plainToInstance(type, payload);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    throw legacyError(ErrorCode.Invalid, errors.flatMap((error) => Object.values(error.constraints ?? {})).join('; '));
  }
  return instance;
}
