import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGroup, createSite } from './support/community.js';
import { registerUser, type TestUser } from './support/factories.js';
import { expectError } from './support/errors.js';
import { eventually, pdfOf, sample, SAMPLE_WITH_HEADER } from './support/kennisbank.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';
import { streamUpload } from './support/uploads.js';

let t: TestApp;
let filesDir: string;
let owner: TestUser;
let member: TestUser;
let stranger: TestUser;
let groupId: string;
const MAX_BYTES = 1024 * 1024;

/** Every file under FILES_DIR (a leftover .partial would show here). */
function storedFiles(dir = filesDir): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

beforeAll(async () => {
  filesDir = mkdtempSync(join(tmpdir(), 'kp-files-'));
  t = await createTestApp({ env: { FILES_DIR: filesDir, FILES_MAX_BYTES: String(MAX_BYTES), WORKER_INLINE: 'true' } });
  owner = await registerUser(t, { displayName: 'Olga Owner' });
  member = await registerUser(t, { displayName: 'Mats Member' });
  stranger = await registerUser(t, { displayName: 'Stan Stranger' });
  groupId = (await createGroup(t, owner, { visibility: 'public', membership: 'open' })).id;
  await t.http().post(`${V1}/groups/${groupId}/join`).set(member.auth).expect(200);
});
afterAll(() => t.close());

const upload = (user: TestUser, name: string, content: Buffer | string, folder?: string, group = groupId) => {
  let request = t.http().post(`${V1}/groups/${group}/files`).set(user.auth);
  if (folder !== undefined) request = request.field('folder', folder);
  return request.attach('file', typeof content === 'string' ? Buffer.from(content) : content, name);
};

