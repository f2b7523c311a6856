import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { SITE_CONFIG, startNginx } from '../deploy/nginx/local-nginx.mjs';
import { createGroup } from './support/community.js';
import { registerUser, uniqueEmail, type TestUser } from './support/factories.js';
import { freePort } from './support/processes.js';
import { type Client, collect, connected, send, until } from './support/sockets.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

type Nginx = Awaited<ReturnType<typeof startNginx>>;

/** A POST through nginx from a loopback address of our choosing (all of 127/8 is this host). */
function postFrom(from: string, url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: { code?: string } }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/**
 * deploy/nginx/kennisplein.conf as it ships (only its ports put in), in front of two api
 * instances on one database and one Redis, TRUST_PROXY=1 on both: what README's
 * "Running more than one api instance" tells an operator to run.
 */
describe('two api instances behind nginx', () => {
  const ipLimit = 3;
  let a: TestApp;
  let b: TestApp;
  let nginx: Nginx;
  let owner: TestUser;
  let member: TestUser;
  let threadId: string;
  /** Which instance took each websocket upgrade that came through nginx, in order. */
  const upgrades: { instance: 'A' | 'B'; forwardedFor: string | undefined }[] = [];
  const clients: Client[] = [];

  beforeAll(async () => {
    const env = { TRUST_PROXY: '1', LOGIN_MAX_ATTEMPTS_PER_IP: String(ipLimit) };
    a = await createTestApp({ env });
    b = await createTestApp({ databaseUrl: a.databaseUrl, env: { ...env, REDIS_PREFIX: a.config.REDIS_PREFIX } });
    const upstreams = [await a.listen(), await b.listen()].map((url) => new URL(url).host);
    for (const [instance, app] of [['A', a], ['B', b]] as const) {
      app.app.getHttpServer().on('upgrade', (incoming: IncomingMessage) => upgrades.push({ instance, forwardedFor: incoming.headers['x-forwarded-for'] as string | undefined }));
    }
    nginx = await startNginx({ port: await freePort(), upstreams });

    owner = await registerUser(a);
    member = await registerUser(b);
    const group = await createGroup(a, owner, { visibility: 'public', membership: 'open' });
    await b.http().post(`${V1}/groups/${group.id}/join`).set(member.auth).expect(200);
    threadId = (await a.http().post(`${V1}/groups/${group.id}/threads`).set(owner.auth).send({ title: 'Door nginx', body: 'start' }).expect(201)).body.id;
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await nginx?.stop();
    await b?.close();
    await a?.close();
  });

  /** A socket opened through nginx that landed on `instance`; the others opened meanwhile stay open, so nginx (least_conn) sends the next one to the other instance. */
  async function connectedThroughNginxTo(instance: 'A' | 'B', token: string): Promise<Client> {
    for (let attempt = 0; attempt < 4; attempt++) {
      const client = await connected(nginx.base, token);
      clients.push(client);
      if (upgrades.at(-1)?.instance === instance) return client;
    }
    throw new Error(`nginx sent no socket to instance ${instance}: ${JSON.stringify(upgrades)}`);
  }

  it('delivers a message a client on instance A sends to a client on instance B, both connected through nginx', async () => {
    const onA = await connectedThroughNginxTo('A', owner.accessToken);
    const onB = await connectedThroughNginxTo('B', member.accessToken);
    const receivedOnB = collect<{ id: string; seq: number; body: string }>(onB, 'message:created');
    for (const client of [onA, onB]) expect((await send(client, 'thread:join', { threadId })).ok).toBe(true);

    const sent = await send(onA, 'message:send', { threadId, body: 'via nginx naar A' });
    expect(sent.ok).toBe(true);
    await until(() => receivedOnB.length === 1, 'the message on instance B');
    expect(receivedOnB[0]).toMatchObject({ id: sent.message?.id, seq: sent.message?.seq, body: 'via nginx naar A' });
    // The upgrade reached the api as a websocket, with the client's address forwarded.
    expect(upgrades.every((upgrade) => upgrade.forwardedFor === '127.0.0.1')).toBe(true);
  });

  it('gives the api the client address nginx saw, not its own and not a forged one', async () => {
    const login = (from: string, headers?: Record<string, string>) =>
      postFrom(from, `${nginx.base}${V1}/auth/login`, { email: uniqueEmail('onbekend'), password: 'wrong password here' }, headers);
    // Failed logins from 127.0.0.2, spread by nginx over both instances, counted together in Redis.
    for (let i = 0; i < ipLimit; i++) expect((await login('127.0.0.2')).status).toBe(401);
    const limited = await login('127.0.0.2');
    expect(limited).toMatchObject({ status: 429, body: { code: 'auth.too_many_attempts' } });
    // A forged X-Forwarded-For does not lift it: nginx appends the real address, the one the api takes.
    expect((await login('127.0.0.2', { 'X-Forwarded-For': '198.51.100.7' })).status).toBe(429);
    // Another client behind the same nginx is its own: were nginx's address taken, it would be refused too.
    expect((await login('127.0.0.3')).status).toBe(401);
    // Nor can it take on the limited address's identity by forging it.
    expect((await login('127.0.0.3', { 'X-Forwarded-For': '127.0.0.2' })).status).toBe(401);
  });

  it('is the configuration README shows', () => {
    const readme = readFileSync('README.md', 'utf8');
    const shown = /## Running more than one api instance[\s\S]*?```nginx\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(shown).toBe(readFileSync(SITE_CONFIG, 'utf8'));
  });
});
