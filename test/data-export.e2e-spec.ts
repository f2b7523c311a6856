import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createGroup } from './support/community.js';
import { expectError } from './support/errors.js';
import { registerUser, type TestUser } from './support/factories.js';
import { createContribution, createCongress, eventually, makeAdmin } from './support/kennisbank.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';
import { streamUpload } from './support/uploads.js';
import { entriesOf } from './support/zip.js';

let t: TestApp;
let filesDir: string;
let ester: TestUser;
let other: TestUser;
let groupId: string;
let threadId: string;
let contributionId: string;
const binary = randomBytes(200 * 1024);
const uploaded: { id: string; name: string; bytes: Buffer }[] = [];

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** GET /me/export?format=zip as bytes. */
async function zipExport(user: TestUser): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const response = await t
    .http()
    .get(`${V1}/me/export?format=zip`)
    .set(user.auth)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  return { status: response.status, headers: response.headers, body: response.body as Buffer };
}

beforeAll(async () => {
  filesDir = mkdtempSync(join(tmpdir(), 'kp-files-export-'));
  t = await createTestApp({ env: { FILES_DIR: filesDir, WORKER_INLINE: 'true' } });
  ester = await registerUser(t, { displayName: 'Export Ester' });
  other = await registerUser(t, { displayName: 'Olle Other' });
  const admin = await makeAdmin(t, await registerUser(t));
  await t.http().patch(`${V1}/me/settings`).set(ester.auth).send({ digestFrequency: 'daily', locale: 'en' }).expect(200);

  groupId = (await createGroup(t, ester, { name: 'Esters werkgroep', visibility: 'public', membership: 'open' })).id;
  await t.http().post(`${V1}/groups/${groupId}/join`).set(other.auth).expect(200);
  const requested = await createGroup(t, other, { name: 'Op verzoek', visibility: 'public', membership: 'request' });
  await t.http().post(`${V1}/groups/${requested.id}/join`).set(ester.auth).expect(202);
  await t.http().post(`${V1}/groups/${groupId}/invites`).set(ester.auth).send({ email: 'uitgenodigd@example.org' }).expect(201);
  await t.http().put(`${V1}/groups/${requested.id}/mute`).set(ester.auth).expect(204);

  const thread = await t.http().post(`${V1}/groups/${groupId}/threads`).set(ester.auth).send({ title: 'Mijn eigen draad', body: 'Het eerste bericht' });
  expect(thread.status).toBe(201);
  threadId = thread.body.id;
  await t.http().post(`${V1}/threads/${threadId}/messages`).set(ester.auth).send({ body: 'Nog een bericht' }).expect(201);
  // Someone else's thread in the group: it is not Ester's, and tells her (a notification).
  await t.http().post(`${V1}/groups/${groupId}/threads`).set(other.auth).send({ title: 'Draad van een ander', body: 'Hallo' }).expect(201);

  const congress = await createCongress(t, admin);
  const paper = await createContribution(t, admin, { congress, title: 'Een paper om op te reageren' });
  contributionId = paper.id;
  await t.http().post(`${V1}/contributions/${paper.id}/feedback`).set(ester.auth).send({ body: 'Mooi verhaal!' }).expect(201);

  await t.http().post(`${V1}/groups/${groupId}/blogs`).set(ester.auth).send({ title: 'Mijn blog', body: 'Tekst', status: 'published' }).expect(201);
  for (const [name, bytes] of [
    ['notulen.txt', Buffer.from('De notulen van Ester.')],
    ['results.bin', binary],
    ['notulen.txt', Buffer.from('De notulen van Ester, versie 2.')],
  ] as [string, Buffer][]) {
    const file = await t.http().post(`${V1}/groups/${groupId}/files`).set(ester.auth).attach('file', bytes, name);
    expect(file.status).toBe(201);
    uploaded.push({ id: file.body.id, name, bytes });
  }
  await t.http().post(`${V1}/groups/${groupId}/files`).set(other.auth).attach('file', Buffer.from('niet van Ester'), 'ander.txt').expect(201);
});
afterAll(() => t.close());

