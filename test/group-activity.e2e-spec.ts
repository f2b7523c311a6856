import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createGroup, type GroupInput } from './support/community.js';
import { expectError } from './support/errors.js';
import { registerUser, type TestUser } from './support/factories.js';
import { createCongress, createContribution, makeAdmin } from './support/kennisbank.js';
import { countQueries } from './support/query-counter.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

let t: TestApp;
let db: DataSource;
let owner: TestUser;
let member: TestUser;
let stranger: TestUser;

interface Group {
  id: string;
  name: string;
  myRequest: 'pending' | null;
  myRequestPending: boolean;
  myRole: string | null;
  createdAt: string;
  lastActivityAt: string;
  contributionId: string | null;
}

beforeAll(async () => {
  t = await createTestApp();
  db = t.app.get(DataSource);
  owner = await registerUser(t, { displayName: 'Olga Owner' });
  member = await registerUser(t, { displayName: 'Mats Member' });
  stranger = await registerUser(t, { displayName: 'Stien Stranger' });
});
afterAll(() => t.close());

const getGroup = async (id: string, user?: TestUser) => {
  let request = t.http().get(`${V1}/groups/${id}`);
  if (user) request = request.set(user.auth);
  return (await request.expect(200)).body as Group;
};
const listGroups = async (query: string, user?: TestUser) => {
  let request = t.http().get(`${V1}/groups?${query}`);
  if (user) request = request.set(user.auth);
  return (await request.expect(200)).body as { items: Group[]; nextCursor: string | null };
};
const startThread = (groupId: string, user: TestUser) =>
  t.http().post(`${V1}/groups/${groupId}/threads`).set(user.auth).send({ title: 'Overleg', body: 'Hallo' }).expect(201);

describe('myRequest', () => {
  it("says 'pending' to whoever waits for approval, in the group and in lists", async () => {
    const name = `Aanvraag ${randomBytes(4).toString('hex')}`;
    const group = await createGroup(t, owner, { name, visibility: 'public', membership: 'request' });
    expect(await getGroup(group.id, stranger)).toMatchObject({ myRequest: null, myRequestPending: false });
    await t.http().post(`${V1}/groups/${group.id}/join`).set(stranger.auth).expect(202);
    expect(await getGroup(group.id, stranger)).toMatchObject({ myRequest: 'pending', myRequestPending: true, myRole: null });
    expect((await listGroups(`q=${encodeURIComponent(name)}`, stranger)).items).toMatchObject([{ id: group.id, myRequest: 'pending' }]);
    expect((await listGroups(`q=${encodeURIComponent(name)}&sort=active`, stranger)).items).toMatchObject([{ id: group.id, myRequest: 'pending' }]);
    expect(await getGroup(group.id, member)).toMatchObject({ myRequest: null });
    expect(await getGroup(group.id)).toMatchObject({ myRequest: null });
    await t.http().post(`${V1}/groups/${group.id}/requests/${stranger.id}/approve`).set(owner.auth).expect(200);
    expect(await getGroup(group.id, stranger)).toMatchObject({ myRequest: null, myRole: 'member' });
  });
});

