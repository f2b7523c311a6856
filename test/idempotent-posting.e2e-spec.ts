import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { ActivityLog } from '@kennisplein/core';
import { createGroup } from './support/community.js';
import { expectError } from './support/errors.js';
import { registerUser, type TestUser } from './support/factories.js';
import { createCongress, createContribution, makeAdmin } from './support/kennisbank.js';
import { type Client, collect, connected, send, until } from './support/sockets.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

let t: TestApp;
let baseUrl: string;
let owner: TestUser;
let member: TestUser;
let groupId: string;
const clients: Client[] = [];

interface Message {
  id: string;
  seq: number;
  body: string;
  clientId: string | null;
}

beforeAll(async () => {
  t = await createTestApp();
  baseUrl = await t.listen();
  owner = await registerUser(t, { displayName: 'Olga Owner' });
  member = await registerUser(t, { displayName: 'Mats Member' });
  groupId = (await createGroup(t, owner, { visibility: 'public', membership: 'open' })).id;
  await t.http().post(`${V1}/groups/${groupId}/join`).set(member.auth).expect(200);
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
afterAll(() => t.close());

async function thread(): Promise<string> {
  const response = await t.http().post(`${V1}/groups/${groupId}/threads`).set(owner.auth).send({ title: 'Overleg', body: 'Eerste bericht' });
  expect(response.status).toBe(201);
  return response.body.id;
}
const postMessage = (threadId: string, user: TestUser, body: object) => t.http().post(`${V1}/threads/${threadId}/messages`).set(user.auth).send(body);
const messagesOf = async (threadId: string) => (await t.http().get(`${V1}/threads/${threadId}/messages?limit=100`).expect(200)).body.items as Message[];
const lastSeqOf = async (threadId: string) => (await t.http().get(`${V1}/threads/${threadId}`).expect(200)).body.lastSeq as number;
async function client(user: TestUser): Promise<Client> {
  const socket = await connected(baseUrl, user.accessToken);
  clients.push(socket);
  return socket;
}

describe('POST /threads/:id/messages with a clientId', () => {
  it('answers a repeat with the original message (200) and stores it once', async () => {
    const threadId = await thread();
    const clientId = randomUUID();
    const first = await postMessage(threadId, member, { body: 'Hallo', clientId });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ seq: 2, body: 'Hallo', clientId });
    const again = await postMessage(threadId, member, { body: 'Hallo', clientId });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    // Whatever the repeat says: it is the same message.
    expect((await postMessage(threadId, member, { body: 'Hallo!', clientId })).body.id).toBe(first.body.id);
    expect(await lastSeqOf(threadId)).toBe(2);
    expect((await messagesOf(threadId)).map((message) => message.clientId)).toEqual([null, clientId]);
    // One activity: the authors and members hear of it once.
    expect(await t.app.get(ActivityLog).forObject('message', first.body.id)).toHaveLength(1);

    // The client id is the author's: another author's is another message.
    const other = await postMessage(threadId, owner, { body: 'Hallo', clientId });
    expect(other.status).toBe(201);
    expect(other.body.seq).toBe(3);
    // Without one, every post is a message.
    const plain = [await postMessage(threadId, member, { body: 'x' }), await postMessage(threadId, member, { body: 'x' })];
    expect(plain.map((answer) => [answer.status, answer.body.clientId])).toEqual([
      [201, null],
      [201, null],
    ]);
  });

  it('refuses a client id the author used in another thread, and one that is no UUID', async () => {
    const [one, two] = [await thread(), await thread()];
    const clientId = randomUUID();
    await postMessage(one, member, { body: 'Hier', clientId }).expect(201);
    expectError(await postMessage(two, member, { body: 'Daar', clientId }), 409, 'message.client_id_reused');
    expect(await lastSeqOf(two)).toBe(1);
    expectError(await postMessage(one, member, { body: 'x', clientId: 'mijn-id' }), 400, 'validation.failed');
  });

  it('stores concurrent sends of one client id once, with no gap in the seqs', async () => {
    const threadId = await thread();
    const clientId = randomUUID();
    const answers = await Promise.all(Array.from({ length: 12 }, () => postMessage(threadId, member, { body: 'Tegelijk', clientId })));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(11);
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(await lastSeqOf(threadId)).toBe(2);
    // The rolled-back duplicates took no seq.
    expect((await postMessage(threadId, member, { body: 'Daarna' }).expect(201)).body.seq).toBe(3);
    expect((await messagesOf(threadId)).map((message) => message.seq)).toEqual([1, 2, 3]);
  });
});

