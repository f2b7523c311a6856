/**
 * THE AUTHORIZATION MATRIX: for every route, every actor and every visibility, the status
 * that API.md and DESIGN.md give. authorization.e2e-spec.ts runs every cell against the
 * real api. Later issues add their routes here.
 *
 * Reading it: 404 = the actor may not know the object exists; 403 = may see it, may not
 * do this; 401 = must log in first. For list routes, 200 = the object is listed and
 * 404 = it is left out.
 *
 * Every error answer carries a stable code (API.md), and a client decides by it: each
 * table names the codes of its statuses, and a route adds or overrides its own (`codes`).
 * A cell passes when both the status and the code are right.
 */
import type { World } from './world.js';

/** The code of each error status of a route. */
export type Codes = Partial<Record<number, string>>;
/** A list route's 404: the object is left out of the list (a 200 answer), not an error. */
export const NOT_LISTED = '(not listed)';
const UNAUTHENTICATED = 'auth.unauthenticated';

export const GROUP_ACTORS = [
  'anonymous',
  'stranger', // logged in, no relation to the site or group
  'requester', // asked to join the group; request pending
  'siteMember', // member of the group's deelsite, not of the group
  'member',
  'groupAdmin',
  'owner',
  'siteAdmin', // admin of the group's deelsite
  'platformAdmin',
] as const;
export type GroupActor = (typeof GROUP_ACTORS)[number];

/** Group visibility, in the order of the columns below. */
export const GROUP_VISIBILITIES = ['public', 'site', 'members'] as const;

export interface RouteCall {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  body?: object;
  /** For list routes: the id that should (200) or should not (404) be listed. */
  listed?: string;
}

type Row = [publicGroup: number, siteGroup: number, membersGroup: number];

export interface GroupRoute {
  name: string;
  call: (world: World) => RouteCall;
  expect: Record<GroupActor, Row>;
  /** Codes beside GROUP_CODES. */
  codes?: Codes;
  /** The group's membership policy in this route's worlds (default: request). */
  membership?: 'open' | 'request' | 'invite';
}

/** A hidden group is not found, whatever the route. */
export const GROUP_CODES: Codes = { 401: UNAUTHENTICATED, 404: 'group.not_found' };
/** A thread of a hidden group is itself not found. */
const THREAD_NOT_FOUND: Codes = { 404: 'thread.not_found' };

/**
 * Groups in a public deelsite, membership "request". Columns: group visibility
 * public | site | members.
 */
