import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { ensureDatabase, type MigrationClass, runMigrations } from '@kennisplein/core';
import { platformMigrations, platformSearchPath } from '../apps/platform.js';
import { testDatabaseName, urlOfDatabase } from './support/databases.js';
import { createTestApp, V1 } from './support/test-app.js';

/**
 * The move of every lib's tables from public into its own schema, on an install migrated
 * before it (with a row in every table): nothing lost on the way there or back.
 */

/** Each lib's schema migration, and the tables it owns. */
const LIBS = {
  core: { migration: 'CoreSchema1765600000000', tables: ['activities'] },
  identity: { migration: 'IdentitySchema1765600010000', tables: ['account_tokens', 'refresh_tokens', 'user_identities', 'users'] },
  community: {
    migration: 'CommunitySchema1765600020000',
    tables: ['deelsite_logos', 'deelsite_members', 'deelsite_requests', 'deelsites', 'group_invites', 'group_members', 'group_requests', 'groups'],
  },
  discussions: { migration: 'DiscussionsSchema1765600030000', tables: ['messages', 'thread_reads', 'threads'] },
  kennisbank: { migration: 'KennisbankSchema1765600040000', tables: ['congresses', 'contribution_authors', 'contributions', 'organizations', 'themes'] },
  content: { migration: 'ContentSchema1765600050000', tables: ['blog_posts', 'files'] },
  notifications: {
    migration: 'NotificationsSchema1765600060000',
    tables: ['digest_clock', 'digest_deliveries', 'digest_runs', 'digest_watermarks', 'group_mutes', 'notifications'],
  },
};
type Lib = keyof typeof LIBS;
const SCHEMAS = Object.keys(LIBS) as Lib[];
const OWNER = new Map(SCHEMAS.flatMap((schema) => LIBS[schema].tables.map((table) => [table, schema] as const)));
const EVERY_TABLE = [...OWNER.keys()].sort();

const timestampOf = (migration: MigrationClass) => Number(migration.name.slice(-13));
const FIRST_MOVE = Math.min(...SCHEMAS.map((schema) => Number(LIBS[schema].migration.slice(-13))));
/** An install as it was before the move: every migration older than the first schema migration. */
const BEFORE_MOVE = platformMigrations.filter((migration) => timestampOf(migration) < FIRST_MOVE);
/** The install moved: up to the last schema migration (a later one may add an index). */
const LAST_MOVE = Math.max(...SCHEMAS.map((schema) => Number(LIBS[schema].migration.slice(-13))));
const THROUGH_MOVE = platformMigrations.filter((migration) => timestampOf(migration) <= LAST_MOVE);

const U = '00000000-0000-4000-8000-000000000001';
const SITE = '00000000-0000-4000-8000-000000000002';
const GROUP = '00000000-0000-4000-8000-000000000003';
const INVITE = '00000000-0000-4000-8000-000000000004';
const THREAD = '00000000-0000-4000-8000-000000000005';
const ORGANIZATION = '00000000-0000-4000-8000-000000000006';
const CONGRESS = '00000000-0000-4000-8000-000000000007';
const THEME = '00000000-0000-4000-8000-000000000008';
const CONTRIBUTION = '00000000-0000-4000-8000-000000000009';
const ACTIVITY = '00000000-0000-4000-8000-00000000000a';

