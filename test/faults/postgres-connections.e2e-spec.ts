import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { platformSearchPath } from '../../apps/platform.js';
import { createGroup } from '../support/community.js';
import { urlOfDatabase } from '../support/databases.js';
import { registerUser, type TestUser } from '../support/factories.js';
import { createCongress, createContribution, makeAdmin } from '../support/kennisbank.js';
import { assertBuilt } from '../support/processes.js';
import { eventually, type RemoteApi, startApi } from '../support/remote-api.js';
import { type AckAnswer, type Client, connected, send } from '../support/sockets.js';
import { createTestApp, type TestApp, testEnv, V1 } from '../support/test-app.js';

/**
 * Fault 3: PostgreSQL drops the connections of a running api (the real process, from dist)
 * while two users search, read and post, over HTTP and a socket: backends killed in the
 * middle of their statements, killed while idle, and the database refusing connections for
 * a while. Every request that fails answers 503 common.database_unavailable and nothing of
 * the driver; the pool recovers in the same process; health says down, then up; nothing is
 * stored half or twice. Only this test's own database is touched.
 */
jest.setTimeout(180_000);

type Stream = 'search' | 'read' | 'post' | 'socket';
const STREAMS: Stream[] = ['search', 'read', 'post', 'socket'];
const DATABASE_UNAVAILABLE = 'common.database_unavailable';
/** What a client must never read in an answer: SQL, the driver's words, a stack, a SQLSTATE. */
const INTERNALS = /terminat|administrator|accepting connections|SELECT|INSERT|UPDATE|QueryFailed|stack|\.[jt]s:\d|57P0|55000|08\d{3}|pg_|ECONN/i;

interface Outcome {
  stream: Stream;
  ok: boolean;
  status: number;
  body: unknown;
  retryAfter?: string;
  /** A post's client id and body: what must be stored once. */
  clientId?: string;
  text?: string;
}

let t: TestApp;
let api: RemoteApi;
let server: pg.Client;
let database: string;
let owner: TestUser;
let member: TestUser;
let threadId: string;
let socket: Client;

beforeAll(async () => {
  assertBuilt();
  // In the test process for setting up and reading back; the api under test is its own process on the same database.
  t = await createTestApp();
  database = new URL(t.databaseUrl).pathname.slice(1);
  // The admin connection: on the server's maintenance database, so it outlives this database's connections.
  server = new pg.Client({ connectionString: urlOfDatabase('postgres') });
  await server.connect();

  owner = await registerUser(t, { displayName: 'Olga Owner' });
  member = await registerUser(t, { displayName: 'Mats Member' });
  const admin = await makeAdmin(t, await registerUser(t));
  await createContribution(t, admin, { congress: await createCongress(t, admin), title: 'Samenwerken in de klas', body: 'Over samenwerken' });
  const group = await createGroup(t, owner, { visibility: 'public', membership: 'open' });
  await t.http().post(`${V1}/groups/${group.id}/join`).set(member.auth).expect(200);
  threadId = (await t.http().post(`${V1}/groups/${group.id}/threads`).set(owner.auth).send({ title: 'Doorpraten', body: 'Begin' }).expect(201)).body.id;

  api = await startApi({ ...testEnv(t.databaseUrl), REDIS_PREFIX: t.config.REDIS_PREFIX, SOCKET_MESSAGE_LIMIT: '1000000', LOG_LEVEL: 'warn' });
  socket = await connected(api.url, member.accessToken, '/discussions', 'en');
}, 90_000);
afterAll(async () => {
  socket?.close();
  // Whatever happened above, this database takes connections again.
  await server?.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
  await server?.end();
  await api?.stop();
  await t?.close();
});

/** Kills every backend of this database but the caller's own; answers how many there were. */
async function terminateBackends(from: pg.Client): Promise<number> {
  const { rows } = await from.query<{ killed: number }>(
    `SELECT count(pg_terminate_backend(pid))::int AS killed FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
    [database],
  );
  return rows[0].killed;
}

async function backendsOf(from: pg.Client, where = 'true'): Promise<number> {
  const { rows } = await from.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND ${where}`,
    [database],
  );
  return rows[0].count;
}

