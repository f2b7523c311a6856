import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { MigrationClass } from '../../database/database-setup.js';
import { SHARED_SCHEMA } from '../../database/schemas.js';

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
async function moveIntoLibSchema(queryRunner: QueryRunner, schema: string, objects: LibSchemaObjects): Promise<void> {
  await queryRunner.query(`CREATE SCHEMA ${schema}`);
  await moveObjects(queryRunner, objects, SHARED_SCHEMA, schema);
}

/**
 * The way back (a migration's down): the objects return to public and the schema is
 * dropped, which PostgreSQL refuses while anything else is left in it.
 */
async function moveOutOfLibSchema(queryRunner: QueryRunner, schema: string, objects: LibSchemaObjects): Promise<void> {
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