describe('GET /me/export', () => {
  it('holds everything I wrote and everything held about me, and nothing of others', async () => {
    await eventually(
      async () => (await t.http().get(`${V1}/me/notifications`).set(ester.auth)).body.items as unknown[],
      (items) => items.length > 0,
    );
    const response = await t.http().get(`${V1}/me/export`).set(ester.auth);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['content-disposition']).toBe('attachment; filename="kennisplein-export.json"');
    const exported = response.body;
    expect(Object.keys(exported)).toEqual(
      expect.arrayContaining(['account', 'settings', 'sessions', 'memberships', 'threads', 'messages', 'feedback', 'blogs', 'files', 'notifications', 'mutes']),
    );
    expect(exported.account).toMatchObject({ id: ester.id, email: ester.email, displayName: 'Export Ester' });
    expect(exported.settings).toMatchObject({ digestFrequency: 'daily', locale: 'en' });
    expect(exported.sessions.length).toBeGreaterThan(0);
    expect(exported.memberships.groups).toEqual([expect.objectContaining({ groupId, role: 'owner' })]);
    expect(exported.memberships.requests).toEqual([expect.objectContaining({ name: 'Op verzoek' })]);
    expect(exported.memberships.groupsCreated).toEqual([expect.objectContaining({ groupId, name: 'Esters werkgroep' })]);
    expect(exported.memberships.invitesSent).toEqual([expect.objectContaining({ groupId, email: 'uitgenodigd@example.org' })]);
    // The threads I started, with their titles (and the comment thread my blog opened): only mine.
    expect(exported.threads).toEqual([
      expect.objectContaining({ id: threadId, groupId, title: 'Mijn eigen draad', kind: 'discussion' }),
      expect.objectContaining({ kind: 'comments', subjectType: 'blog_post', subjectId: exported.blogs[0].id }),
    ]);
    expect(exported.messages.map((message: { body: string }) => message.body).sort()).toEqual(['Het eerste bericht', 'Mooi verhaal!', 'Nog een bericht']);
    expect(exported.feedback).toEqual([expect.objectContaining({ contributionId, body: 'Mooi verhaal!' })]);
    expect(exported.blogs).toEqual([expect.objectContaining({ title: 'Mijn blog', status: 'published' })]);
    expect(exported.files.map((file: { id: string; name: string; version: number }) => [file.id, file.name, file.version])).toEqual([
      [uploaded[0].id, 'notulen.txt', 1],
      [uploaded[1].id, 'results.bin', 1],
      [uploaded[2].id, 'notulen.txt', 2],
    ]);
    expect(exported.notifications.length).toBeGreaterThan(0);
    expect(exported.mutes).toEqual([expect.objectContaining({ groupId: exported.memberships.requests[0].groupId })]);
    expect(JSON.stringify(exported)).not.toContain('niet van Ester');
    expect(JSON.stringify(exported)).not.toContain('Draad van een ander');
  });

  it('streams a zip with export.json and the bytes of my files (format=zip)', async () => {
    const response = await zipExport(ester);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toBe('attachment; filename="kennisplein-export.zip"');
    const entries = await entriesOf(response.body);
    expect([...entries.keys()]).toEqual(['export.json', ...uploaded.map((file) => `files/${file.id}/${file.name}`)]);
    const exported = JSON.parse(entries.get('export.json')!.toString('utf8'));
    expect(exported.threads).toEqual(expect.arrayContaining([expect.objectContaining({ title: 'Mijn eigen draad' })]));
    for (const file of uploaded) {
      const bytes = entries.get(`files/${file.id}/${file.name}`)!;
      expect({ name: file.name, sha256: sha256(bytes) }).toEqual({ name: file.name, sha256: sha256(file.bytes) });
      expect(exported.files.find((entry: { id: string }) => entry.id === file.id).archivePath).toBe(`files/${file.id}/${file.name}`);
    }
  });

  it('gives a zip with only export.json to someone without files, and refuses an unknown format', async () => {
    const newcomer = await registerUser(t);
    const entries = await entriesOf((await zipExport(newcomer)).body);
    expect([...entries.keys()]).toEqual(['export.json']);
    expect(JSON.parse(entries.get('export.json')!.toString('utf8')).account.id).toBe(newcomer.id);
    expectError(await t.http().get(`${V1}/me/export?format=tar`).set(newcomer.auth), 400, 'validation.failed');
    expect((await t.http().get(`${V1}/me/export?format=zip`)).status).toBe(401);
  });

  it('breaks off the zip when the bytes of a file cannot be read, and keeps serving', async () => {
    const user = await registerUser(t);
    await t.http().post(`${V1}/groups/${groupId}/join`).set(user.auth).expect(200);
    const kept = (await t.http().post(`${V1}/groups/${groupId}/files`).set(user.auth).attach('file', randomBytes(64 * 1024), 'eerst.bin')).body;
    const lost = (await t.http().post(`${V1}/groups/${groupId}/files`).set(user.auth).attach('file', Buffer.from('weg'), 'weg.txt')).body;
    expect([kept.id, lost.id]).toEqual([expect.any(String), expect.any(String)]);
    const [row] = await t.app.get(DataSource).query<{ storage_key: string }[]>(`SELECT storage_key FROM files WHERE id = $1`, [lost.id]);
    rmSync(join(filesDir, row.storage_key));
    const outcome = await zipExport(user).then(
      (response) => entriesOf(response.body).then(() => 'a whole zip', () => 'broken off'),
      () => 'broken off',
    );
    expect(outcome).toBe('broken off');
    expect((await t.http().get(`${V1}/health`)).status).toBe(200);
  });
});

describe('a zip export of 160 MiB of files', () => {
  it('streams without the process growing by 50 MiB', async () => {
    const user = await registerUser(t);
    await t.http().post(`${V1}/groups/${groupId}/join`).set(user.auth).expect(200);
    const base = await t.listen();
    const size = 80 * 1024 * 1024;
    for (const filename of ['groot-1.dat', 'groot-2.dat']) {
      expect(await streamUpload(base, `${V1}/groups/${groupId}/files`, user.accessToken, { size, filename })).toMatchObject({ status: 201 });
    }
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    // The client counts the bytes as they come and keeps none.
    const received = await new Promise<{ status: number; bytes: number }>((resolve, reject) => {
      httpGet(`${base}${V1}/me/export?format=zip`, { headers: { Authorization: `Bearer ${user.accessToken}` } }, (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes }));
        response.on('error', reject);
      }).on('error', reject);
    });
    clearInterval(sampler);
    expect(received.status).toBe(200);
    expect(received.bytes).toBeGreaterThan(2 * size);
    expect(peak - before).toBeLessThan(50 * 1024 * 1024);
  }, 120_000);
});