/** A row in every table, written as the code before the move wrote them: unqualified, into public. */
const FIXTURE = `
  INSERT INTO users (id, email, display_name) VALUES ('${U}', 'ann@example.org', 'Ann');
  INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at, session_expires_at)
    VALUES ('${U}', gen_random_uuid(), repeat('a', 64), now(), now());
  INSERT INTO account_tokens (user_id, purpose, email, token_hash, expires_at) VALUES ('${U}', 'verify_email', 'ann@example.org', repeat('b', 64), now());
  INSERT INTO user_identities (user_id, issuer, subject) VALUES ('${U}', 'https://idp.example', 'ann');
  INSERT INTO deelsites (id, slug, name, organization, visibility, membership, created_by) VALUES ('${SITE}', 'han', 'HAN', 'HAN', 'public', 'open', '${U}');
  INSERT INTO deelsite_members (site_id, user_id, role) VALUES ('${SITE}', '${U}', 'admin');
  INSERT INTO deelsite_logos (site_id, content_type, bytes, sha256) VALUES ('${SITE}', 'image/png', '\\x89504e47', repeat('c', 64));
  INSERT INTO groups (id, name, visibility, membership, created_by) VALUES ('${GROUP}', 'Netwerken', 'public', 'open', '${U}');
  INSERT INTO group_members (group_id, user_id, role) VALUES ('${GROUP}', '${U}', 'owner');
  INSERT INTO group_requests (group_id, user_id) VALUES ('${GROUP}', '${U}');
  INSERT INTO group_invites (id, group_id, email, token_hash, invited_by, expires_at) VALUES ('${INVITE}', '${GROUP}', 'bob@example.org', repeat('d', 64), '${U}', now());
  INSERT INTO deelsite_requests (site_id, user_id, group_id, invite_id) VALUES ('${SITE}', '${U}', '${GROUP}', '${INVITE}');
  INSERT INTO threads (id, group_id, title, kind, subject_type, subject_id, created_by, last_seq)
    VALUES ('${THREAD}', '${GROUP}', 'Feedback', 'feedback', 'contribution', '${CONTRIBUTION}', '${U}', 1);
  INSERT INTO messages (thread_id, seq, author_id, body, html) VALUES ('${THREAD}', 1, '${U}', 'Mooi', '<p>Mooi</p>');
  INSERT INTO thread_reads (user_id, thread_id, last_read_seq) VALUES ('${U}', '${THREAD}', 1);
  INSERT INTO organizations (id, name) VALUES ('${ORGANIZATION}', 'HAN');
  INSERT INTO congresses (id, slug, name, year, organizer_id) VALUES ('${CONGRESS}', 'nioc2027', 'NIOC 2027', 2027, '${ORGANIZATION}');
  INSERT INTO themes (id, slug, name, group_id) VALUES ('${THEME}', 'netwerken', 'Netwerken', '${GROUP}');
  INSERT INTO contributions (id, congress_id, theme_id, title, abstract, body, keywords, language, source_type, content_hash, workspace_group_id, feedback_thread_id)
    VALUES ('${CONTRIBUTION}', '${CONGRESS}', '${THEME}', 'Samen creëren in de klas', 'Over netwerken', 'Leerlingen bouwen een netwerk.',
            '{Netwerken,Informatica}', 'nl', 'text', repeat('e', 64), '${GROUP}', '${THREAD}');
  INSERT INTO contribution_authors (contribution_id, position, name, email, user_id) VALUES ('${CONTRIBUTION}', 1, 'Ann', 'ann@example.org', '${U}');
  INSERT INTO blog_posts (group_id, author_id, title, body, html, status, published_at)
    VALUES ('${GROUP}', '${U}', 'Verslag', 'Het *verslag*', '<p>Het <em>verslag</em></p>', 'published', now());
  INSERT INTO files (group_id, name, version, uploader_id, mime, size, sha256, storage_key, series_id, text_status, extracted_text)
    VALUES ('${GROUP}', 'slides.pdf', 1, '${U}', 'application/pdf', 3, repeat('f', 64), 'ab/cd', gen_random_uuid(), 'done', 'Beschouwingen over onderwijs');
  INSERT INTO activities (id, verb, actor_id, group_id, object_type, object_id, recipient_ids, snapshot)
    VALUES ('${ACTIVITY}', 'message.posted', '${U}', '${GROUP}', 'message', gen_random_uuid(), '{${U}}', '{"title": "Feedback"}');
  INSERT INTO notifications (user_id, activity_id) VALUES ('${U}', '${ACTIVITY}');
  INSERT INTO group_mutes (user_id, group_id) VALUES ('${U}', '${GROUP}');
  INSERT INTO digest_deliveries (user_id, period, frequency, status, window_after) VALUES ('${U}', '2026-W48', 'weekly', 'sent', pg_current_snapshot());
  INSERT INTO digest_runs (period, frequency, enqueued) VALUES ('2026-W48', 'weekly', 1);
  INSERT INTO digest_clock (last_hour) VALUES (date_trunc('hour', now()));
  INSERT INTO digest_watermarks (user_id, snapshot) VALUES ('${U}', pg_current_snapshot());
`;

