import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createGroup } from '../support/community.js';
import { registerUser, type TestUser } from '../support/factories.js';
import { createTestApp, type TestApp, V1 } from '../support/test-app.js';
import { readFileSync } from 'node:fs';
import {
  ACCOUNT_ACTORS,
  ACCOUNT_CODES,
  ACCOUNT_ROUTES,
  type Codes,
  CREDENTIAL_ROUTES,
  GROUP_ACTORS,
  GROUP_CODES,
  GROUP_ROUTES,
  GROUP_VISIBILITIES,
  INVITE_ACCEPT,
  INVITE_ACCEPT_ACTORS,
  INVITE_ACCEPT_CLOSED_SITE,
  INVITE_ACCEPT_CODES,
  INVITE_ACCEPT_INVITERS,
  CONTENT_ROUTES,
  type ContentWorld,
  KENNISBANK_ACTORS,
  KENNISBANK_CODES,
  KENNISBANK_ROUTES,
  type KennisbankRouteCall,
  type KennisbankWorld,
  MAIN_SITE_ACTORS,
  MAIN_SITE_GROUP_VIEW,
  NOT_LISTED,
  type RouteCall,
  SITE_ACTORS,
  SITE_CODES,
  SITE_ROUTES,
  SITE_VISIBILITIES,
  SVG_LOGO,
} from './matrix.js';
import { buildWorld, type Cast } from './world.js';
import { CongressesService, ContributionWriter } from '@kennisplein/kennisbank';

let t: TestApp;
let db: DataSource;
let cast: Cast;

beforeAll(async () => {
  t = await createTestApp();
  db = t.app.get(DataSource);
  const roles = ['stranger', 'requester', 'siteMember', 'member', 'groupAdmin', 'owner', 'siteAdmin', 'platformAdmin', 'target', 'applicant'] as const;
  // Verified: the target is linked as an author, which only a verified account can be.
  const users = await Promise.all(roles.map((role) => registerUser(t, { displayName: role, verified: true })));
  cast = Object.fromEntries(roles.map((role, i) => [role, users[i]])) as unknown as Cast;
  await db.query('UPDATE users SET is_admin = true WHERE id = $1', [cast.platformAdmin.id]);
});
afterAll(() => t.close());

/** An answer as the matrix writes it: its status, and for an error its code ("404 group.not_found"). */
const written = (response: { status: number; body: { code?: string } }) =>
  response.status >= 400 ? `${response.status} ${response.body.code}` : String(response.status);

/** Sends a route's call as an actor and writes the answer; for list routes, 200 when listed and "404 (not listed)" when not. */
async function answerTo(call: RouteCall | KennisbankRouteCall, actor: string): Promise<string> {
  const user = actor === 'anonymous' ? undefined : cast[actor as keyof Cast];
  let request = t.http()[call.method](`${V1}${call.path}`);
  if (user) request = request.set(user.auth);
  if ('upload' in call && call.upload) {
    for (const [name, value] of Object.entries(call.upload.fields)) request = request.field(name, value);
    for (const file of call.upload.files) request = request.attach(call.upload.field ?? 'files[]', Buffer.from(file.content), file.name);
  }
  const response = call.body ? await request.send(call.body) : await request;
  if (call.listed === undefined || response.status !== 200) return written(response);
  const ids = (response.body.items as { id: string }[]).map((item) => item.id);
  return ids.includes(call.listed) ? '200' : `404 ${NOT_LISTED}`;
}

/** What a cell expects: its status, and for an error the code the matrix names for it. */
function expected(status: number, ...codes: (Codes | undefined)[]): string {
  if (status < 400) return String(status);
  const merged: Codes = Object.assign({}, ...codes);
  return `${status} ${merged[status] ?? '(no code in the matrix)'}`;
}

const statusOf = async (call: RouteCall, actor: string) => Number((await answerTo(call, actor)).split(' ')[0]);

describe('groups in a public deelsite', () => {
  for (const route of GROUP_ROUTES) {
    describe(route.name, () => {
      const cells = GROUP_ACTORS.flatMap((actor) =>
        GROUP_VISIBILITIES.map((visibility, column) => ({ actor, visibility, answer: expected(route.expect[actor][column], GROUP_CODES, route.codes) })),
      );
      it.each(cells)('$actor on a $visibility group → $answer', async ({ actor, visibility, answer }) => {
        const world = await buildWorld(db, cast, { siteVisibility: 'public', groupVisibility: visibility, groupMembership: route.membership });
        expect(await answerTo(route.call(world), actor)).toBe(answer);
      });
    });
  }
});

