import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig, AuthGuard, CoreModule } from '@kennisplein/core';
import { COMMUNITY_SCHEMA, CommunityModule } from '@kennisplein/community';
import { DISCUSSIONS_SCHEMA, DiscussionsModule } from '@kennisplein/discussions';
import { IDENTITY_SCHEMA, IdentityModule } from '@kennisplein/identity';
import { KENNISBANK_SCHEMA, KennisbankModule } from '@kennisplein/kennisbank';
import { ReadingRoomController } from './reading-room.controller.js';

/**
 * A host application of its own: accounts, groups, the kennisbank and live discussion from
 * Kennisplein's libs, without content (blogs, files) or notifications, beside a route of its own.
 */
@Module({})
export class HostAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: HostAppModule,
      imports: [
        // The schemas of the libs it mounts: its connections' search_path.
        CoreModule.forRoot(config, { worker: config.WORKER_INLINE, http: true, schemas: [IDENTITY_SCHEMA, COMMUNITY_SCHEMA, DISCUSSIONS_SCHEMA, KENNISBANK_SCHEMA] }),
        // Each reads its settings from the environment; forRoot({ config }) would set them in code.
        IdentityModule.forRoot(),
        CommunityModule.forRoot(),
        DiscussionsModule.forRoot(),
        KennisbankModule.forRoot(),
      ],
      controllers: [ReadingRoomController],
      // Deny by default, as Kennisplein's own api does: routes open up with @Public().
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}
