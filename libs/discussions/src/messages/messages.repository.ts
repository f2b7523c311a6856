import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { returnedRows } from '@kennisplein/core';
import { advanceAuthorSql } from '../reads/read-positions.repository.js';
import type { Message } from './message.js';

interface MessageRow {
  id: string;
  thread_id: string;
  seq: number;
  author_id: string | null;
  parent_id: string | null;
  body: string;
  html: string;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  client_id: string | null;
}

/** A message a user wrote, as their data export lists it. */
export interface WrittenMessage {
  id: string;
  threadId: string;
  seq: number;
  body: string;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}

/** A user's feedback on a contribution (a message in its feedback thread), as their data export lists it. */
export interface GivenFeedback extends WrittenMessage {
  contributionId: string;
  threadTitle: string;
}

const MESSAGE_COLUMNS = 'id, thread_id, seq, author_id, parent_id, body, html, created_at, edited_at, deleted_at, client_id';

/** The SQL of messages. */
@Injectable()
export class MessagesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findById(id: string): Promise<Message | null> {
    const [row] = await this.dataSource.query<MessageRow[]>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = $1`, [id]);
    return row ? toMessage(row) : null;
  }

  /** The author's message with this client id, in whichever thread. */
  async findByClientId(authorId: string, clientId: string): Promise<Message | null> {
    const [row] = await this.dataSource.query<MessageRow[]>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE author_id = $1 AND client_id = $2`, [
      authorId,
      clientId,
    ]);
    return row ? toMessage(row) : null;
  }

  async isInThread(manager: EntityManager, messageId: string, threadId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM messages WHERE id = $1 AND thread_id = $2`, [messageId, threadId]);
    return rows.length > 0;
  }

  /**
   * Inserts a message with the thread's next seq, in one statement: it increments the
   * thread's last_seq (taking its row lock until the end of the transaction), inserts with
   * it, and moves the author's read position to it. Null when there is no such thread.
   */
  async append(
    manager: EntityManager,
    message: { threadId: string; authorId: string; parentId: string | null; body: string; html: string; clientId: string | null },
  ): Promise<Message | null> {
    const [row] = await manager.query<MessageRow[]>(
      `WITH next AS (
         UPDATE threads SET last_seq = last_seq + 1, last_message_at = now() WHERE id = $1 RETURNING last_seq
       ), posted AS (
         INSERT INTO messages (thread_id, seq, author_id, parent_id, body, html, client_id)
         SELECT $1, next.last_seq, $2, $3, $4, $5, $6 FROM next
         RETURNING ${MESSAGE_COLUMNS}
       ), _read AS (${advanceAuthorSql('posted')})
       SELECT * FROM posted`,
      [message.threadId, message.authorId, message.parentId, message.body, message.html, message.clientId],
    );
    return row ? toMessage(row) : null;
  }

  /** The messages of a thread after a seq, in order, `limit` at most. */
  async after(threadId: string, afterSeq: number, limit: number): Promise<Message[]> {
    const rows = await this.dataSource.query<MessageRow[]>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE thread_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [
      threadId,
      afterSeq,
      limit,
    ]);
    return rows.map(toMessage);
  }

  /** The messages with afterSeq < seq ≤ upToSeq, in order. */
  async range(threadId: string, afterSeq: number, upToSeq: number): Promise<Message[]> {
    const rows = await this.dataSource.query<MessageRow[]>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE thread_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq`,
      [threadId, afterSeq, upToSeq],
    );
    return rows.map(toMessage);
  }

  async updateBody(id: string, body: string, html: string): Promise<Message> {
    const [row] = returnedRows<MessageRow>(
      await this.dataSource.query(`UPDATE messages SET body = $2, html = $3, edited_at = now() WHERE id = $1 RETURNING ${MESSAGE_COLUMNS}`, [id, body, html]),
    );
    return toMessage(row);
  }

  /** The message keeps its row and seq; clients show it as deleted. */
  async markDeleted(id: string): Promise<Message> {
    const [row] = returnedRows<MessageRow>(await this.dataSource.query(`UPDATE messages SET deleted_at = now() WHERE id = $1 RETURNING ${MESSAGE_COLUMNS}`, [id]));
    return toMessage(row);
  }

  /** Everything a user wrote, for their data export. */
  writtenBy(userId: string): Promise<WrittenMessage[]> {
    return this.dataSource.query<WrittenMessage[]>(
      `SELECT id, thread_id AS "threadId", seq, body, created_at AS "createdAt", edited_at AS "editedAt", deleted_at AS "deletedAt"
         FROM messages WHERE author_id = $1 ORDER BY created_at`,
      [userId],
    );
  }

  /** A user's messages in feedback threads, by contribution, for their data export. */
  feedbackBy(userId: string): Promise<GivenFeedback[]> {
    return this.dataSource.query<GivenFeedback[]>(
      `SELECT m.id, t.subject_id AS "contributionId", t.title AS "threadTitle", m.thread_id AS "threadId", m.seq,
              m.body, m.created_at AS "createdAt", m.edited_at AS "editedAt", m.deleted_at AS "deletedAt"
         FROM messages m JOIN threads t ON t.id = m.thread_id
        WHERE m.author_id = $1 AND t.kind = 'feedback' ORDER BY m.created_at, m.id`,
      [userId],
    );
  }
}

function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    threadId: row.thread_id,
    seq: row.seq,
    authorId: row.author_id,
    parentId: row.parent_id,
    body: row.body,
    html: row.html,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    deletedAt: row.deleted_at,
    clientId: row.client_id,
  };
}
