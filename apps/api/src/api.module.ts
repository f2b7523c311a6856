import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig, AuthGuard, CoreModule } from '@kennisplein/core';
import { CommunityModule } from '@kennisplein/community';
import { ContentModule } from '@kennisplein/content';
import { DiscussionsModule } from '@kennisplein/discussions';
import { IdentityModule } from '@kennisplein/identity';
import { KennisbankModule } from '@kennisplein/kennisbank';
import { NotificationsModule } from '@kennisplein/notifications';
import { WebClientModule } from './web-client.module.js';
import { platformSchemas } from '../../platform.js';

/** The HTTP process: every lib's routes, the web client at `/`, and the job processors when the worker runs inline. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [CoreModule.forRoot(config, { worker: config.WORKER_INLINE, http: true, schemas: platformSchemas }), IdentityModule, CommunityModule, DiscussionsModule, KennisbankModule, ContentModule, NotificationsModule, WebClientModule.forRoot(config.WEB_DIR)],
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}
