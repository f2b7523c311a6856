import { afterEach, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { REDIS, type RedisClient } from '@kennisplein/core';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

describe('GET /health when a part is down', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close().catch(() => undefined);
  });

  it('answers 503 naming the database when PostgreSQL does not answer', async () => {
    t = await createTestApp();
    await t.app.get(DataSource).destroy();
    const response = await t.http().get(`${V1}/health`).set('Accept-Language', 'en');
    expect(response.status).toBe(503);
    expect(response.body).toEqual({
      statusCode: 503,
      code: 'health.down',
      error: 'Service Unavailable',
      status: 'down',
      db: 'down',
      redis: 'up',
      message: 'database (PostgreSQL) not answering',
    });
  });

  it('answers 503 naming Redis when Redis does not answer', async () => {
    t = await createTestApp();
    t.app.get<RedisClient>(REDIS).destroy();
    const response = await t.http().get(`${V1}/health`);
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ code: 'health.down', status: 'down', db: 'up', redis: 'down', message: 'Geen antwoord van Redis' });
  });
});