interface TableState {
  rows: number;
  /** md5 of every row's text, in order: the same rows with the same values. */
  digest: string;
  indexes: string[];
  /** name, kind and (for a foreign key) the table it references */
  constraints: string[];
}

const url = urlOfDatabase(testDatabaseName('schemas'));
/** A connection as scripts and psql have one: the server's default search_path, which names none of the libs' schemas. */
let plain: pg.Client;
let beforeMove: Record<string, TableState>;

async function tablesIn(schema: string): Promise<string[]> {
  const { rows } = await plain.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
    [schema],
  );
  return rows.map((row) => row.table_name);
}

async function schemaOf(kind: 'function' | 'configuration', name: string): Promise<string[]> {
  const sql =
    kind === 'function'
      ? `SELECT pronamespace::regnamespace::text AS schema FROM pg_proc WHERE proname = $1`
      : `SELECT cfgnamespace::regnamespace::text AS schema FROM pg_ts_config WHERE cfgname = $1`;
  return (await plain.query<{ schema: string }>(sql, [name])).rows.map((row) => row.schema);
}

/** Every table's rows, indexes and constraints, read where `placeOf` says the table is. */
async function stateOfEveryTable(placeOf: (table: string) => string): Promise<Record<string, TableState>> {
  const state: Record<string, TableState> = {};
  for (const table of EVERY_TABLE) {
    const schema = placeOf(table);
    const [content] = (
      await plain.query<{ rows: number; digest: string }>(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS digest FROM ${schema}.${table} t`,
      )
    ).rows;
    const indexes = await plain.query<{ name: string }>(`SELECT indexname AS name FROM pg_indexes WHERE schemaname = $1 AND tablename = $2 ORDER BY 1`, [
      schema,
      table,
    ]);
    const constraints = await plain.query<{ name: string }>(
      `SELECT concat_ws(' ', conname, contype, (SELECT relname FROM pg_class WHERE oid = confrelid)) AS name
         FROM pg_constraint WHERE conrelid = $1::regclass ORDER BY 1`,
      [`${schema}.${table}`],
    );
    state[table] = { ...content, indexes: indexes.rows.map((row) => row.name), constraints: constraints.rows.map((row) => row.name) };
  }
  return state;
}

const inPublic = () => 'public';
const inItsLib = (table: string) => OWNER.get(table) ?? 'public';

/** Undoes the last `count` migrations, as `typeorm migration:revert` would, one by one. */
async function revert(count: number): Promise<void> {
  const dataSource = new DataSource({ type: 'postgres', url, migrations: platformMigrations, schema: 'public', migrationsTransactionMode: 'each', logging: ['error'] });
  await dataSource.initialize();
  try {
    for (let i = 0; i < count; i++) await dataSource.undoLastMigration({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

beforeAll(async () => {
  await ensureDatabase(url);
  await runMigrations(url, BEFORE_MOVE);
  plain = new pg.Client({ connectionString: url });
  await plain.connect();
  await plain.query(FIXTURE);
  beforeMove = await stateOfEveryTable(inPublic);
}, 120_000);
afterAll(() => plain?.end());

describe('each lib’s tables in a schema of its own', () => {
  it('starts from an install with every table in public and a row in each', async () => {
    expect(await tablesIn('public')).toEqual([...EVERY_TABLE, 'migrations'].sort());
    for (const table of EVERY_TABLE) expect({ table, rows: beforeMove[table].rows }).toEqual({ table, rows: 1 });
  });

  let moved: string[];
  it('migrates that install forward: every table in its lib’s schema with the same rows, indexes and constraints', async () => {
    moved = await runMigrations(url, THROUGH_MOVE);

    expect(moved).toEqual(expect.arrayContaining(SCHEMAS.map((schema) => LIBS[schema].migration)));
    expect(moved).toHaveLength(THROUGH_MOVE.length - BEFORE_MOVE.length);
    for (const schema of SCHEMAS) expect({ schema, tables: await tablesIn(schema) }).toEqual({ schema, tables: LIBS[schema].tables });
    expect(await tablesIn('public')).toEqual(['migrations']);
    expect(await stateOfEveryTable(inItsLib)).toEqual(beforeMove);
    expect(await schemaOf('function', 'kennisbank_keywords_text')).toEqual(['kennisbank']);
    expect(await schemaOf('function', 'kennisbank_keywords_folded')).toEqual(['kennisbank']);
    expect(await schemaOf('configuration', 'kennisplein_dutch')).toEqual(['core']);
  });

  it('moves everything back to public on down(), rows and all, and forward again', async () => {
    await revert(moved.length);

    expect(await tablesIn('public')).toEqual([...EVERY_TABLE, 'migrations'].sort());
    const left = await plain.query(`SELECT nspname FROM pg_namespace WHERE nspname = ANY($1)`, [SCHEMAS]);
    expect(left.rows).toEqual([]);
    expect(await stateOfEveryTable(inPublic)).toEqual(beforeMove);
    expect(await schemaOf('function', 'kennisbank_keywords_text')).toEqual(['public']);
    expect(await schemaOf('function', 'kennisbank_keywords_folded')).toEqual(['public']);
    expect(await schemaOf('configuration', 'kennisplein_dutch')).toEqual(['public']);

    expect(await runMigrations(url, THROUGH_MOVE)).toEqual(moved);
    expect(await stateOfEveryTable(inItsLib)).toEqual(beforeMove);
  });

  it('keeps the Dutch search working: stored vectors, new rows’ generated columns, unqualified SQL on the apps’ search_path', async () => {
    const app = new pg.Client({ connectionString: url, options: platformSearchPath });
    await app.connect();
    try {
      const found = await app.query(`SELECT id FROM contributions WHERE search_vector @@ to_tsquery('kennisplein_dutch', 'creeren')`);
      expect(found.rows).toEqual([{ id: CONTRIBUTION }]);
      const files = await app.query(`SELECT name FROM files WHERE search_vector @@ to_tsquery('kennisplein_dutch', 'beschouwing')`);
      expect(files.rows).toEqual([{ name: 'slides.pdf' }]);

      const [group] = (await app.query<{ id: string }>(`INSERT INTO groups (name, visibility, membership) VALUES ('Programmeren', 'public', 'open') RETURNING id`)).rows;
      const [thread] = (await app.query<{ id: string }>(`INSERT INTO threads (group_id, title, kind) VALUES ($1, 'Feedback', 'feedback') RETURNING id`, [group.id])).rows;
      const added = await app.query<{ folded: string[]; matches: boolean }>(
        `INSERT INTO contributions (congress_id, title, body, keywords, language, source_type, content_hash, workspace_group_id, feedback_thread_id)
         VALUES ($1, 'Programmeren met algoritmen', 'Over lussen', '{Python}', 'nl', 'text', repeat('9', 64), $2, $3)
         RETURNING keywords_folded AS folded, search_vector @@ to_tsquery('kennisplein_dutch', 'algoritme') AS matches`,
        [CONGRESS, group.id, thread.id],
      );
      expect(added.rows).toEqual([{ folded: ['python'], matches: true }]);
    } finally {
      await app.end();
    }
  });

  it('serves the moved install through the api', async () => {
    const t = await createTestApp({ databaseUrl: url });
    try {
      const search = await t.http().get(`${V1}/contributions?q=creeren`).expect(200);
      expect(search.body.items.map((item: { id: string }) => item.id)).toEqual([CONTRIBUTION]);
    } finally {
      await t.close();
    }
  });
});
