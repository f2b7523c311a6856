import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ActivityLog } from '@kennisplein/core';
import { CommunityVerb } from '@kennisplein/community';
import { NotificationsService } from '@kennisplein/notifications';
import { createGroup, createSite, type SiteInput } from './support/community.js';
import { expectError } from './support/errors.js';
import { registerUser, type TestUser } from './support/factories.js';
import { eventually, makeAdmin } from './support/kennisbank.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

/**
 * Security probe 4 of issue 15: a plain member who owns a group in a members-only,
 * invite-only deelsite let an outsider into the whole site by inviting them to the group.
 * Only a site admin lets someone into a closed site; anyone else's invitation waits for one.
 */
let t: TestApp;
let siteAdmin: TestUser;
let platformAdmin: TestUser;

beforeAll(async () => {
  // The fan-out jobs of the notifications run in this process.
  t = await createTestApp({ env: { WORKER_INLINE: 'true' } });
  siteAdmin = await registerUser(t, { displayName: 'Sanne Site-admin' });
  platformAdmin = await makeAdmin(t, await registerUser(t, { displayName: 'Piet Platform' }));
});
afterAll(() => t.close());

interface ClosedSite {
  id: string;
  slug: string;
  /** a plain site member who owns a group of the site */
  member: TestUser;
  groupId: string;
}

/** A deelsite (members-only and invite-only unless told otherwise) with a plain member who owns a members-only group in it. */
async function siteWithMemberGroup(input: SiteInput = { visibility: 'members', membership: 'invite' }): Promise<ClosedSite> {
  const site = await createSite(t, siteAdmin, input);
  const member = await registerUser(t, { displayName: 'Mark Member' });
  await t.http().post(`${V1}/sites/${site.slug}/members`).set(siteAdmin.auth).send({ userId: member.id, role: 'member' }).expect(201);
  const group = await createGroup(t, member, { site: site.slug, name: 'Werkgroep van Mark', visibility: 'members', membership: 'invite' });
  return { id: site.id, slug: site.slug, member, groupId: group.id };
}

/** `inviter` invites a fresh account to the group; answers the account and its accept answer. */
async function inviteAndAccept(inviter: TestUser, groupId: string) {
  const invitee = await registerUser(t, { displayName: 'Olaf Outsider' });
  const invite = await t.http().post(`${V1}/groups/${groupId}/invites`).set(inviter.auth).send({ email: invitee.email }).expect(201);
  const accepted = await t.http().post(`${V1}/invites/${invite.body.token}/accept`).set(invitee.auth);
  return { invitee, token: invite.body.token as string, accepted };
}

const siteRoleOf = async (slug: string, user: TestUser) => {
  const site = await t.http().get(`${V1}/sites/${slug}`).set(user.auth);
  return site.status === 200 ? (site.body.myRole as string | null) : site.status;
};
const groupRoleOf = async (groupId: string, user: TestUser) => {
  const group = await t.http().get(`${V1}/groups/${groupId}`).set(user.auth);
  return group.status === 200 ? (group.body.myRole as string | null) : group.status;
};
const requestsOf = async (slug: string, admin: TestUser = siteAdmin) =>
  (await t.http().get(`${V1}/sites/${slug}/requests`).set(admin.auth).expect(200)).body.items as {
    user: { id: string; displayName: string };
    group: { id: string; name: string };
    invitedBy: { id: string; displayName: string } | null;
    requestedAt: string;
  }[];

