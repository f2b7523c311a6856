import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { createGroup, createSite } from './support/community.js';
import { registerUser, type TestUser } from './support/factories.js';
import { expectError } from './support/errors.js';
import { type Client, collect, connected, send, until } from './support/sockets.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

let t: TestApp;
let baseUrl: string;
let owner: TestUser;
const clients: Client[] = [];

beforeAll(async () => {
  t = await createTestApp();
  baseUrl = await t.listen();
  owner = await registerUser(t, { displayName: 'Olga Owner' });
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
afterAll(() => t.close());

async function client(user: TestUser, language?: string): Promise<Client> {
  const socket = await connected(baseUrl, user.accessToken, '/discussions', language);
  clients.push(socket);
  return socket;
}

async function groupWithMembers(count: number, visibility: 'public' | 'members' = 'public') {
  const group = await createGroup(t, owner, { visibility, membership: visibility === 'public' ? 'open' : 'invite' });
  const members: TestUser[] = [];
  for (let i = 0; i < count; i++) {
    const member = await registerUser(t, { displayName: `Lid ${i}` });
    if (visibility === 'public') await t.http().post(`${V1}/groups/${group.id}/join`).set(member.auth).expect(200);
    else {
      const invite = await t.http().post(`${V1}/groups/${group.id}/invites`).set(owner.auth).send({ email: member.email }).expect(201);
      await t.http().post(`${V1}/invites/${invite.body.token}/accept`).set(member.auth).expect(200);
    }
    members.push(member);
  }
  const thread = await t.http().post(`${V1}/groups/${group.id}/threads`).set(owner.auth).send({ title: 'Feedback op het paper', body: 'Wat vinden jullie?' });
  expect(thread.status).toBe(201);
  return { group, members, threadId: thread.body.id as string };
}

describe('threads and messages over HTTP', () => {
  it('starts a thread with its first message and shows it as API.md says', async () => {
    const group = await createGroup(t, owner);
    const response = await t.http().post(`${V1}/groups/${group.id}/threads`).set(owner.auth).send({ title: 'Co-creatie', body: '**Eerste** bericht' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ groupId: group.id, title: 'Co-creatie', kind: 'discussion', lastSeq: 1 });
    expect(response.body.firstMessage).toMatchObject({ seq: 1, body: '**Eerste** bericht', html: '<p><strong>Eerste</strong> bericht</p>' });
    const thread = await t.http().get(`${V1}/threads/${response.body.id}`);
    expect(thread.body).toMatchObject({ id: response.body.id, groupId: group.id, title: 'Co-creatie', kind: 'discussion', lastSeq: 1 });
    const list = await t.http().get(`${V1}/groups/${group.id}/threads`);
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([response.body.id]);
  });

  it('lets members post and answers 403 to others, 413 over 10,000 characters, 404 for unknown threads', async () => {
    const { members, threadId } = await groupWithMembers(1);
    const stranger = await registerUser(t);
    const posted = await t.http().post(`${V1}/threads/${threadId}/messages`).set(members[0].auth).send({ body: 'Goed punt' });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ seq: 2, threadId, author: { id: members[0].id, displayName: 'Lid 0', deleted: false } });
    expectError(await t.http().post(`${V1}/threads/${threadId}/messages`).set(stranger.auth).send({ body: 'Mag ik?' }), 403, 'group.members_only');
    expectError(await t.http().post(`${V1}/threads/${threadId}/messages`).set(members[0].auth).send({ body: 'x'.repeat(10_001) }), 413, 'message.too_long');
    expect((await t.http().post(`${V1}/threads/${threadId}/messages`).set(members[0].auth).send({ body: 'x'.repeat(10_000) })).status).toBe(201);
    expectError(await t.http().post(`${V1}/threads/${threadId}/messages`).set(members[0].auth).send({ body: '' }), 400, 'validation.failed');
    expectError(await t.http().get(`${V1}/threads/00000000-0000-4000-8000-000000000000`), 404, 'thread.not_found');
  });

  it('lists messages in seq order after afterSeq, with replies', async () => {
    const { members, threadId } = await groupWithMembers(1);
    const first = await t.http().post(`${V1}/threads/${threadId}/messages`).set(members[0].auth).send({ body: 'twee' }).expect(201);
    await t.http().post(`${V1}/threads/${threadId}/messages`).set(owner.auth).send({ body: 'drie', parentId: first.body.id }).expect(201);
    const all = await t.http().get(`${V1}/threads/${threadId}/messages`);
    expect(all.body.items.map((m: { seq: number }) => m.seq)).toEqual([1, 2, 3]);
    expect(all.body.items[2].parentId).toBe(first.body.id);
    const after = await t.http().get(`${V1}/threads/${threadId}/messages?afterSeq=1&limit=1`);
    expect(after.body.items.map((m: { body: string }) => m.body)).toEqual(['twee']);
    const next = await t.http().get(`${V1}/threads/${threadId}/messages?limit=1&cursor=${after.body.nextCursor}`);
    expect(next.body.items.map((m: { body: string }) => m.body)).toEqual(['drie']);
    const badParent = await t.http().post(`${V1}/threads/${threadId}/messages`).set(owner.auth).send({ body: 'x', parentId: '00000000-0000-4000-8000-000000000000' });
    expectError(badParent, 400, 'message.parent_not_in_thread');
  });

  it('hides the threads of a group one may not see (404)', async () => {
    const { threadId, group } = await groupWithMembers(0, 'members');
    const stranger = await registerUser(t);
    expectError(await t.http().get(`${V1}/threads/${threadId}`).set(stranger.auth), 404, 'thread.not_found');
    expectError(await t.http().get(`${V1}/threads/${threadId}/messages`), 404, 'thread.not_found');
    expectError(await t.http().get(`${V1}/groups/${group.id}/threads`), 404, 'group.not_found');
  });

  it('lets the author edit, the author or a group admin delete, nobody else', async () => {
    const { members, threadId } = await groupWithMembers(2);
    const [author, other] = members;
    const message = await t.http().post(`${V1}/threads/${threadId}/messages`).set(author.auth).send({ body: 'oud' }).expect(201);
    expectError(await t.http().patch(`${V1}/messages/${message.body.id}`).set(other.auth).send({ body: 'gekaapt' }), 403, 'message.author_only');
    const edited = await t.http().patch(`${V1}/messages/${message.body.id}`).set(author.auth).send({ body: 'nieuw' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ seq: message.body.seq, body: 'nieuw', editedAt: expect.any(String) });
    expectError(await t.http().delete(`${V1}/messages/${message.body.id}`).set(other.auth), 403, 'group.admins_only');
    expect((await t.http().delete(`${V1}/messages/${message.body.id}`).set(owner.auth)).status).toBe(204);
    const after = await t.http().get(`${V1}/threads/${threadId}/messages?afterSeq=${message.body.seq - 1}`);
    expect(after.body.items[0]).toMatchObject({ seq: message.body.seq, body: '', html: '', deletedAt: expect.any(String) });
  });

  it('lets a group admin who is not the owner delete, and refuses an edit over 10,000 characters (413)', async () => {
    const { group, members, threadId } = await groupWithMembers(2);
    const [admin, author] = members;
    await t.http().patch(`${V1}/groups/${group.id}/members/${admin.id}`).set(owner.auth).send({ role: 'admin' }).expect(200);
    const message = await t.http().post(`${V1}/threads/${threadId}/messages`).set(author.auth).send({ body: 'kort' }).expect(201);
    expectError(await t.http().patch(`${V1}/messages/${message.body.id}`).set(author.auth).send({ body: 'x'.repeat(10_001) }), 413, 'message.too_long');
    expect((await t.http().delete(`${V1}/messages/${message.body.id}`).set(admin.auth)).status).toBe(204);
    expectError(await t.http().delete(`${V1}/messages/not-a-uuid`).set(admin.auth), 404, 'message.not_found');
  });

  it('keeps what a deleted account wrote, shown as from a deleted user', async () => {
    const { members, threadId } = await groupWithMembers(1);
    await t.http().post(`${V1}/threads/${threadId}/messages`).set(members[0].auth).send({ body: 'blijft staan' }).expect(201);
    await t.http().delete(`${V1}/me`).set(members[0].auth).expect(204);
    const messages = await t.http().get(`${V1}/threads/${threadId}/messages`);
    expect(messages.body.items[1]).toMatchObject({ body: 'blijft staan', author: { displayName: 'Verwijderde gebruiker / Deleted user', deleted: true } });
  });
});

