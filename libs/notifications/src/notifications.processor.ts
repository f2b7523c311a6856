import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobName, JobRegistry, PersonalDataRegistry } from '@kennisplein/core';
import { NotificationsService } from './notifications/notifications.service.js';

/** Notifications' jobs (each handler only calls a service), and its part of the data export. */
@Injectable()
export class NotificationsProcessor implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly personalData: PersonalDataRegistry,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.registry.register(JobName.DispatchActivities, async () => ({ dispatched: await this.notifications.dispatch() }));
    this.registry.register(JobName.FanOutActivity, ({ activityId }) => this.notifications.fanOut(activityId));
    this.personalData.register({
      section: 'notifications',
      exportFor: (userId) => this.notifications.exportFor(userId),
      eraseFor: async (userId, manager) => {
        await manager.query(`DELETE FROM notifications WHERE user_id = $1`, [userId]);
        await manager.query(`DELETE FROM group_mutes WHERE user_id = $1`, [userId]);
      },
    });
  }
}
