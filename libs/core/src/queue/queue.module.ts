import { DynamicModule, Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bull';
import { AppConfig } from '../config/app-config.js';
import { JobQueue } from './job-queue.js';
import { JobRegistry } from './job-registry.js';
import { JobWorker } from './job-worker.js';
import { DEFAULT_JOB_OPTIONS, type LibJobs } from './jobs.js';

/**
 * Bull on Redis. Every process can enqueue; only a process with `worker: true`
 * (apps/worker, or the api with WORKER_INLINE) processes jobs. The queues and jobs
 * come from the libs, each through JobsModule.forFeature.
 */
@Global()
@Module({})
export class QueueModule {
  static forRoot(options: { worker: boolean }): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            redis: config.REDIS_URL,
            prefix: `${config.REDIS_PREFIX}:bull`,
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
            // A dead worker's jobs go back to the queue once its lock lapses.
            settings: { lockDuration: config.JOB_LOCK_SECONDS * 1000, stalledInterval: config.JOB_LOCK_SECONDS * 1000 },
          }),
        }),
      ],
      providers: [JobQueue, JobRegistry, ...(options.worker ? [JobWorker] : [])],
      exports: [JobQueue, JobRegistry, BullModule],
    };
  }
}

/**
 * A lib's queues and jobs, as TypeOrmModule.forFeature is its entities: the lib's module
 * imports `JobsModule.forFeature(ITS_JOBS)`, so this application knows exactly the jobs of
 * the libs it imports (and its worker runs them).
 */
@Module({})
export class JobsModule {
  static forFeature(jobs: LibJobs): DynamicModule {
    return {
      module: JobsModule,
      imports: jobs.queues.length > 0 ? [BullModule.registerQueue(...jobs.queues.map(({ name }) => ({ name })))] : [],
      providers: [
        {
          provide: Symbol(`jobs ${jobs.jobs.map((job) => job.name).join(', ')}`),
          inject: [JobRegistry],
          useFactory: (registry: JobRegistry) => {
            registry.define(jobs);
            return jobs;
          },
        },
      ],
    };
  }
}
