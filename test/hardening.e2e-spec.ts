import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect as connectTcp } from 'node:net';
import { REDIS, type RedisClient } from '@kennisplein/core';
import { createGroup, createSite } from './support/community.js';
import { makeAdmin } from './support/kennisbank.js';
import { expectError } from './support/errors.js';
import { registerUser, type TestUser, uniqueEmail } from './support/factories.js';
import { type Client, connected, send } from './support/sockets.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

/** Probes 1, 6 and 7 of issue 15 and the HTTP hardening: bounded input, no 500 from bad input, security headers, CORS, limits. */

let t: TestApp;
let baseUrl: string;
let owner: TestUser;
let group: { id: string };
let threadId: string;
const clients: Client[] = [];

beforeAll(async () => {
  t = await createTestApp();
  baseUrl = await t.listen();
  owner = await registerUser(t, { displayName: 'Olga Owner' });
  group = await createGroup(t, owner, { visibility: 'public', membership: 'open' });
  const thread = await t.http().post(`${V1}/groups/${group.id}/threads`).set(owner.auth).send({ title: 'Eerste draad', body: 'Hallo' }).expect(201);
  threadId = thread.body.id;
});
afterAll(async () => {
  for (const client of clients.splice(0)) client.close();
  await t.close();
});

async function socketOf(user: TestUser): Promise<Client> {
  const client = await connected(baseUrl, user.accessToken);
  clients.push(client);
  return client;
}

const registerBody = () => ({ email: uniqueEmail('probe'), password: 'correct horse battery', displayName: 'Probe' });

describe('probe 1: input is bounded before validation', () => {
  it('answers a register body with 60,000 unknown keys with a short 400 and a code', async () => {
    const body: Record<string, unknown> = registerBody();
    for (let i = 0; i < 60_000; i++) body[`k${i}`] = 0;
    const response = await t.http().post(`${V1}/auth/register`).set('Content-Type', 'application/json').send(JSON.stringify(body));
    expect(JSON.stringify(body).length).toBeGreaterThan(600_000);
    expectError(response, 400, 'common.body_too_many_keys');
    expect(response.text.length).toBeLessThan(1000);
  });

  it('answers JSON nested 400,000 deep with 400, not a stack overflow', async () => {
    const deep = `${'['.repeat(400_000)}${']'.repeat(400_000)}`;
    const response = await t.http().post(`${V1}/auth/register`).set('Content-Type', 'application/json').send(`{"email":${deep}}`);
    expectError(response, 400, 'common.body_too_deep');
  });

  it('lists at most 20 problems of a body under the key limit, and says how many more there were', async () => {
    const body: Record<string, unknown> = registerBody();
    for (let i = 0; i < 500; i++) body[`extra${i}`] = i;
    const response = await t.http().post(`${V1}/auth/register`).set('Accept-Language', 'en').send(body);
    expectError(response, 400, 'validation.failed');
    expect(response.body.fields).toHaveLength(20);
    expect(response.body.omitted).toBe(480);
    expect(response.body.message).toHaveLength(21);
    expect(response.body.message[20]).toBe('and 480 more problems');
  });

  it('does not send a huge unknown key back whole', async () => {
    const body: Record<string, unknown> = registerBody();
    body['k'.repeat(200_000)] = 1;
    const response = await t.http().post(`${V1}/auth/register`).send(body);
    expectError(response, 400, 'validation.failed');
    expect(response.text.length).toBeLessThan(2000);
  });

  it('refuses a socket thread:join with 4,000 extra keys with a code', async () => {
    const client = await socketOf(owner);
    const payload: Record<string, unknown> = { threadId };
    for (let i = 0; i < 4000; i++) payload[`k${i}`] = 0;
    const ack = await send(client, 'thread:join', payload);
    expect(ack.ok).toBe(false);
    expect(ack.error?.code).toBe('common.body_too_many_keys');
  });

  it('refuses a deeply nested socket payload with a code', async () => {
    const client = await socketOf(owner);
    let nested: unknown = 'x';
    for (let i = 0; i < 100; i++) nested = { nested };
    const ack = await send(client, 'message:send', { threadId, body: 'hoi', nested });
    expect(ack.error?.code).toBe('common.body_too_deep');
  });
});