describe('an invitation into a closed deelsite by someone who is not its admin', () => {
  it('does not make the invitee a site member: it waits for a site admin (202 pending)', async () => {
    const site = await siteWithMemberGroup();
    const { invitee, accepted } = await inviteAndAccept(site.member, site.groupId);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ groupId: site.groupId, userId: invitee.id, status: 'pending' });
    // Still outside: the site and its groups stay hidden, and the members list does not name them.
    expectError(await t.http().get(`${V1}/sites/${site.slug}`).set(invitee.auth), 404, 'site.not_found');
    expectError(await t.http().get(`${V1}/groups/${site.groupId}`).set(invitee.auth), 404, 'group.not_found');
    const members = await t.http().get(`${V1}/sites/${site.slug}/members?limit=100`).set(siteAdmin.auth).expect(200);
    expect(members.body.items.map((item: { user: { id: string } }) => item.user.id)).not.toContain(invitee.id);
    expect((await t.http().get(`${V1}/groups/${site.groupId}/members`).set(site.member.auth)).body.items).toHaveLength(1);

    const requests = await requestsOf(site.slug);
    expect(requests).toEqual([
      {
        user: expect.objectContaining({ id: invitee.id, displayName: 'Olaf Outsider' }),
        group: { id: site.groupId, name: 'Werkgroep van Mark' },
        invitedBy: expect.objectContaining({ id: site.member.id, displayName: 'Mark Member' }),
        requestedAt: expect.any(String),
      },
    ]);
  });

  it('holds back in every closed kind of site, and only there', async () => {
    const kinds: [SiteInput, number][] = [
      [{ visibility: 'members', membership: 'invite' }, 202],
      [{ visibility: 'members', membership: 'request' }, 202],
      [{ visibility: 'members', membership: 'open' }, 202],
      [{ visibility: 'public', membership: 'invite' }, 202],
      [{ visibility: 'public', membership: 'request' }, 202],
      [{ visibility: 'public', membership: 'open' }, 200],
    ];
    const answers = [];
    for (const [kind] of kinds) {
      const site = await siteWithMemberGroup(kind);
      const { invitee, accepted } = await inviteAndAccept(site.member, site.groupId);
      answers.push([kind, accepted.status, await siteRoleOf(site.slug, invitee) === 'member']);
    }
    expect(answers).toEqual(kinds.map(([kind, status]) => [kind, status, status === 200]));
  });

  it('grants the site and the promised group when a site admin approves', async () => {
    const site = await siteWithMemberGroup();
    const { invitee } = await inviteAndAccept(site.member, site.groupId);
    const approved = await t.http().post(`${V1}/sites/${site.slug}/requests/${invitee.id}/approve`).set(siteAdmin.auth);
    expect(approved.status).toBe(200);
    expect(approved.body).toEqual({ userId: invitee.id, role: 'member', groups: [{ groupId: site.groupId, userId: invitee.id, role: 'member' }] });
    expect(await siteRoleOf(site.slug, invitee)).toBe('member');
    expect(await groupRoleOf(site.groupId, invitee)).toBe('member');
    expect(await requestsOf(site.slug)).toEqual([]);
    expectError(await t.http().post(`${V1}/sites/${site.slug}/requests/${invitee.id}/approve`).set(siteAdmin.auth), 404, 'site.request_not_found');
  });

  it('grants every group whose invitation was accepted while the request waited', async () => {
    const site = await siteWithMemberGroup();
    const second = await createGroup(t, site.member, { site: site.slug, name: 'Tweede groep', visibility: 'members', membership: 'invite' });
    const { invitee } = await inviteAndAccept(site.member, site.groupId);
    const again = await t.http().post(`${V1}/groups/${second.id}/invites`).set(site.member.auth).send({ email: invitee.email }).expect(201);
    const accepted = await t.http().post(`${V1}/invites/${again.body.token}/accept`).set(invitee.auth);
    expect([accepted.status, accepted.body.status]).toEqual([202, 'pending']);
    // One request per person and site, named after the invitation that made it.
    expect((await requestsOf(site.slug)).map((request) => request.group.id)).toEqual([site.groupId]);

    const approved = await t.http().post(`${V1}/sites/${site.slug}/requests/${invitee.id}/approve`).set(platformAdmin.auth).expect(200);
    expect(approved.body.groups.map((group: { groupId: string }) => group.groupId).sort()).toEqual([site.groupId, second.id].sort());
    expect(await groupRoleOf(second.id, invitee)).toBe('member');
  });

  it('grants nothing when a site admin rejects, and the invitation stays spent', async () => {
    const site = await siteWithMemberGroup();
    const { invitee, token } = await inviteAndAccept(site.member, site.groupId);
    await t.http().post(`${V1}/sites/${site.slug}/requests/${invitee.id}/reject`).set(siteAdmin.auth).expect(204);
    expectError(await t.http().get(`${V1}/sites/${site.slug}`).set(invitee.auth), 404, 'site.not_found');
    const db = t.app.get(DataSource);
    expect(await db.query(`SELECT 1 FROM group_members WHERE group_id = $1 AND user_id = $2`, [site.groupId, invitee.id])).toEqual([]);
    expect(await requestsOf(site.slug)).toEqual([]);
    expectError(await t.http().post(`${V1}/invites/${token}/accept`).set(invitee.auth), 410, 'invite.used');
    expectError(await t.http().post(`${V1}/sites/${site.slug}/requests/${invitee.id}/reject`).set(siteAdmin.auth), 404, 'site.request_not_found');
  });

  it('asks the inviter\'s rights when the invitation is accepted: a former site admin lets no one in', async () => {
    const site = await siteWithMemberGroup();
    const formerAdmin = await registerUser(t);
    await t.http().post(`${V1}/sites/${site.slug}/members`).set(siteAdmin.auth).send({ userId: formerAdmin.id, role: 'admin' }).expect(201);
    const invitee = await registerUser(t);
    const invite = await t.http().post(`${V1}/groups/${site.groupId}/invites`).set(formerAdmin.auth).send({ email: invitee.email }).expect(201);
    await t.http().post(`${V1}/sites/${site.slug}/members`).set(siteAdmin.auth).send({ userId: formerAdmin.id, role: 'member' }).expect(201);
    const accepted = await t.http().post(`${V1}/invites/${invite.body.token}/accept`).set(invitee.auth);
    expect(accepted.status).toBe(202);
  });
});

