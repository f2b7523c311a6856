import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createGroup, createSite, uniqueSlug } from './support/community.js';
import { expectError } from './support/errors.js';
import { countQueries } from './support/query-counter.js';
import { registerUser, type TestUser, uniqueEmail } from './support/factories.js';
import { SmtpSink, VERIFICATION_MAIL } from './support/smtp-sink.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

let t: TestApp;
let smtp: SmtpSink;
let owner: TestUser;
beforeAll(async () => {
  smtp = new SmtpSink({ ignoreSubjects: VERIFICATION_MAIL });
  const smtpUrl = await smtp.start();
  // The worker runs inline so that invitation mails go out through the mail queue.
  t = await createTestApp({ env: { SMTP_URL: smtpUrl, WORKER_INLINE: 'true' } });
  owner = await registerUser(t, { displayName: 'Olga Owner' });
});
afterAll(async () => {
  await t.close();
  await smtp.stop();
});

describe('deelsites', () => {
  it('opens a deelsite with its creator as admin', async () => {
    const slug = uniqueSlug('nioc');
    const response = await t
      .http()
      .post(`${V1}/sites`)
      .set(owner.auth)
      .send({ slug, name: 'NIOC 2027', organization: 'HAN', congress: 'nioc2027', visibility: 'public', membership: 'open' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      slug,
      name: 'NIOC 2027',
      organization: 'HAN',
      congress: 'nioc2027',
      visibility: 'public',
      membership: 'open',
      memberCount: 1,
      myRole: 'admin',
    });
  });

  it('answers 409 for a slug that is taken', async () => {
    const site = await createSite(t, owner);
    const again = await t
      .http()
      .post(`${V1}/sites`)
      .set(owner.auth)
      .send({ slug: site.slug, name: 'Dubbel', organization: 'X', visibility: 'public', membership: 'open' });
    expectError(again, 409, 'site.slug_taken');
    expect(again.body.message).toBe(`De slug ${site.slug} is al in gebruik`);
  });

  it('lists every violation in one 400', async () => {
    const response = await t
      .http()
      .post(`${V1}/sites`)
      .set(owner.auth)
      .send({ slug: 'NO', name: '', organization: 'x'.repeat(201), visibility: 'secret', membership: 'maybe' });
    expectError(response, 400, 'validation.failed');
    const messages: string[] = response.body.message;
    for (const field of ['slug', 'name', 'organization', 'visibility', 'membership']) {
      expect(messages.some((message) => message.startsWith(field))).toBe(true);
    }
    // In Dutch by default, with every field and rule for a client that marks its form.
    expect(messages).toContain('visibility moet een van deze waarden zijn: public, members');
    expect(response.body.fields).toContainEqual({ field: 'slug', rule: 'matches' });
    for (const slug of ['ab', 'Hoofdletters', 'met spatie', 'x'.repeat(64), 'under_score']) {
      const bad = await t.http().post(`${V1}/sites`).set(owner.auth).send({ slug, name: 'n', organization: 'o', visibility: 'public', membership: 'open' });
      expectError(bad, 400, 'validation.failed');
    }
  });

  it('hides a members-only deelsite and its groups from non-members', async () => {
    const site = await createSite(t, owner, { visibility: 'members' });
    const group = await createGroup(t, owner, { site: site.slug, visibility: 'public' });
    const stranger = await registerUser(t);

    expectError(await t.http().get(`${V1}/sites/${site.slug}`).set(stranger.auth), 404, 'site.not_found');
    expectError(await t.http().get(`${V1}/groups/${group.id}`).set(stranger.auth), 404, 'group.not_found');
    expectError(await t.http().get(`${V1}/groups?site=${site.slug}`).set(stranger.auth), 404, 'site.not_found');
    const sites = await t.http().get(`${V1}/sites?limit=100`).set(stranger.auth);
    expect(sites.body.items.map((s: { slug: string }) => s.slug)).not.toContain(site.slug);

    await t.http().post(`${V1}/sites/${site.slug}/members`).set(owner.auth).send({ userId: stranger.id, role: 'member' }).expect(201);
    expect((await t.http().get(`${V1}/groups/${group.id}`).set(stranger.auth)).status).toBe(200);
    const listed = await t.http().get(`${V1}/groups?site=${site.slug}`).set(stranger.auth);
    expect(listed.body.items.map((g: { id: string }) => g.id)).toEqual([group.id]);
  });

  it('lets anyone join an open deelsite, and sends others to the admins', async () => {
    const open = await createSite(t, owner, { membership: 'open' });
    const closed = await createSite(t, owner, { membership: 'request' });
    const user = await registerUser(t);
    expect((await t.http().post(`${V1}/sites/${open.slug}/join`).set(user.auth)).body).toEqual({ role: 'member' });
    const refused = expectError(await t.http().post(`${V1}/sites/${closed.slug}/join`).set(user.auth), 403, 'site.join_through_admins');
    expect(refused.body.message).toBe('Vraag een beheerder van de deelsite om je toe te voegen');
    const members = await t.http().get(`${V1}/sites/${open.slug}/members`);
    expect(members.body.items.map((m: { user: { id: string }; role: string }) => [m.user.id, m.role])).toEqual([
      [owner.id, 'admin'],
      [user.id, 'member'],
    ]);
  });

  it('answers 404 for a deelsite that does not exist, and for adding an unknown user', async () => {
    expectError(await t.http().get(`${V1}/sites/bestaat-niet`), 404, 'site.not_found');
    const site = await createSite(t, owner);
    const unknownUser = await t
      .http()
      .post(`${V1}/sites/${site.slug}/members`)
      .set(owner.auth)
      .send({ userId: '00000000-0000-4000-8000-000000000000', role: 'member' });
    expectError(unknownUser, 404, 'membership.user_not_found');
  });
});

