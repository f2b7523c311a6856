import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CachePolicy } from '@kennisplein/core';
import { registerUser, type TestUser } from './support/factories.js';
import { createCongress, importFiles, makeAdmin, sample, SAMPLE_WITH_HEADER, SAMPLE_WITHOUT_HEADER } from './support/kennisbank.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

// The anonymous cache (libs/core/src/http/anonymous-cache.ts). A change written behind the
// api's back (straight into the database) shows whether an answer came from the cache: the
// handler would have read it. The TTL is far longer than any test takes.
let t: TestApp;
let db: DataSource;
let admin: TestUser;
let reader: TestUser;
let congress: string;
let contributionId: string;

beforeAll(async () => {
  t = await createTestApp({ env: { ANONYMOUS_CACHE_TTL_MS: '600000' } });
  db = t.app.get(DataSource);
  admin = await makeAdmin(t, await registerUser(t, { displayName: 'Ada Admin' }));
  reader = await registerUser(t, { displayName: 'Rik Reader' });
  congress = await createCongress(t, admin);
  const imported = await importFiles(t, admin, congress, [{ name: SAMPLE_WITH_HEADER, content: sample(SAMPLE_WITH_HEADER) }]);
  expect(imported.body).toMatchObject({ created: 1, failed: [] });
  contributionId = (await t.http().get(`${V1}/contributions`).query({ congress }).set(reader.auth)).body.items[0].id;
});
afterAll(() => t.close());

const get = (path: string, headers: Record<string, string> = {}) => t.http().get(`${V1}${path}`).set(headers);
const retitle = (id: string, title: string) => db.query(`UPDATE kennisbank.contributions SET title = $2 WHERE id = $1`, [id, title]);
const titleOf = async (id: string) => (await db.query<{ title: string }[]>(`SELECT title FROM kennisbank.contributions WHERE id = $1`, [id]))[0].title;

const titleIn = (page: { items: { id: string; title: string }[] }) => page.items.find((item) => item.id === contributionId)?.title;

