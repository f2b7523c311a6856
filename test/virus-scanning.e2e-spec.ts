import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { type Clamd, EICAR, EICAR_SIGNATURE, MARKER, MARKER_SIGNATURE, startClamd } from './support/clamd.js';
import { createGroup } from './support/community.js';
import { expectError } from './support/errors.js';
import { registerUser, type TestUser } from './support/factories.js';
import { eventually } from './support/kennisbank.js';
import { freePort } from './support/processes.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

// Uploads scanned by a real clamd (Debian's clamav-daemon) started by this test, with a
// signature database it writes itself: a hash signature of the EICAR test file.
let clamd: Clamd;
let t: TestApp;
let filesDir: string;
let member: TestUser;
let groupId: string;

const storedFiles = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);

beforeAll(async () => {
  clamd = await startClamd();
  filesDir = mkdtempSync(join(tmpdir(), 'kp-files-scan-'));
  t = await createTestApp({ env: { FILES_DIR: filesDir, CLAMAV_URL: clamd.url } });
  member = await registerUser(t);
  groupId = (await createGroup(t, member, { visibility: 'public', membership: 'open' })).id;
}, 90_000);
afterAll(async () => {
  await t?.close();
  await clamd?.stop();
});

const upload = (app: TestApp, user: TestUser, group: string, name: string, content: Buffer | string) =>
  app
    .http()
    .post(`${V1}/groups/${group}/files`)
    .set(user.auth)
    .attach('file', typeof content === 'string' ? Buffer.from(content) : content, name);

/** What the database holds of the group's files, and of their upload activities. */
async function rowsOf(app: TestApp, group: string) {
  const db = app.app.get(DataSource);
  const [files] = await db.query<{ count: string }[]>(`SELECT count(*) FROM files WHERE group_id = $1`, [group]);
  const [activities] = await db.query<{ count: string }[]>(`SELECT count(*) FROM activities WHERE group_id = $1 AND object_type = 'file'`, [group]);
  return { files: Number(files.count), activities: Number(activities.count) };
}

describe('virus scanning with clamd (CLAMAV_URL)', () => {
  it('has clamd scan every upload: clean ones pass, small and of many chunks', async () => {
    const scanned = clamd.cleanScans();
    expect((await upload(t, member, groupId, 'notulen.txt', 'Schone notulen.')).status).toBe(201);
    const data = randomBytes(300 * 1024);
    const big = await upload(t, member, groupId, 'metingen.bin', data);
    expect(big.status).toBe(201);
    expect(big.body.size).toBe(data.length);
    expect(await eventually(() => Promise.resolve(clamd.cleanScans()), (count) => count >= scanned + 2)).toBe(scanned + 2);
  });

  it('finds what lies deep inside a large upload (every chunk reaches clamd)', async () => {
    const data = Buffer.concat([randomBytes(700 * 1024), MARKER, randomBytes(50 * 1024)]);
    const response = await upload(t, member, groupId, 'dataset.bin', data);
    expectError(response, 422, 'file.infected');
    expect(response.body.message).toContain(MARKER_SIGNATURE);
  });

  it('answers 422 file.infected for an infected upload and leaves nothing behind: no row, no bytes, no version', async () => {
    const first = (await upload(t, member, groupId, 'leesmij.txt', 'De eerste, schone versie.')).body;
    const before = { rows: await rowsOf(t, groupId), stored: storedFiles(filesDir) };

    const infected = await upload(t, member, groupId, 'leesmij.txt', EICAR).set('Accept-Language', 'en');
    expectError(infected, 422, 'file.infected');
    expect(infected.body.message).toBe(`This file contains a virus (${EICAR_SIGNATURE}.UNOFFICIAL) and was not stored`);
    expectError(await upload(t, member, groupId, 'onschuldig.pdf', EICAR), 422, 'file.infected');

    expect(await rowsOf(t, groupId)).toEqual(before.rows);
    expect(storedFiles(filesDir)).toEqual(before.stored);
    const detail = (await t.http().get(`${V1}/files/${first.id}`)).body as { versions: { version: number }[] };
    expect(detail.versions.map((version) => version.version)).toEqual([1]);
    // The next clean upload of the name is version 2: the refused one took no number.
    expect((await upload(t, member, groupId, 'leesmij.txt', 'De tweede versie.')).body).toMatchObject({ version: 2 });
  });

  it('answers 503 file.scanner_unavailable when clamd does not answer, and keeps nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kp-files-noscan-'));
    const down = await createTestApp({ env: { FILES_DIR: dir, CLAMAV_URL: `tcp://127.0.0.1:${await freePort()}` } });
    try {
      const user = await registerUser(down);
      const group = (await createGroup(down, user, { visibility: 'public', membership: 'open' })).id;
      const response = await upload(down, user, group, 'notulen.txt', 'Schone notulen.');
      expectError(response, 503, 'file.scanner_unavailable');
      expect(JSON.stringify(response.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
      expect(await rowsOf(down, group)).toEqual({ files: 0, activities: 0 });
      expect(storedFiles(dir)).toEqual([]);
    } finally {
      await down.close();
    }
  });
});
