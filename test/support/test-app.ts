import { Test } from '@nestjs/testing';
import { AbstractLoader, ExpressLoader } from '@nestjs/serve-static';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { AppConfig, configureHttpApp, loadConfig } from '@kennisplein/core';
import { type ApiFeatures, ApiModule } from '../../apps/api/src/api.module.js';
import { createTestDatabase, TEST_NAMESPACE } from './databases.js';

export const V1 = '/api/v1';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  databaseUrl: string;
  /** supertest against this app's HTTP server */
  http(): ReturnType<typeof request>;
  /** Listens on a loopback port, a free one unless given (for socket clients); answers the base URL. */
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
}

/** Settings for tests: cheap argon2 parameters, a key prefix of this app's own in Redis. */
export function testEnv(databaseUrl: string, env: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `${TEST_NAMESPACE}-test:${randomBytes(6).toString('hex')}`,
    PASSWORD_HASH_MEMORY_KIB: '1024',
    PASSWORD_HASH_ITERATIONS: '1',
    WORKER_INLINE: 'false',
    LOG_LEVEL: 'error',
    SAMPLE_DOCUMENTS_DIR: '',
    // The suites register hundreds of accounts from 127.0.0.1; the limit has a test of its own.
    REGISTER_MAX_PER_IP: '1000000',
    // Many suites post fast as one user; the per-user posting limit has tests of its own.
    POSTS_PER_USER_LIMIT: '1000000',
    // Searches and uploads have their limits tested on their own (test/hardening.e2e-spec.ts).
    SEARCH_RATE_LIMIT: '1000000',
    UPLOAD_RATE_LIMIT: '1000000',
    ...env,
  };
}

/**
 * The api as `npm start` builds it (same module, same HTTP setup), on a fresh database
 * copied from the migrated template, against the machine's real PostgreSQL and Redis.
 * `features` are the feature modules' forRoot options (settings in code, content's storage).
 */
export async function createTestApp(options: { env?: Record<string, string>; databaseUrl?: string; features?: ApiFeatures } = {}): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  const config = loadConfig(testEnv(databaseUrl, options.env));
  // serve-static picks its loader from the HTTP adapter while the module compiles; a testing
  // module compiles before it has one, so the Express loader is named here (as main.ts gets it).
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule.forRoot(config, options.features)] })
    .overrideProvider(AbstractLoader)
    .useClass(ExpressLoader)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error'] });
  await configureHttpApp(app);
  await app.init();
  return {
    app,
    config,
    databaseUrl,
    http: () => request(app.getHttpServer()),
    listen: async (port = 0) => {
      await app.listen(port, '127.0.0.1');
      return (await app.getUrl()).replace('[::1]', '127.0.0.1');
    },
    close: () => app.close(),
  };
}
