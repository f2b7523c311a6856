import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { prepareDatabase, StartupError } from '@kennisplein/core';
import { platformMigrations } from '../apps/platform.js';
import { testDatabaseName, urlOfDatabase } from './support/databases.js';

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
