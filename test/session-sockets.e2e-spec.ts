import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createGroup } from './support/community.js';
import { registerUser, type TestUser } from './support/factories.js';
import { type Client, connected, send, until } from './support/sockets.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

interface Session {
  accessToken: string;
  refreshToken: string;
}

/** A socket and how it ended (the reason socket.io gives), if it did. */
interface Watched {
  client: Client;
  ended?: string;
}

/** Two api instances on one database and one Redis: a session's sockets sit on both. */
describe('sockets end with their session, on every instance and both namespaces', () => {
  let a: TestApp;
  let b: TestApp;
  let urlA: string;
  let urlB: string;
  let user: TestUser;
  let threadId: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp({ databaseUrl: a.databaseUrl, env: { REDIS_PREFIX: a.config.REDIS_PREFIX } });
    [urlA, urlB] = [await a.listen(), await b.listen()];
    user = await registerUser(a);
    const group = await createGroup(a, user, { visibility: 'members', membership: 'invite' });
    threadId = (await a.http().post(`${V1}/groups/${group.id}/threads`).set(user.auth).send({ title: 'Sessies', body: 'start' }).expect(201)).body.id;
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await b.close();
    await a.close();
  });

  const login = async (): Promise<Session> => (await a.http().post(`${V1}/auth/login`).send({ email: user.email, password: user.password }).expect(200)).body;

  /** The session's sockets: /discussions and /notifications on both instances, each watched for its end. */
  async function socketsOf(session: Session): Promise<Watched[]> {
    const watched: Watched[] = [];
    for (const url of [urlA, urlB]) {
      for (const namespace of ['/discussions', '/notifications']) {
        const client = await connected(url, session.accessToken, namespace);
        clients.push(client);
        const entry: Watched = { client };
        client.on('disconnect', (reason) => (entry.ended = reason));
        watched.push(entry);
      }
    }
    return watched;
  }

  async function expectEnded(watched: Watched[], session: Session): Promise<void> {
    await until(() => watched.every((entry) => entry.ended !== undefined), 'every socket of the session to end');
    expect(watched.map((entry) => entry.ended)).toEqual(Array(4).fill('io server disconnect'));
    // Nothing more goes out over them, and their token opens no new one.
    await expect(connected(urlB, session.accessToken)).rejects.toMatchObject({ data: { code: 'auth.token_invalid' } });
    expect((await b.http().post(`${V1}/threads/${threadId}/messages`).set('Authorization', `Bearer ${session.accessToken}`).send({ body: 'na afloop' })).status).toBe(401);
  }

  async function expectLive(watched: Watched[]): Promise<void> {
    expect(watched.every((entry) => entry.client.connected)).toBe(true);
    const discussion = watched[2].client;
    expect((await send(discussion, 'thread:join', { threadId })).ok).toBe(true);
    expect((await send(discussion, 'message:send', { threadId, body: 'nog verbonden' })).ok).toBe(true);
  }

  it('POST /auth/logout disconnects that login\'s sockets, and no other login\'s', async () => {
    const [leaving, staying] = [await login(), await login()];
    const [leavingSockets, stayingSockets] = [await socketsOf(leaving), await socketsOf(staying)];
    expect((await send(leavingSockets[0].client, 'thread:join', { threadId })).ok).toBe(true);
    expect((await send(leavingSockets[0].client, 'message:send', { threadId, body: 'voor het uitloggen' })).ok).toBe(true);

    await a.http().post(`${V1}/auth/logout`).send({ refreshToken: leaving.refreshToken }).expect(204);
    await expectEnded(leavingSockets, leaving);
    await expectLive(stayingSockets);
  });

  it('a spent refresh token used again disconnects the sockets of its whole family', async () => {
    const stolen = await login();
    const other = await login();
    const refreshed: Session = (await a.http().post(`${V1}/auth/refresh`).send({ refreshToken: stolen.refreshToken }).expect(200)).body;
    const [familySockets, otherSockets] = [await socketsOf(refreshed), await socketsOf(other)];

    const replay = await b.http().post(`${V1}/auth/refresh`).send({ refreshToken: stolen.refreshToken });
    expect(replay.body.code).toBe('auth.refresh_reused');
    await expectEnded(familySockets, refreshed);
    await expectLive(otherSockets);
  });

  it('a new password disconnects the sockets of the other logins and keeps the one that set it', async () => {
    const other = await login();
    const current = await login();
    const [otherSockets, currentSockets] = [await socketsOf(other), await socketsOf(current)];
    const newPassword = 'een heel nieuw wachtwoord';
    await b.http().post(`${V1}/me/password`).set('Authorization', `Bearer ${current.accessToken}`).send({ currentPassword: user.password, newPassword }).expect(204);
    user.password = newPassword;
    await expectEnded(otherSockets, other);
    await expectLive(currentSockets);
  });

  it('DELETE /me disconnects every socket of the account, /notifications too', async () => {
    const leaver = await registerUser(a);
    const session = { accessToken: leaver.accessToken, refreshToken: leaver.refreshToken };
    const sockets = await socketsOf(session);
    await b.http().delete(`${V1}/me`).set(leaver.auth).expect(204);
    await until(() => sockets.every((entry) => entry.ended !== undefined), 'every socket of the account to end');
    expect(sockets.map((entry) => entry.ended)).toEqual(Array(4).fill('io server disconnect'));
  });
});
