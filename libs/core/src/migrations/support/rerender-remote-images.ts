import type { QueryRunner } from 'typeorm';
import { renderMarkdown } from '../../markdown/markdown.js';

/** The HTML of a markdown image of another host, as the renderer made it before such images became links. */
const REMOTE_IMAGE = `html ~ '<img [^>]*src="https?:'`;
const BATCH = 500;

/**
 * For a migration: renders again, with today's renderer, the stored HTML of a table's rows
 * whose HTML still shows an image of another host (rendered before those became links), so
 * no reader's browser fetches from a host a writer chose. The table has `id`, `body`
 * (markdown) and `html`. Rows are read in batches by id, never all at once.
 */
export async function rerenderRemoteImages(queryRunner: QueryRunner, table: string): Promise<number> {
  // The name goes into the SQL as written: a migration names its own table, never a user.
  if (!/^[a-z_]+(\.[a-z_]+)?$/.test(table)) throw new Error(`not a table name: ${table}`);
  let after = '00000000-0000-0000-0000-000000000000';
  let rendered = 0;
  for (;;) {
    const rows = (await queryRunner.query(
      `SELECT id, body FROM ${table} WHERE ${REMOTE_IMAGE} AND id > $1 ORDER BY id LIMIT ${BATCH}`,
      [after],
    )) as { id: string; body: string }[];
    if (rows.length === 0) return rendered;
    await queryRunner.query(
      `UPDATE ${table} t SET html = r.html FROM unnest($1::uuid[], $2::text[]) AS r(id, html) WHERE t.id = r.id`,
      [rows.map((row) => row.id), rows.map((row) => renderMarkdown(row.body))],
    );
    rendered += rows.length;
    after = rows[rows.length - 1].id;
  }
}
