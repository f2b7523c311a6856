import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  assertRedisReachable,
  exitGracefullyOnSignal,
  JobWorker,
  loadConfig,
  logLevelsUpTo,
  prepareDatabase,
  runMain,
} from '@kennisplein/core';
import { platformMigrations } from '../../platform.js';
import { WorkerModule } from './worker.module.js';

runMain(async () => {
  const config = loadConfig();
  await prepareDatabase(config.DATABASE_URL, platformMigrations);
  await assertRedisReachable(config.REDIS_URL);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: logLevelsUpTo(config.LOG_LEVEL),
  });
  // SIGTERM: the current jobs finish (or go back to the queue), then the process exits 0.
  exitGracefullyOnSignal(app, config.SHUTDOWN_GRACE_SECONDS, (deadline) => app.get(JobWorker).drain(deadline));
  new Logger('Kennisplein').log('worker processing jobs');
});