describe('the socket.io namespace /discussions', () => {
  it('refuses a connection without a valid token, or with an expired one (connect_error)', async () => {
    await expect(connected(baseUrl, undefined)).rejects.toThrow(/unauthorized/);
    await expect(connected(baseUrl, 'not-a-token')).rejects.toThrow(/unauthorized/);
    const claims = JSON.parse(Buffer.from(owner.accessToken.split('.')[1], 'base64url').toString());
    const expired = t.app.get(JwtService, { strict: false }).sign({ sub: claims.sub, fam: claims.fam }, { expiresIn: -10 });
    await expect(connected(baseUrl, expired)).rejects.toThrow(/unauthorized/);
  });

  it('gives a client that joins while messages pour in each message once, in order', async () => {
    const { members, threadId } = await groupWithMembers(4);
    const joiner = await client(owner);
    const live = collect<{ seq: number }>(joiner, 'message:created');
    const posts = Array.from({ length: 40 }, (_, i) =>
      t.http().post(`${V1}/threads/${threadId}/messages`).set(members[i % 4].auth).send({ body: `stroom ${i}` }).expect(201),
    );
    await new Promise((resolve) => setTimeout(resolve, 15));
    const answer = await send(joiner, 'thread:join', { threadId, lastSeq: 0 });
    await Promise.all(posts);
    const everything = () => [...(answer.missed ?? []).map((message) => message.seq), ...live.map((message) => message.seq)];
    await until(() => everything().length >= 41, 'all 41 messages');
    expect(everything()).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
  });

  it('does not deliver twice to a socket that joins the same thread twice', async () => {
    const { members, threadId } = await groupWithMembers(1);
    const socket = await client(owner);
    const live = collect<{ seq: number }>(socket, 'message:created');
    expect((await send(socket, 'thread:join', { threadId })).ok).toBe(true);
    expect((await send(socket, 'thread:join', { threadId, lastSeq: 1 })).ok).toBe(true);
    await t.http().post(`${V1}/threads/${threadId}/messages`).set(members[0].auth).send({ body: 'één keer' }).expect(201);
    await t.http().post(`${V1}/threads/${threadId}/messages`).set(members[0].auth).send({ body: 'nog één keer' }).expect(201);
    await until(() => live.length >= 2, 'two messages');
    expect(live.map((message) => message.seq)).toEqual([2, 3]);
  });

  it('keeps a member who leaves a public group in its threads: they can still read them', async () => {
    const { group, members, threadId } = await groupWithMembers(1);
    const reader = await client(members[0]);
    const left = collect(reader, 'thread:left');
    const live = collect<{ seq: number }>(reader, 'message:created');
    await send(reader, 'thread:join', { threadId });
    await t.http().post(`${V1}/groups/${group.id}/leave`).set(members[0].auth).expect(204);
    await t.http().post(`${V1}/threads/${threadId}/messages`).set(owner.auth).send({ body: 'nog leesbaar' }).expect(201);
    await until(() => live.length === 1, 'the message');
    expect(left).toEqual([]);
  });

  it('gives 50 concurrent messages (half HTTP, half socket, many users) seqs without gap or duplicate, to every client in order', async () => {
    const { members, threadId } = await groupWithMembers(10);
    const listeners = await Promise.all(members.slice(0, 5).map((member) => client(member)));
    const received = listeners.map((listener) => collect<{ seq: number }>(listener, 'message:created'));
    for (const listener of listeners) expect((await send(listener, 'thread:join', { threadId })).ok).toBe(true);
    const senders = await Promise.all(members.slice(5).map((member) => client(member)));

    const posts = Array.from({ length: 50 }, async (_, i): Promise<number> => {
      const author = members[i % members.length];
      if (i % 2 === 0) {
        const response = await t.http().post(`${V1}/threads/${threadId}/messages`).set(author.auth).send({ body: `http ${i}` });
        expect(response.status).toBe(201);
        return response.body.seq as number;
      }
      const answer = await send(senders[i % senders.length], 'message:send', { threadId, body: `socket ${i}` });
      if (!answer.ok) throw new Error(`message:send failed: ${JSON.stringify(answer)}`);
      return answer.message?.seq ?? -1;
    });
    const seqs = await Promise.all(posts);
    const expected = Array.from({ length: 50 }, (_, i) => i + 2); // seq 1 is the thread's first message
    expect([...seqs].sort((a, b) => a - b)).toEqual(expected);

    await until(() => received.every((messages) => messages.length >= 50), 'all 50 messages at every client');
    for (const messages of received) expect(messages.map((message) => message.seq)).toEqual(expected);
  });

  it('replays exactly the gap to a client that reconnects with lastSeq', async () => {
    const { members, threadId } = await groupWithMembers(2);
    const [reader, writer] = members;
    const first = await client(reader);
    const seen = collect<{ seq: number }>(first, 'message:created');
    await send(first, 'thread:join', { threadId, lastSeq: 1 });
    for (const body of ['een', 'twee']) await t.http().post(`${V1}/threads/${threadId}/messages`).set(writer.auth).send({ body }).expect(201);
    await until(() => seen.length === 2, 'two live messages');
    first.close();

    for (const body of ['drie', 'vier', 'vijf']) await t.http().post(`${V1}/threads/${threadId}/messages`).set(writer.auth).send({ body }).expect(201);
    const again = await client(reader);
    const live = collect<{ seq: number }>(again, 'message:created');
    const lastSeq = seen.at(-1)?.seq ?? 0;
    const answer = await send(again, 'thread:join', { threadId, lastSeq });
    expect(answer.ok).toBe(true);
    expect(answer.missed?.map((message) => [message.seq, message.body])).toEqual([
      [4, 'drie'],
      [5, 'vier'],
      [6, 'vijf'],
    ]);
    await t.http().post(`${V1}/threads/${threadId}/messages`).set(writer.auth).send({ body: 'zes' }).expect(201);
    await until(() => live.length === 1, 'the next live message');
    expect(live.map((message) => message.seq)).toEqual([7]);
  });

  it('refuses a post over the socket as soon as its author left the group, though their socket posted there before', async () => {
    const { group, members, threadId } = await groupWithMembers(1);
    const writer = await client(members[0]);
    await send(writer, 'thread:join', { threadId });
    // The first post leaves the policy's answer with the socket's instance.
    expect((await send(writer, 'message:send', { threadId, body: 'nog lid' })).ok).toBe(true);
    await t.http().post(`${V1}/groups/${group.id}/leave`).set(members[0].auth).expect(204);
    const refused = await send(writer, 'message:send', { threadId, body: 'geen lid meer' });
    expect({ ok: refused.ok, status: refused.status, code: refused.error?.code }).toEqual({ ok: false, status: 403, code: 'group.members_only' });
    // They join again: they post again.
    await t.http().post(`${V1}/groups/${group.id}/join`).set(members[0].auth).expect(200);
    expect((await send(writer, 'message:send', { threadId, body: 'weer lid' })).ok).toBe(true);
  });

  /** A site admin who is in none of the site's group (they post there as its manager), on a socket in its thread. */
  async function siteAdminInGroupOfSite(visibility: 'public' | 'members') {
    const site = await createSite(t, owner);
    const group = await createGroup(t, owner, { site: site.slug, visibility, membership: visibility === 'public' ? 'open' : 'invite' });
    const thread = await t.http().post(`${V1}/groups/${group.id}/threads`).set(owner.auth).send({ title: 'Van de deelsite', body: 'Welkom' }).expect(201);
    const admin = await registerUser(t, { displayName: 'Siteadmin' });
    await t.http().post(`${V1}/sites/${site.slug}/members`).set(owner.auth).send({ userId: admin.id, role: 'admin' }).expect(201);
    const threadId = thread.body.id as string;
    const socket = await client(admin);
    expect((await send(socket, 'thread:join', { threadId })).ok).toBe(true);
    // The first post leaves the policy's answer with the socket's instance.
    expect((await send(socket, 'message:send', { threadId, body: 'als beheerder' })).ok).toBe(true);
    const demote = () => t.http().post(`${V1}/sites/${site.slug}/members`).set(owner.auth).send({ userId: admin.id, role: 'member' }).expect(201);
    return { socket, threadId, demote };
  }

  it('refuses a post over the socket as soon as its author is no longer a site admin, though their socket posted there before', async () => {
    const { socket, threadId, demote } = await siteAdminInGroupOfSite('public');
    const left = collect(socket, 'thread:left');
    await demote();
    const refused = await send(socket, 'message:send', { threadId, body: 'geen beheerder meer' });
    expect({ ok: refused.ok, status: refused.status, code: refused.error?.code }).toEqual({ ok: false, status: 403, code: 'group.members_only' });
    // A public group: they still read it.
    expect(left).toEqual([]);
  });

  it('takes a former site admin out of a members-only group of the site at once, and refuses their next post', async () => {
    const { socket, threadId, demote } = await siteAdminInGroupOfSite('members');
    const left = collect<{ threadId: string; reason: string }>(socket, 'thread:left');
    await demote();
    const refused = await send(socket, 'message:send', { threadId, body: 'geen beheerder meer' });
    expect({ ok: refused.ok, status: refused.status, code: refused.error?.code }).toEqual({ ok: false, status: 404, code: 'thread.not_found' });
    await until(() => left.length === 1, 'thread:left');
    expect(left[0]).toEqual({ threadId, reason: 'access' });
  });

  it('refuses a non-member a members-only thread: an error ack and no messages', async () => {
    const secret = await groupWithMembers(1, 'members');
    const open = await groupWithMembers(0);
    const outsider = await client(await registerUser(t));
    const received = collect<{ threadId: string }>(outsider, 'message:created');
    const answer = await send(outsider, 'thread:join', { threadId: secret.threadId, lastSeq: 0 });
    expect(answer).toEqual({ ok: false, status: 404, error: { code: 'thread.not_found', message: 'Discussie niet gevonden' } });
    expect(answer.missed).toBeUndefined();
    expect((await send(outsider, 'thread:join', { threadId: open.threadId })).ok).toBe(true);

    await t.http().post(`${V1}/threads/${secret.threadId}/messages`).set(secret.members[0].auth).send({ body: 'geheim' }).expect(201);
    await t.http().post(`${V1}/threads/${open.threadId}/messages`).set(owner.auth).send({ body: 'openbaar' }).expect(201);
    await until(() => received.length === 1, 'the public message');
    expect(received.map((message) => message.threadId)).toEqual([open.threadId]);
  });

  it('takes a removed member out of the thread at once', async () => {
    const { group, members, threadId } = await groupWithMembers(1, 'members');
    const removed = await client(members[0]);
    const received = collect<{ body: string }>(removed, 'message:created');
    const left = collect<{ threadId: string; reason: string }>(removed, 'thread:left');
    expect((await send(removed, 'thread:join', { threadId })).ok).toBe(true);

    await t.http().delete(`${V1}/groups/${group.id}/members/${members[0].id}`).set(owner.auth).expect(204);
    await until(() => left.length === 1, 'thread:left');
    expect(left[0]).toEqual({ threadId, reason: 'access' });
    await t.http().post(`${V1}/threads/${threadId}/messages`).set(owner.auth).send({ body: 'na verwijdering' }).expect(201);
    const check = await client(owner);
    const ownerReceived = collect<{ body: string }>(check, 'message:created');
    await send(check, 'thread:join', { threadId });
    await t.http().post(`${V1}/threads/${threadId}/messages`).set(owner.auth).send({ body: 'nog een' }).expect(201);
    await until(() => ownerReceived.length === 1, 'the owner to receive');
    expect(received).toEqual([]);
  });

  it('takes outsiders out when a group is made members-only', async () => {
    const { group, threadId } = await groupWithMembers(0);
    const outsider = await client(await registerUser(t));
    const left = collect<{ threadId: string }>(outsider, 'thread:left');
    expect((await send(outsider, 'thread:join', { threadId })).ok).toBe(true);
    await t.http().patch(`${V1}/groups/${group.id}`).set(owner.auth).send({ visibility: 'members' }).expect(200);
    await until(() => left.length === 1, 'thread:left');
  });

  it('sends edits and deletions to the thread', async () => {
    const { members, threadId } = await groupWithMembers(1);
    const watcher = await client(owner);
    const updated = collect<{ seq: number; body: string }>(watcher, 'message:updated');
    const deleted = collect<{ seq: number; deletedAt: string }>(watcher, 'message:deleted');
    await send(watcher, 'thread:join', { threadId });
    const message = await t.http().post(`${V1}/threads/${threadId}/messages`).set(members[0].auth).send({ body: 'tikfout' }).expect(201);
    await t.http().patch(`${V1}/messages/${message.body.id}`).set(members[0].auth).send({ body: 'verbeterd' }).expect(200);
    await t.http().delete(`${V1}/messages/${message.body.id}`).set(members[0].auth).expect(204);
    await until(() => updated.length === 1 && deleted.length === 1, 'update and delete');
    expect(updated[0]).toMatchObject({ seq: message.body.seq, body: 'verbeterd' });
    expect(deleted[0]).toMatchObject({ seq: message.body.seq, deletedAt: expect.any(String) });
  });

  it('relays typing to the others, and stores nothing', async () => {
    const { members, threadId } = await groupWithMembers(1);
    const [typist, reader] = [await client(members[0]), await client(owner)];
    const typing = collect<{ threadId: string; user: { id: string; displayName: string } }>(reader, 'typing');
    const echo = collect(typist, 'typing');
    for (const socket of [typist, reader]) await send(socket, 'thread:join', { threadId });
    typist.emit('typing', { threadId });
    await until(() => typing.length === 1, 'typing');
    expect(typing[0]).toEqual({ threadId, user: { id: members[0].id, displayName: 'Lid 0' } });
    expect(echo).toEqual([]);
    expect((await t.http().get(`${V1}/threads/${threadId}`)).body.lastSeq).toBe(1);
  });

  it('limits the message rate per socket, with an error ack naming the limit', async () => {
    const { members, threadId } = await groupWithMembers(1);
    const sender = await client(members[0], 'en');
    const answers = [];
    for (let i = 0; i < 21; i++) answers.push(await send(sender, 'message:send', { threadId, body: `bericht ${i}` }));
    expect(answers.slice(0, 20).every((answer) => answer.ok)).toBe(true);
    expect(answers[20]).toMatchObject({
      ok: false,
      status: 429,
      error: { code: 'discussion.rate_limited', message: expect.stringContaining('20 messages per 10 seconds') },
    });
  });

  it('answers a body over 10,000 characters with an error ack, and closes a socket that sends over 64 KiB', async () => {
    const { members, threadId } = await groupWithMembers(1);
    const sender = await client(members[0]);
    expect(await send(sender, 'message:send', { threadId, body: 'x'.repeat(10_001) })).toEqual({
      ok: false,
      status: 413,
      error: { code: 'message.too_long', message: 'body is 10001 tekens lang; hooguit 10000 tekens zijn toegestaan' },
    });
    // Acks carry the code and messages of HTTP: validation.failed, a line per problem.
    expect(await send(sender, 'message:send', { threadId, body: 42 })).toEqual({
      ok: false,
      status: 400,
      error: { code: 'validation.failed', message: expect.arrayContaining(['body moet tekst zijn']) },
    });
    expect(await send(sender, 'message:send', { threadId, body: '   ' })).toMatchObject({ ok: false, status: 400, error: { code: 'validation.failed' } });
    expect(await send(sender, 'message:send', 'geen object')).toMatchObject({ ok: false, status: 400, error: { code: 'discussion.payload_not_object' } });
    const closed = new Promise<string>((resolve) => sender.once('disconnect', (reason: string) => resolve(reason)));
    sender.emit('message:send', { threadId, body: 'x'.repeat(70 * 1024) });
    expect(await closed).toBe('transport close');
    expect((await t.http().get(`${V1}/threads/${threadId}`)).body.lastSeq).toBe(1);
  });

  it('disconnects the sockets of an account that is deleted', async () => {
    const user = await registerUser(t);
    const socket = await client(user);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason: string) => resolve(reason)));
    await t.http().delete(`${V1}/me`).set(user.auth).expect(204);
    expect(await closed).toBe('io server disconnect');
  });
});
