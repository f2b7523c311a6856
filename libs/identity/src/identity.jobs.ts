import { CoreQueue, type LibJobs } from '@kennisplein/core';

export enum IdentityQueue {
  Maintenance = 'maintenance',
}

export enum IdentityJob {
  PurgeExpiredSessions = 'identity.purge-expired-sessions',
  SendPasswordReset = 'identity.send-password-reset',
}

declare module '@kennisplein/core' {
  interface JobPayloads {
    [IdentityJob.PurgeExpiredSessions]: Record<string, never>;
    /** Looked up by the worker, so that POST /auth/password/forgot answers alike for known and unknown addresses. */
    [IdentityJob.SendPasswordReset]: { email: string };
  }
}

/** Identity's queues and jobs (the handlers are IdentityProcessor's). */
export const IDENTITY_JOBS: LibJobs = {
  queues: [{ name: IdentityQueue.Maintenance, concurrency: 1 }],
  jobs: [
    { name: IdentityJob.PurgeExpiredSessions, queue: IdentityQueue.Maintenance, cron: '17 3 * * *' },
    { name: IdentityJob.SendPasswordReset, queue: CoreQueue.Mail },
  ],
};
