import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bull';
import { JobQueue } from './job-queue.js';
import { JobRegistry } from './job-registry.js';
import { JobName, QUEUE_CONCURRENCY, QueueName, REPEATABLE_JOBS, QUEUE_OF } from './jobs.js';

/**
 * Runs the Bull processors of this process: one processor per queue that hands each
 * job to its registered handler. Present in apps/worker, and in the api when the
 * worker runs inline.
 */
@Injectable()
export class JobWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger('JobWorker');

  constructor(
    private readonly registry: JobRegistry,
    private readonly jobs: JobQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.registry.assertEveryJobHasAHandler();
    for (const queueName of Object.values(QueueName)) {
      const queue = this.jobs.queue(queueName);
      void queue.process('*', QUEUE_CONCURRENCY[queueName], (job: Job) => this.run(job));
      queue.on('failed', (job: Job, error: Error) =>
        this.logger.warn(`${job.name} (${job.id}) failed, attempt ${job.attemptsMade}: ${error.message}`),
      );
    }
    for (const [name, cron] of Object.entries(REPEATABLE_JOBS)) {
      const jobName = name as JobName;
      // Same name and cron give the same repeat key: re-adding at every boot schedules it once.
      await this.jobs.queue(QUEUE_OF[jobName]).add(jobName, {}, { repeat: { cron }, jobId: jobName });
    }
  }

  private async run(job: Job): Promise<unknown> {
    const handler = this.registry.handlerOf(job.name);
    if (!handler) throw new Error(`No handler for job ${job.name}`);
    return handler(job.data as never, {
      attempt: job.attemptsMade + 1,
      attempts: job.opts.attempts ?? 1,
      scheduledAt: new Date(job.timestamp + (job.opts.delay ?? 0)),
    });
  }
}
