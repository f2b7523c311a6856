import pg from 'pg';
import { DataSource, type MigrationInterface } from 'typeorm';
import { serviceDown, StartupError } from '../startup/startup-error.js';
import { SHARED_SCHEMA } from './schemas.js';

export type MigrationClass = new () => MigrationInterface;

const CONNECT_TIMEOUT_MS = 5_000;

function databaseNameOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(name)) {
    throw new StartupError(`DATABASE_URL names database "${name}": use letters, digits, _ and - only.`);
  }
  return name;
}

function maintenanceUrl(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/postgres';
  return parsed.toString();
}

/**
 * Creates the application database when it does not exist, so that a newcomer needs
 * no manual step. Connects to the server's `postgres` database to do so.
 */
export async function ensureDatabase(url: string): Promise<void> {
  const name = databaseNameOf(url);
  const client = new pg.Client({ connectionString: maintenanceUrl(url), connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
  } catch (error) {
    throw serviceDown('PostgreSQL', url, error);
  }
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
        // Another process created it at the same moment (duplicate_database, or the
        // unique index of pg_database when both passed the check): that is what we wanted.
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      });
    }
  } finally {
    await client.end();
  }
}

/** Any number, the same in every process: the lock that lets one process migrate at a time. */
const MIGRATION_LOCK = 4_711_001;

/**
 * Runs every pending migration, each in its own transaction. Returns the names run.
 * Several processes may start at once (api instances, a worker): an advisory lock lets
 * one migrate while the others wait, and then find nothing left to run.
 */
export async function runMigrations(url: string, migrations: MigrationClass[]): Promise<string[]> {
  const lock = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await lock.connect();
  } catch (error) {
    throw serviceDown('PostgreSQL', url, error);
  }
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return await runMigrationsUnlocked(url, migrations);
  } finally {
    await lock.end();
  }
}

async function runMigrationsUnlocked(url: string, migrations: MigrationClass[]): Promise<string[]> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    migrations,
    // TypeORM's record of what ran stays where every install has it: public.migrations.
    // Migrations get no lib search_path: each names the schema of what it makes or changes.
    schema: SHARED_SCHEMA,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    logging: ['error'],
  });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw serviceDown('PostgreSQL', url, error);
  }
  try {
    const ran = await dataSource.runMigrations();
    return ran.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

/** Database ready for the application: created if missing, migrated to the latest schema. */
export async function prepareDatabase(url: string, migrations: MigrationClass[]): Promise<string[]> {
  await ensureDatabase(url);
  return runMigrations(url, migrations);
}
