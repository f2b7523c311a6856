import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '@kennisplein/core';

export class ActivityActorDto {
  id!: string;
  displayName!: string;
}

export class ActivityDto {
  id!: string;
  /** message.posted, feedback.given, blog.published, file.uploaded, member.joined, membership.requested, member.invited, contribution.added */
  verb!: string;
  actor!: ActivityActorDto | null;
  groupId!: string | null;
  siteId!: string | null;
  objectType!: string;
  objectId!: string;
  /** title, link (a path of the web client) and an excerpt */
  snapshot!: Record<string, string | undefined>;
  occurredAt!: Date;
}

export class NotificationDto {
  id!: string;
  activity!: ActivityDto;
  readAt!: Date | null;
  createdAt!: Date;
}

export class NotificationPageDto {
  items!: NotificationDto[];
  nextCursor!: string | null;
}

export class UnreadCountDto {
  /** my unread notifications */
  count!: number;
}

export class ListNotificationsQuery extends PageQuery {
  /** true: only the unread ones */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class MarkReadDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  ids!: string[];
}