describe('groups', () => {
  it('creates a group with its creator as owner, under a parent it manages', async () => {
    const parent = await createGroup(t, owner, { name: 'ICT en overheid' });
    const response = await t
      .http()
      .post(`${V1}/groups`)
      .set(owner.auth)
      .send({ parentId: parent.id, name: "'Wij, de overheid'", description: 'Werkplaats', visibility: 'public', membership: 'open' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      site: null,
      parentId: parent.id,
      name: "'Wij, de overheid'",
      memberCount: 1,
      myRole: 'owner',
      myRequestPending: false,
    });
    const children = await t.http().get(`${V1}/groups?parent=${parent.id}`);
    expect(children.body.items.map((g: { id: string }) => g.id)).toEqual([response.body.id]);

    const other = await registerUser(t);
    const notManager = await t.http().post(`${V1}/groups`).set(other.auth).send({ parentId: parent.id, name: 'x', visibility: 'public', membership: 'open' });
    expectError(notManager, 403, 'group.admins_only');
  });

  it('answers 404 for an unknown group or site, and 400 listing bad fields', async () => {
    expectError(await t.http().get(`${V1}/groups/00000000-0000-4000-8000-000000000000`), 404, 'group.not_found');
    expectError(await t.http().get(`${V1}/groups/not-a-uuid`), 404, 'group.not_found');
    const unknownSite = await t.http().post(`${V1}/groups`).set(owner.auth).send({ site: 'bestaat-niet', name: 'x', visibility: 'public', membership: 'open' });
    expectError(unknownSite, 404, 'site.not_found');
    const bad = await t
      .http()
      .post(`${V1}/groups`)
      .set(owner.auth)
      .set('Accept-Language', 'en')
      .send({ name: 'x'.repeat(201), visibility: 'everyone', membership: 'open', color: 'red' });
    expectError(bad, 400, 'validation.failed');
    expect(bad.body.message).toEqual(
      expect.arrayContaining(['property color should not exist', expect.stringMatching(/^name/), expect.stringMatching(/^visibility/)]),
    );
  });

  it('searches by name within a site and pages with a cursor, with memberCount and myRole', async () => {
    const site = await createSite(t, owner);
    for (const name of ['Programmeren in Python', 'Programmeren met Scratch', 'Privacy in de klas', 'Programmeeronderwijs']) {
      await createGroup(t, owner, { site: site.slug, name });
    }
    await createGroup(t, owner, { name: 'Programmeren op de hoofdsite' });
    const member = await registerUser(t);

    const first = await t.http().get(`${V1}/groups?site=${site.slug}&q=programm&limit=2`).set(member.auth);
    expect(first.status).toBe(200);
    expect(first.body.items.map((g: { name: string }) => g.name)).toEqual(['Programmeeronderwijs', 'Programmeren in Python']);
    expect(first.body.items[0]).toMatchObject({ site: site.slug, memberCount: 1, myRole: null });
    const second = await t.http().get(`${V1}/groups?site=${site.slug}&q=programm&limit=2&cursor=${first.body.nextCursor}`).set(member.auth);
    expect(second.body.items.map((g: { name: string }) => g.name)).toEqual(['Programmeren met Scratch']);
    expect(second.body.nextCursor).toBeNull();

    const mine = await t.http().get(`${V1}/groups?site=${site.slug}&q=privacy`).set(owner.auth);
    expect(mine.body.items[0].myRole).toBe('owner');
  });

  it('lists groups and members without a query per row', async () => {
    const site = await createSite(t, owner);
    const db = t.app.get(DataSource);
    const listGroups = () => t.http().get(`${V1}/groups?site=${site.slug}&limit=100`).set(owner.auth).expect(200);
    const group = await createGroup(t, owner, { site: site.slug, name: 'Teller 0' });
    const listMembers = () => t.http().get(`${V1}/groups/${group.id}/members?limit=100`).set(owner.auth).expect(200);
    const groupsWithOne = await countQueries(db, listGroups);
    const membersWithOne = await countQueries(db, listMembers);
    expect(groupsWithOne).toBeGreaterThan(0);
    expect(membersWithOne).toBeGreaterThan(0);

    for (let i = 1; i < 25; i++) await createGroup(t, owner, { site: site.slug, name: `Teller ${i}` });
    for (let i = 0; i < 25; i++) await t.http().post(`${V1}/groups/${group.id}/join`).set((await registerUser(t)).auth).expect(200);

    expect(await countQueries(db, listGroups)).toBe(groupsWithOne);
    expect(await countQueries(db, listMembers)).toBe(membersWithOne);
    expect((await listGroups()).body.items).toHaveLength(25);
  });

  it('answers 400 for a page size over 100 and for a cursor it did not give out', async () => {
    expectError(await t.http().get(`${V1}/groups?limit=101`), 400, 'validation.failed');
    expectError(await t.http().get(`${V1}/groups?limit=0`), 400, 'validation.failed');
    expectError(await t.http().get(`${V1}/groups?cursor=bogus`), 400, 'common.invalid_cursor');
    const forged = Buffer.from(JSON.stringify(['a', "x'; DROP TABLE groups; --"])).toString('base64url');
    expectError(await t.http().get(`${V1}/groups?cursor=${forged}`), 400, 'common.invalid_cursor');
    const group = await createGroup(t, owner);
    const badTime = Buffer.from(JSON.stringify(['gisteren', owner.id])).toString('base64url');
    expectError(await t.http().get(`${V1}/groups/${group.id}/members?cursor=${badTime}`), 400, 'common.invalid_cursor');
  });
});

