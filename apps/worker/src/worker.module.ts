import { DynamicModule, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, CoreModule } from '@kennisplein/core';
import { ContentModule } from '@kennisplein/content';
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
      imports: [CoreModule.forRoot(config, { worker: true, http: false, schemas: platformSchemas }), IdentityModule, ContentModule, NotificationsModule],
      providers: [ShutdownLog],
    };
  }
}