describe('the anonymous cache', () => {
  it('answers an anonymous GET again from memory: same body and ETag, without reading the database; 304 to its ETag', async () => {
    const path = `/contributions/${contributionId}`;
    const first = await get(path);
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe(CachePolicy.short);
    const title = first.body.title as string;
    await retitle(contributionId, 'Achter de rug van de api');

    const second = await get(path);
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(second.headers['etag']).toBe(first.headers['etag']);
    expect(second.headers['cache-control']).toBe(CachePolicy.short);
    expect(second.headers['content-type']).toBe(first.headers['content-type']);
    expect(Number(second.headers['age'])).toBeLessThanOrEqual(30);
    expect(second.headers['x-content-type-options']).toBe('nosniff');
    expect(second.body.title).toBe(title);

    const revalidated = await get(path, { 'If-None-Match': first.headers['etag'] });
    expect(revalidated.status).toBe(304);
    expect(revalidated.text ?? '').toBe('');
    expect(revalidated.headers['etag']).toBe(first.headers['etag']);
    await retitle(contributionId, title);
  });

  it('keeps the answer of a first read that was a 304 (the reader had the ETag) as well', async () => {
    const path = `/contributions?congress=${congress}&limit=7`;
    const signedIn = await get(path, reader.auth);
    const title = signedIn.body.items[0].title as string;
    const conditional = await get(path, { 'If-None-Match': signedIn.headers['etag'] });
    expect(conditional.status).toBe(304);
    await retitle(contributionId, 'Na een 304');

    const kept = await get(path);
    expect(kept.status).toBe(200);
    expect(kept.headers['etag']).toBe(signedIn.headers['etag']);
    expect(kept.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(kept.body.items[0].title).toBe(title);
    await retitle(contributionId, title);
  });

  it('never answers a signed-in caller, nor any Authorization header, from it', async () => {
    const path = `/contributions/${contributionId}`;
    const title = (await get(path)).body.title as string;
    await retitle(contributionId, 'Alleen voor wie aangemeld is');
    const signedIn = await get(path, reader.auth);
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers['cache-control']).toBe(CachePolicy.private);
    expect(signedIn.body.title).toBe('Alleen voor wie aangemeld is');
    const badToken = await get(path, { Authorization: 'Bearer not-a-token' });
    expect(badToken.body.title).toBe('Alleen voor wie aangemeld is');
    expect((await get(path)).body.title).toBe(title);
    await retitle(contributionId, title);
  });

  it('shows an edit through the api at once to anonymous readers: the one contribution and the searches', async () => {
    const searchPath = `/contributions?congress=${congress}`;
    const before = await get(`/contributions/${contributionId}`);
    expect((await get(searchPath)).body.items[0].title).toBe(before.body.title);
    const changed = sample(SAMPLE_WITH_HEADER).toString('utf8').replace("'Wij, de overheid', co-creatie in de netwerksamenleving", 'Wij, de overheid: bewerkt');
    expect((await importFiles(t, admin, congress, [{ name: SAMPLE_WITH_HEADER, content: changed }])).body).toMatchObject({ updated: 1 });
    expect(await titleOf(contributionId)).toBe('Wij, de overheid: bewerkt');

    const after = await get(`/contributions/${contributionId}`);
    expect(after.body.title).toBe('Wij, de overheid: bewerkt');
    expect(after.headers['etag']).not.toBe(before.headers['etag']);
    expect((await get(searchPath)).body.items[0].title).toBe('Wij, de overheid: bewerkt');
  });

  it('shows a new import at once: the searches hold the new contribution', async () => {
    const path = `/contributions?congress=${congress}&limit=50`;
    const before = (await get(path)).body.items.length as number;
    const imported = await importFiles(t, admin, congress, [{ name: SAMPLE_WITHOUT_HEADER, content: sample(SAMPLE_WITHOUT_HEADER) }]);
    expect(imported.body).toMatchObject({ created: 1, failed: [] });
    expect((await get(path)).body.items).toHaveLength(before + 1);
  });

  it('never keeps an error answer', async () => {
    const slug = `later-${randomUUID().slice(0, 8)}`;
    const missing = await get(`/congresses/${slug}`);
    expect(missing.status).toBe(404);
    await db.query(`INSERT INTO kennisbank.congresses (slug, name, year) VALUES ($1, 'Later congres', 2030)`, [slug]);
    const found = await get(`/congresses/${slug}`);
    expect(found.status).toBe(200);
    expect(found.body.name).toBe('Later congres');

    expect((await get('/contributions?limit=1000')).status).toBe(400);
    expect((await get('/contributions?limit=1000')).status).toBe(400);
  });

  it('keys by path and query: the same parameters in another order are the same answer, other parameters another', async () => {
    const title = await titleOf(contributionId);
    const first = await get(`/contributions?congress=${congress}&limit=5&facets=true`);
    expect(titleIn(first.body)).toBe(title);
    await retitle(contributionId, 'Na de eerste zoekvraag');

    const reordered = await get(`/contributions?facets=true&limit=5&congress=${congress}`);
    expect(reordered.text).toBe(first.text);
    expect(reordered.headers['etag']).toBe(first.headers['etag']);
    const other = await get(`/contributions?congress=${congress}&limit=4&facets=true`);
    expect(titleIn(other.body)).toBe('Na de eerste zoekvraag');
    const otherPath = await get(`/congresses/${congress}`);
    expect(otherPath.body.slug).toBe(congress);
    await retitle(contributionId, title);
  });

  it('keeps nothing of the live routes (no-cache): groups, threads and messages are read each time', async () => {
    const { groupId } = (await get(`/contributions/${contributionId}`, reader.auth)).body.workspace as { groupId: string };
    const first = await get(`/groups/${groupId}`);
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe(CachePolicy.live);
    await db.query(`UPDATE community.groups SET name = 'Live hernoemd' WHERE id = $1`, [groupId]);
    expect((await get(`/groups/${groupId}`)).body.name).toBe('Live hernoemd');
  });
});