describe('deelsites', () => {
  for (const route of SITE_ROUTES) {
    describe(route.name, () => {
      const cells = SITE_ACTORS.flatMap((actor) =>
        SITE_VISIBILITIES.map((visibility, column) => ({ actor, visibility, answer: expected(route.expect[actor][column], SITE_CODES, route.codes) })),
      );
      it.each(cells)('$actor on a $visibility deelsite → $answer', async ({ actor, visibility, answer }) => {
        const world = await buildWorld(db, cast, { siteVisibility: visibility, groupVisibility: null, siteRequest: route.withSiteRequest });
        if (route.withLogo) {
          await t.http().put(`${V1}/sites/${world.siteSlug}/logo`).set(cast.siteAdmin.auth).attach('file', Buffer.from(SVG_LOGO.content), SVG_LOGO.name).expect(200);
        }
        expect(await answerTo(route.call(world), actor)).toBe(answer);
      });
    });
  }
});

describe('a members-only deelsite hides even its public groups', () => {
  it.each(GROUP_ACTORS.map((actor) => ({ actor })))('$actor', async ({ actor }) => {
    const world = await buildWorld(db, cast, { siteVisibility: 'members', groupVisibility: 'public' });
    // Only those in the deelsite (the owner is) see it; being in the group is not enough.
    const inSite = ['siteMember', 'owner', 'siteAdmin', 'platformAdmin'].includes(actor);
    expect(await answerTo({ method: 'get', path: `/groups/${world.groupId}` }, actor)).toBe(inSite ? '200' : '404 group.not_found');
  });
});

describe('POST /invites/:token/accept', () => {
  const cells = INVITE_ACCEPT_ACTORS.flatMap((actor) =>
    GROUP_VISIBILITIES.map((visibility, column) => ({ actor, visibility, answer: expected(INVITE_ACCEPT[actor][column], INVITE_ACCEPT_CODES) })),
  );
  it.each(cells)('$actor, invited to a $visibility group → $answer', async ({ actor, visibility, answer }) => {
    const world = await buildWorld(db, cast, { siteVisibility: 'public', groupVisibility: visibility, groupMembership: 'invite' });
    const invitee = await registerUser(t);
    const invite = await t.http().post(`${V1}/groups/${world.groupId}/invites`).set(cast.owner.auth).send({ email: invitee.email }).expect(201);
    let request = t.http().post(`${V1}/invites/${invite.body.token}/accept`);
    if (actor === 'invitee') request = request.set(invitee.auth);
    if (actor === 'otherUser') request = request.set(cast.stranger.auth);
    expect(written(await request)).toBe(answer);
  });
});

describe('POST /invites/:token/accept in an invite-only deelsite', () => {
  const cells = INVITE_ACCEPT_INVITERS.flatMap((inviter) =>
    SITE_VISIBILITIES.map((visibility, column) => ({ inviter, visibility, answer: String(INVITE_ACCEPT_CLOSED_SITE[inviter][column]) })),
  );
  it.each(cells)('invited by the $inviter, $visibility deelsite → $answer', async ({ inviter, visibility, answer }) => {
    const world = await buildWorld(db, cast, { siteVisibility: visibility, siteMembership: 'invite', groupVisibility: 'members', groupMembership: 'invite' });
    const invitee = await registerUser(t);
    const invite = await t.http().post(`${V1}/groups/${world.groupId}/invites`).set(cast[inviter].auth).send({ email: invitee.email }).expect(201);
    expect(written(await t.http().post(`${V1}/invites/${invite.body.token}/accept`).set(invitee.auth))).toBe(answer);
  });
});

describe('groups of the main site', () => {
  const cells = MAIN_SITE_ACTORS.flatMap((actor) =>
    GROUP_VISIBILITIES.map((visibility, column) => ({ actor, visibility, status: MAIN_SITE_GROUP_VIEW[actor][column] })),
  );
  it.each(cells)('GET /groups/:id: $actor on a $visibility group → $status', async ({ actor, visibility, status }) => {
    const group = await createGroup(t, cast.owner, { visibility, name: `Hoofdsite ${visibility} ${actor} ${Date.now()}` });
    if (actor === 'member') await db.query(`INSERT INTO group_members (group_id, user_id, role) VALUES ($1, $2, 'member')`, [group.id, cast.member.id]);
    expect(await answerTo({ method: 'get', path: `/groups/${group.id}` }, actor)).toBe(expected(status, GROUP_CODES));
    expect(await answerTo({ method: 'get', path: `/groups?limit=100&q=${encodeURIComponent(group.name)}`, listed: group.id }, actor)).toBe(
      expected(status, { 404: NOT_LISTED }),
    );
  });
});

