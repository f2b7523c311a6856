import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ActivityLog } from '@kennisplein/core';
import { NotificationsService } from '@kennisplein/notifications';
import { createGroup } from './support/community.js';
import { expectError } from './support/errors.js';
import { registerUser, type TestUser, uniqueEmail } from './support/factories.js';
import { createCongress, eventually, makeAdmin } from './support/kennisbank.js';
import { collect, connected, until } from './support/sockets.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let outsider: TestUser;
let groupId: string;

interface Notification {
  id: string;
  readAt: string | null;
  activity: { id: string; verb: string; actor: { id: string } | null; objectId: string; snapshot: { title: string; link: string } };
}

beforeAll(async () => {
  // The fan-out jobs run in this process.
  t = await createTestApp({ env: { WORKER_INLINE: 'true' } });
  owner = await registerUser(t, { displayName: 'Olga Owner' });
  member = await registerUser(t, { displayName: 'Mats Member' });
  outsider = await registerUser(t, { displayName: 'Otto Outsider' });
  groupId = (await createGroup(t, owner, { visibility: 'public', membership: 'open' })).id;
  await t.http().post(`${V1}/groups/${groupId}/join`).set(member.auth).expect(200);
});
afterAll(() => t.close());

/** Takes the new activities from the log, as the repeatable job does, and waits for their fan-out. */
async function dispatch(): Promise<void> {
  await t.app.get(NotificationsService).dispatch();
}

const notificationsOf = async (user: TestUser, query = '') =>
  (await t.http().get(`${V1}/me/notifications?limit=100${query}`).set(user.auth).expect(200)).body.items as Notification[];

/** The notifications of a user about one object, once the fan-out has run. */
async function notifiedAbout(user: TestUser, objectId: string, expected: number): Promise<Notification[]> {
  return eventually(
    async () => (await notificationsOf(user)).filter((notification) => notification.activity.objectId === objectId),
    (found) => found.length >= expected,
  );
}

async function thread(group = groupId, author = member) {
  return (await t.http().post(`${V1}/groups/${group}/threads`).set(author.auth).send({ title: 'Overleg', body: 'Eerste bericht' }).expect(201)).body;
}

