import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createGroup } from './support/community.js';
import { expectError } from './support/errors.js';
import { registerUser, type TestUser } from './support/factories.js';
import { countQueries } from './support/query-counter.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

let t: TestApp;
let db: DataSource;
let owner: TestUser;
let reader: TestUser;
let groupId: string;

beforeAll(async () => {
  t = await createTestApp();
  db = t.app.get(DataSource);
  owner = await registerUser(t, { displayName: 'Olga Owner' });
  reader = await registerUser(t, { displayName: 'Rik Reader' });
  groupId = (await createGroup(t, owner, { visibility: 'public', membership: 'open' })).id;
  await t.http().post(`${V1}/groups/${groupId}/join`).set(reader.auth).expect(200);
});
afterAll(() => t.close());

async function startThread(author = owner, group = groupId) {
  const response = await t.http().post(`${V1}/groups/${group}/threads`).set(author.auth).send({ title: 'Overleg', body: 'Eerste bericht' });
  expect(response.status).toBe(201);
  return response.body as { id: string; myLastReadSeq: number; unreadCount: number };
}
const post = async (threadId: string, author: TestUser, body = 'Nog een bericht') =>
  (await t.http().post(`${V1}/threads/${threadId}/messages`).set(author.auth).send({ body }).expect(201)).body as { id: string; seq: number };
const markRead = (threadId: string, user: TestUser, seq: unknown) => t.http().put(`${V1}/threads/${threadId}/read`).set(user.auth).send({ seq });
const readFacts = async (threadId: string, user?: TestUser) => {
  let request = t.http().get(`${V1}/threads/${threadId}`);
  if (user) request = request.set(user.auth);
  const { body } = await request.expect(200);
  return { myLastReadSeq: body.myLastReadSeq, unreadCount: body.unreadCount };
};

describe('PUT /threads/:id/read and GET /threads/:id', () => {
  it('keeps how far a reader read, never backwards, never past the last message', async () => {
    const thread = await startThread();
    // The author has read their own first message.
    expect(thread).toMatchObject({ myLastReadSeq: 1, unreadCount: 0 });
    expect(await readFacts(thread.id, reader)).toEqual({ myLastReadSeq: 0, unreadCount: 1 });
    await post(thread.id, owner);
    await post(thread.id, owner);
    expect(await readFacts(thread.id, reader)).toEqual({ myLastReadSeq: 0, unreadCount: 3 });

    expect((await markRead(thread.id, reader, 2)).status).toBe(204);
    expect(await readFacts(thread.id, reader)).toEqual({ myLastReadSeq: 2, unreadCount: 1 });
    // A lower seq (an older tab) keeps the higher one.
    expect((await markRead(thread.id, reader, 1)).status).toBe(204);
    expect(await readFacts(thread.id, reader)).toEqual({ myLastReadSeq: 2, unreadCount: 1 });
    // A seq past the last message is taken as the last one.
    expect((await markRead(thread.id, reader, 99)).status).toBe(204);
    expect(await readFacts(thread.id, reader)).toEqual({ myLastReadSeq: 3, unreadCount: 0 });
    // The owner, who wrote all three, has nothing to read.
    expect(await readFacts(thread.id, owner)).toEqual({ myLastReadSeq: 3, unreadCount: 0 });
    // Not logged in: no read position.
    expect(await readFacts(thread.id)).toEqual({ myLastReadSeq: null, unreadCount: null });
  });

  it('counts neither deleted messages nor the reader\'s own, and moves the position of whoever posts', async () => {
    const thread = await startThread();
    await markRead(thread.id, reader, 1).expect(204);
    await post(thread.id, owner, 'vier');
    const deleted = await post(thread.id, owner, 'weg');
    await t.http().delete(`${V1}/messages/${deleted.id}`).set(owner.auth).expect(204);
    expect(await readFacts(thread.id, reader)).toEqual({ myLastReadSeq: 1, unreadCount: 1 });
    const mine = await post(thread.id, reader, 'mijn antwoord');
    expect(await readFacts(thread.id, reader)).toEqual({ myLastReadSeq: mine.seq, unreadCount: 0 });
    await post(thread.id, owner, 'en verder');
    expect(await readFacts(thread.id, reader)).toEqual({ myLastReadSeq: mine.seq, unreadCount: 1 });
  });

  it('keeps the highest of concurrent marks', async () => {
    const thread = await startThread();
    for (let i = 0; i < 7; i++) await post(thread.id, owner);
    const seqs = [3, 8, 1, 5, 2, 7, 4, 6];
    const answers = await Promise.all(seqs.map((seq) => markRead(thread.id, reader, seq)));
    expect(answers.map((answer) => answer.status)).toEqual(seqs.map(() => 204));
    expect(await readFacts(thread.id, reader)).toEqual({ myLastReadSeq: 8, unreadCount: 0 });
  });

  it('lets whoever may see a thread mark it, and refuses others and bad seqs', async () => {
    const thread = await startThread();
    const passerBy = await registerUser(t);
    // A reader of a public group need not join it to keep their place.
    expect((await markRead(thread.id, passerBy, 1)).status).toBe(204);
    expect(await readFacts(thread.id, passerBy)).toEqual({ myLastReadSeq: 1, unreadCount: 0 });

    const hidden = await createGroup(t, owner, { visibility: 'members', membership: 'invite' });
    const hiddenThread = await startThread(owner, hidden.id);
    expectError(await markRead(hiddenThread.id, passerBy, 1), 404, 'thread.not_found');
    expectError(await markRead('00000000-0000-4000-8000-000000000000', passerBy, 1), 404, 'thread.not_found');
    expectError(await markRead('geen-uuid', passerBy, 1), 404, 'thread.not_found');
    expectError(await t.http().put(`${V1}/threads/${thread.id}/read`).send({ seq: 1 }), 401, 'auth.unauthenticated');
    for (const bad of [-1, 1.5, '2', null, 2 ** 31]) expectError(await markRead(thread.id, reader, bad), 400, 'validation.failed');
    expectError(await t.http().put(`${V1}/threads/${thread.id}/read`).set(reader.auth).send({ seq: 1, extra: true }), 400, 'validation.failed');
  });
});