/** A congress with a deelsite of this visibility, and one contribution whose workspace is in that deelsite. */
async function buildKennisbankWorld(siteVisibility: 'public' | 'members'): Promise<KennisbankWorld> {
  const world = await buildWorld(db, cast, { siteVisibility, groupVisibility: null });
  const congress = world.siteSlug;
  const congressId = await t.app.get(CongressesService).ensure({ slug: congress, name: 'Matrixcongres', year: 2027 });
  await db.query(`UPDATE deelsites SET congress = $1 WHERE id = $2`, [congress, world.siteId]);
  const { id } = await t.app.get(ContributionWriter).store({
    congressId,
    congressSlug: congress,
    theme: 'Matrix',
    title: 'Matrixbijdrage',
    abstract: '',
    body: 'Tekst van de matrixbijdrage.',
    keywords: [],
    language: 'nl',
    authors: [{ name: 'Matrix Auteur', affiliation: null }],
    sourceName: null,
    sourceType: 'api',
    contentHash: congress.padEnd(64, '0').slice(0, 64),
    createdBy: null,
  });
  const [row] = await db.query<{ author_id: string; group_id: string }[]>(
    `SELECT a.id AS author_id, c.workspace_group_id AS group_id FROM contributions c JOIN contribution_authors a ON a.contribution_id = c.id WHERE c.id = $1`,
    [id],
  );
  return { congress, contributionId: id, authorId: row.author_id, workspaceGroupId: row.group_id, linkUserId: cast.target.id };
}

describe('the kennisbank', () => {
  for (const route of KENNISBANK_ROUTES) {
    describe(route.name, () => {
      const cells = KENNISBANK_ACTORS.flatMap((actor) =>
        SITE_VISIBILITIES.map((visibility, column) => ({ actor, visibility, answer: expected(route.expect[actor][column], KENNISBANK_CODES) })),
      );
      it.each(cells)('$actor, congress deelsite $visibility → $answer', async ({ actor, visibility, answer }) => {
        const world = await buildKennisbankWorld(visibility);
        expect(await answerTo(route.call(world), actor)).toBe(answer);
      });
    });
  }
});

/** A world with a post by the owner, a post and a draft by the member, and a file of the member. */
async function buildContentWorld(groupVisibility: 'public' | 'site' | 'members'): Promise<ContentWorld> {
  const world = await buildWorld(db, cast, { siteVisibility: 'public', groupVisibility });
  const post = async (user: TestUser, status: 'published' | 'draft') =>
    (await t.http().post(`${V1}/groups/${world.groupId}/blogs`).set(user.auth).send({ title: 'Matrix', body: 'Tekst', status }).expect(201)).body.id as string;
  const file = await t.http().post(`${V1}/groups/${world.groupId}/files`).set(cast.member.auth).attach('file', Buffer.from('Een bestand.'), 'matrix.txt').expect(201);
  return {
    ...world,
    ownerPostId: await post(cast.owner, 'published'),
    memberPostId: await post(cast.member, 'published'),
    draftId: await post(cast.member, 'draft'),
    fileId: file.body.id as string,
    memberMessageId: (
      await t.http().post(`${V1}/threads/${world.threadId}/messages`).set(cast.member.auth).send({ body: 'Een bericht van het lid.' }).expect(201)
    ).body.id as string,
  };
}

describe('blogs and files of groups in a public deelsite', () => {
  for (const route of CONTENT_ROUTES) {
    describe(route.name, () => {
      const cells = GROUP_ACTORS.flatMap((actor) =>
        GROUP_VISIBILITIES.map((visibility, column) => ({ actor, visibility, answer: expected(route.expect[actor][column], GROUP_CODES, route.codes) })),
      );
      it.each(cells)('$actor on a $visibility group → $answer', async ({ actor, visibility, answer }) => {
        const world = await buildContentWorld(visibility);
        expect(await answerTo(route.call(world), actor)).toBe(answer);
      });
    });
  }
});

