import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
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
import { type ReadFacts, ReadPositions } from '../reads/read-positions.js';
import type { ThreadDto } from './dto/thread.dto.js';
import type { SubjectType, ThreadKind } from './thread.entity.js';

interface ThreadRow {
  id: string;
  group_id: string | null;
  site_id: string | null;
  title: string;
  kind: ThreadKind;
  subject_type: SubjectType | null;
  subject_id: string | null;
  created_by: string | null;
  last_seq: number;
  created_at: Date;
  last_message_at: Date;
  activity_key?: string;
}

export interface NewThread {
  /** The group it is in; or siteId, for the comments on a deelsite's own news. */
  groupId: string | null;
  siteId?: string | null;
  title: string;
  kind: ThreadKind;
  subject?: { type: SubjectType; id: string };
  createdBy: string | null;
}

const THREAD_COLUMNS = 'id, group_id, site_id, title, kind, subject_type, subject_id, created_by, last_seq, created_at, last_message_at';

const GROUP_CACHE_SIZE = 50_000;

/** Where a thread lives: a group, or a deelsite (comments on its news). */
type Scope = { group: string } | { site: string };

/** Threads, and the rule that a thread is as visible as its group (or deelsite). */
@Injectable()
export class ThreadsService {
  /** thread → its group or deelsite; threads never move. */
  private readonly scopeOfThread = new Map<string, Scope>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: AccessPolicy,
    private readonly reads: ReadPositions,
  ) {}

  async create(thread: NewThread, manager: EntityManager): Promise<ThreadDto> {
    const [row] = await manager.query<ThreadRow[]>(
      `INSERT INTO threads (group_id, site_id, title, kind, subject_type, subject_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${THREAD_COLUMNS}`,
      [thread.groupId, thread.siteId ?? null, thread.title, thread.kind, thread.subject?.type ?? null, thread.subject?.id ?? null, thread.createdBy],
    );
    return toThreadDto(row);
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
    // activity_key: last_message_at as text at full precision, for the cursor.
    const rows = await this.dataSource.query<ThreadRow[]>(
      `SELECT ${THREAD_COLUMNS}, last_message_at::text AS activity_key FROM threads
        WHERE group_id = $1 AND ($2::timestamptz IS NULL OR (last_message_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY last_message_at DESC, id DESC LIMIT $4`,
      [groupId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    const reads = caller ? await this.reads.factsFor(caller.id, rows.slice(0, limit).map((row) => row.id)) : undefined;
    return toPage(rows, limit, (row) => [row.activity_key ?? '', row.id], (row) => toThreadDto(row, reads?.get(row.id)));
  }

  /** A thread and its group's context, if the caller may do this; 404 when they may not see it. */
  async assertAccess(
    caller: AuthUser | undefined,
    threadId: string,
    action: GroupAction,
  ): Promise<{ thread: ThreadRow; group: GroupContext }> {
    const rows = isUuid(threadId)
      ? await this.dataSource.query<ThreadRow[]>(`SELECT ${THREAD_COLUMNS} FROM threads WHERE id = $1`, [threadId])
      : [];
    if (rows.length === 0) throw ThreadErrors.not_found();
    const group = await notFoundAs(this.assertScope(caller, action, scopeOf(rows[0])), ThreadErrors.not_found);
    return { thread: rows[0], group };
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
  async removeBySubject(type: SubjectType, id: string, manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM threads WHERE subject_type = $1 AND subject_id = $2`, [type, id]);
  }

  private assertScope(caller: AuthUser | undefined, action: GroupAction, scope: Scope): Promise<GroupContext> {
    return 'group' in scope ? this.policy.assertGroup(caller, action, scope.group) : this.policy.assertSiteScope(caller, action, scope.site);
  }

  async lastSeqOf(threadId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ last_seq: number }[]>(`SELECT last_seq FROM threads WHERE id = $1`, [threadId]);
    return row?.last_seq ?? 0;
  }

  /** Last seqs of several threads in one query (the gateway's reconcile loop). */
  lastSeqsOf(threadIds: string[]): Promise<{ id: string; last_seq: number }[]> {
    return this.dataSource.query(`SELECT id, last_seq FROM threads WHERE id = ANY($1::uuid[])`, [threadIds]);
  }

  /** The thread about a subject (a contribution's feedback, a blog post's comments). */
  async findBySubject(type: SubjectType, id: string, kind: ThreadKind): Promise<ThreadDto | null> {
    const rows = await this.dataSource.query<ThreadRow[]>(
      `SELECT ${THREAD_COLUMNS} FROM threads WHERE subject_type = $1 AND subject_id = $2 AND kind = $3`,
      [type, id, kind],
    );
    return rows[0] ? toThreadDto(rows[0]) : null;
  }
}

function scopeOf(row: ThreadRow): Scope {
  return row.group_id ? { group: row.group_id } : { site: row.site_id ?? '' };
}

/**
 * A thread as clients see it. `reads` are the caller's read facts; without them (not
 * logged in, or a thread made for another lib) myLastReadSeq and unreadCount are null.
 */
function toThreadDto(row: ThreadRow, reads?: ReadFacts): ThreadDto {
  return {
    id: row.id,
    groupId: row.group_id,
    siteId: row.site_id,
    title: row.title,
    kind: row.kind,
    subject: row.subject_type && row.subject_id ? { type: row.subject_type, id: row.subject_id } : null,
    lastSeq: row.last_seq,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastMessageAt: row.last_message_at,
    myLastReadSeq: reads?.lastReadSeq ?? null,
    unreadCount: reads?.unreadCount ?? null,
  };
}
