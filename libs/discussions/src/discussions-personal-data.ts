import { Injectable, OnModuleInit } from '@nestjs/common';
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
  ) {}

  onModuleInit(): void {
    this.registry.register({ section: 'messages', exportFor: (userId) => this.messages.exportFor(userId) });
    this.registry.register({
      section: 'readPositions',
      exportFor: (userId) => this.reads.exportFor(userId),
      eraseFor: (userId, manager) => this.reads.eraseFor(userId, manager),
    });
  }
}