export const GROUP_ROUTES: GroupRoute[] = [
  ...groupViewRoutes([
    ['GET /groups/:id', (w) => ({ method: 'get', path: `/groups/${w.groupId}` })],
    ['GET /groups?site= (listed?)', (w) => ({ method: 'get', path: `/groups?site=${w.siteSlug}&limit=100`, listed: w.groupId }), { 404: NOT_LISTED }],
    ['GET /groups?parent=:id', (w) => ({ method: 'get', path: `/groups?parent=${w.groupId}` })],
    ['GET /groups/:id/members', (w) => ({ method: 'get', path: `/groups/${w.groupId}/members` })],
    [
      'GET /groups?site=&sort=active (listed?)',
      (w) => ({ method: 'get', path: `/groups?site=${w.siteSlug}&sort=active&limit=100`, listed: w.groupId }),
      { 404: NOT_LISTED },
    ],
    ['GET /groups/:id/threads (listed?)', (w) => ({ method: 'get', path: `/groups/${w.groupId}/threads`, listed: w.threadId })],
    ['GET /threads/:id', (w) => ({ method: 'get', path: `/threads/${w.threadId}` }), THREAD_NOT_FOUND],
    ['GET /threads/:id/messages', (w) => ({ method: 'get', path: `/threads/${w.threadId}/messages` }), THREAD_NOT_FOUND],
  ]),
  {
    name: 'POST /groups/:id/threads',
    call: (w) => ({ method: 'post', path: `/groups/${w.groupId}/threads`, body: { title: 'Matrix', body: 'Eerste bericht' } }),
    codes: { 403: 'group.members_only' },
    expect: participate(201),
  },
  ...(['get', 'put', 'delete'] as const).map(
    (method): GroupRoute => ({
      name: `${method.toUpperCase()} /groups/:id/mute (whoever sees the group)`,
      call: (w) => ({ method, path: `/groups/${w.groupId}/mute` }),
      expect: signedInViewers(method === 'get' ? 200 : 204),
    }),
  ),
  {
    name: 'PUT /threads/:id/read (whoever sees the thread)',
    call: (w) => ({ method: 'put', path: `/threads/${w.threadId}/read`, body: { seq: 0 } }),
    codes: THREAD_NOT_FOUND,
    expect: { ...viewers(204), anonymous: [401, 401, 401] },
  },
  {
    name: 'POST /threads/:id/messages (with a clientId)',
    call: (w) => ({ method: 'post', path: `/threads/${w.threadId}/messages`, body: { body: 'Matrix', clientId: w.threadId } }),
    codes: { ...THREAD_NOT_FOUND, 403: 'group.members_only' },
    expect: participate(201),
  },
  {
    name: 'POST /groups/:id/join',
    call: (w) => ({ method: 'post', path: `/groups/${w.groupId}/join` }),
    expect: {
      anonymous: [401, 401, 401],
      stranger: [202, 404, 404],
      requester: [202, 404, 404],
      siteMember: [202, 202, 404],
      member: [200, 200, 200],
      groupAdmin: [200, 200, 200],
      owner: [200, 200, 200],
      siteAdmin: [200, 200, 200], // acts as owner: joins without a request
      platformAdmin: [200, 200, 200],
    },
  },
  {
    name: 'POST /groups/:id/join (open group)',
    membership: 'open',
    call: (w) => ({ method: 'post', path: `/groups/${w.groupId}/join` }),
    expect: {
      anonymous: [401, 401, 401],
      stranger: [200, 404, 404],
      requester: [200, 404, 404],
      siteMember: [200, 200, 404],
      member: [200, 200, 200],
      groupAdmin: [200, 200, 200],
      owner: [200, 200, 200],
      siteAdmin: [200, 200, 200],
      platformAdmin: [200, 200, 200],
    },
  },
  {
    name: 'POST /groups/:id/join (invite-only group)',
    membership: 'invite',
    call: (w) => ({ method: 'post', path: `/groups/${w.groupId}/join` }),
    codes: { 403: 'group.invite_only' },
    expect: {
      anonymous: [401, 401, 401],
      stranger: [403, 404, 404],
      requester: [403, 404, 404],
      siteMember: [403, 403, 404],
      member: [200, 200, 200], // already a member: the same role
      groupAdmin: [200, 200, 200],
      owner: [200, 200, 200],
      siteAdmin: [200, 200, 200],
      platformAdmin: [200, 200, 200],
    },
  },
  {
    name: 'POST /groups/:id/leave',
    call: (w) => ({ method: 'post', path: `/groups/${w.groupId}/leave` }),
    codes: { 409: 'group.last_owner' },
    expect: {
      anonymous: [401, 401, 401],
      stranger: [204, 404, 404], // nothing to leave: still 204
      requester: [204, 404, 404], // withdraws the request
      siteMember: [204, 204, 404],
      member: [204, 204, 204],
      groupAdmin: [204, 204, 204],
      owner: [409, 409, 409], // the last owner stays
      siteAdmin: [204, 204, 204],
      platformAdmin: [204, 204, 204],
    },
  },
  ...managerRoutes([
    ['PATCH /groups/:id', (w) => ({ method: 'patch', path: `/groups/${w.groupId}`, body: { description: 'Anders' } }), 200],
    ['GET /groups/:id/requests', (w) => ({ method: 'get', path: `/groups/${w.groupId}/requests` }), 200],
    ['POST /groups/:id/requests/:userId/approve', (w) => ({ method: 'post', path: `/groups/${w.groupId}/requests/${w.applicantId}/approve` }), 200],
    ['POST /groups/:id/requests/:userId/reject', (w) => ({ method: 'post', path: `/groups/${w.groupId}/requests/${w.applicantId}/reject` }), 204],
    [
      'PATCH /groups/:id/members/:userId',
      (w) => ({ method: 'patch', path: `/groups/${w.groupId}/members/${w.targetId}`, body: { role: 'admin' } }),
      200,
    ],
    ['DELETE /groups/:id/members/:userId', (w) => ({ method: 'delete', path: `/groups/${w.groupId}/members/${w.targetId}` }), 204],
    ['POST /groups/:id/invites', (w) => ({ method: 'post', path: `/groups/${w.groupId}/invites`, body: { email: 'invitee@example.org' } }), 201],
    [
      'POST /groups (a subgroup: parentId)',
      (w) => ({ method: 'post', path: '/groups', body: { parentId: w.groupId, name: 'Subgroep', visibility: 'public', membership: 'open' } }),
      201,
    ],
  ]),
];

