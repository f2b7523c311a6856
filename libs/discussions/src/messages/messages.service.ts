import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ActivityLog,
  ActivityVerb,
  type AuthUser,
  decodeCursor,
  encodeCursor,
  type Page,
  pageSize,
  isUniqueViolation,
  notFoundAs,
  PostingLimit,
  renderMarkdown,
  returnedRows,
} from '@kennisplein/core';
import { AccessPolicy, GroupAction, type GroupContext } from '@kennisplein/community';
import { type PublicUser, UsersService } from '@kennisplein/identity';
import { MessageErrors, ThreadErrors } from '../discussions.errors.js';
import { MessageBus, type MessageEvent } from '../realtime/message-bus.js';
import { advanceAuthorSql } from '../reads/read-positions.js';
import { ThreadsService } from '../threads/threads.service.js';
import { type ListMessagesQuery, MAX_MESSAGE_LENGTH, type MessageDto, type PostMessageDto } from './dto/message.dto.js';

/** A message row as stored; toDtos turns rows into what clients see. */
export interface MessageRow {
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

const MESSAGE_COLUMNS = 'id, thread_id, seq, author_id, parent_id, body, html, created_at, edited_at, deleted_at, client_id';

export interface NewMessage {
  threadId: string;
  authorId: string;
  body: string;
  parentId?: string;
  /** The id the author's client gave it: the same author and client id are one message. */
  clientId?: string;
}

/** A message that was posted: `created` false when it was there already (the same author and client id). */
export interface Posted<T> {
  message: T;
  created: boolean;
}

@Injectable()
export class MessagesService {
  private readonly logger = new Logger('MessagesService');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly threads: ThreadsService,
    private readonly policy: AccessPolicy,
    private readonly users: UsersService,
    private readonly bus: MessageBus,
    private readonly activity: ActivityLog,
    private readonly postingLimit: PostingLimit,
  ) {}

  /**
   * Posting takes a member of the thread's group (or someone acting as its owner). The hot
   * path of the platform: one access query, one statement that stores, one announcement
   * (with a clientId, one look-up before; see storeOnce), within the author's PostingLimit. `author` saves the lookup of a name the caller already knows (the socket has it).
   */
  async post(caller: AuthUser, threadId: string, input: PostMessageDto, author?: PublicUser): Promise<Posted<MessageDto>> {
    const place = await this.threads.assertAccessFast(caller, threadId, GroupAction.Participate);
    const posted = await this.storeOnce({ threadId, authorId: caller.id, clientId: input.clientId }, async () => {
      // Only a new message counts: a repeat of a clientId answers the original whatever the limit.
      await this.postingLimit.consume(caller.id);
      return this.dataSource.transaction(async (manager) => {
        const stored = await this.append({ threadId, authorId: caller.id, body: input.body, parentId: input.parentId, clientId: input.clientId }, manager);
        await this.recordPosted(stored, place, manager);
        return stored;
      });
    });
    return this.deliver(posted, author ? [author] : []);
  }

  /** A posted message as clients see it; a new one is announced (a repeat was, the first time). */
  async deliver(posted: Posted<MessageRow>, known: PublicUser[] = []): Promise<Posted<MessageDto>> {
    const [message] = await this.toDtos([posted.message], known);
    if (posted.created) await this.announce({ type: 'created', message });
    return { message, created: posted.created };
  }

  /**
   * Idempotent posting: runs `store` (the transaction that appends the message) unless the
   * author already posted this client id, and answers the original message then. Two
   * concurrent sends of one client id both pass the first look; the unique index (author,
   * client id) refuses the second insert, whose transaction rolls back (its seq too: no
   * gap), and the original is answered. The same client id in another thread: 409.
   */
  async storeOnce(
    key: { threadId: string; authorId: string; clientId?: string },
    store: () => Promise<MessageRow>,
  ): Promise<Posted<MessageRow>> {
    const { clientId } = key;
    if (clientId === undefined) return { message: await store(), created: true };
    const earlier = await this.findByClientId(key.threadId, key.authorId, clientId);
    if (earlier) return { message: earlier, created: false };
    try {
      return { message: await store(), created: true };
    } catch (error) {
      if (!isUniqueViolation(error, CLIENT_ID_KEY)) throw error;
      const original = await this.findByClientId(key.threadId, key.authorId, clientId);
      if (!original) throw error;
      return { message: original, created: false };
    }
  }

