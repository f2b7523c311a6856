import { createGroup } from './community.js';
import { registerUser, type TestUser } from './factories.js';
import { assertBuilt } from './processes.js';
import { RedisServer } from './redis-server.js';
import { createTestApp, type TestApp, testEnv, V1 } from './test-app.js';

/**
 * What the fault tests that start api processes share: a redis-server of the test's own, an
 * app in the test process (to set up and read back) and the environment of the processes
 * under test, which share its database and Redis prefix.
 */
export async function startFaultWorld(env: Record<string, string> = {}): Promise<{ t: TestApp; redis: RedisServer; processEnv: Record<string, string> }> {
  assertBuilt();
  const redis = new RedisServer();
  const redisUrl = await redis.start();
  const t = await createTestApp({ env: { REDIS_URL: redisUrl, ...env } });
  return { t, redis, processEnv: { ...testEnv(t.databaseUrl), REDIS_URL: redisUrl, REDIS_PREFIX: t.config.REDIS_PREFIX, ...env } };
}

/** An open group with `count` members besides its owner, and two threads in it. */
export async function groupWithThreads(t: TestApp, count: number): Promise<{ owner: TestUser; group: { id: string }; members: TestUser[]; threadIds: string[] }> {
  const owner = await registerUser(t);
  const group = await createGroup(t, owner, { visibility: 'public', membership: 'open' });
  const members: TestUser[] = [];
  for (let i = 0; i < count; i++) {
    const member = await registerUser(t);
    await t.http().post(`${V1}/groups/${group.id}/join`).set(member.auth).expect(200);
    members.push(member);
  }
  const threadIds: string[] = [];
  for (const title of ['Eerste draad', 'Tweede draad']) {
    threadIds.push((await t.http().post(`${V1}/groups/${group.id}/threads`).set(owner.auth).send({ title, body: 'start' }).expect(201)).body.id);
  }
  return { owner, group, members, threadIds };
}
