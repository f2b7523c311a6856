import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { createRedisClient, publishingQuietly, RedisChannel } from '@kennisplein/core';
import { RedisServer } from './support/redis-server.js';

// A channel whose Redis went away refuses a publish at once instead of holding it (and the
// request that posted) in the client's offline queue; once Redis is back it is heard again.
let redis: RedisServer;
let channel: RedisChannel<{ n: number }>;
const heard: number[] = [];

beforeAll(async () => {
  redis = new RedisServer();
  channel = new RedisChannel(await redis.start(), 'test:channel', new Logger('RedisChannelTest'));
  channel.on((event) => heard.push(event.n));
  await channel.open();
}, 30_000);
afterAll(async () => {
  await channel.close();
  await redis.close();
});

/** The outcome of publishing `n`: 'published', or the error's message. */
const attempt = (n: number) =>
  channel.publish({ n }).then(
    () => 'published',
    (error: Error) => error.message,
  );

async function outcomeUntil(accept: (outcome: string) => boolean, deadlineMs = 20_000): Promise<string> {
  const until = Date.now() + deadlineMs;
  let outcome = '';
  for (let n = 1000; Date.now() < until; n++) {
    outcome = await attempt(n);
    if (accept(outcome)) return outcome;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return outcome;
}

describe('a Redis channel when Redis goes away', () => {
  it('refuses publishing while Redis is down, and is heard again once it is back', async () => {
    expect(await attempt(1)).toBe('published');
    await redis.stop('SIGKILL');
    // A publish in flight when the connection broke fails with the client's own error; then ours, at once.
    const refused = 'test:channel: Redis is not connected';
    expect(await outcomeUntil((outcome) => outcome === refused, 15_000)).toBe(refused);

    await redis.start();
    expect(await outcomeUntil((outcome) => outcome === 'published')).toBe('published');
    const last = 2000;
    await channel.publish({ n: last });
    const until = Date.now() + 20_000;
    while (!heard.includes(last) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard).toContain(last);
  }, 60_000);
});

describe("socket.io's publishing client", () => {
  it('never rejects a publish (the adapter does not handle its promise): a failed broadcast is logged', async () => {
    const server = new RedisServer();
    const url = await server.start();
    const raw = createRedisClient(url);
    const quiet = publishingQuietly(createRedisClient(url));
    await Promise.all([raw.connect(), quiet.connect()]);
    expect(await quiet.publish('test:quiet', 'hallo')).toBe(0);
    raw.destroy();
    quiet.destroy();
    // A closed client: the plain one rejects, the adapter's answers 0 receivers.
    await expect(raw.publish('test:quiet', 'weg')).rejects.toThrow();
    await expect(quiet.publish('test:quiet', 'weg')).resolves.toBe(0);
    await server.close();
  }, 30_000);
});
