import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthUser, PostingLimit } from '@kennisplein/core';
import { AccessPolicy, GroupAction } from '@kennisplein/community';
import { MessagesService } from './messages/messages.service.js';
import type { CreatedThreadDto, CreateThreadDto, ThreadDto } from './threads/dto/thread.dto.js';
import type { NewThread, SubjectType } from './threads/thread.js';
import { ThreadsService } from './threads/threads.service.js';

/** What other libs and the thread routes use: starting threads, and threads about a subject. */
@Injectable()
export class DiscussionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: AccessPolicy,
    private readonly threads: ThreadsService,
    private readonly messages: MessagesService,
    private readonly postingLimit: PostingLimit,
  ) {}

  /** POST /groups/:id/threads: a discussion with its first message, in one transaction. */
  async startThread(caller: AuthUser, groupId: string, input: CreateThreadDto): Promise<CreatedThreadDto> {
    const group = await this.policy.assertGroup(caller, GroupAction.Participate, groupId);
    await this.postingLimit.consume(caller.id);
    const { thread, row } = await this.dataSource.transaction(async (manager) => {
      const created = await this.threads.create({ groupId, title: input.title, kind: 'discussion', createdBy: caller.id }, manager);
      const first = await this.messages.append({ threadId: created.id, authorId: caller.id, body: input.body }, manager);
      await this.messages.recordPosted(first, group, manager);
      return { thread: created, row: first };
    });
    const [firstMessage] = await this.messages.toDtos([row]);
    await this.messages.announce({ type: 'created', message: firstMessage });
    // Its author has read their own first message.
    return { ...thread, lastSeq: firstMessage.seq, lastMessageAt: firstMessage.createdAt, myLastReadSeq: firstMessage.seq, unreadCount: 0, firstMessage };
  }

  /** A feedback or comments thread, made inside the caller's transaction (a contribution's workspace, a blog post). */
  openSubjectThread(thread: NewThread, manager: EntityManager): Promise<ThreadDto> {
    return this.threads.create(thread, manager);
  }

  /** Many subject threads at once, inside the caller's transaction (a bulk import): their ids, in order. */
  openSubjectThreads(threads: NewThread[], manager: EntityManager): Promise<string[]> {
    return this.threads.createMany(threads, manager);
  }

  /** Removes the thread about a subject with its messages (a deleted blog post), inside the caller's transaction. */
  removeSubjectThread(type: SubjectType, id: string, manager: EntityManager): Promise<void> {
    return this.threads.removeBySubject(type, id, manager);
  }
}
