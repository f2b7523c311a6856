import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createGroup } from './support/community.js';
import { registerUser, type TestUser } from './support/factories.js';
import { type Client, collect, connected, send, until } from './support/sockets.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

/** Two api instances on two ports, one database, one Redis: as behind a load balancer. */
describe('two api instances', () => {
  let a: TestApp;
  let b: TestApp;
  let urlA: string;
  let urlB: string;
  let owner: TestUser;
  let member: TestUser;
  let threadId: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp({ databaseUrl: a.databaseUrl, env: { REDIS_PREFIX: a.config.REDIS_PREFIX } });
    [urlA, urlB] = [await a.listen(), await b.listen()];
    owner = await registerUser(a);
    member = await registerUser(b);
    const group = await createGroup(a, owner, { visibility: 'members', membership: 'invite' });
    const invite = await a.http().post(`${V1}/groups/${group.id}/invites`).set(owner.auth).send({ email: member.email }).expect(201);
    await b.http().post(`${V1}/invites/${invite.body.token}/accept`).set(member.auth).expect(200);
    threadId = (await a.http().post(`${V1}/groups/${group.id}/threads`).set(owner.auth).send({ title: 'Over twee', body: 'start' }).expect(201)).body.id;
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await b.close();
    await a.close();
  });

  it('delivers a message sent on one instance to a client on the other, with the same seq', async () => {
    const onA = await connected(urlA, owner.accessToken);
    const onB = await connected(urlB, member.accessToken);
    clients.push(onA, onB);
    const receivedOnA = collect<{ id: string; seq: number }>(onA, 'message:created');
    const receivedOnB = collect<{ id: string; seq: number }>(onB, 'message:created');
    for (const client of [onA, onB]) expect((await send(client, 'thread:join', { threadId })).ok).toBe(true);

    const sent = await send(onA, 'message:send', { threadId, body: 'via A' });
    expect(sent.ok).toBe(true);
    await until(() => receivedOnB.length === 1, 'the message on instance B');
    expect(receivedOnB[0]).toMatchObject({ id: sent.message?.id, seq: sent.message?.seq });

    const overHttp = await b.http().post(`${V1}/threads/${threadId}/messages`).set(member.auth).send({ body: 'via B over HTTP' }).expect(201);
    await until(() => receivedOnA.length === 2, 'both messages on instance A');
    expect(receivedOnA.map((message) => message.seq)).toEqual([sent.message?.seq, overHttp.body.seq]);
    expect(overHttp.body.seq).toBe((sent.message?.seq ?? 0) + 1);
  });

  it('keeps seqs gapless and every client in order when both instances take posts at once', async () => {
    const onA = await connected(urlA, owner.accessToken);
    const onB = await connected(urlB, member.accessToken);
    clients.push(onA, onB);
    const [seenA, seenB] = [collect<{ seq: number }>(onA, 'message:created'), collect<{ seq: number }>(onB, 'message:created')];
    const lastSeq = (await a.http().get(`${V1}/threads/${threadId}`).set(owner.auth)).body.lastSeq as number;
    for (const client of [onA, onB]) await send(client, 'thread:join', { threadId });

    const posts = Array.from({ length: 30 }, (_, i) =>
      (i % 2 ? a : b)
        .http()
        .post(`${V1}/threads/${threadId}/messages`)
        .set((i % 2 ? owner : member).auth)
        .send({ body: `bericht ${i}` })
        .then((response) => response.body.seq as number),
    );
    const seqs = (await Promise.all(posts)).sort((x, y) => x - y);
    const expected = Array.from({ length: 30 }, (_, i) => lastSeq + 1 + i);
    expect(seqs).toEqual(expected);
    await until(() => seenA.length === 30 && seenB.length === 30, '30 messages on both instances');
    expect(seenA.map((message) => message.seq)).toEqual(expected);
    expect(seenB.map((message) => message.seq)).toEqual(expected);
  });

  it('replays exactly the gap to a client that comes back on the other instance', async () => {
    const first = await connected(urlA, member.accessToken);
    clients.push(first);
    const seen = collect<{ seq: number }>(first, 'message:created');
    await send(first, 'thread:join', { threadId });
    await a.http().post(`${V1}/threads/${threadId}/messages`).set(owner.auth).send({ body: 'gezien' }).expect(201);
    await until(() => seen.length === 1, 'the message on A');
    first.close();
    const missedBodies = ['gemist 1', 'gemist 2'];
    for (const body of missedBodies) await a.http().post(`${V1}/threads/${threadId}/messages`).set(owner.auth).send({ body }).expect(201);

    const again = await connected(urlB, member.accessToken);
    clients.push(again);
    const answer = await send(again, 'thread:join', { threadId, lastSeq: seen[0].seq });
    expect(answer.missed?.map((message) => [message.seq, message.body])).toEqual([
      [seen[0].seq + 1, 'gemist 1'],
      [seen[0].seq + 2, 'gemist 2'],
    ]);
  });

  it('takes a member removed on one instance out of the thread on the other', async () => {
    const onB = await connected(urlB, member.accessToken);
    clients.push(onB);
    const left = collect<{ threadId: string }>(onB, 'thread:left');
    await send(onB, 'thread:join', { threadId });
    const groupId = (await a.http().get(`${V1}/threads/${threadId}`).set(owner.auth)).body.groupId;
    await a.http().delete(`${V1}/groups/${groupId}/members/${member.id}`).set(owner.auth).expect(204);
    await until(() => left.length === 1, 'thread:left on instance B');
    expect(left[0].threadId).toBe(threadId);
  });
});
