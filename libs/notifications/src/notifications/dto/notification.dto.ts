import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { ApiActivityVerbProperty, PageQuery } from '@kennisplein/core';

export class ActivityActorDto {
  id!: string;
  displayName!: string;
}

export class ActivityDto {
  // Decorated as verb is, so that the document keeps the fields in their order.
  @ApiProperty()
  id!: string;
  // Described from the verbs every lib declared, so a new verb reaches the OpenAPI document by itself.
  @ApiActivityVerbProperty()
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
