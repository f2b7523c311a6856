import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, CoreModule } from '@kennisplein/core';
import { IdentityModule } from '@kennisplein/identity';

/** The worker process: Bull processors only, no HTTP. Every lib with jobs is imported here. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config, { worker: true, http: false }), IdentityModule],
    };
  }
}
