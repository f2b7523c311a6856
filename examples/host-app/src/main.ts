import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { assertRedisReachable, configureHttpApp, loadConfig, logLevelsUpTo, prepareDatabase, runMain } from '@kennisplein/core';
import { hostMigrations } from './host-migrations.js';
import { HostAppModule } from './host-app.module.js';

runMain(async () => {
  const config = loadConfig();
  await prepareDatabase(config.DATABASE_URL, hostMigrations);
  await assertRedisReachable(config.REDIS_URL);
  const app = await NestFactory.create<NestExpressApplication>(HostAppModule.forRoot(config), {
    logger: logLevelsUpTo(config.LOG_LEVEL),
  });
  await configureHttpApp(app);
  await app.listen(config.PORT);
  new Logger('HostApp').log(`host app on http://localhost:${config.PORT}/api/v1/reading-room`);
});