describe('blogs in a group', () => {
  it('publishes a post with sanitized HTML and a live comment thread, and keeps the markdown as written', async () => {
    const body = [
      '# Vervolg',
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(2)>',
      '[klik](javascript:alert(3)) en [goed](https://nioc.nl)',
      '![plaatje](data:image/png;base64,AAAA) ![web](https://nioc.nl/logo.png)',
    ].join('\n\n');
    const created = await t.http().post(`${V1}/groups/${groupId}/blogs`).set(member.auth).send({ title: 'Na het congres', body, status: 'published' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Na het congres', body, status: 'published', groupId, author: { id: member.id } });
    expect(created.body.publishedAt).not.toBeNull();
    const html: string = created.body.html;
    expect(html).toContain('<h1>Vervolg</h1>');
    expect(html).toContain('href="https://nioc.nl"');
    // An image of another host is a link: the reader's browser fetches nothing from it.
    expect(html).toContain('<a href="https://nioc.nl/logo.png" rel="nofollow noopener noreferrer" target="_blank">web</a>');
    expect(html).not.toMatch(/<img/i);
    // What was refused stays as visible text at most: never a tag, an event handler or a script link.
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<[^>]+\son\w+=/i);
    expect(html).not.toMatch(/(href|src)="(javascript|data):/i);
    expect(html).not.toContain('<img src="x"');

    const thread = await t.http().get(`${V1}/threads/${created.body.commentThreadId}`);
    expect(thread.body).toMatchObject({ kind: 'comments', groupId, subject: { type: 'blog_post', id: created.body.id } });
    const comment = await t.http().post(`${V1}/threads/${created.body.commentThreadId}/messages`).set(owner.auth).send({ body: 'Mooi!' });
    expect(comment.status).toBe(201);
  });

  it('shows a draft to its author only, and opens comments when it is published', async () => {
    const draft = await t.http().post(`${V1}/groups/${groupId}/blogs`).set(member.auth).send({ title: 'Concept', body: 'Nog niet af', status: 'draft' });
    expect(draft.body).toMatchObject({ status: 'draft', commentThreadId: null, publishedAt: null });
    expect((await t.http().get(`${V1}/blogs/${draft.body.id}`).set(member.auth)).status).toBe(200);
    expectError(await t.http().get(`${V1}/blogs/${draft.body.id}`).set(owner.auth), 404, 'blog.not_found');
    expectError(await t.http().get(`${V1}/blogs/${draft.body.id}`), 404, 'blog.not_found');
    const listed = async (user?: TestUser) => {
      const request = t.http().get(`${V1}/groups/${groupId}/blogs?limit=100`);
      const response = user ? await request.set(user.auth) : await request;
      return (response.body.items as { id: string }[]).map((item) => item.id);
    };
    expect(await listed(member)).toContain(draft.body.id);
    expect(await listed(owner)).not.toContain(draft.body.id);
    expect(await listed()).not.toContain(draft.body.id);

    expectError(await t.http().patch(`${V1}/blogs/${draft.body.id}`).set(owner.auth).send({ title: 'Overgenomen' }), 404, 'blog.not_found');
    const published = await t.http().patch(`${V1}/blogs/${draft.body.id}`).set(member.auth).send({ status: 'published', body: 'Nu **af**' });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', html: '<p>Nu <strong>af</strong></p>' });
    expect(published.body.commentThreadId).toEqual(expect.any(String));
    expect(await listed()).toContain(draft.body.id);
  });

  it('does not let an author who left the group publish there, nor turn a published post back into a draft', async () => {
    const leaver = await registerUser(t);
    await t.http().post(`${V1}/groups/${groupId}/join`).set(leaver.auth).expect(200);
    const draft = (await t.http().post(`${V1}/groups/${groupId}/blogs`).set(leaver.auth).send({ title: 'Later', body: 'Tekst', status: 'draft' })).body;
    await t.http().post(`${V1}/groups/${groupId}/leave`).set(leaver.auth).expect(204);
    expectError(await t.http().patch(`${V1}/blogs/${draft.id}`).set(leaver.auth).send({ status: 'published' }), 403, 'group.members_only');
    const post = (await t.http().post(`${V1}/groups/${groupId}/blogs`).set(member.auth).send({ title: 'Af', body: 'Tekst', status: 'published' })).body;
    const unpublish = await t.http().patch(`${V1}/blogs/${post.id}`).set(member.auth).set('Accept-Language', 'en;q=0.9, nl;q=0.1').send({ status: 'draft' });
    expectError(unpublish, 409, 'blog.cannot_unpublish');
    expect(unpublish.body.message).toBe('A published post cannot become a draft again; delete it');
  });

  it('lets only the author edit, and the author or a group admin delete, with the comments', async () => {
    const post = (await t.http().post(`${V1}/groups/${groupId}/blogs`).set(member.auth).send({ title: 'Weg', body: 'Tekst', status: 'published' })).body;
    expectError(await t.http().patch(`${V1}/blogs/${post.id}`).set(owner.auth).send({ title: 'Anders' }), 403, 'blog.author_only');
    const other = await registerUser(t);
    await t.http().post(`${V1}/groups/${groupId}/join`).set(other.auth).expect(200);
    expectError(await t.http().delete(`${V1}/blogs/${post.id}`).set(other.auth), 403, 'group.admins_only');
    // Read once, so the server knows the thread's group from memory: its removal still answers 404.
    expect((await t.http().post(`${V1}/threads/${post.commentThreadId}/messages`).set(other.auth).send({ body: 'Jammer' })).status).toBe(201);
    expect((await t.http().get(`${V1}/threads/${post.commentThreadId}/messages`)).body.items).toHaveLength(1);
    expect((await t.http().delete(`${V1}/blogs/${post.id}`).set(owner.auth)).status).toBe(204);
    expectError(await t.http().get(`${V1}/blogs/${post.id}`), 404, 'blog.not_found');
    expectError(await t.http().get(`${V1}/threads/${post.commentThreadId}`), 404, 'thread.not_found');
    expectError(await t.http().get(`${V1}/threads/${post.commentThreadId}/messages`), 404, 'thread.not_found');
  });

  it('takes posts from members only, names bad fields, and hides the posts of a members-only group', async () => {
    expectError(await t.http().post(`${V1}/groups/${groupId}/blogs`).set(stranger.auth).send({ title: 'T', body: 'B', status: 'published' }), 403, 'group.members_only');
    const bad = await t.http().post(`${V1}/groups/${groupId}/blogs`).set(member.auth).send({ title: '', body: '', status: 'live', extra: 1 });
    expectError(bad, 400, 'validation.failed');
    const message = (bad.body.message as string[]).join(' | ');
    for (const field of ['title', 'body', 'status', 'extra']) expect(message).toContain(field);
    const closed = await createGroup(t, owner, { visibility: 'members', membership: 'invite' });
    const post = await t.http().post(`${V1}/groups/${closed.id}/blogs`).set(owner.auth).send({ title: 'Intern', body: 'B', status: 'published' });
    expectError(await t.http().get(`${V1}/blogs/${post.body.id}`).set(stranger.auth), 404, 'blog.not_found');
    expectError(await t.http().get(`${V1}/groups/${closed.id}/blogs`).set(stranger.auth), 404, 'group.not_found');
  });
});

describe('the news of a deelsite', () => {
  it('is written by its admins, read as the deelsite is visible, and commented on by its members', async () => {
    const site = await createSite(t, owner, { visibility: 'public', membership: 'open' });
    await t.http().post(`${V1}/sites/${site.slug}/join`).set(member.auth).expect(200);
    expectError(await t.http().post(`${V1}/sites/${site.slug}/blogs`).set(member.auth).send({ title: 'N', body: 'B', status: 'published' }), 403, 'site.admins_only');
    const news = await t.http().post(`${V1}/sites/${site.slug}/blogs`).set(owner.auth).send({ title: 'Welkom', body: 'Het congres begint', status: 'published' });
    expect(news.status).toBe(201);
    expect(news.body).toMatchObject({ site: site.slug, groupId: null });
    expect((await t.http().get(`${V1}/sites/${site.slug}/blogs`)).body.items.map((item: { id: string }) => item.id)).toEqual([news.body.id]);
    const thread = await t.http().get(`${V1}/threads/${news.body.commentThreadId}`);
    expect(thread.body).toMatchObject({ kind: 'comments', groupId: null, siteId: site.id });
    expect((await t.http().post(`${V1}/threads/${news.body.commentThreadId}/messages`).set(member.auth).send({ body: 'Top' })).status).toBe(201);
    expectError(await t.http().post(`${V1}/threads/${news.body.commentThreadId}/messages`).set(stranger.auth).send({ body: 'Ik ook' }), 403, 'site.members_only');

    const closedSite = await createSite(t, owner, { visibility: 'members', membership: 'invite' });
    const secret = await t.http().post(`${V1}/sites/${closedSite.slug}/blogs`).set(owner.auth).send({ title: 'Intern', body: 'B', status: 'published' });
    expectError(await t.http().get(`${V1}/blogs/${secret.body.id}`).set(stranger.auth), 404, 'blog.not_found');
    expectError(await t.http().get(`${V1}/threads/${secret.body.commentThreadId}`).set(stranger.auth), 404, 'thread.not_found');
  });
});

describe('files', () => {
  it('stores an upload with its sniffed type and sha256, and a second upload of the name as version 2', async () => {
    const first = await upload(member, 'notulen.txt', 'Eerste versie van de notulen.', 'verslagen/2025');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      name: 'notulen.txt',
      folder: 'verslagen/2025',
      version: 1,
      size: 29,
      mime: 'text/plain',
      sha256: createHash('sha256').update('Eerste versie van de notulen.').digest('hex'),
    });
    const second = await upload(owner, 'notulen.txt', 'Tweede versie.', 'verslagen/2025');
    expect(second.body).toMatchObject({ version: 2, size: 14 });
    const detail = await t.http().get(`${V1}/files/${second.body.id}`);
    expect(detail.body.versions.map((version: { version: number }) => version.version)).toEqual([2, 1]);
    const old = await t.http().get(`${V1}/files/${first.body.id}/content`).buffer(true);
    expect(old.text).toBe('Eerste versie van de notulen.');
    const list = await t.http().get(`${V1}/groups/${groupId}/files?folder=verslagen/2025`);
    expect(list.body.items.map((file: { id: string }) => file.id)).toEqual([second.body.id]);
    const png = await upload(member, 'logo.png', Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a60000000049454e44ae426082', 'hex'));
    expect(png.body.mime).toBe('image/png');
  });

  it('adds versions only for the uploader and group admins: another member\'s upload of the name is a file of its own', async () => {
    const other = await registerUser(t, { displayName: 'Olaf Other' });
    await t.http().post(`${V1}/groups/${groupId}/join`).set(other.auth).expect(200);
    const original = (await upload(member, 'planning.txt', 'van Mats', 'probe9')).body;
    const mine = await upload(member, 'planning.txt', 'van Mats, versie 2', 'probe9');
    expect(mine.body).toMatchObject({ version: 2 });
    const foreign = await upload(other, 'planning.txt', 'van Olaf', 'probe9');
    expect(foreign.status).toBe(201);
    expect(foreign.body).toMatchObject({ name: 'planning.txt', version: 1 });
    const byAdmin = await upload(owner, 'planning.txt', 'van Olga, de beheerder', 'probe9');
    expect(byAdmin.body).toMatchObject({ version: 3 });
    const againByOther = await upload(other, 'planning.txt', 'van Olaf, versie 2', 'probe9');
    expect(againByOther.body).toMatchObject({ version: 2 });
    const detail = (await t.http().get(`${V1}/files/${byAdmin.body.id}`)).body as { versions: { id: string; version: number }[] };
    expect(detail.versions.map((version) => version.id)).toEqual([byAdmin.body.id, mine.body.id, original.id]);
    const others = (await t.http().get(`${V1}/files/${foreign.body.id}`)).body as { versions: { id: string; uploader: { displayName: string } }[] };
    expect(others.versions.map((version) => [version.id, version.uploader.displayName])).toEqual([
      [againByOther.body.id, 'Olaf Other'],
      [foreign.body.id, 'Olaf Other'],
    ]);
    const newest = await t.http().get(`${V1}/files/${byAdmin.body.id}/content`).buffer(true);
    expect(newest.text).toBe('van Olga, de beheerder');
    const list = (await t.http().get(`${V1}/groups/${groupId}/files?folder=probe9`)).body as { items: { id: string }[] };
    expect(list.items.map((item) => item.id).sort()).toEqual([byAdmin.body.id, againByOther.body.id].sort());
  });

  it('streams downloads with Content-Length, attachment, ETag/304 and single ranges (206, 416)', async () => {
    const content = '0123456789abcdefghij';
    const file = (await upload(member, 'één verslag.txt', content)).body;
    const whole = await t.http().get(`${V1}/files/${file.id}/content`).buffer(true);
    expect(whole.status).toBe(200);
    expect(whole.headers['content-length']).toBe('20');
    expect(whole.headers['content-disposition']).toBe(`attachment; filename="een verslag.txt"; filename*=UTF-8''%C3%A9%C3%A9n%20verslag.txt`);
    expect(whole.headers.etag).toBe(`"${file.sha256}"`);
    expect(whole.text).toBe(content);
    expect((await t.http().get(`${V1}/files/${file.id}/content`).set('If-None-Match', `"${file.sha256}"`)).status).toBe(304);
    const part = await t.http().get(`${V1}/files/${file.id}/content`).set('Range', 'bytes=5-9').buffer(true);
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 5-9/20');
    expect(part.text).toBe('56789');
    const suffix = await t.http().get(`${V1}/files/${file.id}/content`).set('Range', 'bytes=-3').buffer(true);
    expect(suffix.text).toBe('hij');
    const backwards = await t.http().get(`${V1}/files/${file.id}/content`).set('Range', 'bytes=5-3').buffer(true);
    expect(backwards.status).toBe(200);
    expect(backwards.text).toBe(content);
    const beyond = await t.http().get(`${V1}/files/${file.id}/content`).set('Range', 'bytes=100-');
    // An error with its code, as JSON (found by the fuzzer: it was an empty text/plain answer).
    expectError(beyond, 416, 'file.range_not_satisfiable');
    expect(beyond.headers['content-type']).toMatch(/^application\/json/);
    expect(beyond.headers['content-disposition']).toBeUndefined();
    expect(beyond.headers['content-range']).toBe('bytes */20');
  });

  it('answers 413 for a file over FILES_MAX_BYTES and leaves nothing behind', async () => {
    const before = storedFiles();
    const response = await upload(member, 'te-groot.txt', Buffer.alloc(MAX_BYTES + 1, 'x')).set('Accept-Language', 'en');
    expectError(response, 413, 'file.too_large');
    expect(response.body.message).toBe('The file is larger than 1 MiB');
    expect(storedFiles()).toEqual(before);
  });

  it('leaves nothing behind when an upload is interrupted', async () => {
    const base = await t.listen();
    const before = storedFiles();
    // Cut off once the server writes the upload's .partial file: otherwise the wait below could
    // end before that file even appeared, and its clean-up would fall into the next test.
    const storing = () => eventually(() => Promise.resolve(storedFiles()), (files) => files.some((file) => file.endsWith('.partial')));
    expect(await streamUpload(base, `${V1}/groups/${groupId}/files`, member.accessToken, { size: MAX_BYTES / 2, abortAfter: 128 * 1024, beforeAbort: storing })).toBe('aborted');
    const after = await eventually(
      () => Promise.resolve(storedFiles()),
      (files) => files.length === before.length,
    );
    expect(after).toEqual(before);
  });

  it('answers 400 for a multipart body cut off in the middle, and keeps running with nothing left behind', async () => {
    const before = storedFiles();
    const boundary = 'afgebroken';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="half.txt"\r\nContent-Type: text/plain\r\n\r\nhalve inhoud`;
    const response = await t
      .http()
      .post(`${V1}/groups/${groupId}/files`)
      .set(member.auth)
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .send(body);
    expectError(response, 400, 'multipart.interrupted');
    expect(storedFiles()).toEqual(before);
    expect((await upload(member, 'daarna.txt', 'werkt nog')).status).toBe(201);
  });

  it('refuses native programs by their bytes whatever their name, and leaves nothing behind', async () => {
    const before = storedFiles();
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120)]);
    const refused = expectError(await upload(member, 'harmless.txt', elf), 415, 'file.executable_refused');
    expect(refused.body.message).toBe('Programma’s worden niet gedeeld');
    const pe = Buffer.alloc(256);
    pe.write('MZ', 0, 'latin1');
    pe.writeUInt32LE(0x80, 0x3c);
    pe.write('PE\0\0', 0x80, 'latin1');
    expectError(await upload(member, 'harmless.txt', pe), 415, 'file.executable_refused');
    const machO = Buffer.concat([Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 0x07, 0x00, 0x00, 0x01]), Buffer.alloc(120)]);
    expectError(await upload(member, 'harmless.txt', machO), 415, 'file.executable_refused');
    const universal = Buffer.concat([Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2]), Buffer.alloc(120)]);
    expectError(await upload(member, 'harmless.txt', universal), 415, 'file.executable_refused');
    expect(storedFiles()).toEqual(before);
    const list = await t.http().get(`${V1}/groups/${groupId}/files?q=harmless`);
    expect(list.body.items).toEqual([]);
  });

  it('shares scripts, jars and binary data, whatever their name, and serves them as inert attachments', async () => {
    const data = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256));
    const shared: [string, Buffer][] = [
      ['results.bin', data],
      ['start.sh', Buffer.from('#!/bin/sh\necho hoi\n')],
      ['opdracht.jar', Buffer.concat([Buffer.from('504b0304140000000800', 'hex'), Buffer.alloc(100)])],
      ['Main.class', Buffer.concat([Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0x34]), Buffer.alloc(100)])],
      ['script.exe', Buffer.from('geen programma, alleen tekst')],
    ];
    for (const [name, bytes] of shared) {
      const stored = await upload(member, name, bytes, 'gedeeld');
      expect({ name, status: stored.status }).toEqual({ name, status: 201 });
      const download = await t.http().get(`${V1}/files/${stored.body.id}/content`).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
      expect(Buffer.compare(download.body as Buffer, bytes)).toBe(0);
      expect(download.headers['content-disposition']).toMatch(/^attachment; /);
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.headers['content-type']).not.toMatch(/html|javascript|x-sh/);
    }
  });

  it('cleans names and refuses folders that climb out', async () => {
    const file = await upload(member, 'ver\u200Bslag.txt', 'tekst');
    expect(file.body.name).toBe('verslag.txt');
    expectError(await upload(member, 'a.txt', 'tekst', '../geheim'), 400, 'file.folder_climbs_out');
    const long = await upload(member, `${'ë'.repeat(200)}.txt`, 'tekst');
    expect(Buffer.byteLength(long.body.name)).toBeLessThanOrEqual(255);
    expect(long.body.name.endsWith('.txt')).toBe(true);
  });

  it('lets members upload, the uploader or a group admin delete, and hides the files of a members-only group', async () => {
    expectError(await upload(stranger, 'x.txt', 'x'), 403, 'group.members_only');
    const file = (await upload(member, 'wis.txt', 'x')).body;
    expectError(await t.http().delete(`${V1}/files/${file.id}`).set(stranger.auth), 403, 'group.admins_only');
    expect((await t.http().delete(`${V1}/files/${file.id}`).set(owner.auth)).status).toBe(204);
    expectError(await t.http().get(`${V1}/files/${file.id}`), 404, 'file.not_found');
    const closed = await createGroup(t, owner, { visibility: 'members', membership: 'invite' });
    const secret = (await upload(owner, 'geheim.txt', 'x', undefined, closed.id)).body;
    expectError(await t.http().get(`${V1}/files/${secret.id}`).set(stranger.auth), 404, 'file.not_found');
    expectError(await t.http().get(`${V1}/files/${secret.id}/content`).set(stranger.auth), 404, 'file.not_found');
    expectError(await t.http().get(`${V1}/groups/${closed.id}/files`).set(stranger.auth), 404, 'group.not_found');
  });

  it('makes the text of an uploaded PDF searchable in the group (Dutch search), through the worker', async () => {
    const pdf = await pdfOf(sample(SAMPLE_WITH_HEADER).toString('utf8'));
    const file = (await upload(member, 'wij-de-overheid.pdf', pdf, 'papers')).body;
    expect(file).toMatchObject({ mime: 'application/pdf', textStatus: 'pending' });
    const done = await eventually(
      async () => (await t.http().get(`${V1}/files/${file.id}`)).body as { textStatus: string },
      (body) => body.textStatus !== 'pending',
    );
    expect(done.textStatus).toBe('done');
    const found = await t.http().get(`${V1}/groups/${groupId}/files?q=netwerken`);
    expect(found.body.items.map((item: { id: string }) => item.id)).toEqual([file.id]);
    expect((await t.http().get(`${V1}/groups/${groupId}/files?q=onvindbaarwoord`)).body.items).toEqual([]);
  });
});

describe('personal data', () => {
  it('exports the posts and files a user made', async () => {
    const writer = await registerUser(t);
    await t.http().post(`${V1}/groups/${groupId}/join`).set(writer.auth).expect(200);
    await t.http().post(`${V1}/groups/${groupId}/blogs`).set(writer.auth).send({ title: 'Mijn post', body: 'B', status: 'draft' }).expect(201);
    await upload(writer, 'mijn-bestand.txt', 'x').expect(201);
    const exported = await t.http().get(`${V1}/me/export`).set(writer.auth);
    expect(exported.body.blogs).toEqual([expect.objectContaining({ title: 'Mijn post', status: 'draft' })]);
    expect(exported.body.files).toEqual([expect.objectContaining({ name: 'mijn-bestand.txt', size: '1' })]);
  });
});

describe('a 200 MiB upload with a 100 MiB limit', () => {
  it('answers 413 without the process growing by 50 MiB', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kp-files-big-'));
    const big = await createTestApp({ env: { FILES_DIR: dir, FILES_MAX_BYTES: String(100 * 1024 * 1024) } });
    try {
      const user = await registerUser(big);
      const group = await createGroup(big, user, { visibility: 'public', membership: 'open' });
      const base = await big.listen();
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const answer = await streamUpload(base, `${V1}/groups/${group.id}/files`, user.accessToken, { size: 200 * 1024 * 1024 });
      clearInterval(sampler);
      expect(answer).toEqual({ status: 413, body: expect.objectContaining({ code: 'file.too_large', message: 'Het bestand is groter dan 100 MiB' }) });
      expect(peak - before).toBeLessThan(50 * 1024 * 1024);
      expect(storedFiles(dir)).toEqual([]);
    } finally {
      await big.close();
    }
  });
});
