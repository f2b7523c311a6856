import { DynamicModule, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, CoreModule } from '@kennisplein/core';
import { CommunityModule } from '@kennisplein/community';
import { ContentModule } from '@kennisplein/content';
import { DiscussionsModule } from '@kennisplein/discussions';
import { IdentityModule } from '@kennisplein/identity';
import { NotificationsModule } from '@kennisplein/notifications';
import { platformSchemas } from '../../platform.js';

@Injectable()
class ShutdownLog implements OnApplicationShutdown {
  onApplicationShutdown(signal?: string): void {
    new Logger('Kennisplein').log(`worker stopped${signal ? ` on ${signal}` : ''}`);
  }
}

/** The worker process: Bull processors only, no HTTP. Every lib with jobs is imported here. */
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
        ContentModule.forRoot(),
        NotificationsModule.forRoot(),
      ],
      providers: [ShutdownLog],
    };
  }
}
