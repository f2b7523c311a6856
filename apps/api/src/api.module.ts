import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig, AuthGuard, CoreModule, type FeatureOptions } from '@kennisplein/core';
import { type CommunityConfig, CommunityModule } from '@kennisplein/community';
import { ContentModule, type ContentModuleOptions } from '@kennisplein/content';
import { type DiscussionsConfig, DiscussionsModule } from '@kennisplein/discussions';
import { type IdentityConfig, IdentityModule } from '@kennisplein/identity';
import { type KennisbankConfig, KennisbankModule } from '@kennisplein/kennisbank';
import { type NotificationsConfig, NotificationsModule } from '@kennisplein/notifications';
import { WebClientConfig } from './web-client.config.js';
import { WebClientModule } from './web-client.module.js';
import { platformSchemas } from '../../platform.js';

/** Options for the feature modules, by lib; unset: each reads its settings from the environment. */
export interface ApiFeatures {
  identity?: FeatureOptions<IdentityConfig>;
  community?: FeatureOptions<CommunityConfig>;
  discussions?: FeatureOptions<DiscussionsConfig>;
  kennisbank?: FeatureOptions<KennisbankConfig>;
  content?: ContentModuleOptions;
  notifications?: FeatureOptions<NotificationsConfig>;
}

/** The HTTP process: every lib's routes, the web client at `/`, and the job processors when the worker runs inline. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, features: ApiFeatures = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        CoreModule.forRoot(config, { worker: config.WORKER_INLINE, http: true, schemas: platformSchemas }),
        IdentityModule.forRoot(features.identity),
        CommunityModule.forRoot(features.community),
        DiscussionsModule.forRoot(features.discussions),
        KennisbankModule.forRoot(features.kennisbank),
        ContentModule.forRoot(features.content),
        NotificationsModule.forRoot(features.notifications),
        WebClientModule.forRoot(config.section(WebClientConfig).WEB_DIR),
      ],
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}
