import { DynamicModule, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, CoreModule } from '@kennisplein/core';
import { CommunityModule } from '@kennisplein/community';
import { ContentModule } from '@kennisplein/content';
import { DiscussionsModule } from '@kennisplein/discussions';
import { IdentityModule } from '@kennisplein/identity';
import { KennisbankModule } from '@kennisplein/kennisbank';
import { NotificationsModule } from '@kennisplein/notifications';
import { platformSchemas } from '../../platform.js';

@Injectable()
class ShutdownLog implements OnApplicationShutdown {
  onApplicationShutdown(signal?: string): void {
    new Logger('Kennisplein').log(`worker stopped${signal ? ` on ${signal}` : ''}`);
  }
}

/**
 * The worker process: Bull processors only, no HTTP. It runs the jobs of the libs it
 * imports (and refuses to boot when one of their jobs has no handler). The kennisbank has
 * no jobs, but its verbs are in the digests this worker sends: every lib that records
 * activities is imported, so each line is told in its lib's words.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config, { worker: true, http: false, schemas: platformSchemas }),
        IdentityModule.forRoot(),
        // Content's files sit in community's groups and discussions' threads: their settings too.
        CommunityModule.forRoot(),
        DiscussionsModule.forRoot(),
        // No jobs, but its verbs are in the digests this worker sends.
        KennisbankModule.forRoot(),
        ContentModule.forRoot(),
        NotificationsModule.forRoot(),
      ],
      providers: [ShutdownLog],
    };
  }
}
