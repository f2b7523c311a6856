import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry, PersonalDataRegistry } from '@kennisplein/core';
import { NotificationsJob } from './notifications.jobs.js';
import { DigestsService } from './digests/digests.service.js';
import { NotificationsService } from './notifications/notifications.service.js';

/** Notifications' jobs (each handler only calls a service), and its part of the data export. */
@Injectable()
export class NotificationsProcessor implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly personalData: PersonalDataRegistry,
    private readonly notifications: NotificationsService,
    private readonly digests: DigestsService,
  ) {}

  onModuleInit(): void {
    this.registry.register(NotificationsJob.DispatchActivities, async () => ({ dispatched: await this.notifications.dispatch() }));
    this.registry.register(NotificationsJob.FanOutActivity, ({ activityId }) => this.notifications.fanOut(activityId));
    // The hour the run was scheduled for: a run that starts late (a worker restarted) still serves its hour.
    this.registry.register(NotificationsJob.RunDigests, (_payload, { scheduledAt }) => this.digests.runScheduled(startOfHour(scheduledAt)));
    this.registry.register(NotificationsJob.SendDigest, ({ userId, period, frequency }, attempt) => this.digests.send(userId, period, frequency, attempt));
    this.personalData.register({
      section: 'notifications',
      exportFor: (userId) => this.notifications.exportFor(userId),
      eraseFor: async (userId, manager) => {
        await manager.query(`DELETE FROM digest_deliveries WHERE user_id = $1`, [userId]);
        await manager.query(`DELETE FROM notifications WHERE user_id = $1`, [userId]);
        await manager.query(`DELETE FROM group_mutes WHERE user_id = $1`, [userId]);
      },
    });
  }
}

function startOfHour(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
}