async function httpOutcome(stream: Stream, request: PromiseLike<{ status: number; body: unknown; headers: Record<string, string> }>): Promise<Outcome> {
  try {
    const response = await request;
    return { stream, ok: response.status < 400, status: response.status, body: response.body, retryAfter: response.headers['retry-after'] };
  } catch (error) {
    // The process gone or the connection cut: no answer at all, which the assertions refuse.
    return { stream, ok: false, status: 0, body: String(error) };
  }
}

async function socketOutcome(payload: { threadId: string; body: string; clientId: string }): Promise<Outcome> {
  try {
    const answer: AckAnswer = await send(socket, 'message:send', payload);
    return { stream: 'socket', ok: answer.ok, status: answer.ok ? 200 : (answer.status ?? 0), body: answer, clientId: payload.clientId, text: payload.body };
  } catch (error) {
    return { stream: 'socket', ok: false, status: 0, body: String(error), clientId: payload.clientId, text: payload.body };
  }
}

/** One request of a stream: the owner searches and posts over HTTP, the member reads over HTTP and posts on the socket. */
function step(stream: Stream, n: number): Promise<Outcome> {
  const text = `${stream} ${n}`;
  const clientId = randomUUID();
  switch (stream) {
    case 'search':
      return httpOutcome(stream, api.http().get(`${V1}/contributions?q=samenwerken`).set(owner.auth));
    case 'read':
      return httpOutcome(stream, api.http().get(`${V1}/threads/${threadId}/messages?limit=20`).set(member.auth));
    case 'post':
      return httpOutcome(stream, api.http().post(`${V1}/threads/${threadId}/messages`).set(owner.auth).send({ body: text, clientId })).then((outcome) => ({
        ...outcome,
        clientId,
        text,
      }));
    case 'socket':
      return socketOutcome({ threadId, body: text, clientId });
  }
}

const outcomes: Outcome[] = [];
let streaming = false;
/** The streams with a request under way (none between two requests). */
const underWay = new Set<Stream>();

