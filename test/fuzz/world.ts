import { expect } from '@jest/globals';
import { createGroup, createSite } from '../support/community.js';
import { registerUser, type TestUser } from '../support/factories.js';
import { createCongress, createContribution, makeAdmin } from '../support/kennisbank.js';
import { type TestApp, V1 } from '../support/test-app.js';
import type { Actors, Pools } from './openapi-requests.js';

export interface FuzzWorld {
  admin: TestUser;
  member: TestUser;
  groupId: string;
  threadId: string;
  actors: Actors;
  pools: Pools;
}

/**
 * A little of everything, made through the api as its users would: an admin who owns a
 * deelsite, a congress with a contribution, a group with a thread, a message, a blog, a
 * file and an invite; a member of the group with a pending request elsewhere. Their ids
 * are the fuzzer's real path parameters and field values.
 */
export async function seedWorld(t: TestApp): Promise<FuzzWorld> {
  const admin = await makeAdmin(t, await registerUser(t, { displayName: 'Fuzz Admin', verified: true }));
  const member = await registerUser(t, { displayName: 'Fuzz Member', verified: true });
  const ok = async <T>(call: PromiseLike<{ status: number; body: T }>, status: number): Promise<T> => {
    const response = await call;
    expect(response.status).toBe(status);
    return response.body;
  };

  const site = await createSite(t, admin, { visibility: 'public', membership: 'open' });
  const congress = await createCongress(t, admin);
  const contribution = await createContribution(t, admin, { congress, theme: 'Fuzzing', authors: [{ name: 'Fuzz Auteur', email: member.email }] });
  const paper = await ok<{ authors: { id?: string }[] }>(t.http().get(`${V1}/contributions/${contribution.id}`), 200);
  const group = await createGroup(t, admin, { site: site.slug, visibility: 'public', membership: 'open' });
  const closed = await createGroup(t, admin, { visibility: 'site', membership: 'request' });
  await ok(t.http().post(`${V1}/groups/${group.id}/join`).set(member.auth), 200);
  await ok(t.http().post(`${V1}/groups/${closed.id}/join`).set(member.auth), 202);
  const thread = await ok<{ id: string }>(t.http().post(`${V1}/groups/${group.id}/threads`).set(admin.auth).send({ title: 'Fuzzdraad', body: 'Eerste bericht' }), 201);
  const message = await ok<{ id: string }>(t.http().post(`${V1}/threads/${thread.id}/messages`).set(member.auth).send({ body: 'Een antwoord' }), 201);
  const blog = await ok<{ id: string }>(t.http().post(`${V1}/groups/${group.id}/blogs`).set(admin.auth).send({ title: 'Blog', body: '# Kop', status: 'published' }), 201);
  const news = await ok<{ id: string }>(t.http().post(`${V1}/sites/${site.slug}/blogs`).set(admin.auth).send({ title: 'Nieuws', body: 'Tekst', status: 'published' }), 201);
  const file = await ok<{ id: string }>(t.http().post(`${V1}/groups/${group.id}/files`).set(member.auth).attach('file', Buffer.from('Een bestand.'), 'fuzz.txt'), 201);
  const invite = await ok<{ token: string }>(t.http().post(`${V1}/groups/${group.id}/invites`).set(admin.auth).send({ email: 'invited@example.org' }), 201);

  const authorIds = paper.authors.map((author) => author.id).filter((id): id is string => typeof id === 'string');
  return {
    admin,
    member,
    groupId: group.id,
    threadId: thread.id,
    actors: { anonymous: {}, member: member.auth, admin: admin.auth },
    pools: {
      ids: [group.id, closed.id, thread.id, contribution.workspace.feedbackThreadId, message.id, blog.id, news.id, file.id, contribution.id, contribution.workspace.groupId, site.id, admin.id, member.id, ...authorIds],
      userIds: [admin.id, member.id],
      slugs: [site.slug, congress],
      tokens: [invite.token],
      emails: [admin.email, member.email, 'invited@example.org'],
      byResource: {
        groups: [group.id, closed.id, contribution.workspace.groupId],
        threads: [thread.id, contribution.workspace.feedbackThreadId],
        messages: [message.id],
        blogs: [blog.id, news.id],
        files: [file.id],
        contributions: [contribution.id],
        users: [admin.id, member.id],
        userId: [member.id, admin.id],
        authorId: authorIds,
        sites: [site.slug],
        congresses: [congress],
        invites: [invite.token],
      },
    },
  };
}
