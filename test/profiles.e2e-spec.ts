import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createGroup } from './support/community.js';
import { expectError } from './support/errors.js';
import { registerUser, type TestUser, uniqueEmail } from './support/factories.js';
import { createCongress, createContribution, makeAdmin } from './support/kennisbank.js';
import { countQueries } from './support/query-counter.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

let t: TestApp;
let admin: TestUser;
let author: TestUser;
let stranger: TestUser;
let contribution: { id: string; workspace: { groupId: string } };
let publicGroup: { id: string };
let privateGroup: { id: string };

beforeAll(async () => {
  t = await createTestApp();
  admin = await makeAdmin(t, await registerUser(t, { displayName: 'Ada Admin' }));
  const email = uniqueEmail('auteur');
  author = await registerUser(t, { email, displayName: 'Anna Auteur', verified: true });
  stranger = await registerUser(t, { displayName: 'Sam Vreemde' });
  await t.http().patch(`${V1}/me`).set(author.auth).send({ affiliation: 'HAN', bio: 'Docent informatica.' }).expect(200);
  const congress = await createCongress(t, admin);
  contribution = await createContribution(t, admin, {
    congress,
    title: 'Programmeren in de onderbouw',
    authors: [{ name: 'Anna Auteur', email }, { name: 'Bert Zonderaccount' }],
  });
  publicGroup = await createGroup(t, author, { name: 'Open lab', visibility: 'public' });
  privateGroup = await createGroup(t, author, { name: 'Besloten redactie', visibility: 'members', membership: 'invite' });
});
afterAll(() => t.close());

describe('GET /users/:id', () => {
  it('shows the profile, the linked contributions and the public groups to anyone', async () => {
    const response = await t.http().get(`${V1}/users/${author.id}`).expect(200);
    expect(response.body).toMatchObject({ id: author.id, displayName: 'Anna Auteur', affiliation: 'HAN', bio: 'Docent informatica.' });
    expect(response.body).not.toHaveProperty('email');
    expect(response.body.contributions).toEqual([
      expect.objectContaining({ id: contribution.id, title: 'Programmeren in de onderbouw', authors: expect.any(Array) }),
    ]);
    const groupIds = response.body.groups.map((group: { id: string }) => group.id);
    expect(groupIds).toEqual(expect.arrayContaining([publicGroup.id, contribution.workspace.groupId]));
    expect(response.body.groups).toContainEqual(expect.objectContaining({ id: publicGroup.id, name: 'Open lab', role: 'owner', site: null }));
  });

  it('leaves out a private group for a stranger, and lists it for a fellow member', async () => {
    const asStranger = await t.http().get(`${V1}/users/${author.id}`).set(stranger.auth).expect(200);
    expect(asStranger.body.groups.map((group: { id: string }) => group.id)).not.toContain(privateGroup.id);
    const anonymous = await t.http().get(`${V1}/users/${author.id}`).expect(200);
    expect(anonymous.body.groups.map((group: { id: string }) => group.id)).not.toContain(privateGroup.id);
    const asSelf = await t.http().get(`${V1}/users/${author.id}`).set(author.auth).expect(200);
    expect(asSelf.body.groups).toContainEqual(expect.objectContaining({ id: privateGroup.id, name: 'Besloten redactie', role: 'owner' }));
  });

  it('answers 404 user.not_found for an unknown id, a malformed one and a deleted account', async () => {
    expectError(await t.http().get(`${V1}/users/00000000-0000-4000-8000-000000000000`), 404, 'user.not_found');
    expectError(await t.http().get(`${V1}/users/not-a-uuid`), 404, 'user.not_found');
    const leaving = await registerUser(t, { displayName: 'Weg Gaand' });
    await t.http().get(`${V1}/users/${leaving.id}`).expect(200);
    await t.http().delete(`${V1}/me`).set(leaving.auth).expect(204);
    expectError(await t.http().get(`${V1}/users/${leaving.id}`), 404, 'user.not_found');
  });

  it('reads a profile in a fixed number of queries, whatever the number of groups and contributions', async () => {
    const few = await countQueries(t.app.get(DataSource), () => t.http().get(`${V1}/users/${author.id}`).set(stranger.auth).expect(200));
    for (let i = 0; i < 3; i++) await createGroup(t, author, { name: `Extra groep ${i}` });
    const many = await countQueries(t.app.get(DataSource), () => t.http().get(`${V1}/users/${author.id}`).set(stranger.auth).expect(200));
    expect(many).toBe(few);
  });
});
