import { Injectable, OnModuleInit } from '@nestjs/common';
import { PersonalDataRegistry } from '@kennisplein/core';
import { MessagesService } from './messages/messages.service.js';

/** Discussions' part of the data export. Messages stay when an account is deleted (shown as from a deleted user). */
@Injectable()
export class DiscussionsPersonalData implements OnModuleInit {
  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly messages: MessagesService,
  ) {}

  onModuleInit(): void {
    this.registry.register({ section: 'messages', exportFor: (userId) => this.messages.exportFor(userId) });
  }
}
