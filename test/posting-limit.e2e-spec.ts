import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createGroup } from './support/community.js';
import { expectError } from './support/errors.js';
import { registerUser, type TestUser } from './support/factories.js';
import { createCongress, createContribution, makeAdmin } from './support/kennisbank.js';
import { type Client, connected, send } from './support/sockets.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

const LIMIT = 10;

/**
 * One allowance of posts per user, whatever carries them: sockets (on two instances),
 * HTTP, new threads, feedback. The window is long, so no test depends on time.
 */
describe('the posting limit per user (POSTS_PER_USER_LIMIT)', () => {
  let a: TestApp;
  let b: TestApp;
  let urls: string[];
  let owner: TestUser;
  let groupId: string;
  let threadId: string;
  const clients: Client[] = [];
  const limits = { POSTS_PER_USER_LIMIT: String(LIMIT), POSTS_PER_USER_WINDOW_SECONDS: '600' };

  beforeAll(async () => {
    a = await createTestApp({ env: limits });
    b = await createTestApp({ databaseUrl: a.databaseUrl, env: { ...limits, REDIS_PREFIX: a.config.REDIS_PREFIX } });
    urls = [await a.listen(), await b.listen()];
    owner = await registerUser(a);
    groupId = (await createGroup(a, owner, { visibility: 'public', membership: 'open' })).id;
    threadId = (await a.http().post(`${V1}/groups/${groupId}/threads`).set(owner.auth).send({ title: 'Druk', body: 'start' }).expect(201)).body.id;
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await b.close();
    await a.close();
  });

  const member = async (): Promise<TestUser> => {
    const user = await registerUser(a);
    await a.http().post(`${V1}/groups/${groupId}/join`).set(user.auth).expect(200);
    return user;
  };

  const socketOf = async (user: TestUser, instance: number): Promise<Client> => {
    const client = await connected(urls[instance % 2], user.accessToken);
    clients.push(client);
    expect((await send(client, 'thread:join', { threadId })).ok).toBe(true);
    return client;
  };

  it('holds five sockets of one user, on two instances, to one allowance together, and HTTP to the same', async () => {
    const user = await member();
    const sockets = await Promise.all(Array.from({ length: 5 }, (_, i) => socketOf(user, i)));
    const acks = await Promise.all(sockets.flatMap((socket, i) => Array.from({ length: 5 }, (_, j) => send(socket, 'message:send', { threadId, body: `socket ${i} bericht ${j}` }))));
    expect(acks.filter((ack) => ack.ok)).toHaveLength(LIMIT);
    const refused = acks.filter((ack) => !ack.ok);
    expect(refused).toHaveLength(25 - LIMIT);
    expect(refused.every((ack) => ack.error?.code === 'common.too_many_posts')).toBe(true);

    const overHttp = expectError(await b.http().post(`${V1}/threads/${threadId}/messages`).set(user.auth).send({ body: 'via HTTP' }), 429, 'common.too_many_posts');
    expect(Number(overHttp.headers['retry-after'])).toBeGreaterThan(0);
    expectError(await a.http().post(`${V1}/groups/${groupId}/threads`).set(user.auth).send({ title: 'Nieuw', body: 'ook niet' }), 429, 'common.too_many_posts');
    // Someone else posts as before.
    expect((await send(await socketOf(await member(), 1), 'message:send', { threadId, body: 'een ander' })).ok).toBe(true);
  });

  it('counts posts over HTTP and new threads against the sockets, but never the repeat of a clientId', async () => {
    const user = await member();
    const clientId = randomUUID();
    const first = await a.http().post(`${V1}/threads/${threadId}/messages`).set(user.auth).send({ body: 'met clientId', clientId });
    expect(first.status).toBe(201);
    await a.http().post(`${V1}/groups/${groupId}/threads`).set(user.auth).send({ title: 'Eigen draad', body: 'eerste' }).expect(201);
    for (let i = 2; i < LIMIT; i++) await b.http().post(`${V1}/threads/${threadId}/messages`).set(user.auth).send({ body: `HTTP ${i}` }).expect(201);

    const socket = await socketOf(user, 0);
    const ack = await send(socket, 'message:send', { threadId, body: 'eentje te veel' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'common.too_many_posts' } });
    // A retry of what was stored answers the original, limit or not.
    const repeat = await b.http().post(`${V1}/threads/${threadId}/messages`).set(user.auth).send({ body: 'met clientId', clientId });
    expect(repeat.status).toBe(200);
    expect(repeat.body.id).toBe(first.body.id);
  });

  it('counts feedback on contributions too', async () => {
    const admin = await makeAdmin(a, await registerUser(a));
    const paper = await createContribution(a, admin, { congress: await createCongress(a, admin) });
    const reader = await registerUser(a);
    for (let i = 0; i < LIMIT; i++) await a.http().post(`${V1}/contributions/${paper.id}/feedback`).set(reader.auth).send({ body: `Feedback ${i}` }).expect(201);
    expectError(await b.http().post(`${V1}/contributions/${paper.id}/feedback`).set(reader.auth).send({ body: 'nog meer' }), 429, 'common.too_many_posts');
  });
});
