import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PersonalDataRegistry } from '@kennisplein/core';
import { DigestsRepository } from './digests/digests.repository.js';
import { MutesRepository } from './mutes/mutes.repository.js';
import { NotificationsRepository } from './notifications/notifications.repository.js';

/**
 * Notifications' part of the data export: my notifications, the groups I muted and the
 * digests sent to me. All of it is erased with the account (with the first section).
 */
@Injectable()
export class NotificationsPersonalData implements OnModuleInit {
  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly notifications: NotificationsRepository,
    private readonly mutes: MutesRepository,
    private readonly digests: DigestsRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      section: 'notifications',
      exportFor: (userId) => this.notifications.exportOf(userId),
      eraseFor: async (userId, manager) => {
        await this.digests.eraseFor(manager, userId);
        await this.notifications.eraseFor(manager, userId);
        await this.mutes.eraseFor(manager, userId);
      },
    });
    this.registry.register({ section: 'mutes', exportFor: (userId) => this.mutes.exportOf(userId) });
    this.registry.register({ section: 'digests', exportFor: (userId) => this.digests.exportOf(userId) });
  }
}
