import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonalDataRegistry } from '@kennisplein/core';
import { MessagesService } from './messages/messages.service.js';
import { ReadPositions } from './reads/read-positions.js';

/**
 * Discussions' part of the data export and of account deletion. Messages stay when an
 * account is deleted (shown as from a deleted user); its read positions go.
 */
@Injectable()
export class DiscussionsPersonalData implements OnModuleInit {
  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly messages: MessagesService,
    private readonly reads: ReadPositions,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    // The threads I started: their titles are mine (discussions, and the feedback or comment threads made with my contributions and posts).
    this.registry.register({
      section: 'threads',
      exportFor: (userId) =>
        this.dataSource.query(
          `SELECT id, group_id AS "groupId", title, kind, subject_type AS "subjectType", subject_id AS "subjectId",
                  created_at AS "createdAt", last_message_at AS "lastMessageAt"
             FROM threads WHERE created_by = $1 ORDER BY created_at, id`,
          [userId],
        ),
    });
    this.registry.register({ section: 'messages', exportFor: (userId) => this.messages.exportFor(userId) });
    // My feedback on contributions: the messages of mine in their feedback threads, by contribution.
    this.registry.register({
      section: 'feedback',
      exportFor: (userId) =>
        this.dataSource.query(
          `SELECT m.id, t.subject_id AS "contributionId", t.title AS "threadTitle", m.thread_id AS "threadId", m.seq,
                  m.body, m.created_at AS "createdAt", m.edited_at AS "editedAt", m.deleted_at AS "deletedAt"
             FROM messages m JOIN threads t ON t.id = m.thread_id
            WHERE m.author_id = $1 AND t.kind = 'feedback' ORDER BY m.created_at, m.id`,
          [userId],
        ),
    });
    this.registry.register({
      section: 'readPositions',
      exportFor: (userId) => this.reads.exportFor(userId),
      eraseFor: (userId, manager) => this.reads.eraseFor(userId, manager),
    });
  }
}
