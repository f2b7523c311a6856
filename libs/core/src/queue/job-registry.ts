import { Injectable } from '@nestjs/common';
import type { JobDefinition, JobName, JobPayloads, LibJobs, QueueDefinition } from './jobs.js';
import { StartupError } from '../startup/startup-error.js';

/** Which try this is: a handler that must record a final failure knows when it is the last. */
export interface JobAttempt {
  attempt: number;
  attempts: number;
  /** When the job was meant to run (a repeatable job's slot), however late it runs. */
  scheduledAt: Date;
}

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], attempt: JobAttempt) => Promise<unknown>;

export type RepeatableJob = JobDefinition & { cron: string };

/**
 * The jobs of this application and who runs them. Each imported lib defines its queues and
 * jobs (JobsModule.forFeature) and its processor registers their handlers when its module
 * initialises; the worker checks at boot that no defined job is left without one. Jobs of
 * libs this application does not import are unknown here: nobody has to run them.
 */
@Injectable()
export class JobRegistry {
  private readonly queues = new Map<string, QueueDefinition>();
  private readonly jobs = new Map<string, JobDefinition>();
  private readonly handlers = new Map<string, JobHandler<JobName>>();

  /** A lib imported twice brings the same definitions twice: kept once. Two different ones of one name are a fault. */
  define(lib: LibJobs): void {
    for (const queue of lib.queues) defineOnce(this.queues, queue.name, queue, 'Queue');
    for (const job of lib.jobs) defineOnce(this.jobs, job.name, job, 'Job');
  }

  register<N extends JobName>(name: N, handler: JobHandler<N>): void {
    if (!this.jobs.has(name)) throw new Error(`Job ${name} is not defined: register its lib's jobs with JobsModule.forFeature`);
    if (this.handlers.has(name)) throw new Error(`Job ${name} already has a handler`);
    this.handlers.set(name, handler as JobHandler<JobName>);
  }

  handlerOf(name: string): JobHandler<JobName> | undefined {
    return this.handlers.get(name);
  }

  /** The queue a job runs on; a job no imported lib defines cannot be enqueued here. */
  queueOf(name: JobName): string {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`Job ${name} is not defined in this application: import the module of the lib that owns it`);
    return job.queue;
  }

  queueDefinitions(): QueueDefinition[] {
    return [...this.queues.values()];
  }

  repeatableJobs(): RepeatableJob[] {
    return [...this.jobs.values()].filter((job): job is RepeatableJob => job.cron !== undefined);
  }

  assertEveryJobHasAHandler(): void {
    const missing = [...this.jobs.keys()].filter((name) => !this.handlers.has(name));
    if (missing.length > 0) {
      throw new StartupError(`No handler for job(s) ${missing.join(', ')}: import the module that processes them.`);
    }
    const homeless = [...this.jobs.values()].filter((job) => !this.queues.has(job.queue));
    if (homeless.length > 0) {
      throw new StartupError(`Job(s) ${homeless.map((job) => `${job.name} (queue ${job.queue})`).join(', ')} run on a queue no imported lib declares.`);
    }
  }
}

function defineOnce<T>(definitions: Map<string, T>, name: string, definition: T, kind: string): void {
  const existing = definitions.get(name);
  if (existing !== undefined && existing !== definition) throw new Error(`${kind} ${name} is defined twice`);
  definitions.set(name, definition);
}
