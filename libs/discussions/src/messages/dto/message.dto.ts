import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, Min, MinLength } from 'class-validator';
import { PageQuery } from '@kennisplein/core';

/** The longest body a message may have, in characters (longer: 413). */
export const MAX_MESSAGE_LENGTH = 10_000;

const trimEnd = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trimEnd() : value);

export class PostMessageDto {
  /** markdown, at most 10,000 characters (longer: 413) */
  @Transform(trimEnd)
  @IsString()
  @MinLength(1)
  body!: string;

  /** the message this one answers */
  @IsOptional()
  @IsUUID()
  parentId?: string;

  /**
   * An id the client makes for this message (a UUID) and sends again on every retry: the
   * same author and clientId give the original message (HTTP 200 instead of 201) and
   * never a second one.
   */
  @IsOptional()
  @IsUUID()
  clientId?: string;
}

export class EditMessageDto {
  @Transform(trimEnd)
  @IsString()
  @MinLength(1)
  body!: string;
}

export class ListMessagesQuery extends PageQuery {
  /** messages after this seq (0: from the start) */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  // seq is an int4 column: a larger number is no seq (and PostgreSQL would refuse it).
  @Max(2_147_483_647)
  afterSeq?: number;
}

export class MessageAuthorDto {
  id!: string | null;
  displayName!: string;
  /** the account was deleted; the message stays */
  deleted!: boolean;
}

export class MessageDto {
  id!: string;
  threadId!: string;
  /** 1, 2, 3 … within the thread, without gaps */
  seq!: number;
  parentId!: string | null;
  author!: MessageAuthorDto;
  /** markdown as written; empty once deleted */
  body!: string;
  /** rendered and sanitized; empty once deleted */
  html!: string;
  createdAt!: Date;
  editedAt!: Date | null;
  deletedAt!: Date | null;
  /**
   * The clientId its author's client sent with it (null without one), so the sending tab
   * matches its optimistic message to it. A random id of that client; it means nothing
   * to others, and no one else can post with it (it is unique per author).
   */
  clientId!: string | null;
}

export class MessagePageDto {
  items!: MessageDto[];
  nextCursor!: string | null;
}
