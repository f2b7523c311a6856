import type { LibJobs } from '@kennisplein/core';

export enum NotificationsQueue {
  Activity = 'activity',
  Digests = 'digests',
}

export enum NotificationsJob {
  DispatchActivities = 'notifications.dispatch-activities',
  FanOutActivity = 'notifications.fan-out-activity',
  RunDigests = 'notifications.run-digests',
  SendDigest = 'notifications.send-digest',
  SendDigests = 'notifications.send-digests',
}

declare module '@kennisplein/core' {
  interface JobPayloads {
    [NotificationsJob.DispatchActivities]: Record<string, never>;
    [NotificationsJob.FanOutActivity]: { activityId: string };
    [NotificationsJob.RunDigests]: Record<string, never>;
    [NotificationsJob.SendDigest]: { userId: string; period: string; frequency: 'weekly' | 'daily' };
    [NotificationsJob.SendDigests]: { userIds: string[]; period: string; frequency: 'weekly' | 'daily' };
  }
}

/**
 * Notifications' queues and jobs (the handlers are NotificationsProcessor's). A digest job
 * is a batch of readers whose mails go out side by side through the mailer's SMTP pool; a
 * few batches at once keep the pool busy while the next batch is gathered.
 */
export const NOTIFICATIONS_JOBS: LibJobs = {
  queues: [
    { name: NotificationsQueue.Activity, concurrency: 4 },
    { name: NotificationsQueue.Digests, concurrency: 4 },
  ],
  jobs: [
    // The activity log is an outbox: new activities are taken every few seconds (six-field cron: seconds first).
    { name: NotificationsJob.DispatchActivities, queue: NotificationsQueue.Activity, cron: '*/3 * * * * *' },
    { name: NotificationsJob.FanOutActivity, queue: NotificationsQueue.Activity },
    // Every hour on the hour: the users whose own clock says 07:00 get their digest.
    { name: NotificationsJob.RunDigests, queue: NotificationsQueue.Digests, cron: '0 * * * *' },
    // A single reader's digest (a batch of one; jobs enqueued so before batches still run); the runs enqueue batches.
    { name: NotificationsJob.SendDigest, queue: NotificationsQueue.Digests },
    { name: NotificationsJob.SendDigests, queue: NotificationsQueue.Digests },
  ],
};
