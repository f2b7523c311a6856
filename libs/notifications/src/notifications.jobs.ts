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
}

declare module '@kennisplein/core' {
  interface JobPayloads {
    [NotificationsJob.DispatchActivities]: Record<string, never>;
    [NotificationsJob.FanOutActivity]: { activityId: string };
    [NotificationsJob.RunDigests]: Record<string, never>;
    [NotificationsJob.SendDigest]: { userId: string; period: string; frequency: 'weekly' | 'daily' };
  }
}

/**
 * Notifications' queues and jobs (the handlers are NotificationsProcessor's). Digest jobs
 * mostly wait on SMTP and PostgreSQL, so many run side by side.
 */
export const NOTIFICATIONS_JOBS: LibJobs = {
  queues: [
    { name: NotificationsQueue.Activity, concurrency: 4 },
    { name: NotificationsQueue.Digests, concurrency: 16 },
  ],
  jobs: [
    // The activity log is an outbox: new activities are taken every few seconds (six-field cron: seconds first).
    { name: NotificationsJob.DispatchActivities, queue: NotificationsQueue.Activity, cron: '*/3 * * * * *' },
    { name: NotificationsJob.FanOutActivity, queue: NotificationsQueue.Activity },
    // Every hour on the hour: the users whose own clock says 07:00 get their digest.
    { name: NotificationsJob.RunDigests, queue: NotificationsQueue.Digests, cron: '0 * * * *' },
    { name: NotificationsJob.SendDigest, queue: NotificationsQueue.Digests },
  ],
};