describe('invitations that behave as before', () => {
  it('an invitation by a site admin makes the invitee a site member and a group member at once (200)', async () => {
    const site = await siteWithMemberGroup();
    const { invitee, accepted } = await inviteAndAccept(siteAdmin, site.groupId);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ groupId: site.groupId, userId: invitee.id, role: 'member' });
    expect(await siteRoleOf(site.slug, invitee)).toBe('member');
    expect(await groupRoleOf(site.groupId, invitee)).toBe('member');
    expect(await requestsOf(site.slug)).toEqual([]);
  });

  it('an invitation by a platform admin does too', async () => {
    const site = await siteWithMemberGroup();
    const { invitee, accepted } = await inviteAndAccept(platformAdmin, site.groupId);
    expect(accepted.status).toBe(200);
    expect(await siteRoleOf(site.slug, invitee)).toBe('member');
  });

  it('an invitee who is already a site member joins the group at once', async () => {
    const site = await siteWithMemberGroup();
    const invitee = await registerUser(t);
    await t.http().post(`${V1}/sites/${site.slug}/members`).set(siteAdmin.auth).send({ userId: invitee.id, role: 'member' }).expect(201);
    const invite = await t.http().post(`${V1}/groups/${site.groupId}/invites`).set(site.member.auth).send({ email: invitee.email }).expect(201);
    const accepted = await t.http().post(`${V1}/invites/${invite.body.token}/accept`).set(invitee.auth);
    expect([accepted.status, accepted.body.role]).toEqual([200, 'member']);
  });

  it('an invitation to a group of the main site, by anyone, makes a member (200)', async () => {
    const owner = await registerUser(t);
    const group = await createGroup(t, owner, { visibility: 'members', membership: 'invite' });
    const { accepted } = await inviteAndAccept(owner, group.id);
    expect([accepted.status, accepted.body.role]).toEqual([200, 'member']);
  });
});

