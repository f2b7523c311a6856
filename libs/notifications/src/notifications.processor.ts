import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '@kennisplein/core';
import { DigestsService } from './digests/digests.service.js';
import { NotificationsJob } from './notifications.jobs.js';
import { NotificationsService } from './notifications/notifications.service.js';

/** Notifications' jobs: each handler only calls a service. */
@Injectable()
export class NotificationsProcessor implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly notifications: NotificationsService,
    private readonly digests: DigestsService,
  ) {}

  onModuleInit(): void {
    this.registry.register(NotificationsJob.DispatchActivities, async () => ({ dispatched: await this.notifications.dispatch() }));
    this.registry.register(NotificationsJob.FanOutActivity, ({ activityId }) => this.notifications.fanOut(activityId));
    // The hour the run was scheduled for: a run that starts late (a worker restarted) still serves its hour.
    this.registry.register(NotificationsJob.RunDigests, (_payload, { scheduledAt }) => this.digests.runScheduled(startOfHour(scheduledAt)));
    this.registry.register(NotificationsJob.SendDigest, ({ userId, period, frequency }, attempt) => this.digests.send(userId, period, frequency, attempt));
    this.registry.register(NotificationsJob.SendDigests, async ({ userIds, period, frequency }, attempt) =>
      DigestsService.count(await this.digests.sendBatch(userIds, period, frequency, attempt)),
    );
  }
}

function startOfHour(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
}
