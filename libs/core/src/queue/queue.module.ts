import { DynamicModule, Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bull';
import { AppConfig } from '../config/app-config.js';
import { JobQueue } from './job-queue.js';
import { JobRegistry } from './job-registry.js';
import { JobWorker } from './job-worker.js';
import { DEFAULT_JOB_OPTIONS, QueueName } from './jobs.js';

/**
 * Bull on Redis. Every process can enqueue; only a process with `worker: true`
 * (apps/worker, or the api with WORKER_INLINE) processes jobs.
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
        BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
      ],
      providers: [JobQueue, JobRegistry, ...(options.worker ? [JobWorker] : [])],
      exports: [JobQueue, JobRegistry, BullModule],
    };
  }
}
