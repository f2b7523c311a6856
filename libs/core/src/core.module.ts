import { DynamicModule, Global, Module } from '@nestjs/common';
import { ActivityLog } from './activity/activity-log.js';
import { ActivityRepository } from './activity/activity.repository.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DomainEvents } from './events/domain-events.js';
import { Mailer } from './mail/mailer.js';
import { AnonymousCache } from './http/anonymous-cache.js';
import { HealthController } from './health/health.controller.js';
import { HealthRepository } from './health/health.repository.js';
import { MarkdownController } from './markdown/markdown.controller.js';
import { PersonalDataRegistry } from './personal-data/personal-data.registry.js';
import { CORE_JOBS } from './queue/jobs.js';
import { JobsModule, QueueModule } from './queue/queue.module.js';
import { PostingLimit } from './rate-limit/posting-limit.js';
import { RateLimiter } from './rate-limit/rate-limiter.js';
import { RedisModule } from './redis/redis.module.js';

export interface CoreOptions {
  /** Process Bull jobs in this process. */
  worker: boolean;
  /** Serve /health and the markdown preview (HTTP apps). */
  http: boolean;
  /** The PostgreSQL schemas of the app's libs (each lib exports its own): the connections' search_path. */
  schemas: readonly string[];
}

/** The platform's ground floor: config, PostgreSQL, Redis, queues, shared services. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, options: CoreOptions): DynamicModule {
    return {
      module: CoreModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(options.schemas), RedisModule, QueueModule.forRoot({ worker: options.worker }), JobsModule.forFeature(CORE_JOBS)],
      controllers: options.http ? [HealthController, MarkdownController] : [],
      providers: [AnonymousCache, RateLimiter, PostingLimit, PersonalDataRegistry, Mailer, DomainEvents, ActivityRepository, ActivityLog, ...(options.http ? [HealthRepository] : [])],
      exports: [AnonymousCache, RateLimiter, PostingLimit, PersonalDataRegistry, Mailer, DomainEvents, ActivityLog],
    };
  }
}
