import { Transform } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min, MinLength } from 'class-validator';
import { MessageDto } from '../../messages/dto/message.dto.js';
import type { SubjectType, ThreadKind } from '../thread.js';
import { trimmed } from '@kennisplein/core';

export class CreateThreadDto {
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  title!: string;

  /** the first message, markdown, at most 10,000 characters */
  @IsString()
  @MinLength(1)
  body!: string;
}

export class ThreadSubjectDto {
  type!: SubjectType;
  id!: string;
}

export class ThreadDto {
  id!: string;
  /** the group it is in; null for comments on a deelsite's news */
  groupId!: string | null;
  /** the deelsite whose news it comments on; null in a group */
  siteId!: string | null;
  title!: string;
  kind!: ThreadKind;
  /** what the thread is about: a contribution (feedback) or a blog post (comments) */
  subject!: ThreadSubjectDto | null;
  /** seq of the newest message */
  lastSeq!: number;
  createdBy!: string | null;
  createdAt!: Date;
  /** when the newest message was posted */
  lastMessageAt!: Date;
  /**
   * The caller's read position: the highest seq they marked read (PUT /threads/:id/read),
   * 0 when they never did. Null when not logged in.
   */
  myLastReadSeq!: number | null;
  /**
   * Messages after myLastReadSeq that others wrote and that are not deleted (the caller's
   * own messages are never unread). A thread the caller never read counts all of them:
   * show it as new when myLastReadSeq is 0. Null when not logged in.
   */
  unreadCount!: number | null;
}

export class CreatedThreadDto extends ThreadDto {
  firstMessage!: MessageDto;
}

/** PUT /threads/:id/read */
export class ReadPositionDto {
  /**
   * The seq of the last message the reader saw. A lower seq than the stored one changes
   * nothing (a read position never moves backwards); one above the thread's lastSeq is
   * taken as lastSeq.
   */
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  seq!: number;
}

export class ThreadPageDto {
  items!: ThreadDto[];
  nextCursor!: string | null;
}
