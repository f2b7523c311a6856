import type { Job } from 'bull';
import { JobQueue } from '@kennisplein/core';
import { NotificationsJob, NotificationsQueue } from '@kennisplein/notifications';
import type { TestApp } from './test-app.js';

/**
 * The digest job of a period that carries this reader: a run enqueues readers in batches,
 * a job each (jobId `period:…`); a job of one reader has the jobId `period:userId`. Null
 * when there is none.
 */
export async function digestJobOf(t: TestApp, period: string, userId: string): Promise<Job | null> {
  const queue = t.app.get(JobQueue).queue(NotificationsQueue.Digests);
  const single = await queue.getJob(`${period}:${userId}`);
  if (single) return single;
  const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed', 'paused']);
  return (
    jobs.find(
      (job) =>
        job?.name === (NotificationsJob.SendDigests as string) &&
        String(job.id).startsWith(`${period}:`) &&
        (job.data as { userIds: string[] }).userIds.includes(userId),
    ) ?? null
  );
}
