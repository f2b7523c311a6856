import { DynamicModule, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, CoreModule } from '@kennisplein/core';
import { ContentModule } from '@kennisplein/content';
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
      imports: [CoreModule.forRoot(config, { worker: true, http: false, schemas: platformSchemas }), IdentityModule, KennisbankModule, ContentModule, NotificationsModule],
      providers: [ShutdownLog],
    };
  }
}
