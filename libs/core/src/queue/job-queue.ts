import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bull';
import type { Job, JobOptions, Queue } from 'bull';
import { JobRegistry } from './job-registry.js';
import type { JobName, JobPayloads } from './jobs.js';

/** Enqueues jobs by name; the queue follows from the job's definition. */
@Injectable()
export class JobQueue {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly registry: JobRegistry,
  ) {}

  queue(name: string): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }

  /** Pass a jobId to make the enqueue idempotent: Bull ignores a second job with the same id. */
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: JobOptions = {}): Promise<Job> {
    return this.queue(this.registry.queueOf(name)).add(name, payload, options);
  }
}
