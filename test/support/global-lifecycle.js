// @ts-check
// Jest runs global setup and teardown outside its module system (no path aliases, no
// TypeScript), so these stay plain JavaScript on pg and redis alone.
import pg from 'pg';
import { createClient } from 'redis';

const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NAMESPACE = process.env.TEST_NAMESPACE ?? 'kp';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function withServer(/** @type {(client: pg.Client) => Promise<void>} */ work) {
  const url = new URL(SERVER_URL);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Tests need PostgreSQL at ${SERVER_URL}: ${String(error)}. Start it (see README) or set TEST_DATABASE_URL.`, {
      cause: error,
    });
  }
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** Drops the databases of earlier runs, the template included: it is rebuilt from the migrations. */
export async function dropTestDatabases() {
  await withServer(async (client) => {
    const { rows } = await client.query(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [`${NAMESPACE}_test_`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}

/**
 * Removes the keys test apps left in Redis: each writes under <namespace>-test:<random>, or
 * under the default prefix of its database, kennisplein:<namespace>_test_… (redis-isolation).
 */
export async function dropTestRedisKeys() {
  const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 5_000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Tests need Redis at ${REDIS_URL}: ${String(error)}. Start it (see README) or set TEST_REDIS_URL.`, {
      cause: error,
    });
  }
  try {
    for (const pattern of [`${NAMESPACE}-test:*`, `kennisplein:${NAMESPACE}_test_*`]) {
      for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 1000 })) {
        if (keys.length > 0) await client.del(keys);
      }
    }
  } finally {
    client.destroy();
  }
}

export async function cleanUp() {
  await dropTestDatabases();
  await dropTestRedisKeys();
}
