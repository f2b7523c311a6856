import { Injectable, OnModuleInit } from '@nestjs/common';
import { PersonalDataRegistry } from '@kennisplein/core';
import { MessagesRepository } from './messages/messages.repository.js';
import { ReadPositionsRepository } from './reads/read-positions.repository.js';
import { ThreadsRepository } from './threads/threads.repository.js';

/**
 * Discussions' part of the data export and of account deletion. Messages stay when an
 * account is deleted (shown as from a deleted user); its read positions go.
 */
@Injectable()
export class DiscussionsPersonalData implements OnModuleInit {
  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly threads: ThreadsRepository,
    private readonly messages: MessagesRepository,
    private readonly reads: ReadPositionsRepository,
  ) {}

  onModuleInit(): void {
    // The threads I started: their titles are mine (discussions, and the feedback or comment threads made with my contributions and posts).
    this.registry.register({ section: 'threads', exportFor: (userId) => this.threads.startedBy(userId) });
    this.registry.register({ section: 'messages', exportFor: (userId) => this.messages.writtenBy(userId) });
    // My feedback on contributions: the messages of mine in their feedback threads, by contribution.
    this.registry.register({ section: 'feedback', exportFor: (userId) => this.messages.feedbackBy(userId) });
    this.registry.register({
      section: 'readPositions',
      exportFor: (userId) => this.reads.exportFor(userId),
      eraseFor: (userId, manager) => this.reads.eraseFor(userId, manager),
    });
  }
}
