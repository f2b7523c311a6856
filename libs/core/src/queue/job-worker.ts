import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { JobQueue } from './job-queue.js';
import { JobRegistry } from './job-registry.js';

/**
 * Runs the Bull processors of this process: one processor per queue of the imported libs
 * that hands each job to its registered handler. Present in apps/worker, and in the api
 * when the worker runs inline.
 */
@Injectable()
export class JobWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger('JobWorker');
  /** The jobs this process is running: handed back if they outlast a shutdown's grace period. */
  private readonly active = new Set<Job>();

  constructor(
    private readonly registry: JobRegistry,
    private readonly jobs: JobQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.registry.assertEveryJobHasAHandler();
    for (const { name, concurrency } of this.registry.queueDefinitions()) {
      const queue = this.jobs.queue(name);
      void queue.process('*', concurrency, (job: Job) => this.run(job));
      queue.on('failed', (job: Job, error: Error) =>
        this.logger.warn(`${job.name} (${job.id}) failed, attempt ${job.attemptsMade}: ${error.message}`),
      );
    }
    const queues = new Set(this.registry.repeatableJobs().map((job) => job.queue));
    for (const queueName of queues) {
      const queue = this.jobs.queue(queueName);
      await this.scheduleRepeatable(queueName);
      // A Redis that comes back empty (restarted without its data) has lost the schedules:
      // each reconnect schedules them again (the same repeat key: never twice).
      queue.client.on('ready', () => {
        this.scheduleRepeatable(queueName).catch((error: Error) => this.logger.warn(`re-scheduling after reconnect: ${error.message}`));
      });
    }
  }

  private async scheduleRepeatable(queueName: string): Promise<void> {
    for (const { name, queue, cron } of this.registry.repeatableJobs()) {
      // Same name and cron give the same repeat key: re-adding at every boot schedules it once.
      if (queue === queueName) await this.jobs.queue(queueName).add(name, {}, { repeat: { cron }, jobId: name });
    }
  }

  /**
   * Part of a graceful shutdown: takes no new jobs and waits for the running ones until the
   * deadline. A job still running then is handed back (its lock released), so another
   * worker takes it up at its next stalled-job check; the queues are closed either way.
   */
  async drain(deadline: number): Promise<void> {
    const queues: Queue[] = this.registry.queueDefinitions().map(({ name }) => this.jobs.queue(name));
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      Promise.all(queues.map((queue) => queue.pause(true))).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now())))),
    ]);
    clearTimeout(timer);
    if (!finished) {
      this.logger.warn(`${this.active.size} job(s) still running at the end of the grace period: handed back to the queue`);
      await Promise.all([...this.active].map((job) => job.releaseLock().catch(() => undefined)));
    }
    await Promise.all(queues.map((queue) => queue.close(!finished)));
  }

  private async run(job: Job): Promise<unknown> {
    const handler = this.registry.handlerOf(job.name);
    if (!handler) throw new Error(`No handler for job ${job.name}`);
    this.active.add(job);
    try {
      return await handler(job.data as never, {
        attempt: job.attemptsMade + 1,
        attempts: job.opts.attempts ?? 1,
        scheduledAt: new Date(job.timestamp + (job.opts.delay ?? 0)),
      });
    } finally {
      this.active.delete(job);
    }
  }
}
