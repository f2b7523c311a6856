import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { JobQueue } from '@kennisplein/core';
import { NotificationsJob, periodOf } from '@kennisplein/notifications';
import { createGroup } from './support/community.js';
import { registerUser } from './support/factories.js';
import { assertBuilt, DIST, start, waitFor } from './support/processes.js';
import { SmtpSink, VERIFICATION_MAIL } from './support/smtp-sink.js';
import { createTestApp, type TestApp, testEnv, V1 } from './support/test-app.js';

let t: TestApp;
let smtp: SmtpSink;
let smtpUrl: string;

beforeAll(async () => {
  assertBuilt();
  smtp = new SmtpSink({ ignoreSubjects: VERIFICATION_MAIL });
  smtpUrl = await smtp.start();
  t = await createTestApp({ env: { SMTP_URL: smtpUrl } });
});
afterAll(async () => {
  await t.close();
  await smtp.stop();
});

describe('a worker killed in the middle of a digest', () => {
  it('leaves the job to another worker, and the reader gets one digest', async () => {
    const reader = await registerUser(t);
    const writer = await registerUser(t);
    const group = await createGroup(t, writer, { visibility: 'public', membership: 'open' });
    await t.http().post(`${V1}/groups/${group.id}/join`).set(reader.auth).expect(200);
    await t.http().post(`${V1}/groups/${group.id}/threads`).set(writer.auth).send({ title: 'Nieuws', body: 'Iets nieuws' }).expect(201);

    // The same Redis prefix as the api in this test: the workers take its jobs.
    const env = { ...testEnv(t.databaseUrl), REDIS_PREFIX: t.config.REDIS_PREFIX, SMTP_URL: smtpUrl, JOB_LOCK_SECONDS: '1', LOG_LEVEL: 'log' };
    const period = periodOf('weekly', new Date(), 'Europe/Amsterdam');
    smtp.hold = true;
    const first = start(DIST.worker, [], env);
    await waitFor(first, () => Promise.resolve(first.output().includes('worker processing jobs')));
    await t.app.get(JobQueue).enqueue(NotificationsJob.SendDigest, { userId: reader.id, period, frequency: 'weekly' }, { jobId: `${period}:${reader.id}` });
    // The first worker is in the middle of sending when it dies.
    await waitFor(first, () => Promise.resolve(smtp.held > 0));
    first.child.kill('SIGKILL');
    await first.exited;
    smtp.hold = false;

    const second = start(DIST.worker, [], env);
    try {
      const mail = await smtp.messageTo(reader.email, 20_000);
      expect(mail.subject).toBe('Je week op Kennisplein');
      const db = t.app.get(DataSource);
      const status = async () =>
        (await db.query<{ status: string }[]>(`SELECT status FROM digest_deliveries WHERE user_id = $1 AND period = $2`, [reader.id, period]))[0]?.status;
      await waitFor(second, async () => (await status()) === 'sent');
      expect(smtp.messagesTo(reader.email)).toHaveLength(1);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
