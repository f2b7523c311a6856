import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ActivityLog,
  ActivityVerb,
  type AuthUser,
  clip,
  decodeCursor,
  notFoundAs,
  type Page,
  pageSize,
  renderMarkdown,
  toPage,
} from '@kennisplein/core';
import { AccessPolicy, GroupAction, type GroupContext, SiteAction } from '@kennisplein/community';
import { DiscussionsService } from '@kennisplein/discussions';
import { UsersService } from '@kennisplein/identity';
import { BlogErrors } from '../content.errors.js';
import { type BlogPost, BlogsRepository } from './blogs.repository.js';
import type { BlogDto, CreateBlogDto, ListBlogsQuery, UpdateBlogDto } from './dto/blog.dto.js';

/** Where a post lives: a group, or a deelsite (its news; its slug is what clients see). */
type Place = { groupId: string; site: null } | { groupId: null; site: { id: string; slug: string } };

/** Blog posts in groups, and the news of deelsites. Drafts are their author's alone; a published post gets live comments. */
@Injectable()
export class BlogsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly posts: BlogsRepository,
    private readonly policy: AccessPolicy,
    private readonly discussions: DiscussionsService,
    private readonly users: UsersService,
    private readonly activity: ActivityLog,
  ) {}

  /** POST /groups/:id/blogs: members write. */
  async createInGroup(caller: AuthUser, groupId: string, input: CreateBlogDto): Promise<BlogDto> {
    await this.policy.assertGroup(caller, GroupAction.Participate, groupId);
    return this.create(caller, { groupId, site: null }, input);
  }

  /** POST /sites/:slug/blogs: the deelsite's admins write its news. */
  async createInSite(caller: AuthUser, slug: string, input: CreateBlogDto): Promise<BlogDto> {
    const site = await this.policy.assertSite(caller, SiteAction.Manage, slug);
    return this.create(caller, { groupId: null, site: { id: site.id, slug: site.slug } }, input);
  }

  async listForGroup(caller: AuthUser | undefined, groupId: string, query: ListBlogsQuery): Promise<Page<BlogDto>> {
    await this.policy.assertGroup(caller, GroupAction.View, groupId);
    return this.list(caller, { groupId, site: null }, query);
  }

  async listForSite(caller: AuthUser | undefined, slug: string, query: ListBlogsQuery): Promise<Page<BlogDto>> {
    const site = await this.policy.assertSite(caller, SiteAction.View, slug);
    return this.list(caller, { groupId: null, site: { id: site.id, slug: site.slug } }, query);
  }

  async get(caller: AuthUser | undefined, id: string): Promise<BlogDto> {
    const { post, place } = await this.findVisible(caller, id);
    return (await this.toDtos([post], place))[0];
  }

  /** PATCH /blogs/:id: the author edits; publishing a draft opens its comments. */
  async update(caller: AuthUser, id: string, changes: UpdateBlogDto): Promise<BlogDto> {
    const { post: current, place } = await this.findVisible(caller, id);
    if (current.authorId !== caller.id) throw BlogErrors.author_only();
    // The author must still be allowed to write there: a member who left, or a demoted site admin, is not.
    await this.assertPlace(caller, current.groupId ? GroupAction.Participate : GroupAction.Moderate, current);
    if (current.status === 'published' && changes.status === 'draft') throw BlogErrors.cannot_unpublish();
    const post = await this.dataSource.transaction(async (manager) => {
      const body = changes.body ?? current.body;
      const updated = await this.posts.update(manager, id, {
        title: changes.title ?? current.title,
        body,
        html: renderMarkdown(body),
        status: changes.status ?? current.status,
      });
      return updated.status === 'published' && !updated.commentThreadId ? this.publish(updated, manager) : updated;
    });
    return (await this.toDtos([post], place))[0];
  }

  /** DELETE /blogs/:id: the author, or whoever moderates the group (a deelsite's admins for its news). */
  async delete(caller: AuthUser, id: string): Promise<void> {
    const { post: current } = await this.findVisible(caller, id);
    if (current.authorId !== caller.id) await this.assertPlace(caller, GroupAction.Moderate, current);
    await this.dataSource.transaction(async (manager) => {
      await this.discussions.removeSubjectThread('blog_post', id, manager);
      await this.posts.delete(manager, id);
    });
  }

  private async create(caller: AuthUser, place: Place, input: CreateBlogDto): Promise<BlogDto> {
    const post = await this.dataSource.transaction(async (manager) => {
      const created = await this.posts.insert(manager, {
        groupId: place.groupId,
        siteId: place.site?.id ?? null,
        authorId: caller.id,
        title: input.title,
        body: input.body,
        html: renderMarkdown(input.body),
        status: input.status,
      });
      return created.status === 'published' ? this.publish(created, manager) : created;
    });
    return (await this.toDtos([post], place))[0];
  }

  /** A post goes public: its comment thread, its publication time and an activity, in the caller's transaction. */
  private async publish(post: BlogPost, manager: EntityManager): Promise<BlogPost> {
    const thread = await this.discussions.openSubjectThread(
      {
        groupId: post.groupId,
        siteId: post.siteId,
        title: clip(`Reacties: ${post.title}`, 200),
        kind: 'comments',
        subject: { type: 'blog_post', id: post.id },
        createdBy: post.authorId,
      },
      manager,
    );
    const published = await this.posts.markPublished(manager, post.id, thread.id);
    await this.activity.record(
      {
        verb: ActivityVerb.BlogPublished,
        actorId: post.authorId,
        groupId: post.groupId,
        siteId: post.siteId,
        objectType: 'blog_post',
        objectId: post.id,
        snapshot: { title: post.title, link: `/blogs/${post.id}`, excerpt: clip(post.body, 200) },
      },
      manager,
    );
    return published;
  }

  /** Newest first; published posts, and the caller's own drafts. */
  private async list(caller: AuthUser | undefined, place: Place, query: ListBlogsQuery): Promise<Page<BlogDto>> {
    const limit = pageSize(query);
    const posts = await this.posts.page(
      place.site ? { siteId: place.site.id } : { groupId: place.groupId },
      {
        readerId: caller?.id ?? null,
        status: query.status,
        after: query.cursor ? decodeCursor(query.cursor, ['timestamp', 'uuid']) : null,
      },
      limit + 1,
    );
    const items = await this.toDtos(posts.slice(0, limit), place);
    return { ...toPage(posts, limit, (post) => [post.createdKey, post.id], (post) => post.id), items };
  }

  /** A post the caller may see, and its place: that is visible to them, and a draft only to its author. Else 404. */
  private async findVisible(caller: AuthUser | undefined, id: string): Promise<{ post: BlogPost; place: Place }> {
    const post = await this.posts.find(id);
    if (!post || (post.status === 'draft' && post.authorId !== caller?.id)) throw BlogErrors.not_found();
    const scope = await notFoundAs(this.assertPlace(caller, GroupAction.View, post), BlogErrors.not_found);
    return { post, place: placeOf(post, scope) };
  }

  private assertPlace(caller: AuthUser | undefined, action: GroupAction, post: BlogPost): Promise<GroupContext> {
    return post.groupId ? this.policy.assertGroup(caller, action, post.groupId) : this.policy.assertSiteScope(caller, action, post.siteId ?? '');
  }

  private async toDtos(posts: BlogPost[], place: Place): Promise<BlogDto[]> {
    const authors = await this.users.findPublicByIds(posts.flatMap((post) => (post.authorId ? [post.authorId] : [])));
    return posts.map((post) => {
      const author = post.authorId ? authors.get(post.authorId) : undefined;
      return {
        id: post.id,
        groupId: post.groupId,
        site: place.site?.slug ?? null,
        title: post.title,
        body: post.body,
        html: post.html,
        status: post.status,
        publishedAt: post.publishedAt,
        commentThreadId: post.commentThreadId,
        author: author ? { id: author.id, displayName: author.displayName } : null,
        createdAt: post.createdAt,
        updatedAt: post.updatedAt,
      };
    });
  }
}

/** A post's place as the access policy loaded it: a deelsite's news carries the site's slug. */
function placeOf(post: BlogPost, scope: GroupContext): Place {
  if (post.groupId) return { groupId: post.groupId, site: null };
  if (!scope.site) throw new Error(`the deelsite of blog post ${post.id} was not loaded`);
  return { groupId: null, site: { id: scope.site.id, slug: scope.site.slug } };
}
