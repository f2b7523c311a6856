import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Min, MinLength } from 'class-validator';
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
}

export class MessagePageDto {
  items!: MessageDto[];
  nextCursor!: string | null;
}
