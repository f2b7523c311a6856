import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { CoreQueue, JobQueue } from '@kennisplein/core';
import { createGroup } from '../support/community.js';
import { digestJobOf } from '../support/digest-jobs.js';
import { registerUser, type TestUser } from '../support/factories.js';
import { eventually, makeAdmin } from '../support/kennisbank.js';
import { assertBuilt, DIST, type Running, start, waitFor } from '../support/processes.js';
import { SmtpSink, VERIFICATION_MAIL } from '../support/smtp-sink.js';
import { createTestApp, type TestApp, testEnv, V1 } from '../support/test-app.js';

/**
 * Fault 6: the worker process (the real one, from dist) is killed with SIGKILL halfway
 * through a batch of digests: some mails went out, the others are on their way. Another
 * worker takes the job up once its lock lapses; each reader ends up with exactly one
 * digest: none of those already sent goes out again, none of the others is left out.
 */
const READERS = 6;
const SENT_BEFORE_THE_KILL = 3;

let t: TestApp;
let smtp: SmtpSink;
let smtpUrl: string;
const workers: Running[] = [];

beforeAll(async () => {
  assertBuilt();
  smtp = new SmtpSink({ ignoreSubjects: VERIFICATION_MAIL });
  smtpUrl = await smtp.start();
  t = await createTestApp({ env: { SMTP_URL: smtpUrl } });
});
afterAll(async () => {
  for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
  await Promise.all(workers.map((worker) => worker.exited));
  await t?.close();
  await smtp?.stop();
});

/** A worker of this test's api (same database, same Redis prefix); a dead one's job and claims lapse after a second. */
function startWorker(): Running {
  const worker = start(DIST.worker, [], { ...testEnv(t.databaseUrl), REDIS_PREFIX: t.config.REDIS_PREFIX, SMTP_URL: smtpUrl, JOB_LOCK_SECONDS: '1', LOG_LEVEL: 'log' });
  workers.push(worker);
  return worker;
}

describe('a worker killed in the middle of a batch of digests', () => {
  it('sends, after the retry, each reader of the batch exactly one digest', async () => {
    const writer = await registerUser(t, { displayName: 'Wim Writer' });
    const group = await createGroup(t, writer, { visibility: 'public', membership: 'open' });
    const readers: TestUser[] = [];
    for (let i = 0; i < READERS; i++) {
      const reader = await registerUser(t);
      await t.http().post(`${V1}/groups/${group.id}/join`).set(reader.auth).expect(200);
      readers.push(reader);
    }
    await t.http().post(`${V1}/groups/${group.id}/threads`).set(writer.auth).send({ title: 'Nieuws', body: 'Iets nieuws' }).expect(201);
    const admin = await makeAdmin(t, await registerUser(t));
    const db = t.app.get(DataSource);
    // Every delivery of the run (the readers', and the admin's, who has news too), with its address.
    const deliveries = async (period: string) =>
      db.query<{ email: string; status: string }[]>(
        `SELECT u.email, d.status FROM digest_deliveries d JOIN users u ON u.id = d.user_id WHERE d.period = $1 ORDER BY u.email`,
        [period],
      );
    const sentCount = async (period: string) => (await deliveries(period)).filter((delivery) => delivery.status === 'sent').length;
    const digestsIn = () => smtp.messages.filter((mail) => mail.subject === 'Je week op Kennisplein').length;

    const first = startWorker();
    await waitFor(first, () => Promise.resolve(first.output().includes('worker processing jobs')));
    // The registrations' verification mails out of the way (the worker sends them too)...
    const mailQueue = t.app.get(JobQueue).queue(CoreQueue.Mail);
    await waitFor(first, async () => {
      const counts = await mailQueue.getJobCounts();
      return counts.waiting + counts.active + counts.delayed === 0;
    });
    // ...the first mails of the batch are taken, the rest held: the worker is caught halfway.
    smtp.holdAfter(SENT_BEFORE_THE_KILL);
    const run = await t.http().post(`${V1}/admin/digests/run`).set(admin.auth).send({ frequency: 'weekly' }).expect(202);
    const period = run.body.period as string;
    // One job for all of them: this is the batch path.
    const job = await digestJobOf(t, period, readers[0].id);
    expect((job?.data as { userIds: string[] }).userIds).toEqual(expect.arrayContaining(readers.map((reader) => reader.id)));
    // Killed once the mails that went out are marked so and the others are on their way.
    await waitFor(first, async () => smtp.held > 0 && (await sentCount(period)) === SENT_BEFORE_THE_KILL);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(digestsIn()).toBe(SENT_BEFORE_THE_KILL);
    expect((await deliveries(period)).filter((delivery) => delivery.status === 'sending').length).toBeGreaterThan(0);

    // The held messages were never answered: for the sender they did not go out.
    smtp.hold = false;
    const second = startWorker();
    await waitFor(second, async () => (await deliveries(period)).every((delivery) => delivery.status === 'sent' || delivery.status === 'empty'), 60_000);
    await eventually(async () => (await digestJobOf(t, period, readers[0].id))?.getState(), (state) => state === 'completed');
    const sent = (await deliveries(period)).filter((delivery) => delivery.status === 'sent');
    expect(sent.length).toBeGreaterThanOrEqual(READERS);
    expect(digestsIn()).toBe(sent.length);
    for (const { email } of sent) expect(smtp.messagesTo(email)).toHaveLength(1);
    for (const reader of readers) {
      expect(smtp.messagesTo(reader.email)).toHaveLength(1);
      expect(smtp.messagesTo(reader.email)[0].text).toContain('Wim Writer schreef een bericht');
    }
  }, 150_000);
});