/** Routes open to whoever may see the group: its contents inherit its visibility. */
function groupViewRoutes(routes: [string, GroupRoute['call'], Codes?][]): GroupRoute[] {
  return routes.map(([name, call, codes]) => ({ name, call, codes, expect: viewers(200) }));
}

/** Whoever may see the group gets `ok`; the others do not know it exists. */
function viewers(ok: number): Record<GroupActor, Row> {
  return {
    anonymous: [ok, 404, 404],
    stranger: [ok, 404, 404],
    requester: [ok, 404, 404],
    siteMember: [ok, ok, 404],
    member: [ok, ok, ok],
    groupAdmin: [ok, ok, ok],
    owner: [ok, ok, ok],
    siteAdmin: [ok, ok, ok],
    platformAdmin: [ok, ok, ok],
  };
}

/** Like `viewers`, for routes that act for the caller: anonymous callers must log in first. */
function signedInViewers(ok: number): Record<GroupActor, Row> {
  return { ...viewers(ok), anonymous: [401, 401, 401] };
}

/** What members do: write a post, upload a file, start a thread, post a message. */
function participate(ok: number): Record<GroupActor, Row> {
  return {
    anonymous: [401, 401, 401],
    stranger: [403, 404, 404],
    requester: [403, 404, 404],
    siteMember: [403, 403, 404],
    member: [ok, ok, ok],
    groupAdmin: [ok, ok, ok],
    owner: [ok, ok, ok],
    siteAdmin: [ok, ok, ok],
    platformAdmin: [ok, ok, ok],
  };
}

/** Routes for owners, group admins, site admins and platform admins only. */
function managerRoutes(routes: [string, GroupRoute['call'], number][]): GroupRoute[] {
  return routes.map(([name, call, ok]) => ({
    name,
    call,
    codes: { 403: 'group.admins_only' },
    expect: {
      anonymous: [401, 401, 401],
      stranger: [403, 404, 404],
      requester: [403, 404, 404],
      siteMember: [403, 403, 404],
      member: [403, 403, 403],
      groupAdmin: [ok, ok, ok],
      owner: [ok, ok, ok],
      siteAdmin: [ok, ok, ok],
      platformAdmin: [ok, ok, ok],
    },
  }));
}

export const SITE_ACTORS = ['anonymous', 'stranger', 'siteMember', 'siteAdmin', 'platformAdmin'] as const;
export type SiteActor = (typeof SITE_ACTORS)[number];

/** Deelsite visibility, in the order of the columns below. */
export const SITE_VISIBILITIES = ['public', 'members'] as const;

export interface SiteRoute {
  name: string;
  call: (world: World) => KennisbankRouteCall;
  /** The site admin uploads a logo into the world first. */
  withLogo?: boolean;
  /** The applicant waits to be let into the site (accepted a non-admin's invitation to a group of it). */
  withSiteRequest?: boolean;
  expect: Record<SiteActor, [publicSite: number, membersSite: number]>;
  /** Codes beside SITE_CODES. */
  codes?: Codes;
}