describe('who may handle site requests', () => {
  it('site admins and platform admins; others get 404 for a site they cannot see, 403 for one they can', async () => {
    const closed = await siteWithMemberGroup();
    const open = await siteWithMemberGroup({ visibility: 'public', membership: 'invite' });
    const outsider = await registerUser(t);
    const calls = (slug: string, userId: string) => [
      t.http().get(`${V1}/sites/${slug}/requests`),
      t.http().post(`${V1}/sites/${slug}/requests/${userId}/approve`),
      t.http().post(`${V1}/sites/${slug}/requests/${userId}/reject`),
    ];
    for (const site of [closed, open]) {
      const { invitee } = await inviteAndAccept(site.member, site.groupId);
      for (const call of calls(site.slug, invitee.id)) expectError(await call, 401, 'auth.unauthenticated');
      for (const call of calls(site.slug, invitee.id)) {
        expectError(await call.set(outsider.auth), site === closed ? 404 : 403, site === closed ? 'site.not_found' : 'site.admins_only');
      }
      for (const call of calls(site.slug, invitee.id)) expectError(await call.set(site.member.auth), 403, 'site.admins_only');
      // The invitee waits, and may not settle their own request.
      for (const call of calls(site.slug, invitee.id)) {
        expectError(await call.set(invitee.auth), site === closed ? 404 : 403, site === closed ? 'site.not_found' : 'site.admins_only');
      }
    }
    expect((await t.http().get(`${V1}/sites/${closed.slug}/requests`).set(platformAdmin.auth).expect(200)).body.items).toHaveLength(1);
    // No request of this user, or not a user id at all: not found.
    for (const userId of [outsider.id, 'not-a-uuid']) {
      expectError(await t.http().post(`${V1}/sites/${closed.slug}/requests/${userId}/approve`).set(siteAdmin.auth), 404, 'site.request_not_found');
    }
    expectError(await t.http().get(`${V1}/sites/no-such-site/requests`).set(siteAdmin.auth), 404, 'site.not_found');
  });
});

describe('personal data', () => {
  it('the export holds my site requests; deleting my account removes them', async () => {
    const site = await siteWithMemberGroup();
    const { invitee } = await inviteAndAccept(site.member, site.groupId);
    const exported = (await t.http().get(`${V1}/me/export`).set(invitee.auth).expect(200)).body;
    expect(exported.memberships.deelsiteRequests).toEqual([
      expect.objectContaining({ slug: site.slug, groupId: site.groupId, groupName: 'Werkgroep van Mark', requestedAt: expect.any(String) }),
    ]);
    await t.http().delete(`${V1}/me`).set(invitee.auth).expect(204);
    expect(await t.app.get(DataSource).query(`SELECT 1 FROM deelsite_requests WHERE user_id = $1`, [invitee.id])).toEqual([]);
    expect(await requestsOf(site.slug)).toEqual([]);
  });
});

interface SiteNotification {
  activity: { verb: string; actor: { id: string } | null; siteId: string | null; groupId: string | null; snapshot: { title: string; link: string } };
}

/** Takes the new activities from the log and fans them out (as the repeatable job does). */
const dispatch = () => t.app.get(NotificationsService).dispatch();

/** A user's notifications about this deelsite's requests. */
const siteNoticesOf = async (user: TestUser, siteId: string) =>
  ((await t.http().get(`${V1}/me/notifications?limit=100`).set(user.auth).expect(200)).body.items as SiteNotification[]).filter(
    (notification) => notification.activity.siteId === siteId && notification.activity.verb.startsWith('site.'),
  );

/** Once the fan-out has given this user `count` of them. */
const noticedBy = (user: TestUser, siteId: string, count: number) =>
  eventually(() => siteNoticesOf(user, siteId), (found) => found.length >= count);

