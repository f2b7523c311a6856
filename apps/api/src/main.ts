import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  assertRedisReachable,
  configureHttpApp,
  drainHttpServer,
  exitGracefullyOnSignal,
  JobWorker,
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
  const io = await configureHttpApp(app);
  // SIGTERM: the port closes, the sockets are told to reconnect elsewhere, the requests in
  // flight (and an inline worker's jobs) finish, then everything closes and the process exits 0.
  exitGracefullyOnSignal(app, config.SHUTDOWN_GRACE_SECONDS, async (deadline) => {
    const drained = drainHttpServer(app.getHttpServer(), deadline);
    await io.announceShutdown();
    await drained;
    if (config.WORKER_INLINE) await app.get(JobWorker).drain(deadline);
  });
  await app.listen(config.PORT);
  // After listening: a newcomer's kennisbank fills while the api already answers.
  await app.get(SampleDocuments).importIfEmpty();
  logger.log(
    `Kennisplein on http://localhost:${config.PORT} — API /api/v1, docs /api/docs` +
      (config.WORKER_INLINE ? ', worker inline' : ''),
  );
});