describe('joining and leaving', () => {
  it('joins an open group at once, and twice is the same', async () => {
    const group = await createGroup(t, owner, { membership: 'open' });
    const user = await registerUser(t);
    const first = await t.http().post(`${V1}/groups/${group.id}/join`).set(user.auth);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ role: 'member' });
    const second = await t.http().post(`${V1}/groups/${group.id}/join`).set(user.auth);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ role: 'member' });
    expect((await t.http().get(`${V1}/groups/${group.id}`)).body.memberCount).toBe(2);
  });

  it('leaves one membership when the same user joins 20 times at once', async () => {
    const group = await createGroup(t, owner, { membership: 'open' });
    const user = await registerUser(t);
    const responses = await Promise.all(Array.from({ length: 20 }, () => t.http().post(`${V1}/groups/${group.id}/join`).set(user.auth)));
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([200]));
    expect(responses.every((r) => r.body.role === 'member')).toBe(true);
    const rows = await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM group_members WHERE group_id = $1 AND user_id = $2', [group.id, user.id]);
    expect(rows[0].n).toBe(1);
  });

  it('puts a request on hold (202) for the owner to approve or reject', async () => {
    const group = await createGroup(t, owner, { membership: 'request' });
    const asker = await registerUser(t, { displayName: 'Aanvrager' });
    const denied = await registerUser(t);
    for (const user of [asker, denied]) {
      const response = await t.http().post(`${V1}/groups/${group.id}/join`).set(user.auth);
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ status: 'pending' });
    }
    expect((await t.http().post(`${V1}/groups/${group.id}/join`).set(asker.auth)).status).toBe(202);
    expect((await t.http().get(`${V1}/groups/${group.id}`).set(asker.auth)).body).toMatchObject({ myRole: null, myRequestPending: true });

    const requests = await t.http().get(`${V1}/groups/${group.id}/requests`).set(owner.auth);
    expect(requests.body.items.map((r: { user: { displayName: string } }) => r.user.displayName)).toContain('Aanvrager');

    const approved = await t.http().post(`${V1}/groups/${group.id}/requests/${asker.id}/approve`).set(owner.auth);
    expect(approved.status).toBe(200);
    expect(approved.body).toEqual({ groupId: group.id, userId: asker.id, role: 'member' });
    expect((await t.http().post(`${V1}/groups/${group.id}/requests/${denied.id}/reject`).set(owner.auth)).status).toBe(204);
    expectError(await t.http().post(`${V1}/groups/${group.id}/requests/${denied.id}/approve`).set(owner.auth), 404, 'request.not_found');
    expect((await t.http().get(`${V1}/groups/${group.id}/requests`).set(owner.auth)).body.items).toEqual([]);
    expect((await t.http().get(`${V1}/groups/${group.id}`).set(denied.auth)).body.myRole).toBeNull();
  });

  it('answers 403 to joining an invite-only group', async () => {
    const group = await createGroup(t, owner, { membership: 'invite' });
    const user = await registerUser(t);
    expectError(await t.http().post(`${V1}/groups/${group.id}/join`).set(user.auth), 403, 'group.invite_only');
  });

  it('keeps the last owner in (409), and lets them go once there is another', async () => {
    const group = await createGroup(t, owner);
    const lastOwner = expectError(await t.http().post(`${V1}/groups/${group.id}/leave`).set(owner.auth), 409, 'group.last_owner');
    expect(lastOwner.body).toEqual({ statusCode: 409, code: 'group.last_owner', message: 'Een groep houdt minstens één eigenaar', error: 'Conflict' });
    const second = await registerUser(t);
    await t.http().post(`${V1}/groups/${group.id}/join`).set(second.auth).expect(200);
    expectError(await t.http().patch(`${V1}/groups/${group.id}/members/${owner.id}`).set(owner.auth).send({ role: 'member' }), 409, 'group.last_owner');
    await t.http().patch(`${V1}/groups/${group.id}/members/${second.id}`).set(owner.auth).send({ role: 'owner' }).expect(200);
    expect((await t.http().post(`${V1}/groups/${group.id}/leave`).set(owner.auth)).status).toBe(204);
  });

  it('keeps one owner when two owners leave at the same moment', async () => {
    const group = await createGroup(t, owner);
    const second = await registerUser(t);
    await t.http().post(`${V1}/groups/${group.id}/join`).set(second.auth).expect(200);
    await t.http().patch(`${V1}/groups/${group.id}/members/${second.id}`).set(owner.auth).send({ role: 'owner' }).expect(200);
    const answers = await Promise.all(
      [owner, second].map((user) =>
        t.http().post(`${V1}/groups/${group.id}/leave`).set(user.auth).then((r) => [r.status, r.body.code ?? null]),
      ),
    );
    expect(answers.sort()).toEqual([
      [204, null],
      [409, 'group.last_owner'],
    ]);
  });
});

