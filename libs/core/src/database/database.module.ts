import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';

/**
 * The TypeORM data source of the application. Libs register their own entities with
 * TypeOrmModule.forFeature (autoLoadEntities). The schema comes only from migrations,
 * which the apps run before Nest starts (prepareDatabase).
 */
@Module({
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
        extra: { max: config.DATABASE_POOL_SIZE, connectionTimeoutMillis: 5_000 },
      }),
    }),
  ],
})
export class DatabaseModule {}