describe('GET /groups?sort=active', () => {
  let label: string;
  const groups: Record<string, string> = {};

  beforeAll(async () => {
    label = `Actief ${randomBytes(4).toString('hex')}`;
    const make = async (key: string, input: GroupInput = {}) => {
      groups[key] = (await createGroup(t, owner, { name: `${label} ${key}`, visibility: 'public', membership: 'open', ...input })).id;
    };
    await make('oud');
    await make('bericht');
    await make('blog');
    await make('stil');
    await make('verborgen', { visibility: 'members', membership: 'invite' });
    await startThread(groups.bericht, owner);
    await t.http().post(`${V1}/groups/${groups.blog}/blogs`).set(owner.auth).send({ title: 'Nieuws', body: 'Tekst', status: 'published' }).expect(201);
    // Joining is no activity: the group stays where its creation put it.
    await t.http().post(`${V1}/groups/${groups.oud}/join`).set(member.auth).expect(200);
    await startThread(groups.verborgen, owner);
  });

  const keys = (items: Group[]) => items.map((item) => Object.keys(groups).find((key) => groups[key] === item.id));

  it('lists the most recently active first, a group without activity by its creation', async () => {
    const page = await listGroups(`q=${encodeURIComponent(label)}&sort=active`, stranger);
    expect(keys(page.items)).toEqual(['blog', 'bericht', 'stil', 'oud']);
    const byKey = Object.fromEntries(page.items.map((item, i) => [keys(page.items)[i], item]));
    expect(byKey.stil.lastActivityAt).toBe(byKey.stil.createdAt);
    expect(Date.parse(byKey.bericht.lastActivityAt)).toBeGreaterThan(Date.parse(byKey.bericht.createdAt));
    // The owner, a member of the members-only group, sees it: its message was the last activity but one.
    expect(keys((await listGroups(`q=${encodeURIComponent(label)}&sort=active`, owner)).items)).toEqual(['verborgen', 'blog', 'bericht', 'stil', 'oud']);
    // By name, as before, now with lastActivityAt.
    const byName = await listGroups(`q=${encodeURIComponent(label)}`, stranger);
    expect(keys(byName.items)).toEqual(['bericht', 'blog', 'oud', 'stil']);
    expect(byName.items.find((item) => item.id === groups.blog)?.lastActivityAt).toBe(byKey.blog.lastActivityAt);
    expect((await getGroup(groups.bericht)).lastActivityAt).toBe(byKey.bericht.lastActivityAt);
  });

  it('moves a group up when something happens in it, and pages without repeats or gaps', async () => {
    await startThread(groups.oud, member);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Group[]; nextCursor: string | null } = await listGroups(
        `q=${encodeURIComponent(label)}&sort=active&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        stranger,
      );
      seen.push(...(keys(page.items) as string[]));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['oud', 'blog', 'bericht', 'stil']);
  });

  it('takes the filters of the list and refuses a bad sort or cursor', async () => {
    const parent = await createGroup(t, owner, { name: `${label} ouder` });
    const child = await createGroup(t, owner, { name: `${label} kind`, parentId: parent.id });
    expect((await listGroups(`parent=${parent.id}&sort=active`)).items.map((item) => item.id)).toEqual([child.id]);
    expectError(await t.http().get(`${V1}/groups?sort=populair`), 400, 'validation.failed');
    expectError(await t.http().get(`${V1}/groups?sort=active&cursor=bm9wZQ`), 400, 'common.invalid_cursor');
    const byName = await listGroups(`q=${encodeURIComponent(label)}&limit=1`);
    expectError(await t.http().get(`${V1}/groups?sort=active&cursor=${byName.nextCursor}`), 400, 'common.invalid_cursor');
  });

  it('costs the same number of queries for a page of 1 or of 50', async () => {
    const small = await countQueries(db, () => t.http().get(`${V1}/groups?sort=active&limit=1`).set(stranger.auth).expect(200));
    const large = await countQueries(db, () => t.http().get(`${V1}/groups?sort=active&limit=50`).set(stranger.auth).expect(200));
    expect(large).toBe(small);
    const byName = await countQueries(db, () => t.http().get(`${V1}/groups?limit=50`).set(stranger.auth).expect(200));
    expect(byName).toBe(await countQueries(db, () => t.http().get(`${V1}/groups?limit=1`).set(stranger.auth).expect(200)));
  });
});

describe('a contribution workspace', () => {
  it('names its contribution, and is active when feedback arrives', async () => {
    const admin = await makeAdmin(t, await registerUser(t));
    const congress = await createCongress(t, admin);
    const paper = await createContribution(t, admin, { congress });
    const before = await getGroup(paper.workspace.groupId);
    expect(before).toMatchObject({ contributionId: paper.id, lastActivityAt: before.createdAt });
    await t.http().post(`${V1}/contributions/${paper.id}/feedback`).set(member.auth).send({ body: 'Mooi' }).expect(201);
    const after = await getGroup(paper.workspace.groupId);
    expect(Date.parse(after.lastActivityAt)).toBeGreaterThan(Date.parse(before.lastActivityAt));
    // A contribution added to a theme is activity of the theme group.
    const addToTheme = (title: string) => createContribution(t, admin, { congress, theme: `Thema ${congress}`, title });
    const first = await getGroup((await addToTheme('Eerste in het thema')).workspace.groupId);
    const second = await getGroup((await addToTheme('Tweede in het thema')).workspace.groupId);
    const themeGroup = await getGroup((first as unknown as { parentId: string }).parentId);
    expect(themeGroup.contributionId).toBeNull();
    expect(themeGroup.lastActivityAt).toBe(second.createdAt);
    expect(Date.parse(themeGroup.lastActivityAt)).toBeGreaterThan(Date.parse(themeGroup.createdAt));
  });
});