describe('roles and removal', () => {
  it('lets an admin manage members but not owners', async () => {
    const group = await createGroup(t, owner);
    const admin = await registerUser(t);
    const member = await registerUser(t);
    for (const user of [admin, member]) await t.http().post(`${V1}/groups/${group.id}/join`).set(user.auth).expect(200);
    await t.http().patch(`${V1}/groups/${group.id}/members/${admin.id}`).set(owner.auth).send({ role: 'admin' }).expect(200);

    expectError(await t.http().patch(`${V1}/groups/${group.id}/members/${member.id}`).set(admin.auth).send({ role: 'owner' }), 403, 'group.owners_only');
    expectError(await t.http().delete(`${V1}/groups/${group.id}/members/${owner.id}`).set(admin.auth), 403, 'group.owners_only');
    expect((await t.http().patch(`${V1}/groups/${group.id}/members/${member.id}`).set(admin.auth).send({ role: 'admin' })).body).toEqual({
      groupId: group.id,
      userId: member.id,
      role: 'admin',
    });
    expectError(await t.http().patch(`${V1}/groups/${group.id}/members/${member.id}`).set(admin.auth).send({ role: 'chief' }), 400, 'validation.failed');
  });

  it('keeps an admin from demoting an owner, lets an admin demote an admin', async () => {
    const group = await createGroup(t, owner);
    const [adminA, adminB] = [await registerUser(t), await registerUser(t)];
    for (const user of [adminA, adminB]) {
      await t.http().post(`${V1}/groups/${group.id}/join`).set(user.auth).expect(200);
      await t.http().patch(`${V1}/groups/${group.id}/members/${user.id}`).set(owner.auth).send({ role: 'admin' }).expect(200);
    }
    expectError(await t.http().patch(`${V1}/groups/${group.id}/members/${owner.id}`).set(adminA.auth).send({ role: 'member' }), 403, 'group.owners_only');
    expect((await t.http().patch(`${V1}/groups/${group.id}/members/${adminB.id}`).set(adminA.auth).send({ role: 'member' })).status).toBe(200);
  });

  it('answers 404 for a member id that is not one, however it is written', async () => {
    const group = await createGroup(t, owner);
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      expectError(await t.http().patch(`${V1}/groups/${group.id}/members/${id}`).set(owner.auth).send({ role: 'admin' }), 404, 'membership.member_not_found');
      expectError(await t.http().delete(`${V1}/groups/${group.id}/members/${id}`).set(owner.auth), 404, 'membership.member_not_found');
      expectError(await t.http().post(`${V1}/groups/${group.id}/requests/${id}/approve`).set(owner.auth), 404, 'request.not_found');
    }
    expectError(await t.http().get(`${V1}/groups?parent=not-a-uuid`), 404, 'group.not_found');
    expectError(await t.http().get(`${V1}/groups?site=Geen-Slug`), 404, 'site.not_found');
  });

  it('keeps the last admin of a deelsite (409)', async () => {
    const site = await createSite(t, owner);
    const response = await t.http().post(`${V1}/sites/${site.slug}/members`).set(owner.auth).send({ userId: owner.id, role: 'member' });
    expectError(response, 409, 'site.last_admin');
  });

  it('takes access away from a removed member at once', async () => {
    const group = await createGroup(t, owner, { visibility: 'members', membership: 'invite' });
    const member = await registerUser(t);
    const { body } = await t.http().post(`${V1}/groups/${group.id}/invites`).set(owner.auth).send({ email: member.email }).expect(201);
    await t.http().post(`${V1}/invites/${body.token}/accept`).set(member.auth).expect(200);
    expect((await t.http().get(`${V1}/groups/${group.id}`).set(member.auth)).status).toBe(200);

    expect((await t.http().delete(`${V1}/groups/${group.id}/members/${member.id}`).set(owner.auth)).status).toBe(204);
    expectError(await t.http().get(`${V1}/groups/${group.id}`).set(member.auth), 404, 'group.not_found');
    expectError(await t.http().get(`${V1}/groups/${group.id}/members`).set(member.auth), 404, 'group.not_found');
  });
});