/** A logo the matrix uploads: a sanitizable SVG. */
export const SVG_LOGO = { name: 'logo.svg', content: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2"><rect width="2" height="2" fill="#01689b"/></svg>' };

export const SITE_CODES: Codes = { 401: UNAUTHENTICATED, 404: 'site.not_found' };

/** Deelsites with membership "open". Columns: site visibility public | members. */
export const SITE_ROUTES: SiteRoute[] = [
  ...viewRoutes([
    ['GET /sites/:slug', (w) => ({ method: 'get', path: `/sites/${w.siteSlug}` })],
    ['GET /sites (listed?)', (w) => ({ method: 'get', path: `/sites?q=${w.siteSlug}`, listed: w.siteId }), { 404: NOT_LISTED }],
    ['GET /sites/:slug/members', (w) => ({ method: 'get', path: `/sites/${w.siteSlug}/members` })],
    ['GET /groups?site=', (w) => ({ method: 'get', path: `/groups?site=${w.siteSlug}` })],
    ['GET /sites/:slug/blogs', (w) => ({ method: 'get', path: `/sites/${w.siteSlug}/blogs` })],
  ]),
  { ...viewRoutes([['GET /sites/:slug/logo', (w) => ({ method: 'get', path: `/sites/${w.siteSlug}/logo` })]])[0], withLogo: true },
  {
    name: 'POST /sites/:slug/blogs (the site\'s news: its admins write)',
    call: (w) => ({ method: 'post', path: `/sites/${w.siteSlug}/blogs`, body: { title: 'Nieuws', body: 'Tekst', status: 'published' } }),
    codes: { 403: 'site.admins_only' },
    expect: { anonymous: [401, 401], stranger: [403, 404], siteMember: [403, 403], siteAdmin: [201, 201], platformAdmin: [201, 201] },
  },
  {
    name: 'PUT /sites/:slug/logo',
    call: (w) => ({ method: 'put', path: `/sites/${w.siteSlug}/logo`, upload: { field: 'file', fields: {}, files: [SVG_LOGO] } }),
    codes: { 403: 'site.admins_only' },
    expect: { anonymous: [401, 401], stranger: [403, 404], siteMember: [403, 403], siteAdmin: [200, 200], platformAdmin: [200, 200] },
  },
  {
    name: 'POST /sites (any logged-in user opens one)',
    call: (w) => ({
      method: 'post',
      path: '/sites',
      body: { slug: `${w.siteSlug}-nieuw`, name: 'Nieuw', organization: 'X', visibility: 'public', membership: 'open' },
    }),
    expect: { anonymous: [401, 401], stranger: [201, 201], siteMember: [201, 201], siteAdmin: [201, 201], platformAdmin: [201, 201] },
  },
  {
    name: 'POST /sites/:slug/members',
    call: (w) => ({ method: 'post', path: `/sites/${w.siteSlug}/members`, body: { userId: w.targetId, role: 'member' } }),
    codes: { 403: 'site.admins_only' },
    expect: { anonymous: [401, 401], stranger: [403, 404], siteMember: [403, 403], siteAdmin: [201, 201], platformAdmin: [201, 201] },
  },
  {
    name: 'PATCH /sites/:slug',
    call: (w) => ({ method: 'patch', path: `/sites/${w.siteSlug}`, body: { description: 'Het congres', primaryColor: '#01689b' } }),
    codes: { 403: 'site.admins_only' },
    expect: { anonymous: [401, 401], stranger: [403, 404], siteMember: [403, 403], siteAdmin: [200, 200], platformAdmin: [200, 200] },
  },
  {
    name: 'POST /groups (in the deelsite)',
    call: (w) => ({ method: 'post', path: '/groups', body: { site: w.siteSlug, name: 'Nieuw', visibility: 'public', membership: 'open' } }),
    codes: { 403: 'site.create_group_members_only' },
    expect: { anonymous: [401, 401], stranger: [403, 404], siteMember: [201, 201], siteAdmin: [201, 201], platformAdmin: [201, 201] },
  },
  ...(
    [
      ['GET /sites/:slug/requests', (w) => ({ method: 'get', path: `/sites/${w.siteSlug}/requests` }), 200],
      ['POST /sites/:slug/requests/:userId/approve', (w) => ({ method: 'post', path: `/sites/${w.siteSlug}/requests/${w.applicantId}/approve` }), 200],
      ['POST /sites/:slug/requests/:userId/reject', (w) => ({ method: 'post', path: `/sites/${w.siteSlug}/requests/${w.applicantId}/reject` }), 204],
    ] as [string, SiteRoute['call'], number][]
  ).map(
    ([name, call, ok]): SiteRoute => ({
      name,
      call,
      withSiteRequest: true,
      codes: { 403: 'site.admins_only' },
      expect: { anonymous: [401, 401], stranger: [403, 404], siteMember: [403, 403], siteAdmin: [ok, ok], platformAdmin: [ok, ok] },
    }),
  ),
  {
    name: 'POST /sites/:slug/join',
    call: (w) => ({ method: 'post', path: `/sites/${w.siteSlug}/join` }),
    expect: { anonymous: [401, 401], stranger: [200, 404], siteMember: [200, 200], siteAdmin: [200, 200], platformAdmin: [200, 200] },
  },
];

function viewRoutes(routes: [string, SiteRoute['call'], Codes?][]): SiteRoute[] {
  return routes.map(([name, call, codes]) => ({
    name,
    call,
    codes,
    expect: { anonymous: [200, 404], stranger: [200, 404], siteMember: [200, 200], siteAdmin: [200, 200], platformAdmin: [200, 200] },
  }));
}

/** Groups of the main site (no deelsite): "site" visibility means every logged-in user. */
export const MAIN_SITE_ACTORS = ['anonymous', 'stranger', 'member', 'platformAdmin'] as const;
export type MainSiteActor = (typeof MAIN_SITE_ACTORS)[number];
/** GET /groups/:id and its listing in GET /groups: a hidden group is not found, and not listed. */
export const MAIN_SITE_GROUP_VIEW: Record<MainSiteActor, Row> = {
  anonymous: [200, 404, 404],
  stranger: [200, 200, 404],
  member: [200, 200, 200],
  platformAdmin: [200, 200, 200],
};

/**
 * POST /invites/:token/accept, for a group of each visibility: only the account with the
 * invited address may accept.
 */
export const INVITE_ACCEPT_ACTORS = ['anonymous', 'invitee', 'otherUser'] as const;
export const INVITE_ACCEPT: Record<(typeof INVITE_ACCEPT_ACTORS)[number], Row> = {
  anonymous: [401, 401, 401],
  invitee: [200, 200, 200],
  otherUser: [403, 403, 403],
};
export const INVITE_ACCEPT_CODES: Codes = { 401: UNAUTHENTICATED, 403: 'invite.other_address' };

/**
 * The same, for an invite-only deelsite of each visibility, by who sent the invitation
 * to its members-only group: only an admin lets the invitee into the site (200); anyone
 * else's invitation waits for one (202 pending). Columns: site visibility public | members.
 */
export const INVITE_ACCEPT_INVITERS = ['owner', 'siteAdmin', 'platformAdmin'] as const;
export const INVITE_ACCEPT_CLOSED_SITE: Record<(typeof INVITE_ACCEPT_INVITERS)[number], [number, number]> = {
  owner: [202, 202], // a plain member of the site who owns the group
  siteAdmin: [200, 200],
  platformAdmin: [200, 200],
};

/** The kennisbank: a congress whose deelsite is public or members-only, with one contribution. */
export interface KennisbankWorld {
  congress: string;
  contributionId: string;
  authorId: string;
  workspaceGroupId: string;
  /** an account an admin may link the author to */
  linkUserId: string;
}

export const KENNISBANK_ACTORS = ['anonymous', 'stranger', 'siteMember', 'platformAdmin'] as const;
export type KennisbankActor = (typeof KENNISBANK_ACTORS)[number];

export interface KennisbankRouteCall extends Omit<RouteCall, 'method'> {
  method: RouteCall['method'] | 'put';
  /** multipart: fields, and files under `field` (default files[]) */
  upload?: { field?: string; fields: Record<string, string>; files: { name: string; content: string | Buffer }[] };
}

export interface KennisbankRoute {
  name: string;
  call: (world: KennisbankWorld) => KennisbankRouteCall;
  /** Columns: the congress deelsite is public | members-only. */
  expect: Record<KennisbankActor, [publicSite: number, membersSite: number]>;
}

/** What only platform admins do is forbidden to others; a workspace in a hidden deelsite is a hidden group. */
export const KENNISBANK_CODES: Codes = { 401: UNAUTHENTICATED, 403: 'access.platform_admins_only', 404: 'group.not_found' };

const everyone = (status: number): Record<KennisbankActor, [number, number]> => ({
  anonymous: [status, status],
  stranger: [status, status],
  siteMember: [status, status],
  platformAdmin: [status, status],
});
const adminsOnly = (status: number): Record<KennisbankActor, [number, number]> => ({
  anonymous: [401, 401],
  stranger: [403, 403],
  siteMember: [403, 403],
  platformAdmin: [status, status],
});

/**
 * The kennisbank itself is public, also when a congress's deelsite is members-only: only
 * the workspace (a group of that deelsite) follows the deelsite's visibility.
 */
export const KENNISBANK_ROUTES: KennisbankRoute[] = [
  { name: 'GET /congresses', call: () => ({ method: 'get', path: '/congresses' }), expect: everyone(200) },
  { name: 'GET /congresses/:slug', call: (w) => ({ method: 'get', path: `/congresses/${w.congress}` }), expect: everyone(200) },
  {
    name: 'POST /congresses',
    call: (w) => ({ method: 'post', path: '/congresses', body: { slug: `${w.congress}-b`, name: 'B', year: 2030 } }),
    expect: adminsOnly(201),
  },
  { name: 'GET /themes', call: () => ({ method: 'get', path: '/themes' }), expect: everyone(200) },
  {
    name: 'GET /contributions?congress= (listed?)',
    call: (w) => ({ method: 'get', path: `/contributions?congress=${w.congress}`, listed: w.contributionId }),
    expect: everyone(200),
  },
  { name: 'GET /contributions/:id', call: (w) => ({ method: 'get', path: `/contributions/${w.contributionId}` }), expect: everyone(200) },
  {
    name: 'POST /contributions',
    call: (w) => ({ method: 'post', path: '/contributions', body: { congress: w.congress, title: 'Nieuw', body: 'Tekst', authors: [] } }),
    expect: adminsOnly(201),
  },
  {
    name: 'POST /contributions/import',
    call: (w) => ({
      method: 'post',
      path: '/contributions/import',
      upload: { fields: { congress: w.congress }, files: [{ name: 'matrix.txt', content: 'Een document voor de matrix.' }] },
    }),
    expect: adminsOnly(200),
  },
  {
    name: 'PUT /contributions/:id/authors/:authorId/user',
    call: (w) => ({
      method: 'put',
      path: `/contributions/${w.contributionId}/authors/${w.authorId}/user`,
      body: { userId: w.linkUserId },
    }),
    expect: { anonymous: [401, 401], stranger: [403, 403], siteMember: [403, 403], platformAdmin: [200, 200] },
  },
  {
    name: 'POST /contributions/:id/feedback',
    call: (w) => ({ method: 'post', path: `/contributions/${w.contributionId}/feedback`, body: { body: 'Feedback' } }),
    expect: { anonymous: [401, 401], stranger: [201, 404], siteMember: [201, 201], platformAdmin: [201, 201] },
  },
  {
    name: 'GET /groups/:id of the workspace',
    call: (w) => ({ method: 'get', path: `/groups/${w.workspaceGroupId}` }),
    expect: { anonymous: [200, 404], stranger: [200, 404], siteMember: [200, 200], platformAdmin: [200, 200] },
  },
];

/** What the content routes act on, made in each fresh world. */
export interface ContentWorld extends World {
  /** published, by the owner */
  ownerPostId: string;
  /** published, by a member */
  memberPostId: string;
  /** a member's draft */
  draftId: string;
  /** uploaded by a member */
  fileId: string;
  /** a member's message in the world's thread */
  memberMessageId: string;
}

export interface ContentRoute {
  name: string;
  call: (world: ContentWorld) => KennisbankRouteCall;
  expect: Record<GroupActor, Row>;
  /** Codes beside GROUP_CODES: a post or file in a hidden group is itself not found. */
  codes?: Codes;
}

const contentView = (routes: [string, ContentRoute['call'], Codes?][]): ContentRoute[] =>
  groupViewRoutes(routes as [string, GroupRoute['call'], Codes?][]).map((route, i) => ({ ...route, call: routes[i][1] }));
const BLOG_NOT_FOUND: Codes = { 404: 'blog.not_found' };
const FILE_NOT_FOUND: Codes = { 404: 'file.not_found' };
const MESSAGE_NOT_FOUND: Codes = { 404: 'message.not_found' };

/**
 * Deleting what the member made: the member (its author), and whoever moderates the
 * group. (Another member's 403 is in test/content.e2e-spec.ts.)
 */
const moderate = (ok: number): Record<GroupActor, Row> => participate(ok);

/** Groups in a public deelsite (membership request), as GROUP_ROUTES. */
export const CONTENT_ROUTES: ContentRoute[] = [
  ...contentView([
    ['GET /groups/:id/blogs', (w) => ({ method: 'get', path: `/groups/${w.groupId}/blogs`, listed: w.ownerPostId })],
    ['GET /blogs/:id', (w) => ({ method: 'get', path: `/blogs/${w.ownerPostId}` }), BLOG_NOT_FOUND],
    ['GET /groups/:id/files (listed?)', (w) => ({ method: 'get', path: `/groups/${w.groupId}/files`, listed: w.fileId })],
    ['GET /files/:id', (w) => ({ method: 'get', path: `/files/${w.fileId}` }), FILE_NOT_FOUND],
    ['GET /files/:id/content', (w) => ({ method: 'get', path: `/files/${w.fileId}/content` }), FILE_NOT_FOUND],
    ['POST /files/:id/download-link', (w) => ({ method: 'post', path: `/files/${w.fileId}/download-link` }), FILE_NOT_FOUND],
  ]),
  {
    name: "PATCH /messages/:id (a member's message: its author only)",
    call: (w) => ({ method: 'patch', path: `/messages/${w.memberMessageId}`, body: { body: 'Anders' } }),
    codes: { ...MESSAGE_NOT_FOUND, 403: 'message.author_only' },
    expect: {
      anonymous: [401, 401, 401],
      stranger: [403, 404, 404],
      requester: [403, 404, 404],
      siteMember: [403, 403, 404],
      member: [200, 200, 200],
      groupAdmin: [403, 403, 403],
      owner: [403, 403, 403],
      siteAdmin: [403, 403, 403],
      platformAdmin: [403, 403, 403],
    },
  },
  {
    name: "DELETE /messages/:id (a member's message)",
    call: (w) => ({ method: 'delete', path: `/messages/${w.memberMessageId}` }),
    codes: { ...MESSAGE_NOT_FOUND, 403: 'group.admins_only' },
    expect: moderate(204),
  },
  {
    name: 'POST /groups/:id/blogs',
    call: (w) => ({ method: 'post', path: `/groups/${w.groupId}/blogs`, body: { title: 'Matrix', body: 'Tekst', status: 'published' } }),
    codes: { 403: 'group.members_only' },
    expect: participate(201),
  },
  {
    name: 'GET /blogs/:id of a draft (its author only)',
    call: (w) => ({ method: 'get', path: `/blogs/${w.draftId}` }),
    codes: BLOG_NOT_FOUND,
    expect: {
      anonymous: [404, 404, 404],
      stranger: [404, 404, 404],
      requester: [404, 404, 404],
      siteMember: [404, 404, 404],
      member: [200, 200, 200],
      groupAdmin: [404, 404, 404],
      owner: [404, 404, 404],
      siteAdmin: [404, 404, 404],
      platformAdmin: [404, 404, 404],
    },
  },
  {
    name: "PATCH /blogs/:id (the owner's post: its author only)",
    call: (w) => ({ method: 'patch', path: `/blogs/${w.ownerPostId}`, body: { title: 'Anders' } }),
    codes: { ...BLOG_NOT_FOUND, 403: 'blog.author_only' },
    expect: {
      anonymous: [401, 401, 401],
      stranger: [403, 404, 404],
      requester: [403, 404, 404],
      siteMember: [403, 403, 404],
      member: [403, 403, 403],
      groupAdmin: [403, 403, 403],
      owner: [200, 200, 200],
      siteAdmin: [403, 403, 403],
      platformAdmin: [403, 403, 403],
    },
  },
  {
    name: "DELETE /blogs/:id (a member's post)",
    call: (w) => ({ method: 'delete', path: `/blogs/${w.memberPostId}` }),
    codes: { ...BLOG_NOT_FOUND, 403: 'group.admins_only' },
    expect: moderate(204),
  },
  {
    name: 'POST /groups/:id/files',
    call: (w) => ({
      method: 'post',
      path: `/groups/${w.groupId}/files`,
      upload: { field: 'file', fields: {}, files: [{ name: 'matrix.txt', content: 'Een bestand.' }] },
    }),
    codes: { 403: 'group.members_only' },
    expect: participate(201),
  },
  {
    name: "DELETE /files/:id (a member's file)",
    call: (w) => ({ method: 'delete', path: `/files/${w.fileId}` }),
    codes: { ...FILE_NOT_FOUND, 403: 'group.admins_only' },
    expect: moderate(204),
  },
];

/** Routes on the caller's own account and the platform's operation: a fresh account per cell. */
export const ACCOUNT_ACTORS = ['anonymous', 'user', 'platformAdmin'] as const;
export type AccountActor = (typeof ACCOUNT_ACTORS)[number];

export interface AccountRoute {
  name: string;
  /** `password` is the fresh account's password, for routes that ask for it again. */
  call: (account: { id: string; password: string }) => RouteCall;
  expect: Record<AccountActor, number>;
}

export const ACCOUNT_CODES: Codes = { 401: UNAUTHENTICATED, 403: 'access.platform_admins_only' };

const ownAccount = (ok: number): Record<AccountActor, number> => ({ anonymous: 401, user: ok, platformAdmin: ok });
const operators = (ok: number): Record<AccountActor, number> => ({ anonymous: 401, user: 403, platformAdmin: ok });
const anyone = (ok: number): Record<AccountActor, number> => ({ anonymous: ok, user: ok, platformAdmin: ok });

export const ACCOUNT_ROUTES: AccountRoute[] = [
  { name: 'GET /me', call: () => ({ method: 'get', path: '/me' }), expect: ownAccount(200) },
  { name: 'PATCH /me', call: () => ({ method: 'patch', path: '/me', body: { displayName: 'Ander' } }), expect: ownAccount(200) },
  {
    name: 'POST /me/password',
    call: ({ password }) => ({ method: 'post', path: '/me/password', body: { currentPassword: password, newPassword: 'een ander wachtwoord' } }),
    expect: ownAccount(204),
  },
  { name: 'GET /me/settings', call: () => ({ method: 'get', path: '/me/settings' }), expect: ownAccount(200) },
  { name: 'PATCH /me/settings', call: () => ({ method: 'patch', path: '/me/settings', body: { digestFrequency: 'daily' } }), expect: ownAccount(200) },
  { name: 'GET /me/export', call: () => ({ method: 'get', path: '/me/export' }), expect: ownAccount(200) },
  { name: 'GET /me/group-mutes', call: () => ({ method: 'get', path: '/me/group-mutes' }), expect: ownAccount(200) },
  { name: 'GET /me/notifications', call: () => ({ method: 'get', path: '/me/notifications' }), expect: ownAccount(200) },
  { name: 'GET /me/notifications/unread-count', call: () => ({ method: 'get', path: '/me/notifications/unread-count' }), expect: ownAccount(200) },
  {
    name: 'POST /me/notifications/read',
    call: () => ({ method: 'post', path: '/me/notifications/read', body: { ids: ['00000000-0000-4000-8000-000000000000'] } }),
    expect: ownAccount(204),
  },
  { name: 'POST /me/notifications/read-all', call: () => ({ method: 'post', path: '/me/notifications/read-all' }), expect: ownAccount(204) },
  { name: 'DELETE /me', call: () => ({ method: 'delete', path: '/me' }), expect: ownAccount(204) },
  { name: 'POST /auth/verify-email/resend', call: () => ({ method: 'post', path: '/auth/verify-email/resend' }), expect: ownAccount(202) },
  { name: 'POST /markdown/preview', call: () => ({ method: 'post', path: '/markdown/preview', body: { body: '*Voorbeeld*' } }), expect: ownAccount(200) },
  { name: 'POST /admin/digests/run', call: () => ({ method: 'post', path: '/admin/digests/run', body: { frequency: 'weekly' } }), expect: operators(202) },
  { name: 'GET /admin/digests/runs', call: () => ({ method: 'get', path: '/admin/digests/runs' }), expect: operators(200) },
  // Which of its groups a profile lists is in test/profiles.e2e-spec.ts (a profile lists a few, by name).
  { name: 'GET /users/:id', call: ({ id }) => ({ method: 'get', path: `/users/${id}` }), expect: anyone(200) },
  { name: 'GET /health', call: () => ({ method: 'get', path: '/health' }), expect: anyone(200) },
  { name: 'GET /auth/providers', call: () => ({ method: 'get', path: '/auth/providers' }), expect: anyone(200) },
];

/**
 * Routes where no actor decides but what the request carries (credentials, or a token that
 * was mailed or handed out): each is covered in the spec named beside it.
 */
export const CREDENTIAL_ROUTES: Record<string, string> = {
  'POST /auth/register': 'test/identity.e2e-spec.ts',
  'POST /auth/login': 'test/identity.e2e-spec.ts',
  'POST /auth/refresh': 'test/identity.e2e-spec.ts',
  'POST /auth/logout': 'test/identity.e2e-spec.ts',
  'POST /auth/verify-email': 'test/accounts.e2e-spec.ts',
  'POST /auth/password/forgot': 'test/accounts.e2e-spec.ts',
  'POST /auth/password/reset': 'test/accounts.e2e-spec.ts',
  'GET /auth/oidc/start': 'test/oidc.e2e-spec.ts',
  'GET /auth/oidc/callback': 'test/oidc.e2e-spec.ts',
  'GET /digests/unsubscribe': 'test/digests.e2e-spec.ts',
  'POST /digests/unsubscribe': 'test/digests.e2e-spec.ts',
  'GET /invites/:token': 'test/community.e2e-spec.ts',
};
