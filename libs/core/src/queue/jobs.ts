import type { JobOptions } from 'bull';
import type { OutgoingMail } from '../mail/mailer.js';

/** Core's own queue: mail goes out through it, whichever lib sends it. */
export enum CoreQueue {
  Mail = 'mail',
}

/** Core's own job. */
export enum CoreJob {
  SendMail = 'core.send-mail',
}

/**
 * The payload each job carries, by job name. Core declares its own job here; each lib adds
 * its jobs in a file of its own (`declare module '@kennisplein/core' { interface JobPayloads
 * { ... } }`), beside the definitions it registers with `JobsModule.forFeature`.
 */
export interface JobPayloads {
  [CoreJob.SendMail]: { mail: OutgoingMail };
}

/** A job of any lib in the program. */
export type JobName = keyof JobPayloads & string;

/** A Bull queue, declared by the lib that owns it. */
export interface QueueDefinition {
  name: string;
  /** Jobs of this queue run at once per process. */
  concurrency: number;
}

export interface JobDefinition {
  name: JobName;
  /** The queue it runs on: one its lib declares, or one of a lib below it (core's mail queue). */
  queue: string;
  /** A repeatable job: the worker schedules it itself with this cron line (server time, UTC in production). */
  cron?: string;
}

/** What one lib brings to the queues: registered with `JobsModule.forFeature`. */
export interface LibJobs {
  queues: QueueDefinition[];
  jobs: JobDefinition[];
}

export const CORE_JOBS: LibJobs = {
  queues: [{ name: CoreQueue.Mail, concurrency: 4 }],
  jobs: [{ name: CoreJob.SendMail, queue: CoreQueue.Mail }],
};

/** Defaults for every job: retried with exponential backoff, finished jobs kept for a while to inspect. */
export const DEFAULT_JOB_OPTIONS: JobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: 1_000,
  removeOnFail: 5_000,
};
