import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type AuthUser,
  decodeCursor,
  isUuid,
  notFoundAs,
  type Page,
  type PageQuery,
  pageSize,
  toPage,
} from '@kennisplein/core';
import { AccessPolicy, type GroupAction, GroupAction as Action, type GroupContext } from '@kennisplein/community';
import { ThreadErrors } from '../discussions.errors.js';
import { type ReadFacts, ReadPositionsRepository } from '../reads/read-positions.repository.js';
import type { ThreadDto } from './dto/thread.dto.js';
import type { NewThread, SubjectType, Thread } from './thread.js';
import { ThreadsRepository } from './threads.repository.js';

const GROUP_CACHE_SIZE = 50_000;

/** Where a thread lives: a group, or a deelsite (comments on its news). */
type Scope = { group: string } | { site: string };

/** Threads, and the rule that a thread is as visible as its group (or deelsite). */
@Injectable()
export class ThreadsService {
  /** thread → its group or deelsite; threads never move. */
  private readonly scopeOfThread = new Map<string, Scope>();

  constructor(
    private readonly threads: ThreadsRepository,
    private readonly policy: AccessPolicy,
    private readonly reads: ReadPositionsRepository,
  ) {}

  async create(thread: NewThread, manager: EntityManager): Promise<ThreadDto> {
    return toThreadDto(await this.threads.insert(manager, thread));
  }

  createMany(threads: NewThread[], manager: EntityManager): Promise<string[]> {
    return this.threads.insertMany(manager, threads);
  }

  /** A thread, with the caller's read position and unread count when logged in. */
  async get(caller: AuthUser | undefined, threadId: string): Promise<ThreadDto> {
    const { thread } = await this.assertAccess(caller, threadId, Action.View);
    const reads = caller ? (await this.reads.factsFor(caller.id, [thread.id])).get(thread.id) : undefined;
    return toThreadDto(thread, reads);
  }

  /** PUT /threads/:id/read: whoever may see the thread keeps a read position in it. */
  async markRead(caller: AuthUser, threadId: string, seq: number): Promise<void> {
    await this.assertAccess(caller, threadId, Action.View);
    await this.reads.markRead(caller.id, threadId, seq);
  }

  /** The threads of a group, most recently active first; the caller's read facts for the whole page in one more query. */
  async listForGroup(caller: AuthUser | undefined, groupId: string, query: PageQuery): Promise<Page<ThreadDto>> {
    await this.policy.assertGroup(caller, Action.View, groupId);
    const limit = pageSize(query);
    const after = query.cursor ? decodeCursor(query.cursor, ['timestamp', 'uuid']) : null;
    const threads = await this.threads.mostActiveInGroup(groupId, after ? { lastMessageAt: String(after[0]), id: String(after[1]) } : null, limit + 1);
    const reads = caller ? await this.reads.factsFor(caller.id, threads.slice(0, limit).map((thread) => thread.id)) : undefined;
    return toPage(threads, limit, (thread) => [thread.activityKey, thread.id], (thread) => toThreadDto(thread, reads?.get(thread.id)));
  }

  /** A thread and its group's context, if the caller may do this; 404 when they may not see it. */
  async assertAccess(caller: AuthUser | undefined, threadId: string, action: GroupAction): Promise<{ thread: Thread; group: GroupContext }> {
    const thread = isUuid(threadId) ? await this.threads.findById(threadId) : null;
    if (!thread) throw ThreadErrors.not_found();
    const group = await notFoundAs(this.assertScope(caller, action, scopeOf(thread)), ThreadErrors.not_found);
    return { thread, group };
  }

  /**
   * The same decision as assertAccess, with the thread's group from memory: a thread
   * never moves to another group, so only the access query (always fresh) remains.
   */
  async assertAccessFast(caller: AuthUser | undefined, threadId: string, action: GroupAction): Promise<GroupContext> {
    const scope = this.scopeOfThread.get(threadId);
    if (!scope) {
      const { thread, group } = await this.assertAccess(caller, threadId, action);
      if (this.scopeOfThread.size >= GROUP_CACHE_SIZE) this.scopeOfThread.clear();
      this.scopeOfThread.set(threadId, scopeOf(thread));
      return group;
    }
    return notFoundAs(this.assertScope(caller, action, scope), ThreadErrors.not_found);
  }

  /** Removes the thread about a subject with its messages (a deleted blog post's comments), in the caller's transaction. */
  removeBySubject(type: SubjectType, id: string, manager: EntityManager): Promise<void> {
    return this.threads.deleteBySubject(manager, type, id);
  }

  private assertScope(caller: AuthUser | undefined, action: GroupAction, scope: Scope): Promise<GroupContext> {
    return 'group' in scope ? this.policy.assertGroup(caller, action, scope.group) : this.policy.assertSiteScope(caller, action, scope.site);
  }

  lastSeqOf(threadId: string): Promise<number> {
    return this.threads.lastSeqOf(threadId);
  }

  /** Last seqs of several threads in one query (the gateway's reconcile loop). */
  lastSeqsOf(threadIds: string[]): Promise<{ id: string; lastSeq: number }[]> {
    return this.threads.lastSeqsOf(threadIds);
  }
}

function scopeOf(thread: Thread): Scope {
  return thread.groupId ? { group: thread.groupId } : { site: thread.siteId ?? '' };
}

/**
 * A thread as clients see it. `reads` are the caller's read facts; without them (not
 * logged in, or a thread made for another lib) myLastReadSeq and unreadCount are null.
 */
function toThreadDto(thread: Thread, reads?: ReadFacts): ThreadDto {
  return {
    id: thread.id,
    groupId: thread.groupId,
    siteId: thread.siteId,
    title: thread.title,
    kind: thread.kind,
    subject: thread.subject,
    lastSeq: thread.lastSeq,
    createdBy: thread.createdBy,
    createdAt: thread.createdAt,
    lastMessageAt: thread.lastMessageAt,
    myLastReadSeq: reads?.lastReadSeq ?? null,
    unreadCount: reads?.unreadCount ?? null,
  };
}
