import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';
import { listenForConnectionErrors } from './pooled-connections.js';
import { searchPathOption } from './schemas.js';

/**
 * The TypeORM data source of the application. Libs register their own entities with
 * TypeOrmModule.forFeature (autoLoadEntities). The schema comes only from migrations,
 * which the apps run before Nest starts (prepareDatabase).
 */
@Module({})
export class DatabaseModule {
  /** `libSchemas`: the schemas of the app's libs, for the connections' search_path. */
  static forRoot(libSchemas: readonly string[]): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            type: 'postgres' as const,
            url: config.DATABASE_URL,
            autoLoadEntities: true,
            synchronize: false,
            migrationsRun: false,
            // Errors reach the exception filter, which logs the unexpected ones; TypeORM would also log expected ones (unique violations).
            logging: false,
            extra: {
              max: config.DATABASE_POOL_SIZE,
              connectionTimeoutMillis: 5_000,
              options: searchPathOption(libSchemas),
              onConnect: listenForConnectionErrors,
            },
          }),
        }),
      ],
    };
  }
}
