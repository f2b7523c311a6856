import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  assertRedisReachable,
  configureHttpApp,
  loadConfig,
  logLevelsUpTo,
  prepareDatabase,
  runMain,
} from '@kennisplein/core';
import { SampleDocuments } from '@kennisplein/kennisbank';
import { platformMigrations } from '../../platform.js';
import { ApiModule } from './api.module.js';

runMain(async () => {
  const config = loadConfig();
  const logger = new Logger('Kennisplein');
  const migrated = await prepareDatabase(config.DATABASE_URL, platformMigrations);
  if (migrated.length > 0) logger.log(`ran migrations: ${migrated.join(', ')}`);
  await assertRedisReachable(config.REDIS_URL);

  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), {
    logger: logLevelsUpTo(config.LOG_LEVEL),
  });
  await configureHttpApp(app);
  await app.listen(config.PORT);
  // After listening: a newcomer's kennisbank fills while the api already answers.
  await app.get(SampleDocuments).importIfEmpty();
  logger.log(
    `Kennisplein on http://localhost:${config.PORT} — API /api/v1, docs /api/docs` +
      (config.WORKER_INLINE ? ', worker inline' : ''),
  );
});