describe('the SQL filter of lists agrees with the decision on one object', () => {
  const siteRoles = [null, 'member', 'admin'] as const;
  const groupRoles = [null, 'member', 'admin', 'owner'] as const;
  const combinations = (['public', 'members'] as const).flatMap((siteVisibility) =>
    (['public', 'site', 'members'] as const).flatMap((groupVisibility) =>
      siteRoles.flatMap((siteRole) => groupRoles.map((groupRole) => ({ siteVisibility, groupVisibility, siteRole, groupRole }))),
    ),
  );

  it(`in all ${combinations.length} combinations of site and group visibility and role`, async () => {
    const user = cast.stranger;
    const disagreements: string[] = [];
    for (const combination of combinations) {
      const slug = `twin-${Math.random().toString(36).slice(2, 10)}`;
      const [site] = await db.query(`INSERT INTO deelsites (slug, name, organization, visibility, membership) VALUES ($1, $1, 'T', $2, 'open') RETURNING id`, [
        slug,
        combination.siteVisibility,
      ]);
      const [group] = await db.query(`INSERT INTO groups (site_id, name, visibility, membership) VALUES ($1, 'Tweeling', $2, 'open') RETURNING id`, [
        site.id,
        combination.groupVisibility,
      ]);
      if (combination.siteRole) await db.query(`INSERT INTO deelsite_members (site_id, user_id, role) VALUES ($1, $2, $3)`, [site.id, user.id, combination.siteRole]);
      if (combination.groupRole) await db.query(`INSERT INTO group_members (group_id, user_id, role) VALUES ($1, $2, $3)`, [group.id, user.id, combination.groupRole]);
      for (const actor of ['anonymous', 'stranger']) {
        const single = await statusOf({ method: 'get', path: `/groups/${group.id}` }, actor);
        const listed = await statusOf({ method: 'get', path: `/groups?site=${slug}`, listed: group.id }, actor);
        if (single !== listed) disagreements.push(`${JSON.stringify(combination)} as ${actor}: GET ${single}, list ${listed}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});

describe('one\'s own account and the operation of the platform', () => {
  for (const route of ACCOUNT_ROUTES) {
    describe(route.name, () => {
      const cells = ACCOUNT_ACTORS.map((actor) => ({ actor, answer: expected(route.expect[actor], ACCOUNT_CODES) }));
      it.each(cells)('$actor → $answer', async ({ actor, answer }) => {
        // A fresh account per cell: these routes change or delete the caller's own account.
        const account = await registerUser(t);
        if (actor === 'platformAdmin') await db.query('UPDATE users SET is_admin = true WHERE id = $1', [account.id]);
        const call = route.call(account);
        let request = t.http()[call.method](`${V1}${call.path}`);
        if (actor !== 'anonymous') request = request.set(account.auth);
        expect(written(call.body ? await request.send(call.body) : await request)).toBe(answer);
      });
    });
  }
});

describe('the matrix covers every route of the OpenAPI document', () => {
  /** "GET /groups?site= (listed?)" → "GET /groups/:id"-style key of the route it calls. */
  const routeOf = (name: string) => {
    const [method, path] = name.split(' ');
    return `${method} ${path.split('?')[0]}`;
  };
  const covered = new Set(
    [
      ...GROUP_ROUTES,
      ...SITE_ROUTES,
      ...KENNISBANK_ROUTES,
      ...CONTENT_ROUTES,
      ...ACCOUNT_ROUTES,
      { name: 'POST /invites/:token/accept' },
    ].map((route) => routeOf(route.name)),
  );

  it('has a row, or names the spec that covers a route decided by its credentials or token', async () => {
    const document = (await t.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(V1, '').replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(routes.length).toBeGreaterThan(80);
    const missing = routes.filter((route) => !covered.has(route) && !(route in CREDENTIAL_ROUTES));
    expect(missing).toEqual([]);
    // Each credential route is exercised where the matrix says.
    const unexercised = Object.entries(CREDENTIAL_ROUTES).filter(([route, spec]) => {
      const path = route.split(' ')[1].replace(/\/:\w+.*$/, '/');
      return !readFileSync(spec, 'utf8').includes(path);
    });
    expect(unexercised).toEqual([]);
    // And no row names a route the api does not have.
    expect([...covered].filter((route) => !routes.includes(route))).toEqual([]);
  });
});
