import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { assertRedisReachable, loadConfig, logLevelsUpTo, prepareDatabase, runMain } from '@kennisplein/core';
import { platformMigrations } from '../../platform.js';
import { WorkerModule } from './worker.module.js';

runMain(async () => {
  const config = loadConfig();
  await prepareDatabase(config.DATABASE_URL, platformMigrations);
  await assertRedisReachable(config.REDIS_URL);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: logLevelsUpTo(config.LOG_LEVEL),
  });
  app.enableShutdownHooks();
  new Logger('Kennisplein').log('worker processing jobs');
});
