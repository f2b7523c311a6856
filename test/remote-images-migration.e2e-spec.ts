import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { contentMigrations } from '@kennisplein/content';
import type { MigrationClass } from '@kennisplein/core';
import { discussionsMigrations } from '@kennisplein/discussions';
import { DataSource } from 'typeorm';
import { startThread } from './support/browser-discussion.js';
import { createGroup } from './support/community.js';
import { registerUser, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

// Bodies stored before images of other hosts became links kept the <img> in their HTML;
// the migrations render those rows again, and only those.
const REMOTE = '![grafiek](https://tracker.example/pixel.png)';
const OWN = '![logo](/api/v1/files/00000000-0000-4000-8000-000000000000/content)';
const OLD_HTML = '<p><img src="https://tracker.example/pixel.png" alt="grafiek" /></p>';

let t: TestApp;
let db: DataSource;
let writer: TestUser;
let groupId: string;

beforeAll(async () => {
  t = await createTestApp();
  db = t.app.get(DataSource);
  writer = await registerUser(t, { verified: true });
  groupId = (await createGroup(t, writer)).id;
}, 60_000);
afterAll(() => t.close());

/** Runs one migration of a lib again, by its class name. */
async function migrate(migrations: MigrationClass[], name: string): Promise<void> {
  const Migration = migrations.find((migration) => migration.name === name);
  if (!Migration) throw new Error(`no migration ${name}`);
  const queryRunner = db.createQueryRunner();
  try {
    await new Migration().up(queryRunner);
  } finally {
    await queryRunner.release();
  }
}

const htmlOf = async (table: string, id: string): Promise<string> =>
  (await db.query<{ html: string }[]>(`SELECT html FROM ${table} WHERE id = $1`, [id]))[0].html;

describe('re-rendering stored HTML that shows images of other hosts', () => {
  it('turns a message’s remote image into a link and leaves other messages as they are', async () => {
    const thread = await startThread(t, writer, groupId, 'Oude berichten', REMOTE);
    const [remote] = await db.query<{ id: string }[]>(`SELECT id FROM messages WHERE thread_id = $1`, [thread.id]);
    await db.query(`UPDATE messages SET html = $2 WHERE id = $1`, [remote.id, OLD_HTML]);
    const own = await t.http().post(`${V1}/threads/${thread.id}/messages`).set(writer.auth).send({ body: OWN }).expect(201);
    const ownBefore = await htmlOf('messages', own.body.id);

    await migrate(discussionsMigrations, 'RemoteImagesAsLinks1765300000000');

    const html = await htmlOf('messages', remote.id);
    expect(html).not.toContain('<img');
    expect(html).toContain('href="https://tracker.example/pixel.png"');
    expect(await htmlOf('messages', own.body.id)).toBe(ownBefore);
    expect(ownBefore).toContain('<img src="/api/v1/files/');
  });

  it('turns a blog post’s remote image into a link', async () => {
    const post = await t.http().post(`${V1}/groups/${groupId}/blogs`).set(writer.auth).send({ title: 'Verslag', body: REMOTE, status: 'published' }).expect(201);
    await db.query(`UPDATE blog_posts SET html = $2 WHERE id = $1`, [post.body.id, OLD_HTML]);

    await migrate(contentMigrations, 'BlogRemoteImagesAsLinks1765300000000');

    const html = await htmlOf('blog_posts', post.body.id);
    expect(html).not.toContain('<img');
    expect(html).toContain('>grafiek</a>');
  });
});