async function keepStreaming(stream: Stream): Promise<void> {
  for (let n = 0; streaming; n++) {
    underWay.add(stream);
    outcomes.push(await step(stream, n));
    underWay.delete(stream);
    // A breath between requests: the machine is shared (this is no measurement of time).
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const since = (mark: number, stream: Stream, ok: boolean) => outcomes.slice(mark).some((outcome) => outcome.stream === stream && outcome.ok === ok);
/** Waits until every stream has had an answer of this kind after the mark; a timeout tells what each stream answered since. */
async function everyStream(mark: number, ok: boolean, what: string): Promise<void> {
  try {
    await eventually(() => Promise.resolve(STREAMS.every((stream) => since(mark, stream, ok))), `every stream to ${what}`, 60_000);
  } catch (error) {
    const answers = STREAMS.map((stream) => {
      const mine = outcomes.slice(mark).filter((outcome) => outcome.stream === stream);
      const last = mine.at(-1);
      return `${stream}: ${mine.length} answers, the last ${last ? `${last.status} ${JSON.stringify(last.body).slice(0, 300)}` : 'none (its request still waits)'}`;
    });
    const ended = api.running.child.exitCode ?? api.running.child.signalCode;
    const end = ended === null ? '' : `; the api ended (${ended}), its last words: ${api.running.output().slice(-3_000)}`;
    throw new Error(`${(error as Error).message}; since then ${answers.join('; ')}${end}`, { cause: error });
  }
}

/**
 * Holds the tables the streams read and write until the streams' requests wait on them; kills
 * every backend, lets go, and waits for the answers of the requests that were under way.
 */
async function killWhileStreamsWait(): Promise<void> {
  const holder = new pg.Client({ connectionString: t.databaseUrl, options: platformSearchPath });
  await holder.connect();
  const answered = new Map(STREAMS.map((stream) => [stream, outcomes.filter((outcome) => outcome.stream === stream).length]));
  try {
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE messages, contributions IN ACCESS EXCLUSIVE MODE');
    // The count of backends waiting on the lock proves little by itself: a request may wait on
    // two connections (a thread's messages beside its access check) or in the api behind another
    // (two posts to one thread), and the api's own background reads wait too. So: every stream
    // has a request under way, and the waiting backends are as many as the streams or have
    // stopped growing; a stream not caught this time is caught by the next kill.
    let waiting = 0;
    let unchanged = 0;
    await eventually(async () => {
      const now = await backendsOf(holder, `wait_event_type = 'Lock'`);
      unchanged = now === waiting ? unchanged + 1 : 0;
      waiting = now;
      return STREAMS.every((stream) => underWay.has(stream)) && waiting > 0 && (waiting >= STREAMS.length || unchanged >= 5);
    }, 'the streams to wait inside PostgreSQL');
    expect(await terminateBackends(holder)).toBeGreaterThanOrEqual(waiting);
    await holder.query('ROLLBACK');
  } finally {
    await holder.end();
  }
  await eventually(
    () => Promise.resolve(STREAMS.every((stream) => outcomes.filter((outcome) => outcome.stream === stream).length > answered.get(stream)!)),
    'every stream to answer the request it had under way',
  );
}

describe('PostgreSQL connections killed while users read and post', () => {
  it('answers 503 with a code and never a 500 or internals, recovers in the same process, and stores every post once', async () => {
    const pid = api.running.child.pid;
    const handshakes: { namespace: string; refused: unknown }[] = [];
    streaming = true;
    const streams = STREAMS.map((stream) => keepStreaming(stream));
    try {
      await everyStream(0, true, 'succeed before any fault');

      // Killed in the middle of their statements: the tables they read and write are held,
      // so each stream has a request waiting inside PostgreSQL when its backend is killed.
      for (let round = 0; round < 2; round++) {
        const mark = outcomes.length;
        // Until each stream has had a request killed inside PostgreSQL.
        for (let kill = 0; !STREAMS.every((stream) => since(mark, stream, false)); kill++) {
          expect(kill).toBeLessThan(10);
          await killWhileStreamsWait();
        }
        // The same process, its pool refilled with new connections.
        await everyStream(outcomes.length, true, 'succeed again after the kill');
      }

      // Killed wherever they are, idle in the pool or busy, several times over.
      for (let round = 0; round < 3; round++) {
        const mark = outcomes.length;
        await terminateBackends(server);
        await everyStream(mark, true, 'succeed after backends were killed');
      }

      // The database refusing connections: health says so, every request answers 503, a
      // socket cannot connect; then it takes connections again and all recovers.
      await server.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
      try {
        await eventually(async () => {
          await terminateBackends(server);
          return (await backendsOf(server)) === 0;
        }, 'the database to have no connections left');
        const mark = outcomes.length;
        await eventually(async () => (await api.http().get(`${V1}/health`)).status === 503, 'health to report the database down');
        const health = await api.http().get(`${V1}/health`).set('Accept-Language', 'en');
        expect(health.status).toBe(503);
        expect(health.body).toMatchObject({ code: 'health.down', status: 'down', db: 'down', redis: 'up' });
        expect(JSON.stringify(health.body)).not.toMatch(INTERNALS);
        await everyStream(mark, false, 'fail while the database refuses connections');
        // A socket that connects now (either namespace) is refused: checked below, after the streams.
        for (const namespace of ['/discussions', '/notifications']) {
          const refused = await connected(api.url, owner.accessToken, namespace, 'en').then(
            (late) => {
              late.close();
              return 'connected';
            },
            (error: Error & { data?: unknown }) => ({ message: error.message, data: error.data }),
          );
          handshakes.push({ namespace, refused });
        }
      } finally {
        await server.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
      }
      await eventually(async () => (await api.http().get(`${V1}/health`)).status === 200, 'health to report the database up');
      expect((await api.http().get(`${V1}/health`)).body).toEqual({ status: 'ok', db: 'up', redis: 'up' });
      await everyStream(outcomes.length, true, 'succeed once the database takes connections again');
    } finally {
      streaming = false;
      await Promise.all(streams);
    }

    // Never a 500, never no answer: each failure is the coded 503 and nothing more.
    const failures = outcomes.filter((outcome) => !outcome.ok);
    expect(outcomes.filter((outcome) => outcome.status !== 503 && !outcome.ok).map(({ stream, status, body }) => ({ stream, status, body }))).toEqual([]);
    for (const failure of failures) {
      if (failure.stream === 'socket') {
        expect(failure.body).toEqual({ ok: false, status: 503, error: { code: DATABASE_UNAVAILABLE, message: expect.any(String) } });
      } else {
        expect(failure.body).toEqual({ statusCode: 503, code: DATABASE_UNAVAILABLE, message: expect.any(String), error: 'Service Unavailable' });
        expect(failure.retryAfter).toBe('1');
      }
      expect(JSON.stringify(failure.body)).not.toMatch(INTERNALS);
    }
    // A handshake the database could not check is refused with the code, not the driver's words.
    const refusal = { message: `refused: ${DATABASE_UNAVAILABLE}`, data: { code: DATABASE_UNAVAILABLE, message: 'The database cannot be reached for a moment; try again shortly' } };
    expect(handshakes).toEqual([
      { namespace: '/discussions', refused: refusal },
      { namespace: '/notifications', refused: refusal },
    ]);
    // The api is the process started at the beginning, never restarted, its socket still open.
    expect(api.running.child.pid).toBe(pid);
    expect(api.running.child.exitCode).toBeNull();
    expect(socket.connected).toBe(true);

    // Nothing half-written: a post answered is stored once; one that failed is stored whole
    // or not at all, and sent again with its client id it is stored once.
    const db = t.app.get(DataSource);
    const storedOf = async () =>
      new Map(
        (
          await db.query<{ client_id: string; bodies: string[]; activities: number }[]>(
            `SELECT m.client_id, array_agg(m.body) AS bodies,
                    sum((SELECT count(*) FROM activities a WHERE a.object_type = 'message' AND a.object_id = m.id))::int AS activities
               FROM messages m WHERE m.thread_id = $1 AND m.client_id IS NOT NULL GROUP BY m.client_id`,
            [threadId],
          )
        ).map((row) => [row.client_id, row]),
      );
    const posts = outcomes.filter((outcome) => outcome.clientId !== undefined);
    const before = await storedOf();
    for (const post of posts) {
      const stored = before.get(post.clientId!);
      if (post.ok || stored) expect({ clientId: post.clientId, bodies: stored?.bodies, activities: stored?.activities }).toEqual({ clientId: post.clientId, bodies: [post.text], activities: 1 });
    }
    for (const post of posts.filter((outcome) => !outcome.ok)) {
      const againStored = before.has(post.clientId!);
      if (post.stream === 'socket') {
        const again = await send(socket, 'message:send', { threadId, body: post.text, clientId: post.clientId });
        expect({ ok: again.ok, body: again.message?.body }).toEqual({ ok: true, body: post.text });
      } else {
        const again = await api.http().post(`${V1}/threads/${threadId}/messages`).set(owner.auth).send({ body: post.text, clientId: post.clientId });
        expect({ status: again.status, body: again.body.body }).toEqual({ status: againStored ? 200 : 201, body: post.text });
      }
    }
    const after = await storedOf();
    expect(after.size).toBe(new Set(posts.map((post) => post.clientId)).size);
    for (const post of posts) expect(after.get(post.clientId!)).toMatchObject({ bodies: [post.text], activities: 1 });
    // And the thread's seqs stay gapless: no number taken by a post that was rolled back.
    const [{ seqs, last_seq }] = await db.query<{ seqs: number[]; last_seq: number }[]>(
      `SELECT array(SELECT seq FROM messages WHERE thread_id = $1 ORDER BY seq) AS seqs, last_seq FROM threads WHERE id = $1`,
      [threadId],
    );
    expect(seqs).toEqual(Array.from({ length: last_seq }, (_, i) => i + 1));
  });
});
