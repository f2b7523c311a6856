import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ActivityLog,
  type AuthUser,
  decodeCursor,
  encodeCursor,
  type Page,
  pageSize,
  isUniqueViolation,
  notFoundAs,
  PostingLimit,
  renderMarkdown,
} from '@kennisplein/core';
import { GroupAction, type GroupContext } from '@kennisplein/community';
import { type PublicUser, UsersService } from '@kennisplein/identity';
import { DiscussionsVerb } from '../discussions.activities.js';
import { MessageErrors, ThreadErrors } from '../discussions.errors.js';
import { MessageBus, type MessageEvent } from '../realtime/message-bus.js';
import { ThreadsService } from '../threads/threads.service.js';
import { type ListMessagesQuery, MAX_MESSAGE_LENGTH, type MessageDto, type PostMessageDto } from './dto/message.dto.js';
import type { Message, NewMessage } from './message.js';
import { MessagesRepository } from './messages.repository.js';

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
    private readonly messages: MessagesRepository,
    private readonly threads: ThreadsService,
    private readonly users: UsersService,
    private readonly bus: MessageBus,
    private readonly activity: ActivityLog,
    private readonly postingLimit: PostingLimit,
  ) {}

  /**
   * Posting takes a member of the thread's group (or someone acting as its owner). The hot
   * path of the platform: one access query, one statement that stores, one announcement
   * (with a clientId, one look-up before; see storeOnce), within the author's PostingLimit. `author` saves the lookup of a name the caller already knows (the socket has it),
   * `allowed` the access query when the caller holds the policy's answer for this thread (the socket keeps it until an access change).
   */
  async post(caller: AuthUser, threadId: string, input: PostMessageDto, author?: PublicUser, allowed?: GroupContext): Promise<Posted<MessageDto>> {
    const place = allowed ?? (await this.threads.assertAccessFast(caller, threadId, GroupAction.Participate));
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
  async deliver(posted: Posted<Message>, known: PublicUser[] = []): Promise<Posted<MessageDto>> {
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
    store: () => Promise<Message>,
  ): Promise<Posted<Message>> {
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

  private async findByClientId(threadId: string, authorId: string, clientId: string): Promise<Message | null> {
    const message = await this.messages.findByClientId(authorId, clientId);
    if (message && message.threadId !== threadId) throw MessageErrors.client_id_reused();
    return message;
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
  async append(input: NewMessage, manager: EntityManager): Promise<Message> {
    assertLength(input.body);
    if (input.parentId && !(await this.messages.isInThread(manager, input.parentId, input.threadId))) throw MessageErrors.parent_not_in_thread();
    const message = await this.messages.append(manager, {
      threadId: input.threadId,
      authorId: input.authorId,
      parentId: input.parentId ?? null,
      body: input.body,
      html: renderMarkdown(input.body),
      clientId: input.clientId ?? null,
    });
    if (!message) throw ThreadErrors.not_found();
    return message;
  }

  /** The activity of a message, in its transaction: the thread's group (or deelsite) hears of it. */
  async recordPosted(message: Message, place: GroupContext, manager: EntityManager): Promise<void> {
    const inGroup = place.scope !== 'site';
    await this.activity.record(
      {
        verb: DiscussionsVerb.MessagePosted,
        actorId: message.authorId,
        groupId: inGroup ? place.id : null,
        siteId: inGroup ? place.siteId : place.id,
        objectType: 'message',
        objectId: message.id,
        snapshot: {
          title: place.name,
          link: `/threads/${message.threadId}#${message.seq}`,
          excerpt: message.body.length > 200 ? `${message.body.slice(0, 199)}…` : message.body,
          threadId: message.threadId,
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
    // The thread's group from memory (the access query stays fresh): one round trip less on
    // the live view's hottest read. An empty page checks that the thread still exists, so a
    // removed thread answers 404 as before.
    // The access check and the read go out together (one round trip of waiting less; the
    // tables are community's and ours, so no join): rows of a thread the caller may not see
    // are thrown away unread. A bad cursor still answers after the access check, as before.
    const limit = pageSize(query);
    let afterSeq: number;
    try {
      afterSeq = query.cursor ? Number(decodeCursor(query.cursor, ['int'])[0]) : (query.afterSeq ?? 0);
    } catch (error) {
      await this.threads.assertAccessFast(caller, threadId, GroupAction.View);
      throw error;
    }
    const [, rows] = await Promise.all([this.threads.assertAccessFast(caller, threadId, GroupAction.View), this.messages.after(threadId, afterSeq, limit + 1)]);
    if (rows.length === 0) await this.threads.assertAccess(caller, threadId, GroupAction.View);
    const items = await this.toDtos(rows.slice(0, limit));
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.seq]) : null };
  }

  /** Messages with afterSeq < seq ≤ upToSeq, in order: what a client that was away missed. */
  async range(threadId: string, afterSeq: number, upToSeq: number): Promise<MessageDto[]> {
    if (upToSeq <= afterSeq) return [];
    return this.toDtos(await this.messages.range(threadId, afterSeq, upToSeq));
  }

  /** Only the author edits. */
  async edit(caller: AuthUser, messageId: string, body: string): Promise<MessageDto> {
    const current = await this.findVisible(caller, messageId);
    if (current.authorId !== caller.id) throw MessageErrors.author_only();
    if (current.deletedAt) throw MessageErrors.deleted();
    assertLength(body);
    const [message] = await this.toDtos([await this.messages.updateBody(messageId, body, renderMarkdown(body))]);
    await this.announce({ type: 'updated', message });
    return message;
  }

  /** The author, or whoever moderates the group, deletes; the message keeps its seq. */
  async delete(caller: AuthUser, messageId: string): Promise<void> {
    const current = await this.findVisible(caller, messageId);
    if (current.authorId !== caller.id) {
      await this.threads.assertAccess(caller, current.threadId, GroupAction.Moderate);
    }
    if (current.deletedAt) return;
    await this.announce({ type: 'deleted', message: (await this.toDtos([await this.messages.markDeleted(messageId)]))[0] });
  }

  private async findVisible(caller: AuthUser, messageId: string): Promise<Message> {
    const message = await this.messages.findById(messageId);
    if (!message) throw MessageErrors.not_found();
    // A message of a hidden thread is itself not found: the answer names what was asked for.
    await notFoundAs(this.threads.assertAccess(caller, message.threadId, GroupAction.View), MessageErrors.not_found);
    return message;
  }

  /** One query for the authors of all the rows (none for those already known). Deleted messages show no content. */
  async toDtos(messages: Message[], known: PublicUser[] = []): Promise<MessageDto[]> {
    const authors = new Map(known.map((user) => [user.id, user]));
    const missing = messages.flatMap((message) => (message.authorId && !authors.has(message.authorId) ? [message.authorId] : []));
    if (missing.length > 0) for (const [id, user] of await this.users.findPublicByIds(missing)) authors.set(id, user);
    return messages.map((message) => {
      const author = message.authorId ? authors.get(message.authorId) : undefined;
      return {
        id: message.id,
        threadId: message.threadId,
        seq: message.seq,
        parentId: message.parentId,
        author: { id: message.authorId, displayName: author?.displayName ?? '', deleted: author?.deleted ?? true },
        body: message.deletedAt ? '' : message.body,
        html: message.deletedAt ? '' : message.html,
        createdAt: message.createdAt,
        editedAt: message.editedAt,
        deletedAt: message.deletedAt,
        clientId: message.clientId,
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
