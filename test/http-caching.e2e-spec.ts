import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { CachePolicy } from '@kennisplein/core';
import { registerUser, type TestUser } from './support/factories.js';
import { createCongress, importFiles, makeAdmin, sample, SAMPLE_WITH_HEADER } from './support/kennisbank.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

let t: TestApp;
let admin: TestUser;
let reader: TestUser;
let congress: string;
let contribution: { id: string; workspace: { groupId: string; feedbackThreadId: string } };

beforeAll(async () => {
  t = await createTestApp();
  admin = await makeAdmin(t, await registerUser(t, { displayName: 'Ada Admin' }));
  reader = await registerUser(t, { displayName: 'Rik Reader' });
  congress = await createCongress(t, admin);
  const imported = await importFiles(t, admin, congress, [{ name: SAMPLE_WITH_HEADER, content: sample(SAMPLE_WITH_HEADER) }]);
  expect(imported.body).toMatchObject({ created: 1, failed: [] });
  const list = await t.http().get(`${V1}/contributions`).query({ congress });
  contribution = list.body.items[0];
});
afterAll(() => t.close());

const get = (path: string, headers: Record<string, string> = {}) => t.http().get(`${V1}${path}`).set(headers);
const vary = (response: Response) => (response.headers['vary'] ?? '').toLowerCase().split(/\s*,\s*/);

/** An anonymous 200 with an ETag and the policy, then a 304 without a body for If-None-Match of it. */
async function expectRevalidates(path: string, policy: string): Promise<string> {
  const first = await get(path);
  expect(first.status).toBe(200);
  expect(first.headers['cache-control']).toBe(policy);
  expect(vary(first)).toContain('authorization');
  const etag = first.headers['etag'];
  expect(etag).toMatch(/^(W\/)?"[^"]+"$/);
  const again = await get(path, { 'If-None-Match': etag });
  expect(again.status).toBe(304);
  expect(again.text ?? '').toBe('');
  expect(again.headers['content-length']).toBeUndefined();
  expect(again.headers['etag']).toBe(etag);
  expect(again.headers['cache-control']).toBe(policy);
  return etag;
}

describe('anonymous reads of public resources', () => {
  it('answer the kennisbank with an ETag, public caching for a short while, and 304 to If-None-Match', async () => {
    await expectRevalidates(`/contributions/${contribution.id}`, CachePolicy.short);
    await expectRevalidates(`/contributions?q=netwerk&facets=true`, CachePolicy.short);
    await expectRevalidates('/themes', CachePolicy.short);
    await expectRevalidates(`/congresses/${congress}`, CachePolicy.short);
  });

  it('answer groups, threads and messages public but revalidated every time (live data)', async () => {
    const { groupId, feedbackThreadId } = contribution.workspace;
    await expectRevalidates(`/groups/${groupId}`, CachePolicy.live);
    await expectRevalidates(`/groups/${groupId}/threads`, CachePolicy.live);
    await expectRevalidates(`/groups/${groupId}/members`, CachePolicy.live);
    await expectRevalidates(`/threads/${feedbackThreadId}`, CachePolicy.live);
    await expectRevalidates(`/threads/${feedbackThreadId}/messages?afterSeq=0`, CachePolicy.live);
  });

  it('keep the security headers, on the 304 as well', async () => {
    const first = await get(`/contributions/${contribution.id}`);
    const again = await get(`/contributions/${contribution.id}`, { 'If-None-Match': first.headers['etag'] });
    for (const response of [first, again]) {
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('change their ETag when the answer changes: a new message, an edited contribution', async () => {
    const { feedbackThreadId } = contribution.workspace;
    const messagesPath = `/threads/${feedbackThreadId}/messages?afterSeq=0`;
    const [messagesTag, threadTag, contributionTag] = await Promise.all(
      [messagesPath, `/threads/${feedbackThreadId}`, `/contributions/${contribution.id}`].map(async (path) => (await get(path)).headers['etag']),
    );

    const posted = await t.http().post(`${V1}/contributions/${contribution.id}/feedback`).set(reader.auth).send({ body: 'Een nieuwe reactie' });
    expect(posted.status).toBe(201);
    const messages = await get(messagesPath, { 'If-None-Match': messagesTag });
    expect(messages.status).toBe(200);
    expect(messages.headers['etag']).not.toBe(messagesTag);
    expect(messages.body.items.map((message: { body: string }) => message.body)).toContain('Een nieuwe reactie');
    const thread = await get(`/threads/${feedbackThreadId}`, { 'If-None-Match': threadTag });
    expect(thread.status).toBe(200);
    expect(thread.headers['etag']).not.toBe(threadTag);

    const changed = sample(SAMPLE_WITH_HEADER).toString('utf8').replace("'Wij, de overheid', co-creatie in de netwerksamenleving", 'Wij, de overheid: herzien');
    expect((await importFiles(t, admin, congress, [{ name: SAMPLE_WITH_HEADER, content: changed }])).body).toMatchObject({ updated: 1 });
    const edited = await get(`/contributions/${contribution.id}`, { 'If-None-Match': contributionTag });
    expect(edited.status).toBe(200);
    expect(edited.headers['etag']).not.toBe(contributionTag);
    expect(edited.body.title).toBe('Wij, de overheid: herzien');
  });
});

describe('answers that are not public', () => {
  it('a signed-in caller gets a private answer of the same public route, never a public one', async () => {
    for (const path of [`/contributions/${contribution.id}`, `/threads/${contribution.workspace.feedbackThreadId}`, `/groups/${contribution.workspace.groupId}`]) {
      const response = await get(path, reader.auth);
      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe(CachePolicy.private);
      expect(response.headers['cache-control']).not.toContain('public');
      expect(vary(response)).toContain('authorization');
    }
    const me = await get('/me', reader.auth);
    expect(me.headers['cache-control']).toBe(CachePolicy.private);
    // A route's own stricter header stays (the data export is never kept).
    expect((await get('/me/export', reader.auth)).headers['cache-control']).toBe('private, no-store');
  });

  it('an Authorization header that is not valid keeps the answer private too', async () => {
    const response = await get(`/contributions/${contribution.id}`, { Authorization: 'Bearer not-a-token' });
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe(CachePolicy.private);
  });

  it('routes without a public policy are private by default, and non-GET answers are not stored', async () => {
    const health = await get('/health');
    expect(health.headers['cache-control']).toBe(CachePolicy.private);
    const posted = await t.http().post(`${V1}/contributions/${contribution.id}/feedback`).set(reader.auth).send({ body: 'Nog een' });
    expect(posted.status).toBe(201);
    expect(posted.headers['cache-control']).toBe('no-store');
  });

  it('an error answer is never stored, on a public route as well', async () => {
    const answers = await Promise.all([
      get(`/contributions/${randomUUID()}`),
      get(`/threads/${randomUUID()}/messages`),
      get('/contributions?limit=1000'),
      get('/no-such-route'),
      get('/me'),
    ]);
    expect(answers.map((response) => response.status)).toEqual([404, 404, 400, 404, 401]);
    for (const response of answers) expect(response.headers['cache-control']).toBe('no-store');
  });
});
