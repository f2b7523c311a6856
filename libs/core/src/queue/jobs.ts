import type { JobOptions } from 'bull';
import type { OutgoingMail } from '../mail/mailer.js';

/** Every Bull queue of the platform. */
export enum QueueName {
  Maintenance = 'maintenance',
  Mail = 'mail',
  Files = 'files',
  Activity = 'activity',
  Digests = 'digests',
}

/** Every job of the platform, in one place. The worker refuses to boot when one has no handler. */
export enum JobName {
  PurgeExpiredSessions = 'identity.purge-expired-sessions',
  SendPasswordReset = 'identity.send-password-reset',
  SendMail = 'core.send-mail',
  ExtractFileText = 'content.extract-file-text',
  DispatchActivities = 'notifications.dispatch-activities',
  FanOutActivity = 'notifications.fan-out-activity',
  RunDigests = 'notifications.run-digests',
  SendDigest = 'notifications.send-digest',
}

/** The payload each job carries. */
export interface JobPayloads {
  [JobName.PurgeExpiredSessions]: Record<string, never>;
  /** Looked up by the worker, so that POST /auth/password/forgot answers alike for known and unknown addresses. */
  [JobName.SendPasswordReset]: { email: string };
  [JobName.SendMail]: { mail: OutgoingMail };
  [JobName.ExtractFileText]: { fileId: string };
  [JobName.DispatchActivities]: Record<string, never>;
  [JobName.FanOutActivity]: { activityId: string };
  [JobName.RunDigests]: Record<string, never>;
  [JobName.SendDigest]: { userId: string; period: string; frequency: 'weekly' | 'daily' };
}

export const QUEUE_OF: Record<JobName, QueueName> = {
  [JobName.PurgeExpiredSessions]: QueueName.Maintenance,
  [JobName.SendPasswordReset]: QueueName.Mail,
  [JobName.SendMail]: QueueName.Mail,
  [JobName.ExtractFileText]: QueueName.Files,
  [JobName.DispatchActivities]: QueueName.Activity,
  [JobName.FanOutActivity]: QueueName.Activity,
  [JobName.RunDigests]: QueueName.Digests,
  [JobName.SendDigest]: QueueName.Digests,
};

/** Jobs that the worker schedules itself, with their cron line (server time, UTC in production). */
export const REPEATABLE_JOBS: Partial<Record<JobName, string>> = {
  [JobName.PurgeExpiredSessions]: '17 3 * * *',
  // The activity log is an outbox: new activities are taken every few seconds (six-field cron: seconds first).
  [JobName.DispatchActivities]: '*/3 * * * * *',
  // Every hour on the hour: the users whose own clock says 07:00 get their digest.
  [JobName.RunDigests]: '0 * * * *',
};

/**
 * Jobs run at once per queue and process. Digest jobs mostly wait on SMTP and PostgreSQL,
 * so many run side by side; the others stay modest.
 */
export const QUEUE_CONCURRENCY: Record<QueueName, number> = {
  [QueueName.Maintenance]: 1,
  [QueueName.Mail]: 4,
  [QueueName.Files]: 2,
  [QueueName.Activity]: 4,
  [QueueName.Digests]: 16,
};

/** Defaults for every job: retried with exponential backoff, finished jobs kept for a while to inspect. */
export const DEFAULT_JOB_OPTIONS: JobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: 1_000,
  removeOnFail: 5_000,
};
