import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { prepareDatabase, StartupError } from '@kennisplein/core';
import { platformMigrations } from '../apps/platform.js';
import { testDatabaseName, urlOfDatabase } from './support/databases.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('prepareDatabase', () => {
  it('creates a missing database and migrates it once when three processes start together', async () => {
    const url = urlOfDatabase(testDatabaseName('boot'));
    const runs = await Promise.all([1, 2, 3].map(() => prepareDatabase(url, platformMigrations)));

    expect(runs.map((ran) => ran.length).sort()).toEqual([0, 0, platformMigrations.length]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ count: number }>('SELECT count(*)::int AS count FROM migrations');
    await client.end();
    expect(rows[0].count).toBe(platformMigrations.length);
  });

  it('refuses a database name that is not plain', async () => {
    await expect(prepareDatabase(urlOfDatabase('bad"name'), platformMigrations)).rejects.toThrow(StartupError);
  });
});

describe("the application's connection pool", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('survives PostgreSQL ending a connection the pool has just handed out, before its holder listens for errors', async () => {
    const dataSource = t.app.get(DataSource);
    const pool = (dataSource.driver as PostgresDriver).master as pg.Pool;
    // Straight from the pool: pg-pool no longer listens, and no query runner does yet.
    const client = await pool.connect();
    expect(client.listenerCount('error')).toBe(1);
    const ended = new Promise((resolve) => client.once('end', resolve));
    const pid = (client as unknown as { processID: number }).processID;
    await dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
    // Without a listener of its own, the connection's 'error' event would throw in the socket's handler.
    await ended;
    client.release(true);
    expect(await dataSource.query('SELECT 1 AS answer')).toEqual([{ answer: 1 }]);
  });
});