  private async findByClientId(threadId: string, authorId: string, clientId: string): Promise<MessageRow | null> {
    const [row] = await this.dataSource.query<MessageRow[]>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE author_id = $1 AND client_id = $2`,
      [authorId, clientId],
    );
    if (row && row.thread_id !== threadId) throw MessageErrors.client_id_reused();
    return row ?? null;
  }

  /**
   * Stores a message, in the caller's transaction when there is one. Its seq is the
   * thread's next: one statement increments the thread's last_seq (taking its row lock
   * until the end of the transaction) and inserts with it, so concurrent posts get 1, 2,
   * 3 … without gap or duplicate; the same statement moves the author's read position to
   * it. The caller announces it after the commit. Nothing here
   * takes a second pooled connection while the lock is held: busy threads would exhaust
   * the pool.
   */
  async append(input: NewMessage, manager: EntityManager): Promise<MessageRow> {
    assertLength(input.body);
    if (input.parentId) {
      const parent = await manager.query<unknown[]>(`SELECT 1 FROM messages WHERE id = $1 AND thread_id = $2`, [input.parentId, input.threadId]);
      if (parent.length === 0) throw MessageErrors.parent_not_in_thread();
    }
    const [row] = await manager.query<MessageRow[]>(
      `WITH next AS (
         UPDATE threads SET last_seq = last_seq + 1, last_message_at = now() WHERE id = $1 RETURNING last_seq
       ), posted AS (
         INSERT INTO messages (thread_id, seq, author_id, parent_id, body, html, client_id)
         SELECT $1, next.last_seq, $2, $3, $4, $5, $6 FROM next
         RETURNING ${MESSAGE_COLUMNS}
       ), _read AS (${advanceAuthorSql('posted')})
       SELECT * FROM posted`,
      [input.threadId, input.authorId, input.parentId ?? null, input.body, renderMarkdown(input.body), input.clientId ?? null],
    );
    if (!row) throw ThreadErrors.not_found();
    return row;
  }

  /** The activity of a message, in its transaction: the thread's group (or deelsite) hears of it. */
  async recordPosted(message: MessageRow, place: GroupContext, manager: EntityManager): Promise<void> {
    const inGroup = place.scope !== 'site';
    await this.activity.record(
      {
        verb: ActivityVerb.MessagePosted,
        actorId: message.author_id,
        groupId: inGroup ? place.id : null,
        siteId: inGroup ? place.siteId : place.id,
        objectType: 'message',
        objectId: message.id,
        snapshot: {
          title: place.name,
          link: `/threads/${message.thread_id}#${message.seq}`,
          excerpt: message.body.length > 200 ? `${message.body.slice(0, 199)}…` : message.body,
          threadId: message.thread_id,
        },
      },
      manager,
    );
  }

  /** Tells every connected client, on every instance. A failure is logged: the message is stored, clients catch up by seq. */
  async announce(event: MessageEvent): Promise<void> {
    try {
      await this.bus.publish(event);
    } catch (error) {
      this.logger.error(`could not announce message ${event.message.id}: ${String(error)}`);
    }
  }

  async list(caller: AuthUser | undefined, threadId: string, query: ListMessagesQuery): Promise<Page<MessageDto>> {
    await this.threads.assertAccess(caller, threadId, GroupAction.View);
    const limit = pageSize(query);
    const afterSeq = query.cursor ? Number(decodeCursor(query.cursor, ['int'])[0]) : (query.afterSeq ?? 0);
    const rows = await this.dataSource.query<MessageRow[]>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE thread_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [threadId, afterSeq, limit + 1],
    );
    const items = await this.toDtos(rows.slice(0, limit));
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.seq]) : null };
  }

  /** Messages with afterSeq < seq ≤ upToSeq, in order: what a client that was away missed. */
  async range(threadId: string, afterSeq: number, upToSeq: number): Promise<MessageDto[]> {
    if (upToSeq <= afterSeq) return [];
    const rows = await this.dataSource.query<MessageRow[]>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE thread_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq`,
      [threadId, afterSeq, upToSeq],
    );
    return this.toDtos(rows);
  }

  /** Only the author edits. */
  async edit(caller: AuthUser, messageId: string, body: string): Promise<MessageDto> {
    const current = await this.findVisible(caller, messageId);
    if (current.author_id !== caller.id) throw MessageErrors.author_only();
    if (current.deleted_at) throw MessageErrors.deleted();
    assertLength(body);
    const [row] = returnedRows<MessageRow>(
      await this.dataSource.query(`UPDATE messages SET body = $2, html = $3, edited_at = now() WHERE id = $1 RETURNING ${MESSAGE_COLUMNS}`, [
        messageId,
        body,
        renderMarkdown(body),
      ]),
    );
    const message = (await this.toDtos([row]))[0];
    await this.announce({ type: 'updated', message });
    return message;
  }

  /** The author, or whoever moderates the group, deletes; the message keeps its seq. */
  async delete(caller: AuthUser, messageId: string): Promise<void> {
    const current = await this.findVisible(caller, messageId);
    if (current.author_id !== caller.id) {
      await this.threads.assertAccess(caller, current.thread_id, GroupAction.Moderate);
    }
    if (current.deleted_at) return;
    const [row] = returnedRows<MessageRow>(
      await this.dataSource.query(`UPDATE messages SET deleted_at = now() WHERE id = $1 RETURNING ${MESSAGE_COLUMNS}`, [messageId]),
    );
    await this.announce({ type: 'deleted', message: (await this.toDtos([row]))[0] });
  }

  /** Everything a user wrote, for their data export. */
  async exportFor(userId: string): Promise<object[]> {
    return this.dataSource.query<object[]>(
      `SELECT id, thread_id AS "threadId", seq, body, created_at AS "createdAt", edited_at AS "editedAt", deleted_at AS "deletedAt"
         FROM messages WHERE author_id = $1 ORDER BY created_at`,
      [userId],
    );
  }

  private async findVisible(caller: AuthUser, messageId: string): Promise<MessageRow> {
    const rows = await this.dataSource.query<MessageRow[]>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = $1`, [messageId]);
    if (rows.length === 0) throw MessageErrors.not_found();
    // A message of a hidden thread is itself not found: the answer names what was asked for.
    await notFoundAs(this.threads.assertAccess(caller, rows[0].thread_id, GroupAction.View), MessageErrors.not_found);
    return rows[0];
  }

  /** One query for the authors of all the rows (none for those already known). Deleted messages show no content. */
  async toDtos(rows: MessageRow[], known: PublicUser[] = []): Promise<MessageDto[]> {
    const authors = new Map(known.map((user) => [user.id, user]));
    const missing = rows.flatMap((row) => (row.author_id && !authors.has(row.author_id) ? [row.author_id] : []));
    if (missing.length > 0) for (const [id, user] of await this.users.findPublicByIds(missing)) authors.set(id, user);
    return rows.map((row) => {
      const author = row.author_id ? authors.get(row.author_id) : undefined;
      return {
        id: row.id,
        threadId: row.thread_id,
        seq: row.seq,
        parentId: row.parent_id,
        author: { id: row.author_id, displayName: author?.displayName ?? '', deleted: author?.deleted ?? true },
        body: row.deleted_at ? '' : row.body,
        html: row.deleted_at ? '' : row.html,
        createdAt: row.created_at,
        editedAt: row.edited_at,
        deletedAt: row.deleted_at,
        clientId: row.client_id,
      };
    });
  }
}

/** The unique index of (author, client id): a second message with one client id. */
const CLIENT_ID_KEY = 'messages_author_client_key';

function assertLength(body: string): void {
  const length = [...body].length;
  if (length > MAX_MESSAGE_LENGTH) throw MessageErrors.too_long({ length, max: MAX_MESSAGE_LENGTH });
}
