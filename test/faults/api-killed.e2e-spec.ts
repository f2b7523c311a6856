import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { groupWithThreads, startFaultWorld } from '../support/fault-scene.js';
import { duplicatesOf, Reader, type Seen, SocketWriter } from '../support/live-threads.js';
import type { RedisServer } from '../support/redis-server.js';
import { type RemoteApi, startApi } from '../support/remote-api.js';
import { until } from '../support/sockets.js';
import type { TestApp } from '../support/test-app.js';

/**
 * Fault 1: two api processes (from dist) behind an imagined load balancer, one database,
 * one Redis (this test's own); readers and writers on both, messages streaming into two
 * threads; one api is killed with SIGKILL. Its readers reconnect to the other and rejoin
 * with their lastSeq, its writer sends its unanswered message again (same clientId) there:
 * every reader ends with every acknowledged message exactly once, in seq order, and the
 * database holds each acknowledged message once and nothing else.
 */
jest.setTimeout(180_000);

const READERS_EACH = 3;
const MESSAGES_PER_WRITER = 30;
/** Acknowledged messages (of both writers) before the kill: the stream is well under way. */
const KILL_AFTER = 16;

let t: TestApp;
let redis: RedisServer;
let a: RemoteApi;
let b: RemoteApi;
let aKilled = false;
const readers: Reader[] = [];
const writers: SocketWriter[] = [];

beforeAll(async () => {
  let processEnv: Record<string, string>;
  ({ t, redis, processEnv } = await startFaultWorld());
  const env = { ...processEnv, SOCKET_MESSAGE_LIMIT: '1000000' };
  [a, b] = await Promise.all([startApi(env), startApi(env)]);
}, 120_000);
afterAll(async () => {
  for (const client of [...readers, ...writers]) client.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await t?.close();
  await redis?.close();
});

describe('an api instance killed with SIGKILL mid-stream', () => {
  it('moves its clients to the other instance with nothing lost and nothing doubled', async () => {
    const { members, threadIds } = await groupWithThreads(t, 2 * READERS_EACH + 2);
    // Behind the load balancer: an instance's clients go to the other once it is gone.
    const via = (home: RemoteApi) => () => (home === a && aKilled ? b.url : home.url);
    const startAfter = new Map(threadIds.map((id) => [id, 1]));

    const [writerA, writerB, ...readerUsers] = members;
    readerUsers.forEach((user, i) => readers.push(new Reader(user.accessToken, startAfter, via(i < READERS_EACH ? a : b))));
    await Promise.all(readers.map((reader) => reader.start()));
    writers.push(new SocketWriter(writerA.accessToken, via(a)), new SocketWriter(writerB.accessToken, via(b)));

    const streams = writers.map(async (writer, w) => {
      for (let i = 0; i < MESSAGES_PER_WRITER; i++) await writer.post(threadIds[i % threadIds.length], `schrijver ${w} bericht ${i}`);
    });
    const acknowledged = () => writers.reduce((sum, writer) => sum + writer.acknowledged.length, 0);
    await until(() => acknowledged() >= KILL_AFTER, `${KILL_AFTER} acknowledged messages`, 60_000);
    aKilled = true;
    a.running.child.kill('SIGKILL');
    await a.running.exited;
    await Promise.all(streams);
    // A last message in each thread, after everything: once a reader has it, it has had all before it.
    for (const threadId of threadIds) await writers[1].post(threadId, 'het laatste');

    const db = t.app.get(DataSource);
    const stored = new Map<string, Seen[]>();
    for (const threadId of threadIds) {
      stored.set(threadId, await db.query<Seen[]>(`SELECT id, seq FROM messages WHERE thread_id = $1 AND seq > 1 ORDER BY seq`, [threadId]));
    }
    // Every acknowledged message stored once, nothing stored that was not acknowledged (a resend gave the original).
    const sent = writers.flatMap((writer) => writer.acknowledged);
    expect(sent).toHaveLength(2 * MESSAGES_PER_WRITER + threadIds.length);
    expect(duplicatesOf(sent)).toEqual([]);
    expect([...stored.values()].flat().map((message) => message.id).sort()).toEqual(sent.map((message) => message.id).sort());

    const lastOf = (threadId: string) => stored.get(threadId)!.at(-1)!.seq;
    const caughtUp = (reader: Reader) => {
      reader.check();
      return threadIds.every((threadId) => reader.lastSeq(threadId) >= lastOf(threadId));
    };
    await until(
      () => readers.every(caughtUp),
      'every reader to have the last message of both threads',
      60_000,
    );
    for (const reader of readers) {
      for (const threadId of threadIds) expect(reader.received.get(threadId)).toEqual(stored.get(threadId));
    }
    // The killed instance's writer was waiting for an answer when it died, and sent that message again.
    expect(writers[0].resent).toBeGreaterThan(0);
    // The killed instance's readers did reconnect (to the other); the others never had to.
    expect(readers.map((reader) => reader.connections)).toEqual([...Array(READERS_EACH).fill(2), ...Array(READERS_EACH).fill(1)]);
  });
});
