import { Transform } from 'class-transformer';
import { IsString, Length, MinLength } from 'class-validator';
import { MessageDto } from '../../messages/dto/message.dto.js';
import type { SubjectType, ThreadKind } from '../thread.entity.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateThreadDto {
  @Transform(trim)
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
  lastMessageAt!: Date;
}

export class CreatedThreadDto extends ThreadDto {
  firstMessage!: MessageDto;
}

export class ThreadPageDto {
  items!: ThreadDto[];
  nextCursor!: string | null;
}
