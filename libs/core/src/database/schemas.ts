import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { MigrationClass } from './database-setup.js';

/** Core's own schema: the activity log and the Dutch search configuration. */
export const CORE_SCHEMA = 'core';

/**
 * What stays in public: the extensions every lib may use (pg_trgm, unaccent) and TypeORM's
 * migrations table, which belong to no lib. Nothing of a lib is made there.
 */
export const SHARED_SCHEMA = 'public';

const PLAIN_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * The search_path of the application's connections: the schemas of the libs an app is built
 * from (each lib exports its own), core's, then public. Unqualified SQL finds every table
 * through it; tables are unique across schemas, so the order decides nothing.
 */
export function searchPathOf(libSchemas: readonly string[]): string {
  const schemas = [...new Set([...libSchemas, CORE_SCHEMA, SHARED_SCHEMA])];
  const odd = schemas.find((schema) => !PLAIN_NAME.test(schema));
  if (odd !== undefined) throw new Error(`Schema name "${odd}": use lower-case letters, digits and _ only.`);
  return schemas.join(',');
}

/** The libpq startup option that sets searchPathOf(libSchemas) on every new connection (pg's `options`). */
export function searchPathOption(libSchemas: readonly string[]): string {
  return `-c search_path=${searchPathOf(libSchemas)}`;
}

/** What a lib's schema migration moves out of public. */
export interface LibSchemaObjects {
  tables: readonly string[];
  /** With their argument types, e.g. `kennisbank_keywords_text(text[])`. */
  functions?: readonly string[];
  textSearchConfigurations?: readonly string[];
}

/**
 * For a migration: creates a lib's schema and moves its objects from public into it.
 * ALTER … SET SCHEMA keeps a table's rows, indexes, constraints, foreign keys (both ways)
 * and owned sequences; generated columns and indexes name functions and search
 * configurations by oid, so they keep working where those move.
 */
export async function moveIntoLibSchema(queryRunner: QueryRunner, schema: string, objects: LibSchemaObjects): Promise<void> {
  await queryRunner.query(`CREATE SCHEMA ${schema}`);
  await moveObjects(queryRunner, objects, SHARED_SCHEMA, schema);
}

/**
 * The way back (a migration's down): the objects return to public and the schema is
 * dropped, which PostgreSQL refuses while anything else is left in it.
 */
export async function moveOutOfLibSchema(queryRunner: QueryRunner, schema: string, objects: LibSchemaObjects): Promise<void> {
  await moveObjects(queryRunner, objects, schema, SHARED_SCHEMA);
  await queryRunner.query(`DROP SCHEMA ${schema}`);
}

async function moveObjects(queryRunner: QueryRunner, objects: LibSchemaObjects, from: string, to: string): Promise<void> {
  for (const table of objects.tables) await queryRunner.query(`ALTER TABLE ${from}.${table} SET SCHEMA ${to}`);
  for (const signature of objects.functions ?? []) await queryRunner.query(`ALTER FUNCTION ${from}.${signature} SET SCHEMA ${to}`);
  for (const configuration of objects.textSearchConfigurations ?? []) {
    await queryRunner.query(`ALTER TEXT SEARCH CONFIGURATION ${from}.${configuration} SET SCHEMA ${to}`);
  }
}

/**
 * A lib's schema migration: up() moves its objects from public into its schema, down() moves
 * them back. `name` ends in the migration's timestamp, as TypeORM orders by it.
 */
export function libSchemaMigration(name: string, schema: string, objects: LibSchemaObjects): MigrationClass {
  const migration = class implements MigrationInterface {
    name = name;
    up = (queryRunner: QueryRunner) => moveIntoLibSchema(queryRunner, schema, objects);
    down = (queryRunner: QueryRunner) => moveOutOfLibSchema(queryRunner, schema, objects);
  };
  // Found by name like every migration class (tests run one by it).
  Object.defineProperty(migration, 'name', { value: name });
  return migration;
}
