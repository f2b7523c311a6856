import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGroup } from './support/community.js';
import { expectError } from './support/errors.js';
import { registerUser, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

// Signed download links: a plain link (no bearer token) downloads a file of a members-only
// group for the caller it was made for, for a few minutes; a forged, expired or foreign one does not.
let t: TestApp;
let owner: TestUser;
let member: TestUser;
let stranger: TestUser;
let groupId: string;
const MAX_BYTES = 256 * 1024;
/** The test app's JWT_SECRET (the development default): the links' key, for a link whose minutes are over. */
const SECRET = 'kennisplein-local-development-secret-not-for-production';

beforeAll(async () => {
  t = await createTestApp({ env: { FILES_DIR: mkdtempSync(join(tmpdir(), 'kp-links-')), FILES_MAX_BYTES: String(MAX_BYTES) } });
  owner = await registerUser(t, { displayName: 'Olga Owner' });
  member = await registerUser(t, { displayName: 'Mats Member' });
  stranger = await registerUser(t, { displayName: 'Stan Stranger' });
  groupId = (await createGroup(t, owner, { visibility: 'members', membership: 'invite' })).id;
  await addMember(member);
});
afterAll(() => t.close());

/** In by invitation: a members-only group is hidden from whoever is not in it. */
async function addMember(user: TestUser): Promise<void> {
  const invite = await t.http().post(`${V1}/groups/${groupId}/invites`).set(owner.auth).send({ email: user.email }).expect(201);
  await t.http().post(`${V1}/invites/${invite.body.token}/accept`).set(user.auth).expect(200);
}

const upload = (user: TestUser, name: string, content: string, folder?: string) => {
  let request = t.http().post(`${V1}/groups/${groupId}/files`).set(user.auth);
  if (folder !== undefined) request = request.field('folder', folder);
  return request.attach('file', Buffer.from(content), name).expect(201);
};
const linkFor = async (user: TestUser, fileId: string) =>
  (await t.http().post(`${V1}/files/${fileId}/download-link`).set(user.auth).expect(200)).body as { url: string; expiresAt: string };

describe('download links', () => {
  it('download a members-only file without a bearer token, for the caller they were made for', async () => {
    const file = (await upload(owner, 'notulen.txt', 'De notulen van dinsdag.')).body;
    expectError(await t.http().get(`${V1}/files/${file.id}/content`), 404, 'file.not_found');
    const link = await linkFor(member, file.id);
    expect(link.url).toMatch(new RegExp(`^/api/v1/files/${file.id}/content\\?token=`));
    expect(new Date(link.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const answer = await t.http().get(link.url).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-disposition']).toMatch(/^attachment; filename="notulen.txt"/);
    expect(createHash('sha256').update(answer.body as Buffer).digest('hex')).toBe(file.sha256);
    // Ranges work through a link too (a browser resumes a download).
    const part = await t.http().get(link.url).set('Range', 'bytes=0-2');
    expect(part.status).toBe(206);
  });

  it('are refused when forged, expired, made for another file, or for someone who lost access', async () => {
    const file = (await upload(owner, 'plan.txt', 'Het plan.')).body;
    const other = (await upload(owner, 'ander.txt', 'Iets anders.')).body;
    const { url } = await linkFor(member, file.id);
    const token = new URL(url, 'http://x').searchParams.get('token')!;
    const [expires, userId, signature] = token.split('.');
    const content = (id: string, value: string) => t.http().get(`${V1}/files/${id}/content`).query({ token: value });

    expectError(await content(file.id, `${expires}.${userId}.${signature.slice(0, -2)}xx`), 403, 'file.download_link_invalid');
    expectError(await content(file.id, `${Number(expires) + 600}.${userId}.${signature}`), 403, 'file.download_link_invalid');
    expectError(await content(file.id, `${expires}.${stranger.id}.${signature}`), 403, 'file.download_link_invalid');
    expectError(await content(other.id, token), 403, 'file.download_link_invalid');
    expectError(await content(file.id, 'not-a-token'), 403, 'file.download_link_invalid');
    // Signed with the platform's secret, but its minutes are over.
    const past = Math.floor(Date.now() / 1000) - 60;
    const expired = `${past}.${member.id}.${createHmac('sha256', SECRET).update(`file-download:${file.id}:${member.id}:${past}`).digest('base64url')}`;
    expectError(await content(file.id, expired), 403, 'file.download_link_expired');

    // Who may not see the file gets no link; a link of someone who left stops working.
    expectError(await t.http().post(`${V1}/files/${file.id}/download-link`).set(stranger.auth), 404, 'file.not_found');
    const leaver = await registerUser(t, { displayName: 'Lies Leaver' });
    await addMember(leaver);
    const leaversLink = await linkFor(leaver, file.id);
    await t.http().post(`${V1}/groups/${groupId}/leave`).set(leaver.auth).expect(204);
    expectError(await t.http().get(leaversLink.url), 404, 'file.not_found');
  });
});

describe('the files list and detail for the web client', () => {
  it('tell the upload limit, the folders inside a folder, and who uploaded each version', async () => {
    await upload(owner, 'a.txt', 'a', 'map/sub');
    await upload(owner, 'b.txt', 'b', 'map/sub2/diep');
    await upload(owner, 'c.txt', 'c', 'andere');
    const first = (await upload(member, 'versies.txt', 'een', 'map')).body;
    // A group admin adds a version to a member's file.
    const second = (await upload(owner, 'versies.txt', 'twee', 'map')).body;

    const top = (await t.http().get(`${V1}/groups/${groupId}/files`).query({ folder: '' }).set(member.auth).expect(200)).body;
    expect(top.maxUploadBytes).toBe(MAX_BYTES);
    expect(top.folders).toEqual(['andere', 'map']);
    const inMap = (await t.http().get(`${V1}/groups/${groupId}/files`).query({ folder: 'map' }).set(member.auth).expect(200)).body;
    expect(inMap.folders).toEqual(['sub', 'sub2']);
    expect(inMap.items.map((item: { name: string; version: number }) => [item.name, item.version])).toEqual([['versies.txt', 2]]);

    const detail = (await t.http().get(`${V1}/files/${first.id}`).set(member.auth).expect(200)).body;
    expect(detail.versions).toEqual([
      expect.objectContaining({ id: second.id, version: 2, sha256: second.sha256, uploader: { id: owner.id, displayName: 'Olga Owner' } }),
      expect.objectContaining({ id: first.id, version: 1, sha256: first.sha256, uploader: { id: member.id, displayName: 'Mats Member' } }),
    ]);
  });
});
