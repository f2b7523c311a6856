import { Injectable } from '@nestjs/common';
import { JobName, type JobPayloads } from './jobs.js';
import { StartupError } from '../startup/startup-error.js';

/** Which try this is: a handler that must record a final failure knows when it is the last. */
export interface JobAttempt {
  attempt: number;
  attempts: number;
  /** When the job was meant to run (a repeatable job's slot), however late it runs. */
  scheduledAt: Date;
}

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], attempt: JobAttempt) => Promise<unknown>;

/**
 * Which handler runs which job. Each lib's processor registers its handlers when its
 * module initialises; the worker checks at boot that no job is left without one.
 */
@Injectable()
export class JobRegistry {
  private readonly handlers = new Map<JobName, JobHandler<JobName>>();

  register<N extends JobName>(name: N, handler: JobHandler<N>): void {
    if (this.handlers.has(name)) throw new Error(`Job ${name} already has a handler`);
    this.handlers.set(name, handler as JobHandler<JobName>);
  }

  handlerOf(name: string): JobHandler<JobName> | undefined {
    return this.handlers.get(name as JobName);
  }

  assertEveryJobHasAHandler(): void {
    const missing = Object.values(JobName).filter((name) => !this.handlers.has(name));
    if (missing.length > 0) {
      throw new StartupError(`No handler for job(s) ${missing.join(', ')}: import the module that processes them.`);
    }
  }
}
