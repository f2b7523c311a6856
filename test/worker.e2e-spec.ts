import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { CoreModule, CoreQueue, JobQueue, JobRegistry, JobsModule, loadConfig, StartupError } from '@kennisplein/core';
import { IDENTITY_JOBS, IDENTITY_SCHEMA, IdentityJob, IdentityModule, IdentityQueue } from '@kennisplein/identity';
import { NotificationsJob } from '@kennisplein/notifications';
import { WorkerModule } from '../apps/worker/src/worker.module.js';
import { createTestDatabase } from './support/databases.js';
import { registerUser } from './support/factories.js';
import { createTestApp, type TestApp, testEnv } from './support/test-app.js';

describe('the worker on real Redis', () => {
  let api: TestApp;
  let worker: TestingModule;

  beforeAll(async () => {
    api = await createTestApp();
    // A separate worker process's module, on the api's database and Redis prefix.
    const config = loadConfig({ ...testEnv(api.databaseUrl), REDIS_PREFIX: api.config.REDIS_PREFIX });
    worker = await Test.createTestingModule({ imports: [WorkerModule.forRoot(config)] }).compile();
    worker.useLogger(['error']);
    await worker.init();
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  it('processes a job that the api enqueued: expired refresh and mail tokens are purged, live ones stay', async () => {
    const user = await registerUser(api);
    const db = api.app.get(DataSource);
    await db.query(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at, session_expires_at)
       VALUES ($1, gen_random_uuid(), repeat('a', 64), now() - interval '30 days', now() - interval '30 days')`,
      [user.id],
    );
    // The registration's verification link stays; one of two weeks ago goes.
    await db.query(
      `INSERT INTO account_tokens (user_id, purpose, email, token_hash, expires_at) VALUES ($1, 'verify_email', $2, repeat('b', 64), now() - interval '14 days')`,
      [user.id, user.email],
    );

    const job = await api.app.get(JobQueue).enqueue(IdentityJob.PurgeExpiredSessions, {});
    await expect(job.finished()).resolves.toEqual({ purged: 1, mailTokens: 1 });

    const [{ count }] = await db.query('SELECT count(*)::int AS count FROM refresh_tokens WHERE user_id = $1', [user.id]);
    expect(count).toBe(1);
    const [{ mails }] = await db.query('SELECT count(*)::int AS mails FROM account_tokens WHERE user_id = $1', [user.id]);
    expect(mails).toBe(1);
  });

  it('gives jobs the shared defaults: attempts and exponential backoff', async () => {
    const job = await api.app.get(JobQueue).enqueue(IdentityJob.PurgeExpiredSessions, {});
    expect(job.opts.attempts).toBe(5);
    expect(job.opts.backoff).toEqual({ type: 'exponential', delay: 2_000 });
    await job.finished();
  });

  it('makes an enqueue with the same jobId harmless', async () => {
    const jobs = api.app.get(JobQueue);
    const first = await jobs.enqueue(IdentityJob.PurgeExpiredSessions, {}, { jobId: 'purge:once' });
    const second = await jobs.enqueue(IdentityJob.PurgeExpiredSessions, {}, { jobId: 'purge:once' });
    expect(second.id).toBe(first.id);
    await first.finished();
  });

  it('schedules the daily purge as a repeatable job', async () => {
    const repeatable = await worker.get(JobQueue).queue(IdentityQueue.Maintenance).getRepeatableJobs();
    expect(repeatable.map((job) => job.name)).toContain(IdentityJob.PurgeExpiredSessions);
  });
});

describe('a worker that imports only some libs', () => {
  it('boots and runs the jobs of the libs it imports, and knows no others', async () => {
    const config = loadConfig(testEnv(await createTestDatabase()));
    const partial = await Test.createTestingModule({
      imports: [CoreModule.forRoot(config, { worker: true, http: false, schemas: [IDENTITY_SCHEMA] }), IdentityModule.forRoot()],
    }).compile();
    partial.useLogger(['error']);
    try {
      await partial.init();
      const job = await partial.get(JobQueue).enqueue(IdentityJob.PurgeExpiredSessions, {});
      await expect(job.finished()).resolves.toEqual({ purged: 0, mailTokens: 0 });
      const queues = partial.get(JobRegistry).queueDefinitions().map((queue) => queue.name);
      expect(queues.sort()).toEqual([CoreQueue.Mail, IdentityQueue.Maintenance].sort());
      expect(() => partial.get(JobQueue).enqueue(NotificationsJob.SendDigest, { userId: 'u', period: 'p', frequency: 'weekly' })).toThrow(
        NotificationsJob.SendDigest,
      );
    } finally {
      await partial.close();
    }
  });
});

describe('a worker without a handler for every job', () => {
  it('refuses to boot, naming the job', async () => {
    const config = loadConfig(testEnv(await createTestDatabase()));
    // Identity's jobs are defined here, but identity (whose processor runs them) is not imported.
    const incomplete = await Test.createTestingModule({
      imports: [CoreModule.forRoot(config, { worker: true, http: false, schemas: [] }), JobsModule.forFeature(IDENTITY_JOBS)],
    }).compile();
    incomplete.useLogger(false);
    const boot = incomplete.init();
    await expect(boot).rejects.toThrow(StartupError);
    await expect(boot).rejects.toThrow(IdentityJob.PurgeExpiredSessions);
    await incomplete.close().catch(() => undefined);
  });
});