describe('message:send with a clientId', () => {
  it('acks a repeat with the original, broadcasts the clientId once, and shares the key with HTTP', async () => {
    const threadId = await thread();
    const sender = await client(member);
    const watcher = await client(owner);
    expect((await send(watcher, 'thread:join', { threadId })).ok).toBe(true);
    const heard = collect<Message>(watcher, 'message:created');
    const clientId = randomUUID();

    const first = await send(sender, 'message:send', { threadId, body: 'Via de socket', clientId });
    expect(first).toMatchObject({ ok: true, message: { seq: 2, clientId } });
    const again = await send(sender, 'message:send', { threadId, body: 'Via de socket', clientId });
    expect(again).toEqual({ ok: true, message: first.message });
    // The same client id over HTTP (a tab that fell back to it) is the same message too.
    const overHttp = await postMessage(threadId, member, { body: 'Via de socket', clientId });
    expect([overHttp.status, overHttp.body.id]).toEqual([200, first.message!.id]);

    // A later message shows the broadcasts are through: the original came once, with its client id.
    const later = await send(sender, 'message:send', { threadId, body: 'Later' });
    await until(() => heard.some((message) => message.id === later.message!.id), 'the later message');
    expect(heard.map((message) => [message.seq, message.clientId])).toEqual([
      [2, clientId],
      [3, null],
    ]);

    const bad = await send(sender, 'message:send', { threadId, body: 'x', clientId: 42 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation.failed' } });
    // The replay of a reconnecting client carries it as well.
    const rejoined = await send(watcher, 'thread:join', { threadId, lastSeq: 1 });
    expect(rejoined.missed?.map((message) => (message as unknown as Message).clientId)).toEqual([clientId, null]);
  });

  it('stores concurrent socket and HTTP sends of one client id once', async () => {
    const threadId = await thread();
    const sockets = await Promise.all([client(member), client(member), client(member)]);
    const clientId = randomUUID();
    const [acks, answers] = await Promise.all([
      Promise.all(sockets.map((socket) => send(socket, 'message:send', { threadId, body: 'Dubbel', clientId }))),
      Promise.all([1, 2, 3].map(() => postMessage(threadId, member, { body: 'Dubbel', clientId }))),
    ]);
    const ids = new Set([...acks.map((ack) => ack.message?.id), ...answers.map((answer) => answer.body.id)]);
    expect(ids.size).toBe(1);
    expect(acks.every((ack) => ack.ok)).toBe(true);
    expect(await lastSeqOf(threadId)).toBe(2);
  });
});

describe('POST /contributions/:id/feedback with a clientId', () => {
  it('gives feedback once, the repeat answering the original with 200', async () => {
    const admin = await makeAdmin(t, await registerUser(t));
    const congress = await createCongress(t, admin);
    const paper = await createContribution(t, admin, { congress });
    const clientId = randomUUID();
    const feedback = () => t.http().post(`${V1}/contributions/${paper.id}/feedback`).set(member.auth).send({ body: 'Sterk stuk', clientId });
    const first = await feedback();
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ threadId: paper.workspace.feedbackThreadId, clientId });
    const concurrent = await Promise.all([feedback(), feedback(), feedback()]);
    expect(concurrent.map((answer) => [answer.status, answer.body.id])).toEqual(Array(3).fill([200, first.body.id]));
    expect(await lastSeqOf(paper.workspace.feedbackThreadId)).toBe(1);
    expect(await t.app.get(ActivityLog).forObject('message', first.body.id)).toHaveLength(1);
    expectError(await t.http().post(`${V1}/contributions/${paper.id}/feedback`).set(member.auth).send({ body: 'x', clientId: 'nee' }), 400, 'validation.failed');
  });
});
