import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { DataSource } from 'typeorm';
import { CoreQueue, JobQueue } from '@kennisplein/core';
import { type TestUser, uniqueEmail } from '../support/factories.js';
import { groupWithThreads, startFaultWorld } from '../support/fault-scene.js';
import { duplicatesOf, Reader, type Seen, SocketWriter } from '../support/live-threads.js';
import { waitFor } from '../support/processes.js';
import type { RedisServer } from '../support/redis-server.js';
import { eventually, type RemoteApi, type RemoteProcess, startApi, startWorker } from '../support/remote-api.js';
import { SmtpSink, VERIFICATION_MAIL } from '../support/smtp-sink.js';
import { until } from '../support/sockets.js';
import { type TestApp, V1 } from '../support/test-app.js';

/**
 * Fault 2: the api's and worker's Redis (this test's own redis-server) stops in the middle
 * of a stream of messages and starts again on the same port, with its data. Meanwhile HTTP
 * keeps answering (messages are stored in PostgreSQL) and /health says Redis is down; then
 * it says up again, the sockets go on receiving, the announcements lost in the gap are
 * read from the database (every reader ends with every message once, in seq order), and a
 * mail job that was waiting in Bull across the gap is sent once.
 */
jest.setTimeout(180_000);

const READERS = 3;
/** Posts answered before and after the gap, and while Redis is down (their announcements are refused, readers catch up by seq). */
const POSTS_PER_PHASE = 8;
const POSTS_IN_GAP = 3;

let t: TestApp;
let redis: RedisServer;
let smtp: SmtpSink;
let api: RemoteApi;
let worker: RemoteProcess;
/** Set while the test holds Redis down: a failing test brings it back before the processes are stopped. */
let redisDown = false;
const readers: Reader[] = [];
let socketWriter: SocketWriter | undefined;

beforeAll(async () => {
  smtp = new SmtpSink({ ignoreSubjects: VERIFICATION_MAIL });
  let env: Record<string, string>;
  ({ t, redis, processEnv: env } = await startFaultWorld({ SMTP_URL: await smtp.start() }));
  [api, worker] = await Promise.all([startApi(env), startWorker(env)]);
}, 120_000);
afterAll(async () => {
  for (const reader of readers) reader.close();
  socketWriter?.close();
  if (redisDown) await redis.start();
  await Promise.all([api?.stop(), worker?.stop()]);
  await t?.close();
  await redis?.close();
  await smtp?.stop();
});

/** GET /health of the api under test: its status and what it says of Redis. */
async function health(): Promise<{ status: number; redis: string; db: string }> {
  const response = await api.http().get(`${V1}/health`);
  return { status: response.status, redis: response.body.redis, db: response.body.db };
}

/** Posts over HTTP, one after another, until stopped; every answer is recorded. */
function httpStream(writer: TestUser, threadIds: string[]) {
  const answered: { status: number; code?: string; message?: Seen & { threadId: string } }[] = [];
  let stopped = false;
  const done = (async () => {
    for (let i = 0; !stopped; i++) {
      const threadId = threadIds[i % threadIds.length];
      const response = await api.http().post(`${V1}/threads/${threadId}/messages`).set(writer.auth).send({ body: `bericht ${i}`, clientId: randomUUID() });
      answered.push({ status: response.status, code: response.body.code, message: response.status === 201 ? { id: response.body.id, seq: response.body.seq, threadId } : undefined });
    }
  })();
  return {
    answered,
    stop: () => {
      stopped = true;
      return done;
    },
  };
}

