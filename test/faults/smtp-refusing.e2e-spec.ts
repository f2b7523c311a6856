import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createGroup } from '../support/community.js';
import { digestJobOf } from '../support/digest-jobs.js';
import { registerUser, type TestUser } from '../support/factories.js';
import { eventually, makeAdmin } from '../support/kennisbank.js';
import { assertBuilt, DIST, type Running, start, waitFor } from '../support/processes.js';
import { SmtpSink, VERIFICATION_MAIL } from '../support/smtp-sink.js';
import { createTestApp, type TestApp, testEnv, V1 } from '../support/test-app.js';

/**
 * Fault 4: the mail server refuses everything for a whole digest run. The digests wait
 * (retried with backoff by a real worker process, none given up) and, when the server
 * takes mail again, each reader gets their digest exactly once.
 */
const RETRY = { DIGEST_RETRY_DELAY_MS: '200', DIGEST_SEND_ATTEMPTS: '12' };
/** Refusals each digest must see: more than the five attempts a job had before the digest's own. */
const REFUSALS_EACH = 6;

let t: TestApp;
let smtp: SmtpSink;
let worker: Running;

beforeAll(async () => {
  assertBuilt();
  smtp = new SmtpSink({ ignoreSubjects: VERIFICATION_MAIL });
  const smtpUrl = await smtp.start();
  // This api enqueues (the retry settings are the job's); a worker process of its own sends.
  t = await createTestApp({ env: { SMTP_URL: smtpUrl, ...RETRY } });
  worker = start(DIST.worker, [], { ...testEnv(t.databaseUrl), REDIS_PREFIX: t.config.REDIS_PREFIX, SMTP_URL: smtpUrl, ...RETRY, LOG_LEVEL: 'log' });
  await waitFor(worker, () => Promise.resolve(worker.output().includes('worker processing jobs')));
});
afterAll(async () => {
  worker?.child.kill('SIGTERM');
  await worker?.exited;
  await t?.close();
  await smtp?.stop();
});

describe('SMTP refusing for a whole digest run', () => {
  it('keeps every digest waiting with backoff, then sends each exactly once when SMTP is back', async () => {
    const writer = await registerUser(t, { displayName: 'Wim Writer' });
    const group = await createGroup(t, writer, { visibility: 'public', membership: 'open' });
    const readers: TestUser[] = [];
    for (let i = 0; i < 4; i++) {
      const reader = await registerUser(t);
      await t.http().post(`${V1}/groups/${group.id}/join`).set(reader.auth).expect(200);
      readers.push(reader);
    }
    await t.http().post(`${V1}/groups/${group.id}/threads`).set(writer.auth).send({ title: 'Nieuws', body: 'Iets nieuws' }).expect(201);
    const admin = await makeAdmin(t, await registerUser(t));

    smtp.refusing = true;
    const run = await t.http().post(`${V1}/admin/digests/run`).set(admin.auth).send({ frequency: 'weekly' }).expect(202);
    const period = run.body.period as string;
    const db = t.app.get(DataSource);
    const statuses = async () =>
      db.query<{ user_id: string; status: string }[]>(`SELECT user_id, status FROM digest_deliveries WHERE period = $1 AND user_id = ANY($2)`, [
        period,
        readers.map((reader) => reader.id),
      ]);

    // Down for longer than a job's default patience: every digest is refused again and again...
    await waitFor(worker, () => Promise.resolve(readers.every((reader) => smtp.refusedTo(reader.email) >= REFUSALS_EACH)), 60_000);
    smtp.refusing = false;
    // ...and none gave up or went out meanwhile.
    for (const reader of readers) expect(smtp.messagesTo(reader.email)).toHaveLength(0);
    expect((await statuses()).map((row) => row.status)).not.toContain('failed');

    // Back: each reader gets one digest, and no job is left to send another.
    await waitFor(worker, async () => (await statuses()).filter((row) => row.status === 'sent').length === readers.length, 60_000);
    for (const reader of readers) {
      await eventually(async () => (await digestJobOf(t, period, reader.id))?.getState(), (state) => state === 'completed');
      expect(smtp.messagesTo(reader.email)).toHaveLength(1);
      expect(smtp.messagesTo(reader.email)[0].subject).toBe('Je week op Kennisplein');
    }
  }, 150_000);
});
