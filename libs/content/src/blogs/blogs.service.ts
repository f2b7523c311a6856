import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ActivityLog,
  ActivityVerb,
  type AuthUser,
  decodeCursor,
  notFoundAs,
  type Page,
  pageSize,
  renderMarkdown,
  returnedRows,
  SqlParams,
  toPage,
} from '@kennisplein/core';
import { AccessPolicy, GroupAction, SiteAction } from '@kennisplein/community';
import { DiscussionsService } from '@kennisplein/discussions';
import { UsersService } from '@kennisplein/identity';
import { BlogErrors } from '../content.errors.js';
import type { BlogDto, BlogStatus, CreateBlogDto, ListBlogsQuery, UpdateBlogDto } from './dto/blog.dto.js';

interface BlogRow {
  id: string;
  group_id: string | null;
  site_id: string | null;
  site_slug: string | null;
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

/** Where a post lives: a group, or a deelsite (its news). */
type Place = { groupId: string; siteId: null } | { groupId: null; siteId: string };

const COLUMNS = `b.id, b.group_id, b.site_id, (SELECT slug FROM deelsites s WHERE s.id = b.site_id) AS site_slug, b.author_id,
  b.title, b.body, b.html, b.status, b.published_at, b.comment_thread_id, b.created_at, b.updated_at, b.created_at::text AS created_key`;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

/** Blog posts in groups, and the news of deelsites. Drafts are their author's alone; a published post gets live comments. */
@Injectable()
export class BlogsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: AccessPolicy,
    private readonly discussions: DiscussionsService,
    private readonly users: UsersService,
    private readonly activity: ActivityLog,
  ) {}

  /** POST /groups/:id/blogs: members write. */
  async createInGroup(caller: AuthUser, groupId: string, input: CreateBlogDto): Promise<BlogDto> {
    await this.policy.assertGroup(caller, GroupAction.Participate, groupId);
    return this.create(caller, { groupId, siteId: null }, input);
  }

  /** POST /sites/:slug/blogs: the deelsite's admins write its news. */
  async createInSite(caller: AuthUser, slug: string, input: CreateBlogDto): Promise<BlogDto> {
    const site = await this.policy.assertSite(caller, SiteAction.Manage, slug);
    return this.create(caller, { groupId: null, siteId: site.id }, input);
  }

  async listForGroup(caller: AuthUser | undefined, groupId: string, query: ListBlogsQuery): Promise<Page<BlogDto>> {
    await this.policy.assertGroup(caller, GroupAction.View, groupId);
    return this.list(caller, 'b.group_id', groupId, query);
  }

  async listForSite(caller: AuthUser | undefined, slug: string, query: ListBlogsQuery): Promise<Page<BlogDto>> {
    const site = await this.policy.assertSite(caller, SiteAction.View, slug);
    return this.list(caller, 'b.site_id', site.id, query);
  }

  async get(caller: AuthUser | undefined, id: string): Promise<BlogDto> {
    return (await this.toDtos([await this.findVisible(caller, id)]))[0];
  }

  /** PATCH /blogs/:id: the author edits; publishing a draft opens its comments. */
  async update(caller: AuthUser, id: string, changes: UpdateBlogDto): Promise<BlogDto> {
    const current = await this.findVisible(caller, id);
    if (current.author_id !== caller.id) throw BlogErrors.author_only();
    // The author must still be allowed to write there: a member who left, or a demoted site admin, is not.
    await this.assertPlace(caller, current.group_id ? GroupAction.Participate : GroupAction.Moderate, current);
    if (current.status === 'published' && changes.status === 'draft') throw BlogErrors.cannot_unpublish();
    const row = await this.dataSource.transaction(async (manager) => {
      const body = changes.body ?? current.body;
      const [updated] = returnedRows<BlogRow>(
        await manager.query(
          `UPDATE blog_posts b SET title = $2, body = $3, html = $4, status = $5, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
          [id, changes.title ?? current.title, body, renderMarkdown(body), changes.status ?? current.status],
        ),
      );
      return updated.status === 'published' && !updated.comment_thread_id ? this.publish(updated, manager) : updated;
    });
    return (await this.toDtos([row]))[0];
  }

  /** DELETE /blogs/:id: the author, or whoever moderates the group (a deelsite's admins for its news). */
  async delete(caller: AuthUser, id: string): Promise<void> {
    const current = await this.findVisible(caller, id);
    if (current.author_id !== caller.id) await this.assertPlace(caller, GroupAction.Moderate, current);
    await this.dataSource.transaction(async (manager) => {
      await this.discussions.removeSubjectThread('blog_post', id, manager);
      await manager.query(`DELETE FROM blog_posts WHERE id = $1`, [id]);
    });
  }

  private async create(caller: AuthUser, place: Place, input: CreateBlogDto): Promise<BlogDto> {
    const row = await this.dataSource.transaction(async (manager) => {
      const [created] = await manager.query<BlogRow[]>(
        `INSERT INTO blog_posts AS b (group_id, site_id, author_id, title, body, html, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [place.groupId, place.siteId, caller.id, input.title, input.body, renderMarkdown(input.body), input.status],
      );
      return created.status === 'published' ? this.publish(created, manager) : created;
    });
    return (await this.toDtos([row]))[0];
  }

  /** A post goes public: its comment thread, its publication time and an activity, in the caller's transaction. */
  private async publish(row: BlogRow, manager: EntityManager): Promise<BlogRow> {
    const thread = await this.discussions.openSubjectThread(
      {
        groupId: row.group_id,
        siteId: row.site_id,
        title: clip(`Reacties: ${row.title}`, 200),
        kind: 'comments',
        subject: { type: 'blog_post', id: row.id },
        createdBy: row.author_id,
      },
      manager,
    );
    const [published] = returnedRows<BlogRow>(
      await manager.query(
        `UPDATE blog_posts b SET comment_thread_id = $2, published_at = coalesce(published_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
        [row.id, thread.id],
      ),
    );
    await this.activity.record(
      {
        verb: ActivityVerb.BlogPublished,
        actorId: row.author_id,
        groupId: row.group_id,
        siteId: row.site_id,
        objectType: 'blog_post',
        objectId: row.id,
        snapshot: { title: row.title, link: `/blogs/${row.id}`, excerpt: clip(row.body, 200) },
      },
      manager,
    );
    return published;
  }

  /** Newest first; published posts, and the caller's own drafts. */
  private async list(caller: AuthUser | undefined, column: 'b.group_id' | 'b.site_id', placeId: string, query: ListBlogsQuery) {
    const limit = pageSize(query);
    const params = new SqlParams();
    const conditions = [`${column} = ${params.add(placeId)}`, `(b.status = 'published' OR b.author_id = ${params.add(caller?.id ?? null)})`];
    if (query.status) conditions.push(`b.status = ${params.add(query.status)}`);
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, ['timestamp', 'uuid']);
      conditions.push(`(b.created_at, b.id) < (${params.add(createdAt)}::timestamptz, ${params.add(id)}::uuid)`);
    }
    const rows = await this.dataSource.query<BlogRow[]>(
      `SELECT ${COLUMNS} FROM blog_posts b WHERE ${conditions.join(' AND ')} ORDER BY b.created_at DESC, b.id DESC LIMIT ${limit + 1}`,
      params.values,
    );
    const items = await this.toDtos(rows.slice(0, limit));
    return { ...toPage(rows, limit, (row) => [row.created_key, row.id], (row) => row.id), items };
  }

  /** A post the caller may see: its place is visible to them, and a draft only to its author. Else 404. */
  private async findVisible(caller: AuthUser | undefined, id: string): Promise<BlogRow> {
    const rows = await this.dataSource.query<BlogRow[]>(`SELECT ${COLUMNS} FROM blog_posts b WHERE b.id = $1`, [id]);
    const row = rows[0];
    if (!row || (row.status === 'draft' && row.author_id !== caller?.id)) throw BlogErrors.not_found();
    await notFoundAs(this.assertPlace(caller, GroupAction.View, row), BlogErrors.not_found);
    return row;
  }

  private async assertPlace(caller: AuthUser | undefined, action: GroupAction, row: BlogRow): Promise<void> {
    if (row.group_id) await this.policy.assertGroup(caller, action, row.group_id);
    else await this.policy.assertSiteScope(caller, action, row.site_id ?? '');
  }

  private async toDtos(rows: BlogRow[]): Promise<BlogDto[]> {
    const authors = await this.users.findPublicByIds(rows.flatMap((row) => (row.author_id ? [row.author_id] : [])));
    return rows.map((row) => {
      const author = row.author_id ? authors.get(row.author_id) : undefined;
      return {
        id: row.id,
        groupId: row.group_id,
        site: row.site_slug,
        title: row.title,
        body: row.body,
        html: row.html,
        status: row.status,
        publishedAt: row.published_at,
        commentThreadId: row.comment_thread_id,
        author: author ? { id: author.id, displayName: author.displayName } : null,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      };
    });
  }
}