describe('Redis restarted in the middle of a stream of messages', () => {
  it('keeps HTTP answering, reports Redis down then up, and loses or doubles nothing, messages or jobs', async () => {
    const { owner, group, members, threadIds } = await groupWithThreads(t, READERS + 2);
    const [writer, socketUser, ...readerUsers] = members;
    // Besides the HTTP stream, a writer on a socket sends one message in each phase.
    socketWriter = new SocketWriter(socketUser.accessToken, () => api.url);
    const socketPost = (phase: string) => socketWriter!.post(threadIds[0], `over de socket, ${phase}`);
    const startAfter = new Map(threadIds.map((id) => [id, 1]));
    for (const user of readerUsers) readers.push(new Reader(user.accessToken, startAfter, () => api.url));
    await Promise.all(readers.map((reader) => reader.start()));

    const stream = httpStream(writer, threadIds);
    const ok = () => stream.answered.filter((answer) => answer.status === 201).length;
    await until(() => ok() >= POSTS_PER_PHASE, 'posts before the gap', 60_000);
    await socketPost('voor');
    // The api's subscription to the announcements (with the test process's own): to be there again after the gap.
    const channel = `${t.config.REDIS_PREFIX}:discussions:messages`;
    const subscribers = async () => {
      const client = createClient({ url: redis.url });
      await client.connect();
      try {
        return (await client.pubSubNumSub(channel))[channel];
      } finally {
        client.destroy();
      }
    };
    const subscribedBefore = await subscribers();
    // A mail job that waits in Bull across the gap: the mail server refuses its first try, and Redis stops before its retry.
    const invitee = uniqueEmail('invited');
    smtp.refusing = true;
    await api.http().post(`${V1}/groups/${group.id}/invites`).set(owner.auth).send({ email: invitee }).expect(201);
    await waitFor(worker.running, () => Promise.resolve(smtp.refusedTo(invitee) > 0));

    redisDown = true;
    await redis.stop();
    await eventually(async () => (await health()).status === 503, '/health to report the outage');
    expect(await health()).toEqual({ status: 503, redis: 'down', db: 'up' });
    // Redis is gone, PostgreSQL is not: posts are stored and answered.
    const beforeGap = ok();
    await until(() => ok() >= beforeGap + POSTS_IN_GAP, 'posts answered while Redis is down', 120_000).catch((error: Error) => {
      // What the api said, and the last answers, so a failure tells why.
      throw new Error(`${error.message}; last answers ${JSON.stringify(stream.answered.slice(-5))}; api exit ${String(api.running.child.exitCode ?? api.running.child.signalCode)}; api output:\n${api.running.output().slice(-4000)}`);
    });
    await api.http().get(`${V1}/threads/${threadIds[0]}/messages`).set(writer.auth).expect(200);
    await socketPost('tijdens');
    // What cannot go on without Redis (the login throttle counts there) answers 503 with its code, at once.
    const login = await api.http().post(`${V1}/auth/login`).send({ email: writer.email, password: writer.password });
    expect({ status: login.status, code: login.body.code }).toEqual({ status: 503, code: 'common.unavailable' });

    // The mail server takes mail again; the job, in Redis, could not run meanwhile.
    expect(smtp.messagesTo(invitee)).toHaveLength(0);
    smtp.refusing = false;
    await redis.start();
    redisDown = false;
    await eventually(async () => (await health()).status === 200, '/health to report Redis back', 60_000);
    expect(await health()).toEqual({ status: 200, redis: 'up', db: 'up' });
    await eventually(async () => (await subscribers()) === subscribedBefore, 'the announcements to be subscribed to again');
    await socketPost('na');
    const afterGap = ok();
    await until(() => ok() >= afterGap + POSTS_PER_PHASE, 'posts after the gap', 60_000);
    await stream.stop();
    // No answer but 201, whatever the moment of the post.
    expect(stream.answered.filter((answer) => answer.status !== 201)).toEqual([]);

    // A last message in each thread, after everything: once a reader has it, it has had all before it.
    const sent = [...stream.answered.map((answer) => answer.message!), ...socketWriter.acknowledged];
    for (const threadId of threadIds) {
      const last = await api.http().post(`${V1}/threads/${threadId}/messages`).set(writer.auth).send({ body: 'het laatste' }).expect(201);
      sent.push({ id: last.body.id, seq: last.body.seq, threadId });
    }
    const db = t.app.get(DataSource);
    const stored = new Map<string, Seen[]>();
    for (const threadId of threadIds) {
      stored.set(threadId, await db.query<Seen[]>(`SELECT id, seq FROM messages WHERE thread_id = $1 AND seq > 1 ORDER BY seq`, [threadId]));
    }
    expect(duplicatesOf(sent)).toEqual([]);
    expect([...stored.values()].flat().map((message) => message.id).sort()).toEqual(sent.map((message) => message.id).sort());

    const lastOf = (threadId: string) => stored.get(threadId)!.at(-1)!.seq;
    const caughtUp = (reader: Reader) => {
      reader.check();
      return threadIds.every((threadId) => reader.lastSeq(threadId) >= lastOf(threadId));
    };
    await until(() => readers.every(caughtUp), 'every reader to have the last message of both threads', 60_000);
    for (const reader of readers) {
      for (const threadId of threadIds) expect(reader.received.get(threadId)).toEqual(stored.get(threadId));
    }
    // The sockets lived through the gap: no reader had to connect again.
    expect(readers.map((reader) => reader.connections)).toEqual(Array(READERS).fill(1));

    // Every message's activity reached the worker (its fan-out a Bull job, some around the gap): each other member notified once.
    const fannedOut = () =>
      db.query<{ notified: number }[]>(
        `SELECT count(n.id)::int AS notified FROM activities a LEFT JOIN notifications n ON n.activity_id = a.id
          WHERE a.group_id = $1 AND a.verb = 'message.posted' GROUP BY a.id`,
        [group.id],
      );
    const othersEach = members.length; // the owner and the members, less the author
    await eventually(async () => (await fannedOut()).every((activity) => activity.notified >= othersEach), 'every message fanned out', 60_000);
    expect(await fannedOut()).toEqual(Array(sent.length + threadIds.length).fill({ notified: othersEach }));

    // The invitation waited in Bull through the gap and went out once.
    await smtp.messageTo(invitee, 60_000);
    await eventually(async () => (await t.app.get(JobQueue).queue(CoreQueue.Mail).getJobCounts()).delayed === 0, 'no mail job left waiting');
    expect(smtp.messagesTo(invitee)).toHaveLength(1);
    // Both processes lived through it.
    for (const process of [api.running, worker.running]) expect(process.child.exitCode ?? process.child.signalCode).toBeNull();
  });
});
