import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { JobQueue } from '@kennisplein/core';
import { NotificationsQueue } from '@kennisplein/notifications';
import { createGroup } from '../support/community.js';
import { registerUser } from '../support/factories.js';
import { eventually } from '../support/kennisbank.js';
import { assertBuilt, DIST, type Running, start, waitFor } from '../support/processes.js';
import { createTestApp, type TestApp, testEnv, V1 } from '../support/test-app.js';

/**
 * Fault 5: the worker process (the real one, from dist) is killed with SIGKILL in the
 * middle of fanning an activity out into notifications. Another worker takes the job up;
 * afterwards every member has the notification exactly once, and no one else has one.
 */
const MEMBERS = 4_000;

let t: TestApp;
let db: DataSource;
const workers: Running[] = [];

beforeAll(async () => {
  assertBuilt();
  t = await createTestApp();
  db = t.app.get(DataSource);
});
afterAll(async () => {
  for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
  await Promise.all(workers.map((worker) => worker.exited));
  await t?.close();
});

/** A worker of this test's api (same database, same Redis prefix); a dead one's jobs lapse after a second. */
function startWorker(): Running {
  const worker = start(DIST.worker, [], { ...testEnv(t.databaseUrl), REDIS_PREFIX: t.config.REDIS_PREFIX, JOB_LOCK_SECONDS: '1', LOG_LEVEL: 'log' });
  workers.push(worker);
  return worker;
}

describe('a worker killed in the middle of a notification fan-out', () => {
  it('leaves every notification existing exactly once once another worker has taken the job up', async () => {
    const owner = await registerUser(t);
    const group = await createGroup(t, owner, { visibility: 'public', membership: 'open' });
    // Thousands of members, seeded in SQL: the fan-out inserts them in several batches.
    const members = (
      await db.query<{ id: string }[]>(
        `INSERT INTO users (email, display_name, email_verified_at)
         SELECT 'fan-' || i || '-' || $1 || '@example.org', 'Fan ' || i, now() FROM generate_series(1, $2) AS i RETURNING id`,
        [group.id.slice(0, 8), MEMBERS],
      )
    ).map((row) => row.id);
    await db.query(`INSERT INTO group_members (group_id, user_id, role) SELECT $1, unnest($2::uuid[]), 'member'`, [group.id, members]);

    // One member's row held: the fan-out's insert of that member's batch waits on it (its
    // foreign key check), so the worker is caught in the middle of the job.
    const holder = db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    const held = [...members].sort().at(-1)!;
    await holder.query(`SELECT id FROM users WHERE id = $1 FOR UPDATE`, [held]);

    const notified = async () =>
      (
        await db.query<{ total: number; distinct: number }[]>(
          `SELECT count(*)::int AS total, count(DISTINCT n.user_id)::int AS distinct
             FROM notifications n JOIN activities a ON a.id = n.activity_id
            WHERE a.group_id = $1 AND a.verb = 'message.posted'`,
          [group.id],
        )
      )[0];
    try {
      const first = startWorker();
      await waitFor(first, () => Promise.resolve(first.output().includes('worker processing jobs')));
      await t.http().post(`${V1}/groups/${group.id}/threads`).set(owner.auth).send({ title: 'Aan iedereen', body: 'Voor alle leden' }).expect(201);
      const database = new URL(t.databaseUrl).pathname.slice(1);
      await waitFor(first, async () => {
        const waiting = await db.query<unknown[]>(
          `SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO notifications%'`,
          [database],
        );
        return waiting.length > 0;
      });
      first.child.kill('SIGKILL');
      await first.exited;
      // Caught mid-job: the batch with the held member is not in.
      expect((await notified()).total).toBeLessThan(MEMBERS);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }

    const second = startWorker();
    await waitFor(second, async () => (await notified()).total >= MEMBERS, 60_000);
    const [activity] = await db.query<{ id: string }[]>(`SELECT id FROM activities WHERE group_id = $1 AND verb = 'message.posted'`, [group.id]);
    const job = await t.app.get(JobQueue).queue(NotificationsQueue.Activity).getJob(`fan-out:${activity.id}`);
    await eventually(async () => job?.getState() ?? 'completed', (state) => state === 'completed');

    expect(await notified()).toEqual({ total: MEMBERS, distinct: MEMBERS });
    const owners = await db.query<unknown[]>(`SELECT 1 FROM notifications WHERE activity_id = $1 AND user_id = $2`, [activity.id, owner.id]);
    expect(owners).toHaveLength(0);
    const strangers = await db.query<unknown[]>(
      `SELECT 1 FROM notifications WHERE activity_id = $1 AND NOT (user_id = ANY($2::uuid[]))`,
      [activity.id, members],
    );
    expect(strangers).toHaveLength(0);
  }, 150_000);
});