describe('GET /groups/:id/threads', () => {
  it('gives every thread of a page its unread count and last message time, in a fixed number of queries', async () => {
    const group = await createGroup(t, owner, { visibility: 'public', membership: 'open' });
    await t.http().post(`${V1}/groups/${group.id}/join`).set(reader.auth).expect(200);
    const threads = [];
    for (let i = 0; i < 4; i++) threads.push(await startThread(owner, group.id));
    await post(threads[0].id, owner);
    await post(threads[0].id, owner);
    await markRead(threads[1].id, reader, 1).expect(204);

    const { body } = await t.http().get(`${V1}/groups/${group.id}/threads`).set(reader.auth).expect(200);
    const byId = new Map(body.items.map((item: { id: string }) => [item.id, item]));
    expect(byId.get(threads[0].id)).toMatchObject({ unreadCount: 3, myLastReadSeq: 0, lastSeq: 3, lastMessageAt: expect.any(String) });
    expect(byId.get(threads[1].id)).toMatchObject({ unreadCount: 0, myLastReadSeq: 1 });
    expect(byId.get(threads[2].id)).toMatchObject({ unreadCount: 1, myLastReadSeq: 0 });
    // Most recently active first.
    expect(body.items[0].id).toBe(threads[0].id);
    const anonymous = (await t.http().get(`${V1}/groups/${group.id}/threads`).expect(200)).body.items;
    expect(anonymous[0]).toMatchObject({ unreadCount: null, myLastReadSeq: null });

    const small = await countQueries(db, () => t.http().get(`${V1}/groups/${group.id}/threads?limit=1`).set(reader.auth).expect(200));
    const large = await countQueries(db, () => t.http().get(`${V1}/groups/${group.id}/threads?limit=50`).set(reader.auth).expect(200));
    expect(large).toBe(small);
  });
});

describe('personal data', () => {
  it('exports read positions and erases them with the account', async () => {
    const leaver = await registerUser(t);
    const thread = await startThread();
    await markRead(thread.id, leaver, 1).expect(204);
    const exported = (await t.http().get(`${V1}/me/export`).set(leaver.auth).expect(200)).body;
    expect(exported.readPositions).toEqual([{ threadId: thread.id, lastReadSeq: 1, updatedAt: expect.any(String) }]);
    await t.http().delete(`${V1}/me`).set(leaver.auth).expect(204);
    expect(await db.query('SELECT * FROM thread_reads WHERE user_id = $1', [leaver.id])).toEqual([]);
    // Others' positions stay.
    expect(await readFacts(thread.id, owner)).toEqual({ myLastReadSeq: 1, unreadCount: 0 });
  });
});
