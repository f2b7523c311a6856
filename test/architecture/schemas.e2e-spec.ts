import { beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import pg from 'pg';
import { createTestDatabase } from '../support/databases.js';

/**
 * The rule that no lib touches another lib's tables, read from the database: each lib's
 * tables are in the schema of its name, and no lib's code names a table of another's.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const LIBS_DIR = join(ROOT, 'libs');
/** SQL that names a table: FROM (and DELETE FROM), JOIN, INSERT INTO, UPDATE; optionally schema-qualified, optionally quoted. */
const SQL_TABLE = /\b(FROM|JOIN|INTO|UPDATE)\s+(?:"?(\w+)"?\s*\.\s*)?"?(\w+)"?/g;
/** The query builder's way of naming one: .from('groups', 'g'), .innerJoin('group_members', …), .into('files'). */
const BUILDER_TABLE = /\.(from|\w*[jJ]oin\w*|into)\(\s*['"`](?:(\w+)\.)?(\w+)['"`]/g;

let tablesBySchema: Map<string, string[]>;

beforeAll(async () => {
  const client = new pg.Client({ connectionString: await createTestDatabase() });
  await client.connect();
  try {
    const { rows } = await client.query<{ schema: string; table: string }>(
      `SELECT table_schema AS schema, table_name AS table FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
    );
    tablesBySchema = new Map();
    for (const { schema, table } of rows) tablesBySchema.set(schema, [...(tablesBySchema.get(schema) ?? []), table]);
  } finally {
    await client.end();
  }
}, 60_000);

const libs = () => readdirSync(LIBS_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();

/** A lib's own code: its .ts files, without its migrations (which may reference other libs' tables in foreign keys) and unit tests. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('each lib’s tables in the schema of its name', () => {
  it('has a schema for every lib and keeps public to TypeORM’s migrations table', () => {
    const schemas = [...tablesBySchema.keys()].filter((schema) => schema !== 'public').sort();
    expect(schemas).toEqual(libs());
    // An unqualified CREATE TABLE in a migration lands in public: name the lib's schema instead.
    expect(tablesBySchema.get('public')).toEqual(['migrations']);
  });

  it('finds no lib whose code names a table of another lib’s schema', () => {
    const ownersOf = new Map<string, string[]>();
    for (const [schema, tables] of tablesBySchema) {
      if (schema === 'public') continue;
      for (const table of tables) ownersOf.set(table, [...(ownersOf.get(table) ?? []), schema]);
    }
    const violations: string[] = [];
    for (const lib of libs()) {
      for (const file of sourceFiles(join(LIBS_DIR, lib, 'src'))) {
        const text = readFileSync(file, 'utf8');
        for (const match of [...text.matchAll(SQL_TABLE), ...text.matchAll(BUILDER_TABLE)]) {
          const [, keyword, schema, table] = match;
          const owners = schema === undefined ? (ownersOf.get(table) ?? []) : tablesBySchema.get(schema)?.includes(table) ? [schema] : [];
          if (owners.length === 0 || owners.includes(lib)) continue;
          const line = text.slice(0, match.index).split('\n').length;
          violations.push(`${relative(ROOT, file)}:${line}: ${lib} names ${owners.join('/')}'s table ${table} (${keyword} ${schema ? `${schema}.` : ''}${table})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});