describe('probe 6: bad input answers 400 with a code, never 500', () => {
  it.each([
    ['q', 'net\u0000werken'],
    ['keyword', 'a\u0000b'],
    ['theme', 'a\u0000b'],
  ])('refuses a NUL in %s= of the kennisbank search', async (name, value) => {
    const response = await t.http().get(`${V1}/contributions`).query({ [name]: value });
    expectError(response, 400, 'common.nul_character');
  });

  it('refuses a NUL in a message body, over HTTP and over the socket', async () => {
    const http = await t.http().post(`${V1}/threads/${threadId}/messages`).set(owner.auth).send({ body: 'a\u0000b' });
    expectError(http, 400, 'common.nul_character');
    const ack = await send(await socketOf(owner), 'message:send', { threadId, body: 'a\u0000b' });
    expect(ack.error?.code).toBe('common.nul_character');
  });

  it('refuses a NUL in a thread title, a display name and a group name', async () => {
    expectError(await t.http().post(`${V1}/groups/${group.id}/threads`).set(owner.auth).send({ title: 'a\u0000b', body: 'x' }), 400, 'common.nul_character');
    expectError(await t.http().patch(`${V1}/me`).set(owner.auth).send({ displayName: 'a\u0000b' }), 400, 'common.nul_character');
    expectError(await t.http().post(`${V1}/groups`).set(owner.auth).send({ name: 'a\u0000b' }), 400, 'common.nul_character');
  });

  it('refuses a lone surrogate in an address with 400 and a code (found by the fuzzer: isEmail threw, a 500)', async () => {
    const login = await t.http().post(`${V1}/auth/login`).set('Content-Type', 'application/json').send('{"email":"a\\udfffb","password":"x"}');
    expectError(login, 400, 'common.lone_surrogate');
    const invite = await t.http().post(`${V1}/groups/${group.id}/invites`).set(owner.auth).set('Content-Type', 'application/json').send('{"email":"\\ud800"}');
    expectError(invite, 400, 'common.lone_surrogate');
    const ack = await send(await socketOf(owner), 'message:send', { threadId, body: 'half a pair: \ud83d' });
    expect(ack.error?.code).toBe('common.lone_surrogate');
  });

  it('refuses a NUL in a route parameter', async () => {
    expectError(await t.http().get(`${V1}/groups/a%00b`), 400, 'common.nul_character');
  });

  it("answers a request node's parser refuses (a raw non-ASCII byte in the path) with a code (found by the fuzzer)", async () => {
    const { port } = new URL(baseUrl);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connectTcp(Number(port), '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
      socket.on('error', reject);
      socket.end(Buffer.from(`GET ${V1}/groups/\xe9 HTTP/1.1\r\nHost: x\r\n\r\n`, 'latin1'));
    });
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(answer.split('\r\n\r\n')[1])).toMatchObject({ statusCode: 400, code: 'common.malformed_request' });
  });

  it('refuses afterSeq=99999999999999999999 and a join from such a seq', async () => {
    const response = await t.http().get(`${V1}/threads/${threadId}/messages`).query('afterSeq=99999999999999999999');
    expectError(response, 400, 'validation.failed');
    expect(response.body.fields).toEqual([{ field: 'afterSeq', rule: 'max' }]);
    const ack = await send(await socketOf(owner), 'thread:join', { threadId, lastSeq: 1e20 });
    expect(ack.error?.code).toBe('validation.failed');
  });
});

describe('socket events with odd arguments (found by the fuzzer)', () => {
  it('acks an event sent with no payload with a code', async () => {
    const client = await socketOf(owner);
    const ack = await client.timeout(10_000).emitWithAck('thread:join');
    expect(ack.error?.code).toBe('discussion.payload_not_object');
  });

  it('acks an array or binary payload with a code, not as an internal error', async () => {
    const client = await socketOf(owner);
    expect((await send(client, 'thread:join', [{ threadId }])).error?.code).toBe('discussion.payload_not_object');
    expect((await send(client, 'message:send', Buffer.from('hoi'))).error?.code).toBe('discussion.payload_not_object');
  });

  it('refuses a payload with a nested constructor key as over HTTP, not as an internal error', async () => {
    const client = await socketOf(owner);
    const ack = await send(client, 'message:send', { threadId, body: { constructor: 1 } });
    expect(ack.error?.code).toBe('validation.failed');
    const http = await t.http().post(`${V1}/threads/${threadId}/messages`).set(owner.auth).send({ body: { constructor: 1 } });
    expectError(http, 400, 'validation.failed');
  });

  it('finds the ack after extra arguments, and lives on', async () => {
    const client = await socketOf(owner);
    const ack = await client.timeout(10_000).emitWithAck('message:send', { threadId, body: 'met een extra argument' }, 'extra', 42);
    expect(ack.ok).toBe(true);
    expect((await send(client, 'thread:join', { threadId })).ok).toBe(true);
  });
});

describe('multipart bodies that end inside a part of another field (found by the fuzzer: an unhandled stream error ended the process)', () => {
  let admin: TestUser;
  let siteSlug: string;

  beforeAll(async () => {
    admin = await makeAdmin(t, await registerUser(t));
    siteSlug = (await createSite(t, admin)).slug;
  });

  /** A multipart body cut off inside a file part named `field`, sent whole (its Content-Length says so). */
  const cutOff = (method: 'post' | 'put', path: string, user: TestUser, field: string) =>
    (method === 'put' ? t.http().put(`${V1}${path}`) : t.http().post(`${V1}${path}`))
      .set(user.auth)
      .set('Content-Type', 'multipart/form-data; boundary=grens')
      .send(`--grens\r\nContent-Disposition: form-data; name="${field}"; filename="a.txt"\r\n\r\nzonder ein`);

  it.each([
    ['a file upload', 'post', 'files', 'multipart.malformed'],
    ['a site logo', 'put', 'logo', 'multipart.unknown_field'],
    ['a kennisbank import', 'post', 'import', 'import.documents_in_other_field'],
  ] as const)('%s answers 400 with a code, and the server lives on', async (_name, method, route, code) => {
    const paths = { files: `/groups/${group.id}/files`, logo: `/sites/${siteSlug}/logo`, import: '/contributions/import' };
    expectError(await cutOff(method, paths[route], route === 'files' ? owner : admin, 'other'), 400, code);
    expect((await t.http().get(`${V1}/health`)).status).toBe(200);
  });
});