describe('in-app notifications', () => {
  it('tells the other members of a group of a new message, never its author, and marks them read', async () => {
    const started = await thread();
    const reply = (await t.http().post(`${V1}/threads/${started.id}/messages`).set(owner.auth).send({ body: 'Antwoord' }).expect(201)).body;
    await dispatch();
    const [forMember] = await notifiedAbout(member, reply.id, 1);
    expect(forMember).toMatchObject({
      readAt: null,
      activity: { verb: 'message.posted', actor: { id: owner.id }, snapshot: { link: `/threads/${started.id}#2` } },
    });
    expect((await notifiedAbout(owner, started.firstMessage.id, 1)).length).toBe(1);
    // No one hears of their own words, and outsiders hear nothing.
    expect((await notificationsOf(owner)).filter((n) => n.activity.objectId === reply.id)).toEqual([]);
    expect((await notificationsOf(outsider)).filter((n) => n.activity.objectId === reply.id)).toEqual([]);

    expect((await notificationsOf(member, '&unread=true')).map((n) => n.id)).toContain(forMember.id);
    await t.http().post(`${V1}/me/notifications/read`).set(member.auth).send({ ids: [forMember.id] }).expect(204);
    expect((await notificationsOf(member, '&unread=true')).map((n) => n.id)).not.toContain(forMember.id);
    expect((await notificationsOf(member)).find((n) => n.id === forMember.id)?.readAt).toEqual(expect.any(String));
    // Someone else's notification is not theirs to mark.
    await t.http().post(`${V1}/me/notifications/read`).set(outsider.auth).send({ ids: [forMember.id] }).expect(204);
    expectError(await t.http().post(`${V1}/me/notifications/read`).set(member.auth).send({ ids: ['nope'] }), 400, 'validation.failed');
    expectError(await t.http().get(`${V1}/me/notifications`), 401, 'auth.unauthenticated');
  });

  it('notifies once, however often an activity is fanned out', async () => {
    const started = await thread();
    await dispatch();
    await notifiedAbout(owner, started.firstMessage.id, 1);
    const [activity] = await t.app.get(ActivityLog).forObject('message', started.firstMessage.id);
    await t.app.get(NotificationsService).fanOut(activity.id);
    expect((await notificationsOf(owner)).filter((n) => n.activity.objectId === started.firstMessage.id)).toHaveLength(1);
  });

  it('tells the managers, not the members, of a request to join', async () => {
    const requestGroup = (await createGroup(t, owner, { visibility: 'public', membership: 'request' })).id;
    await t.http().post(`${V1}/groups/${requestGroup}/join`).set(outsider.auth).expect(202);
    await dispatch();
    const [request] = await notifiedAbout(owner, requestGroup, 1);
    expect(request.activity.verb).toBe('membership.requested');
    expect(request.activity.actor?.id).toBe(outsider.id);
  });

  it('lists my groups, each with whether I muted it', async () => {
    const listener = await registerUser(t);
    const second = await createGroup(t, owner, { name: 'Aaa eerst bij naam', visibility: 'public', membership: 'open' });
    await t.http().post(`${V1}/groups/${groupId}/join`).set(listener.auth).expect(200);
    await t.http().post(`${V1}/groups/${second.id}/join`).set(listener.auth).expect(200);
    await t.http().put(`${V1}/groups/${second.id}/mute`).set(listener.auth).expect(204);
    const listed = await t.http().get(`${V1}/me/group-mutes`).set(listener.auth).expect(200);
    expect(listed.body).toEqual([
      { id: second.id, name: 'Aaa eerst bij naam', muted: true },
      { id: groupId, name: expect.any(String), muted: false },
    ]);
    await t.http().delete(`${V1}/groups/${second.id}/mute`).set(listener.auth).expect(204);
    expect((await t.http().get(`${V1}/me/group-mutes`).set(listener.auth).expect(200)).body[0].muted).toBe(false);
    // Only one's own memberships; never without a login.
    expect((await t.http().get(`${V1}/me/group-mutes`).set((await registerUser(t)).auth).expect(200)).body).toEqual([]);
    expectError(await t.http().get(`${V1}/me/group-mutes`), 401, 'auth.unauthenticated');
  });

  it('leaves a muted group out, and takes it back in when unmuted', async () => {
    expect((await t.http().get(`${V1}/groups/${groupId}/mute`).set(member.auth)).body).toEqual({ muted: false });
    expect((await t.http().put(`${V1}/groups/${groupId}/mute`).set(member.auth)).status).toBe(204);
    expect((await t.http().get(`${V1}/groups/${groupId}/mute`).set(member.auth)).body).toEqual({ muted: true });
    // A witness in the group shows when the fan-out has run.
    const witness = await registerUser(t);
    await t.http().post(`${V1}/groups/${groupId}/join`).set(witness.auth).expect(200);
    const muted = await thread(groupId, owner);
    await dispatch();
    await notifiedAbout(witness, muted.firstMessage.id, 1);
    expect((await notificationsOf(member)).filter((n) => n.activity.objectId === muted.firstMessage.id)).toEqual([]);
    expect((await t.http().delete(`${V1}/groups/${groupId}/mute`).set(member.auth)).status).toBe(204);
    expect((await t.http().get(`${V1}/groups/${groupId}/mute`).set(member.auth)).body).toEqual({ muted: false });
    const unmuted = await thread(groupId, owner);
    await dispatch();
    expect(await notifiedAbout(member, unmuted.firstMessage.id, 1)).toHaveLength(1);

    const hidden = (await createGroup(t, owner, { visibility: 'members', membership: 'invite' })).id;
    expectError(await t.http().put(`${V1}/groups/${hidden}/mute`).set(outsider.auth), 404, 'group.not_found');
    expectError(await t.http().put(`${V1}/groups/${groupId}/mute`), 401, 'auth.unauthenticated');
    expectError(await t.http().get(`${V1}/groups/${hidden}/mute`).set(outsider.auth), 404, 'group.not_found');
    expectError(await t.http().get(`${V1}/groups/${groupId}/mute`), 401, 'auth.unauthenticated');
  });

  it('tells the authors of feedback, and the members of the theme group of the workspace once each', async () => {
    const admin = await makeAdmin(t, await registerUser(t));
    const author = await registerUser(t, { email: uniqueEmail('author'), verified: true });
    const follower = await registerUser(t, { displayName: 'Fleur Follower' });
    const both = await registerUser(t, { displayName: 'Bo Both' });
    const reader = await registerUser(t);
    const congress = await createCongress(t, admin);
    const paper = (
      await t
        .http()
        .post(`${V1}/contributions`)
        .set(admin.auth)
        .send({ congress, theme: `Thema ${congress}`, title: 'Een paper', body: 'Tekst', authors: [{ name: 'A', email: author.email }] })
        .expect(201)
    ).body;
    const themeGroupId = (await t.http().get(`${V1}/groups/${paper.workspace.groupId}`)).body.parentId as string;
    for (const user of [follower, both]) await t.http().post(`${V1}/groups/${themeGroupId}/join`).set(user.auth).expect(200);
    await t.http().post(`${V1}/groups/${paper.workspace.groupId}/join`).set(both.auth).expect(200);
    const feedback = (await t.http().post(`${V1}/contributions/${paper.id}/feedback`).set(reader.auth).send({ body: 'Sterk!' }).expect(201)).body;
    await dispatch();
    for (const user of [author, follower, both]) {
      const found = await notifiedAbout(user, feedback.id, 1);
      expect(found).toHaveLength(1);
      expect(found[0].activity.verb).toBe('feedback.given');
    }
    expect((await notificationsOf(reader)).filter((n) => n.activity.objectId === feedback.id)).toEqual([]);

    // Muting the theme group mutes the track: its workspaces too, for those who follow them through it.
    await t.http().put(`${V1}/groups/${themeGroupId}/mute`).set(follower.auth).expect(204);
    const more = (await t.http().post(`${V1}/contributions/${paper.id}/feedback`).set(reader.auth).send({ body: 'Nog iets' }).expect(201)).body;
    await dispatch();
    await notifiedAbout(both, more.id, 1);
    expect((await notificationsOf(follower)).filter((n) => n.activity.objectId === more.id)).toEqual([]);
  });

  it('pushes a new notification to the open sockets of its user (namespace /notifications)', async () => {
    const base = await t.listen();
    const socket = await connected(base, member.accessToken, '/notifications');
    const stranger = await connected(base, outsider.accessToken, '/notifications');
    try {
      const received = collect<Notification>(socket, 'notification:created');
      const strangerReceived = collect<Notification>(stranger, 'notification:created');
      const started = await thread(groupId, owner);
      await dispatch();
      await until(() => received.some((n) => n.activity.objectId === started.firstMessage.id), 'the push');
      const pushed = received.find((n) => n.activity.objectId === started.firstMessage.id)!;
      // The notification as the list shows it.
      const listed = (await notificationsOf(member)).find((n) => n.id === pushed.id);
      expect(pushed).toEqual(listed);
      expect(pushed).toMatchObject({ readAt: null, createdAt: expect.any(String), activity: { verb: 'message.posted', actor: { id: owner.id } } });
      expect(strangerReceived.filter((n) => n.activity.objectId === started.firstMessage.id)).toEqual([]);
      await expect(connected(base, 'not-a-token', '/notifications')).rejects.toThrow(/unauthorized/);
    } finally {
      socket.close();
      stranger.close();
    }
  });

  it('counts my unread notifications, and marks them all read', async () => {
    const reader = await registerUser(t, { displayName: 'Rita Reader' });
    await t.http().post(`${V1}/groups/${groupId}/join`).set(reader.auth).expect(200);
    const unreadCount = async (user: TestUser) =>
      (await t.http().get(`${V1}/me/notifications/unread-count`).set(user.auth).expect(200)).body as { count: number };
    expect(await unreadCount(reader)).toEqual({ count: 0 });
    const started = [await thread(groupId, owner), await thread(groupId, owner), await thread(groupId, owner)];
    await dispatch();
    for (const each of started) await notifiedAbout(reader, each.firstMessage.id, 1);
    expect(await unreadCount(reader)).toEqual({ count: 3 });
    expect((await notificationsOf(reader, '&unread=true')).length).toBe(3);

    const [one] = await notifiedAbout(reader, started[0].firstMessage.id, 1);
    await t.http().post(`${V1}/me/notifications/read`).set(reader.auth).send({ ids: [one.id] }).expect(204);
    expect(await unreadCount(reader)).toEqual({ count: 2 });
    const memberBefore = await unreadCount(member);
    expect((await t.http().post(`${V1}/me/notifications/read-all`).set(reader.auth)).status).toBe(204);
    expect(await unreadCount(reader)).toEqual({ count: 0 });
    expect(await notificationsOf(reader, '&unread=true')).toEqual([]);
    expect((await notificationsOf(reader)).every((n) => n.readAt !== null)).toBe(true);
    // Only mine: the others keep theirs.
    expect(await unreadCount(member)).toEqual(memberBefore);
    // What comes after is unread again.
    const later = await thread(groupId, owner);
    await dispatch();
    await notifiedAbout(reader, later.firstMessage.id, 1);
    expect(await unreadCount(reader)).toEqual({ count: 1 });

    expectError(await t.http().get(`${V1}/me/notifications/unread-count`), 401, 'auth.unauthenticated');
    expectError(await t.http().post(`${V1}/me/notifications/read-all`), 401, 'auth.unauthenticated');
  });
});