describe('who is told of a site request', () => {
  it("the site's admins, once, linking to the requests on the site settings page; not a plain member, not the requester", async () => {
    const site = await siteWithMemberGroup({ name: 'Congres HAN', visibility: 'members', membership: 'invite' });
    const secondAdmin = await registerUser(t, { displayName: 'Tom Tweede-admin' });
    await t.http().post(`${V1}/sites/${site.slug}/members`).set(siteAdmin.auth).send({ userId: secondAdmin.id, role: 'admin' }).expect(201);
    const { invitee, accepted } = await inviteAndAccept(site.member, site.groupId);
    expect(accepted.status).toBe(202);
    // A second invitation while the request waits joins it: no second notice.
    const second = await createGroup(t, site.member, { site: site.slug, name: 'Tweede groep', visibility: 'members', membership: 'invite' });
    const again = await t.http().post(`${V1}/groups/${second.id}/invites`).set(site.member.auth).send({ email: invitee.email }).expect(201);
    await t.http().post(`${V1}/invites/${again.body.token}/accept`).set(invitee.auth).expect(202);
    await dispatch();

    for (const admin of [siteAdmin, secondAdmin]) {
      expect(await noticedBy(admin, site.id, 1)).toEqual([
        {
          id: expect.any(String),
          readAt: null,
          createdAt: expect.any(String),
          activity: expect.objectContaining({
            verb: 'site.requested',
            actor: { id: invitee.id, displayName: 'Olaf Outsider' },
            siteId: site.id,
            groupId: null,
            snapshot: { title: 'Congres HAN', link: `/s/${site.slug}/settings#site-requests` },
          }),
        },
      ]);
    }
    // The admins' notices came from the same fan-out: the others were passed over, not late.
    expect(await siteNoticesOf(site.member, site.id)).toEqual([]);
    expect(await siteNoticesOf(invitee, site.id)).toEqual([]);
    expect(await siteNoticesOf(platformAdmin, site.id)).toEqual([]);
  });

  it('the requester once a site admin approves, linking to the group they were invited to; nobody else', async () => {
    const site = await siteWithMemberGroup({ name: 'Congres HAN', visibility: 'members', membership: 'invite' });
    const { invitee } = await inviteAndAccept(site.member, site.groupId);
    await t.http().post(`${V1}/sites/${site.slug}/requests/${invitee.id}/approve`).set(siteAdmin.auth).expect(200);
    await dispatch();
    const [approved] = await noticedBy(invitee, site.id, 1);
    expect(approved.activity).toMatchObject({
      verb: 'site.request_approved',
      actor: { id: siteAdmin.id },
      groupId: null,
      snapshot: { title: 'Congres HAN', link: `/groups/${site.groupId}`, group: 'Werkgroep van Mark' },
    });
    expect(await siteNoticesOf(invitee, site.id)).toHaveLength(1);
    // The link opens for them now.
    await t.http().get(`${V1}/groups/${site.groupId}`).set(invitee.auth).expect(200);
    const [approval] = (await t.app.get(ActivityLog).forObject('site', site.id)).filter((activity) => activity.verb === CommunityVerb.SiteRequestApproved);
    expect(approval.recipientIds).toEqual([invitee.id]);
    expect(await siteNoticesOf(site.member, site.id)).toEqual([]);
  });

  it('nobody when a site admin rejects (as a rejected join request)', async () => {
    const site = await siteWithMemberGroup();
    const { invitee } = await inviteAndAccept(site.member, site.groupId);
    await t.http().post(`${V1}/sites/${site.slug}/requests/${invitee.id}/reject`).set(siteAdmin.auth).expect(204);
    await dispatch();
    expect(await noticedBy(siteAdmin, site.id, 1)).toHaveLength(1);
    expect((await t.app.get(ActivityLog).forObject('site', site.id)).map((activity) => activity.verb)).toEqual(['site.requested']);
    expect(await siteNoticesOf(invitee, site.id)).toEqual([]);
  });

  it('nobody when no request waits: an invitation by a site admin lets in at once', async () => {
    const site = await siteWithMemberGroup();
    const { accepted } = await inviteAndAccept(siteAdmin, site.groupId);
    expect(accepted.status).toBe(200);
    expect(await t.app.get(ActivityLog).forObject('site', site.id)).toEqual([]);
  });
});
