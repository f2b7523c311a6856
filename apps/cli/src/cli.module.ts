import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, CoreModule } from '@kennisplein/core';
import { CommunityModule } from '@kennisplein/community';
import { DiscussionsModule } from '@kennisplein/discussions';
import { IdentityModule } from '@kennisplein/identity';
import { KennisbankModule } from '@kennisplein/kennisbank';
import { platformSchemas } from '../../platform.js';

@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        CoreModule.forRoot(config, { worker: false, http: false, schemas: platformSchemas }),
        IdentityModule.forRoot(),
        // The kennisbank's workspaces are community groups with discussion threads: their settings too.
        CommunityModule.forRoot(),
        DiscussionsModule.forRoot(),
        KennisbankModule.forRoot(),
      ],
    };
  }
}
