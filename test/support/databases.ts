import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { runMigrations } from '@kennisplein/core';
import { platformMigrations } from '../../apps/platform.js';

/** The server the tests use: TEST_DATABASE_URL's, or the local default. */
const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/**
 * Names of this run's databases and Redis keys start with TEST_NAMESPACE (default kp), so
 * two runs on one machine (two checkouts) never drop each other's databases.
 */
export const TEST_NAMESPACE = process.env.TEST_NAMESPACE ?? 'kp';
/** A database name of this run: `<namespace>_test_<kind>_<random>`. */
export const testDatabaseName = (kind: string) => `${TEST_NAMESPACE}_test_${kind}_${randomBytes(4).toString('hex')}`;
const TEMPLATE_DATABASE = `${TEST_NAMESPACE}_test_template`;
/** Any number; serialises the building of the template across jest workers. */
const TEMPLATE_LOCK = 4_711_003 + [...TEST_NAMESPACE].reduce((sum, char) => sum + char.charCodeAt(0), 0);

export function urlOfDatabase(name: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlOfDatabase('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The first worker to get here builds the template from the migrations; the others wait for it. */
async function ensureTemplate(client: pg.Client): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE_DATABASE]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
      await runMigrations(urlOfDatabase(TEMPLATE_DATABASE), platformMigrations);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
  }
}

/**
 * A fresh database for one test file, copied from the migrated template:
 * CREATE DATABASE … TEMPLATE takes a fraction of a second, running the migrations would not.
 */
export async function createTestDatabase(): Promise<string> {
  const name = testDatabaseName(`w${process.env.JEST_WORKER_ID ?? '0'}`);
  await withServer(async (client) => {
    await ensureTemplate(client);
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`);
  });
  return urlOfDatabase(name);
}