describe('invitations by email', () => {
  it('keeps the names users chose out of the subject, and quotes them as names in the body', async () => {
    const lure = 'Your account is suspended - visit http://evil.example/login';
    const inviter = await registerUser(t, { displayName: 'Kennisplein Security Team' });
    const group = await createGroup(t, inviter, { name: lure, visibility: 'members', membership: 'invite' });
    const email = uniqueEmail('lured');
    await t.http().post(`${V1}/groups/${group.id}/invites`).set(inviter.auth).send({ email }).expect(201);
    const mail = await smtp.messageTo(email);
    expect(mail.subject).toBe('Uitnodiging voor een groep op Kennisplein / Invitation to a group on Kennisplein');
    for (const chosen of ['suspended', 'evil.example', 'Security Team']) expect(mail.subject).not.toContain(chosen);
    expect(mail.text).toContain(`de groep met de naam “${lure}”`);
    expect(mail.text).toContain('Een gebruiker met de naam “Kennisplein Security Team”');
    expect(mail.text).toContain(`the group named “${lure}”`);
  });

  it('mails a single-use token that makes the invitee a member', async () => {
    const group = await createGroup(t, owner, { name: 'Werkgroep <Curriculum>', visibility: 'members', membership: 'invite' });
    const email = uniqueEmail('invitee');
    const created = await t.http().post(`${V1}/groups/${group.id}/invites`).set(owner.auth).send({ email });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email, token: expect.any(String), expiresAt: expect.any(String) });

    // The token as the invitee reads it in the real mail, received over SMTP.
    const mail = await smtp.messageTo(email);
    expect(mail.subject).not.toContain('Curriculum');
    expect(mail.text).toContain('“Werkgroep <Curriculum>”');
    expect(mail.html).not.toContain('<Curriculum>');
    const token = /\/invites\/([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')?.[1];
    expect(token).toBe(created.body.token);

    // The link's landing page shows what it is for, to anyone holding the token, logged in or not.
    const preview = await t.http().get(`${V1}/invites/${token}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({ groupId: group.id, groupName: 'Werkgroep <Curriculum>', invitedBy: owner.displayName, expiresAt: created.body.expiresAt });

    const invitee = await registerUser(t, { email });
    const accepted = await t.http().post(`${V1}/invites/${token}/accept`).set(invitee.auth);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ groupId: group.id, userId: invitee.id, role: 'member' });
    expect((await t.http().get(`${V1}/groups/${group.id}`).set(invitee.auth)).body.myRole).toBe('member');

    const other = await registerUser(t);
    expectError(await t.http().post(`${V1}/invites/${token}/accept`).set(other.auth), 410, 'invite.used');
    expectError(await t.http().get(`${V1}/invites/${token}`), 410, 'invite.used');
  });

  it('answers 410 for an expired token and 404 for an unknown one', async () => {
    const group = await createGroup(t, owner, { membership: 'invite' });
    const { body } = await t.http().post(`${V1}/groups/${group.id}/invites`).set(owner.auth).send({ email: uniqueEmail() }).expect(201);
    await t.app.get(DataSource).query(`UPDATE group_invites SET expires_at = now() - interval '1 minute' WHERE id = $1`, [body.id]);
    const user = await registerUser(t);
    expectError(await t.http().post(`${V1}/invites/${body.token}/accept`).set(user.auth), 410, 'invite.expired');
    expectError(await t.http().post(`${V1}/invites/${'x'.repeat(43)}/accept`).set(user.auth), 404, 'invite.not_found');
    expectError(await t.http().get(`${V1}/invites/${body.token}`), 410, 'invite.expired');
    expectError(await t.http().get(`${V1}/invites/${'x'.repeat(43)}`), 404, 'invite.not_found');
  });

  it('admits one of two concurrent accepts of the same token', async () => {
    const group = await createGroup(t, owner, { membership: 'invite' });
    const invitee = await registerUser(t);
    const { body } = await t.http().post(`${V1}/groups/${group.id}/invites`).set(owner.auth).send({ email: invitee.email }).expect(201);
    const answers = await Promise.all(
      [1, 2].map(() => t.http().post(`${V1}/invites/${body.token}/accept`).set(invitee.auth).then((r) => [r.status, r.body.code ?? null])),
    );
    expect(answers.sort()).toEqual([
      [200, null],
      [410, 'invite.used'],
    ]);
  });

  it('works only for the account with the invited address (403 for another)', async () => {
    const group = await createGroup(t, owner, { membership: 'invite' });
    const invitee = await registerUser(t);
    const forwardedTo = await registerUser(t);
    const { body } = await t.http().post(`${V1}/groups/${group.id}/invites`).set(owner.auth).send({ email: invitee.email.toUpperCase() }).expect(201);
    expectError(await t.http().post(`${V1}/invites/${body.token}/accept`).set(forwardedTo.auth), 403, 'invite.other_address');
    expect((await t.http().post(`${V1}/invites/${body.token}/accept`).set(invitee.auth)).status).toBe(200);
  });

  it('lets the invitee into a group of a members-only deelsite', async () => {
    const site = await createSite(t, owner, { visibility: 'members', membership: 'invite' });
    const group = await createGroup(t, owner, { site: site.slug, visibility: 'members', membership: 'invite' });
    const invitee = await registerUser(t);
    const { body } = await t.http().post(`${V1}/groups/${group.id}/invites`).set(owner.auth).send({ email: invitee.email }).expect(201);
    await t.http().post(`${V1}/invites/${body.token}/accept`).set(invitee.auth).expect(200);
    expect((await t.http().get(`${V1}/groups/${group.id}`).set(invitee.auth)).status).toBe(200);
  });

  it('limits how many invitations one user sends per hour (429)', async () => {
    const limited = await createTestApp({ env: { INVITES_PER_HOUR: '2' } });
    try {
      const inviter = await registerUser(limited);
      const group = await createGroup(limited, inviter, { membership: 'invite' });
      const invite = () => limited.http().post(`${V1}/groups/${group.id}/invites`).set(inviter.auth).send({ email: uniqueEmail() });
      expect([(await invite()).status, (await invite()).status]).toEqual([201, 201]);
      const refused = expectError(await invite().set('Accept-Language', 'en'), 429, 'invite.rate_limited');
      expect(refused.body.message).toBe('Too many invitations (at most 2 per hour); try again later');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});

describe('personal data', () => {
  it('exports memberships and erases them with the account', async () => {
    const user = await registerUser(t);
    const group = await createGroup(t, owner, { name: 'Export-groep' });
    await t.http().post(`${V1}/groups/${group.id}/join`).set(user.auth).expect(200);
    const exported = await t.http().get(`${V1}/me/export`).set(user.auth);
    expect(exported.body.memberships.groups).toEqual([expect.objectContaining({ groupId: group.id, name: 'Export-groep', role: 'member' })]);
    await t.http().delete(`${V1}/me`).set(user.auth).expect(204);
    expect((await t.http().get(`${V1}/groups/${group.id}`)).body.memberCount).toBe(1);
  });

  it('hands a group whose only owner deletes their account to its longest-standing admin', async () => {
    const leaving = await registerUser(t);
    const group = await createGroup(t, leaving);
    const [member, admin] = [await registerUser(t), await registerUser(t)];
    for (const user of [member, admin]) await t.http().post(`${V1}/groups/${group.id}/join`).set(user.auth).expect(200);
    await t.http().patch(`${V1}/groups/${group.id}/members/${admin.id}`).set(leaving.auth).send({ role: 'admin' }).expect(200);
    await t.http().delete(`${V1}/me`).set(leaving.auth).expect(204);
    const members = await t.http().get(`${V1}/groups/${group.id}/members`);
    expect(members.body.items.map((m: { user: { id: string }; role: string }) => [m.user.id, m.role])).toEqual([
      [member.id, 'member'],
      [admin.id, 'owner'],
    ]);
  });
});
