import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** What a reader sees of a thread: how far they read, and how many messages wait for them. */
export interface ReadFacts {
  /** The highest seq the reader marked read; 0 when they never did. */
  lastReadSeq: number;
  /** Messages after lastReadSeq, not by the reader and not deleted. */
  unreadCount: number;
}

/** A read position moves up only: a lower seq than the stored one leaves it. */
const MOVE_UP = `ON CONFLICT (user_id, thread_id) DO UPDATE SET last_read_seq = EXCLUDED.last_read_seq, updated_at = now()
  WHERE thread_reads.last_read_seq < EXCLUDED.last_read_seq`;

/**
 * The part of the statement that stores a message which moves its author's read position
 * to it (who writes has read the thread so far, as in Discourse): `posted` names the rows
 * (author_id, thread_id, seq) of the new messages. Part of that statement, so posting
 * stays one round trip while the thread's row is locked.
 */
export const advanceAuthorSql = (posted: string) =>
  `INSERT INTO thread_reads (user_id, thread_id, last_read_seq) SELECT author_id, thread_id, seq FROM ${posted} ${MOVE_UP}`;

/** The SQL of read positions (table thread_reads). */
@Injectable()
export class ReadPositionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Moves the reader's position up to seq, never backwards, and never past the thread's
   * last seq (a higher seq is clamped to it). One statement: concurrent marks of two tabs
   * keep the higher one.
   */
  async markRead(userId: string, threadId: string, seq: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO thread_reads (user_id, thread_id, last_read_seq)
       SELECT $1, t.id, LEAST($3::int, t.last_seq) FROM threads t WHERE t.id = $2
       ${MOVE_UP}`,
      [userId, threadId, seq],
    );
  }

  /**
   * The read facts of a reader for several threads (a page of a thread list) in one query:
   * each count is a range scan of the thread's (thread_id, seq) index above the position.
   */
  async factsFor(userId: string, threadIds: string[]): Promise<Map<string, ReadFacts>> {
    if (threadIds.length === 0) return new Map();
    const rows = await this.dataSource.query<{ thread_id: string; last_read_seq: number; unread_count: number }[]>(
      `SELECT t.id AS thread_id, coalesce(r.last_read_seq, 0) AS last_read_seq,
              (SELECT count(*) FROM messages m
                WHERE m.thread_id = t.id AND m.seq > coalesce(r.last_read_seq, 0)
                  AND m.deleted_at IS NULL AND m.author_id IS DISTINCT FROM $1)::int AS unread_count
         FROM unnest($2::uuid[]) AS t (id)
         LEFT JOIN thread_reads r ON r.user_id = $1 AND r.thread_id = t.id`,
      [userId, threadIds],
    );
    return new Map(rows.map((row) => [row.thread_id, { lastReadSeq: row.last_read_seq, unreadCount: row.unread_count }]));
  }

  /** A user's read positions, for their data export. */
  exportFor(userId: string): Promise<object[]> {
    return this.dataSource.query<object[]>(
      `SELECT thread_id AS "threadId", last_read_seq AS "lastReadSeq", updated_at AS "updatedAt"
         FROM thread_reads WHERE user_id = $1 ORDER BY updated_at`,
      [userId],
    );
  }

  /** A deleted account's read positions go with it, in the deletion's transaction. */
  async eraseFor(userId: string, manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM thread_reads WHERE user_id = $1`, [userId]);
  }
}
