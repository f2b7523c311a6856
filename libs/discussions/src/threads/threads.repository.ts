import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SqlParams } from '@kennisplein/core';
import type { NewThread, SubjectType, Thread, ThreadKind } from './thread.js';

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
}

/** A thread a user started, as their data export lists it. */
export interface StartedThread {
  id: string;
  groupId: string | null;
  title: string;
  kind: ThreadKind;
  subjectType: SubjectType | null;
  subjectId: string | null;
  createdAt: Date;
  lastMessageAt: Date;
}

const THREAD_COLUMNS = 'id, group_id, site_id, title, kind, subject_type, subject_id, created_by, last_seq, created_at, last_message_at';

/** The SQL of threads. */
@Injectable()
export class ThreadsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, thread: NewThread): Promise<Thread> {
    const [row] = await manager.query<ThreadRow[]>(
      `INSERT INTO threads (group_id, site_id, title, kind, subject_type, subject_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${THREAD_COLUMNS}`,
      [thread.groupId, thread.siteId ?? null, thread.title, thread.kind, thread.subject?.type ?? null, thread.subject?.id ?? null, thread.createdBy],
    );
    return toThread(row);
  }

  /** Many threads in one statement (a bulk import's feedback threads): their ids, in order, made here. */
  async insertMany(manager: EntityManager, threads: NewThread[]): Promise<string[]> {
    if (threads.length === 0) return [];
    const ids = threads.map(() => randomUUID());
    const params = new SqlParams();
    const rows = threads.map(
      (thread, i) =>
        `(${[ids[i], thread.groupId, thread.siteId ?? null, thread.title, thread.kind, thread.subject?.type ?? null, thread.subject?.id ?? null, thread.createdBy]
          .map((value) => params.add(value))
          .join(', ')})`,
    );
    await manager.query(
      `INSERT INTO threads (id, group_id, site_id, title, kind, subject_type, subject_id, created_by) VALUES ${rows.join(', ')}`,
      params.values,
    );
    return ids;
  }

  async findById(id: string): Promise<Thread | null> {
    const [row] = await this.dataSource.query<ThreadRow[]>(`SELECT ${THREAD_COLUMNS} FROM threads WHERE id = $1`, [id]);
    return row ? toThread(row) : null;
  }

  /**
   * The threads of a group, most recently active first, after the (last_message_at, id) of
   * the last one seen; activityKey is last_message_at as text at full precision, for the cursor.
   */
  async mostActiveInGroup(
    groupId: string,
    after: { lastMessageAt: string; id: string } | null,
    limit: number,
  ): Promise<(Thread & { activityKey: string })[]> {
    const rows = await this.dataSource.query<(ThreadRow & { activity_key: string })[]>(
      `SELECT ${THREAD_COLUMNS}, last_message_at::text AS activity_key FROM threads
        WHERE group_id = $1 AND ($2::timestamptz IS NULL OR (last_message_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY last_message_at DESC, id DESC LIMIT $4`,
      [groupId, after?.lastMessageAt ?? null, after?.id ?? null, limit],
    );
    return rows.map((row) => ({ ...toThread(row), activityKey: row.activity_key }));
  }

  /** Removes the thread about a subject with its messages, in the caller's transaction. */
  async deleteBySubject(manager: EntityManager, type: SubjectType, id: string): Promise<void> {
    await manager.query(`DELETE FROM threads WHERE subject_type = $1 AND subject_id = $2`, [type, id]);
  }

  async lastSeqOf(threadId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ last_seq: number }[]>(`SELECT last_seq FROM threads WHERE id = $1`, [threadId]);
    return row?.last_seq ?? 0;
  }

  /** The last seqs of several threads in one query. */
  async lastSeqsOf(threadIds: string[]): Promise<{ id: string; lastSeq: number }[]> {
    const rows = await this.dataSource.query<{ id: string; last_seq: number }[]>(`SELECT id, last_seq FROM threads WHERE id = ANY($1::uuid[])`, [
      threadIds,
    ]);
    return rows.map((row) => ({ id: row.id, lastSeq: row.last_seq }));
  }

  /** The threads a user started, for their data export. */
  startedBy(userId: string): Promise<StartedThread[]> {
    return this.dataSource.query<StartedThread[]>(
      `SELECT id, group_id AS "groupId", title, kind, subject_type AS "subjectType", subject_id AS "subjectId",
              created_at AS "createdAt", last_message_at AS "lastMessageAt"
         FROM threads WHERE created_by = $1 ORDER BY created_at, id`,
      [userId],
    );
  }
}

function toThread(row: ThreadRow): Thread {
  return {
    id: row.id,
    groupId: row.group_id,
    siteId: row.site_id,
    title: row.title,
    kind: row.kind,
    subject: row.subject_type && row.subject_id ? { type: row.subject_type, id: row.subject_id } : null,
    createdBy: row.created_by,
    lastSeq: row.last_seq,
    createdAt: row.created_at,
    lastMessageAt: row.last_message_at,
  };
}
