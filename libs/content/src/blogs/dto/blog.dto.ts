import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { OptionalNotNull, PageQuery, trimmed } from '@kennisplein/core';

export const BLOG_STATUSES = ['draft', 'published'] as const;
export type BlogStatus = (typeof BLOG_STATUSES)[number];
export class CreateBlogDto {
  @Transform(trimmed)
  @IsString()
  @Length(1, 300)
  title!: string;

  /** markdown, kept as written; `html` is rendered and sanitized from it */
  @IsString()
  @Length(1, 100_000)
  body!: string;

  @IsIn(BLOG_STATUSES)
  status!: BlogStatus;
}

export class UpdateBlogDto {
  @OptionalNotNull()
  @Transform(trimmed)
  @IsString()
  @Length(1, 300)
  title?: string;

  @OptionalNotNull()
  @IsString()
  @Length(1, 100_000)
  body?: string;

  @OptionalNotNull()
  @IsIn(BLOG_STATUSES)
  status?: BlogStatus;
}

export class BlogAuthorDto {
  id!: string;
  displayName!: string;
}

export class BlogDto {
  id!: string;
  /** the group it is in; null for a deelsite's news */
  groupId!: string | null;
  /** slug of the deelsite whose news it is; null in a group */
  site!: string | null;
  title!: string;
  body!: string;
  /** rendered, sanitized HTML of body */
  html!: string;
  status!: BlogStatus;
  publishedAt!: Date | null;
  /** the live comments, once published */
  commentThreadId!: string | null;
  author!: BlogAuthorDto | null;
  createdAt!: Date;
  updatedAt!: Date;
}

export class BlogPageDto {
  items!: BlogDto[];
  nextCursor!: string | null;
}

export class ListBlogsQuery extends PageQuery {
  /** draft: only my drafts; published: only published; leave out for both (drafts are mine only) */
  @IsOptional()
  @IsIn(BLOG_STATUSES)
  status?: BlogStatus;
}