describe('probe 7: security headers', () => {
  const pages = [
    ['the api', `${V1}/health`],
    ['the docs', '/api/docs'],
    ['the docs document', '/api/docs-json'],
    ['the unsubscribe page', `${V1}/digests/unsubscribe?token=nope`],
    ['an unknown route', `${V1}/nothing-here`],
  ];

  it.each(pages)('%s carries a CSP without inline script, frame-ancestors none, nosniff and no HSTS on http', async (_name, path) => {
    const response = await t.http().get(path);
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("object-src 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(response.headers['strict-transport-security']).toBeUndefined();
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('gives Swagger UI the inline <style> it needs, and the platform none', async () => {
    const docs = await t.http().get('/api/docs');
    expect(docs.headers['content-security-policy']).toMatch(/style-src 'self' 'unsafe-inline'/);
    const api = await t.http().get(`${V1}/health`);
    expect(api.headers['content-security-policy']).toMatch(/style-src 'self'(;|$)/);
  });
});

describe('CORS', () => {
  it("lets a browser call the api only from PUBLIC_URL's origin", async () => {
    const own = new URL(t.config.PUBLIC_URL).origin;
    const allowed = await t.http().options(`${V1}/auth/login`).set('Origin', own).set('Access-Control-Request-Method', 'POST');
    expect(allowed.headers['access-control-allow-origin']).toBe(own);
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    const foreign = await t.http().options(`${V1}/auth/login`).set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(foreign.headers['access-control-allow-origin']).not.toBe('https://evil.example');
    const simple = await t.http().get(`${V1}/health`).set('Origin', 'https://evil.example');
    expect(simple.headers['access-control-allow-origin']).not.toBe('https://evil.example');
  });
});

describe('limits of an install that sets them low', () => {
  let low: TestApp;
  let reader: TestUser;
  let uploader: TestUser;
  let uploadGroup: { id: string };

  beforeAll(async () => {
    low = await createTestApp({
      env: {
        PUBLIC_URL: 'https://kennisplein.example',
        BODY_MAX_BYTES: '4096',
        SEARCH_RATE_LIMIT: '3',
        SEARCH_RATE_WINDOW_SECONDS: '600',
        UPLOAD_RATE_LIMIT: '2',
        UPLOAD_RATE_WINDOW_SECONDS: '600',
      },
    });
    reader = await registerUser(low);
    uploader = await registerUser(low);
    uploadGroup = await createGroup(low, uploader);
  });
  afterAll(() => low.close());

  it('sends HSTS when PUBLIC_URL is https', async () => {
    const response = await low.http().get(`${V1}/health`);
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(response.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });

  it('refuses a JSON or form body over BODY_MAX_BYTES with 413 and a code', async () => {
    const json = await low.http().post(`${V1}/auth/login`).send({ email: 'a@example.org', password: 'x'.repeat(5000) });
    expectError(json, 413, 'common.body_too_large');
    const form = await low.http().post(`${V1}/auth/login`).type('form').send(`email=a&password=${'x'.repeat(5000)}`);
    expectError(form, 413, 'common.body_too_large');
  });

  it('limits searches per caller in Redis under REDIS_PREFIX, with 429, a code and Retry-After', async () => {
    for (let i = 0; i < 3; i++) await low.http().get(`${V1}/contributions`).query({ q: 'netwerken' }).set(reader.auth).expect(200);
    // A list without q is no search.
    await low.http().get(`${V1}/groups`).set(reader.auth).expect(200);
    const refused = expectError(await low.http().get(`${V1}/groups`).query({ q: 'x' }).set(reader.auth), 429, 'common.too_many_searches');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another caller has a count of their own.
    await low.http().get(`${V1}/contributions`).query({ q: 'netwerken' }).set(uploader.auth).expect(200);
    const redis = low.app.get<RedisClient>(REDIS);
    expect(await redis.exists(`${low.config.REDIS_PREFIX}:ratelimit:http:search:user:${reader.id}`)).toBe(1);
  });

  it('limits uploads per caller, with 429, a code and Retry-After', async () => {
    const upload = () => low.http().post(`${V1}/groups/${uploadGroup.id}/files`).set(uploader.auth).attach('file', Buffer.from('hallo'), 'notities.txt');
    expect((await upload()).status).toBe(201);
    expect((await upload()).status).toBe(201);
    const refused = expectError(await upload(), 429, 'common.too_many_uploads');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });
});
