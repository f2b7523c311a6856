import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import pg from 'pg';
import { createClient } from 'redis';
import { CoreQueue, JobQueue } from '@kennisplein/core';
import { createGroup } from './support/community.js';
import { registerUser, type TestUser, uniqueEmail } from './support/factories.js';
import { createTestDatabase, testDatabaseName, urlOfDatabase } from './support/databases.js';
import { eventually } from './support/remote-api.js';
import { SmtpSink, VERIFICATION_MAIL } from './support/smtp-sink.js';
import { type Client, collect, connected, send, until } from './support/sockets.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

jest.setTimeout(120_000);

/**
 * Two installs on one Redis, each with its database and the default REDIS_PREFIX. The
 * second database is a copy of the first (a staging copy of production, a restored backup),
 * so both hold the same users, groups and threads under the same ids: whatever is shared in
 * Redis (queues, pub/sub, socket.io rooms) would reach the other install.
 */
const nameOf = (databaseUrl: string) => new URL(databaseUrl).pathname.slice(1);
const noPrefix = { REDIS_PREFIX: '' };

let a: TestApp;
let b: TestApp;
let aWorker: TestApp | undefined;
const sinkA = new SmtpSink({ ignoreSubjects: VERIFICATION_MAIL });
const sinkB = new SmtpSink({ ignoreSubjects: VERIFICATION_MAIL });
let owner: TestUser;
let groupId: string;
let threadId: string;
let smtpA: string;
const clients: Client[] = [];

beforeAll(async () => {
  const databaseA = await createTestDatabase();
  const setup = await createTestApp({ databaseUrl: databaseA });
  owner = await registerUser(setup, { verified: true });
  groupId = (await createGroup(setup, owner, { visibility: 'members', membership: 'invite' })).id;
  threadId = (await setup.http().post(`${V1}/groups/${groupId}/threads`).set(owner.auth).send({ title: 'Gedeeld', body: 'start' }).expect(201)).body.id;
  await setup.close();

  const databaseB = urlOfDatabase(testDatabaseName('copy'));
  const server = new pg.Client({ connectionString: urlOfDatabase('postgres') });
  await server.connect();
  await server.query(`CREATE DATABASE "${nameOf(databaseB)}" TEMPLATE "${nameOf(databaseA)}"`);
  await server.end();

  smtpA = await sinkA.start();
  const smtpB = await sinkB.start();
  // A only enqueues (its worker is started later); B runs its worker inline.
  a = await createTestApp({ databaseUrl: databaseA, env: { ...noPrefix, SMTP_URL: smtpA, WORKER_INLINE: 'false' } });
  b = await createTestApp({ databaseUrl: databaseB, env: { ...noPrefix, SMTP_URL: smtpB, WORKER_INLINE: 'true' } });
}, 120_000);

afterAll(async () => {
  for (const client of clients) client.close();
  for (const app of [aWorker, a, b]) await app?.close();
  await Promise.all([sinkA.stop(), sinkB.stop()]);
  // The default prefixes are outside the test namespace's: their keys are removed here.
  const redis = createClient({ url: a.config.REDIS_URL });
  await redis.connect();
  for (const prefix of [a.config.REDIS_PREFIX, b.config.REDIS_PREFIX]) {
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}:*`, COUNT: 1000 })) if (keys.length > 0) await redis.del(keys);
  }
  redis.destroy();
});

describe('two installs on one Redis with the default REDIS_PREFIX', () => {
  it('have prefixes of their own, after their databases', () => {
    expect(a.config.REDIS_PREFIX).toBe(`kennisplein:${nameOf(a.databaseUrl)}`);
    expect(b.config.REDIS_PREFIX).toBe(`kennisplein:${nameOf(b.databaseUrl)}`);
  });

  it('never hear each other’s socket broadcasts, even in a room of the same name', async () => {
    const [urlA, urlB] = [await a.listen(), await b.listen()];
    const onA = await connected(urlA, owner.accessToken);
    const onB = await connected(urlB, owner.accessToken);
    clients.push(onA, onB);
    const [messagesA, messagesB] = [collect<{ body: string }>(onA, 'message:created'), collect<{ body: string }>(onB, 'message:created')];
    const [typingA, typingB] = [collect<unknown>(onA, 'typing'), collect<unknown>(onB, 'typing')];
    for (const client of [onA, onB]) expect((await send(client, 'thread:join', { threadId })).ok).toBe(true);
    // A second socket on each install, to send typing (a socket does not hear its own).
    const typerA = await connected(urlA, owner.accessToken);
    const typerB = await connected(urlB, owner.accessToken);
    clients.push(typerA, typerB);
    for (const client of [typerA, typerB]) await send(client, 'thread:join', { threadId });

    // B first; then A, whose own broadcasts arrive after B's would have.
    typerB.emit('typing', { threadId });
    await b.http().post(`${V1}/threads/${threadId}/messages`).set(owner.auth).send({ body: 'op B' }).expect(201);
    await until(() => messagesB.length === 1 && typingB.length === 1, 'B’s message and typing on B');
    typerA.emit('typing', { threadId });
    await a.http().post(`${V1}/threads/${threadId}/messages`).set(owner.auth).send({ body: 'op A' }).expect(201);
    await until(() => messagesA.length >= 1 && typingA.length >= 1, 'A’s message and typing on A');

    expect(messagesA.map((message) => message.body)).toEqual(['op A']);
    expect(messagesB.map((message) => message.body)).toEqual(['op B']);
    expect(typingA).toHaveLength(1);
    expect(typingB).toHaveLength(1);
  });

  it('never take each other’s jobs: an invitation mail queued by one is sent by its own worker only', async () => {
    const [toA, toB] = [uniqueEmail('invited-a'), uniqueEmail('invited-b')];
    await a.http().post(`${V1}/groups/${groupId}/invites`).set(owner.auth).send({ email: toA }).expect(201);
    await b.http().post(`${V1}/groups/${groupId}/invites`).set(owner.auth).send({ email: toB }).expect(201);
    // B's worker has sent B's mail, queued after A's: had it shared A's queue, it would have taken A's first.
    await sinkB.messageTo(toB, 30_000);
    expect(sinkB.messagesTo(toA)).toHaveLength(0);
    expect((await a.app.get(JobQueue).queue(CoreQueue.Mail).getJobCounts()).waiting).toBe(1);

    // A's own worker sends it, once.
    aWorker = await createTestApp({ databaseUrl: a.databaseUrl, env: { ...noPrefix, SMTP_URL: smtpA, WORKER_INLINE: 'true' } });
    await sinkA.messageTo(toA, 30_000);
    await eventually(async () => (await a.app.get(JobQueue).queue(CoreQueue.Mail).getJobCounts()).waiting === 0, 'A’s mail queue to be empty');
    expect(sinkA.messagesTo(toA)).toHaveLength(1);
    expect(sinkA.messagesTo(toB)).toHaveLength(0);
    expect(sinkB.messagesTo(toA)).toHaveLength(0);
  });
});
