import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { returnedRows, SqlParams } from '@kennisplein/core';
import type { BlogStatus } from './dto/blog.dto.js';

/** A blog post as stored: in a group, or the news of a deelsite (exactly one of the two). */
export interface BlogPost {
  id: string;
  groupId: string | null;
  siteId: string | null;
  authorId: string | null;
  title: string;
  body: string;
  html: string;
  status: BlogStatus;
  publishedAt: Date | null;
  commentThreadId: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** createdAt as text at full (microsecond) precision, for the cursor */
  createdKey: string;
}

export interface NewBlogPost {
  groupId: string | null;
  siteId: string | null;
  authorId: string;
  title: string;
  body: string;
  html: string;
  status: BlogStatus;
}

export type BlogChanges = Pick<BlogPost, 'title' | 'body' | 'html' | 'status'>;

/** Which posts of a place a listing shows: the published ones and the reader's own drafts, after the (createdAt, id) cursor. */
export interface BlogListingQuery {
  readerId: string | null;
  status: BlogStatus | undefined;
  after: (string | number)[] | null;
}

/** A post as the data export lists it (its author's own). */
export interface ExportedBlogPost {
  id: string;
  groupId: string | null;
  siteId: string | null;
  title: string;
  body: string;
  status: BlogStatus;
  publishedAt: Date | null;
  createdAt: Date;
}

interface BlogRow {
  id: string;
  group_id: string | null;
  site_id: string | null;
  author_id: string | null;
  title: string;
  body: string;
  html: string;
  status: BlogStatus;
  published_at: Date | null;
  comment_thread_id: string | null;
  created_at: Date;
  updated_at: Date;
  created_key: string;
}

const COLUMNS = `b.id, b.group_id, b.site_id, b.author_id,
  b.title, b.body, b.html, b.status, b.published_at, b.comment_thread_id, b.created_at, b.updated_at, b.created_at::text AS created_key`;

const toPost = (row: BlogRow): BlogPost => ({
  id: row.id,
  groupId: row.group_id,
  siteId: row.site_id,
  authorId: row.author_id,
  title: row.title,
  body: row.body,
  html: row.html,
  status: row.status,
  publishedAt: row.published_at,
  commentThreadId: row.comment_thread_id,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  createdKey: row.created_key,
});

/** The SQL of blog_posts. */
@Injectable()
export class BlogsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, post: NewBlogPost): Promise<BlogPost> {
    const [created] = await manager.query<BlogRow[]>(
      `INSERT INTO blog_posts AS b (group_id, site_id, author_id, title, body, html, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [post.groupId, post.siteId, post.authorId, post.title, post.body, post.html, post.status],
    );
    return toPost(created);
  }

  async update(manager: EntityManager, id: string, changes: BlogChanges): Promise<BlogPost> {
    const [updated] = returnedRows<BlogRow>(
      await manager.query(
        `UPDATE blog_posts b SET title = $2, body = $3, html = $4, status = $5, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, changes.title, changes.body, changes.html, changes.status],
      ),
    );
    return toPost(updated);
  }

  /** A published post gets its comment thread; its publication time is the first one's. */
  async markPublished(manager: EntityManager, id: string, commentThreadId: string): Promise<BlogPost> {
    const [published] = returnedRows<BlogRow>(
      await manager.query(
        `UPDATE blog_posts b SET comment_thread_id = $2, published_at = coalesce(published_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, commentThreadId],
      ),
    );
    return toPost(published);
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM blog_posts WHERE id = $1`, [id]);
  }

  async find(id: string): Promise<BlogPost | null> {
    const [row] = await this.dataSource.query<BlogRow[]>(`SELECT ${COLUMNS} FROM blog_posts b WHERE b.id = $1`, [id]);
    return row ? toPost(row) : null;
  }

  /** `limit` posts of a group or a deelsite, newest first. */
  async page(place: { groupId: string } | { siteId: string }, query: BlogListingQuery, limit: number): Promise<BlogPost[]> {
    const params = new SqlParams();
    const conditions = [
      'groupId' in place ? `b.group_id = ${params.add(place.groupId)}` : `b.site_id = ${params.add(place.siteId)}`,
      `(b.status = 'published' OR b.author_id = ${params.add(query.readerId)})`,
    ];
    if (query.status) conditions.push(`b.status = ${params.add(query.status)}`);
    if (query.after) {
      const [createdAt, id] = query.after;
      conditions.push(`(b.created_at, b.id) < (${params.add(createdAt)}::timestamptz, ${params.add(id)}::uuid)`);
    }
    const rows = await this.dataSource.query<BlogRow[]>(
      `SELECT ${COLUMNS} FROM blog_posts b WHERE ${conditions.join(' AND ')} ORDER BY b.created_at DESC, b.id DESC LIMIT ${limit}`,
      params.values,
    );
    return rows.map(toPost);
  }

  /** Every post a user wrote, as their data export lists it. */
  exportOf(authorId: string): Promise<ExportedBlogPost[]> {
    return this.dataSource.query<ExportedBlogPost[]>(
      `SELECT id, group_id AS "groupId", site_id AS "siteId", title, body, status, published_at AS "publishedAt", created_at AS "createdAt"
       FROM blog_posts WHERE author_id = $1 ORDER BY created_at`,
      [authorId],
    );
  }
}
