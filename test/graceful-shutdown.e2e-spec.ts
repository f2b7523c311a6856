import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { DataSource } from 'typeorm';
import { JobQueue } from '@kennisplein/core';
import { NotificationsJob, periodOf } from '@kennisplein/notifications';
import { createGroup } from './support/community.js';
import { registerUser } from './support/factories.js';
import { assertBuilt } from './support/processes.js';
import { eventually, startApi, startWorker } from './support/remote-api.js';
import { SmtpSink, VERIFICATION_MAIL } from './support/smtp-sink.js';
import { collect, connected, until } from './support/sockets.js';
import { createTestApp, type TestApp, testEnv, V1 } from './support/test-app.js';

// Real processes on a machine that may be loaded: generous limits (nothing here asserts a duration).
jest.setTimeout(180_000);

let t: TestApp;
let smtp: SmtpSink;
let smtpUrl: string;

beforeAll(async () => {
  assertBuilt();
  smtp = new SmtpSink({ ignoreSubjects: VERIFICATION_MAIL });
  smtpUrl = await smtp.start();
  // In the test process, for setting up and reading back; the processes under test share its database and prefix.
  t = await createTestApp({ env: { SMTP_URL: smtpUrl } });
}, 60_000);
afterAll(async () => {
  await t.close();
  await smtp.stop();
});

const processEnv = (env: Record<string, string> = {}) => ({
  ...testEnv(t.databaseUrl),
  REDIS_PREFIX: t.config.REDIS_PREFIX,
  SMTP_URL: smtpUrl,
  ...env,
});

/** Whether a new TCP connection to the port is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('the api on SIGTERM', () => {
  it('refuses new connections, tells its sockets to reconnect, answers the request in flight and exits 0', async () => {
    const owner = await registerUser(t);
    const group = await createGroup(t, owner);
    const thread = await t.http().post(`${V1}/groups/${group.id}/threads`).set(owner.auth).send({ title: 'Tot het eind', body: 'start' }).expect(201);
    const api = await startApi(processEnv({ LOG_LEVEL: 'log' }));

    const socket = await connected(api.url, owner.accessToken);
    const shutdowns = collect<unknown>(socket, 'server:shutdown');
    let disconnectReason = '';
    socket.on('disconnect', (reason) => (disconnectReason = reason));

    // A request whose body is still on its way: the server has its headers (it answered
    // 100 Continue) when the signal comes; the rest follows after.
    const body = JSON.stringify({ body: 'het laatste bericht voor de stop' });
    const slow = httpRequest(`${api.url}${V1}/threads/${thread.body.id}/messages`, {
      method: 'POST',
      headers: { ...owner.auth, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Expect: '100-continue' },
    });
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      slow.on('response', (response: IncomingMessage) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      });
      slow.on('error', reject);
    });
    const continued = new Promise<void>((resolve) => slow.once('continue', () => resolve()));
    slow.flushHeaders();
    await continued;
    slow.write(body.slice(0, 10));

    api.running.child.kill('SIGTERM');
    await until(() => shutdowns.length === 1, 'server:shutdown on the socket', 20_000);
    // Closed as a transport, not by a disconnect packet: socket.io clients then reconnect on their own.
    await until(() => disconnectReason !== '', 'the socket to be closed', 20_000);
    expect(disconnectReason).toBe('transport close');
    socket.close();
    await eventually(() => refused(api.port), 'new connections to be refused');

    slow.end(body.slice(10));
    const answer = await answered;
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({ body: 'het laatste bericht voor de stop', seq: 2 });
    const finished = await api.running.exited;
    expect(finished.code).toBe(0);
    expect(finished.stdout).toContain('stopped');
    const stored = await t.http().get(`${V1}/threads/${thread.body.id}/messages`).set(owner.auth).expect(200);
    expect(stored.body.items.map((message: { seq: number }) => message.seq)).toEqual([1, 2]);
  });
});

describe('the worker on SIGTERM', () => {
  async function digestFor(): Promise<{ reader: { id: string; email: string }; period: string; status: () => Promise<string | undefined> }> {
    const reader = await registerUser(t);
    const writer = await registerUser(t);
    const group = await createGroup(t, writer, { visibility: 'public', membership: 'open' });
    await t.http().post(`${V1}/groups/${group.id}/join`).set(reader.auth).expect(200);
    await t.http().post(`${V1}/groups/${group.id}/threads`).set(writer.auth).send({ title: 'Nieuws', body: 'Iets nieuws' }).expect(201);
    const period = periodOf('weekly', new Date(), 'Europe/Amsterdam');
    const db = t.app.get(DataSource);
    const status = async () =>
      (await db.query<{ status: string }[]>(`SELECT status FROM digest_deliveries WHERE user_id = $1 AND period = $2`, [reader.id, period]))[0]?.status;
    return { reader, period, status };
  }

  it('finishes the job it is in the middle of, then exits 0', async () => {
    const { reader, period, status } = await digestFor();
    smtp.hold = true;
    const worker = await startWorker(processEnv());
    await t.app.get(JobQueue).enqueue(NotificationsJob.SendDigest, { userId: reader.id, period, frequency: 'weekly' }, { jobId: `${period}:${reader.id}` });
    await until(() => smtp.held > 0, 'the worker to be sending', 20_000);
    worker.running.child.kill('SIGTERM');
    // The mail server answers only after the signal: the job still completes in this worker.
    smtp.release();
    const finished = await worker.running.exited;
    expect(finished.code).toBe(0);
    expect(finished.stdout).toContain('worker stopped on SIGTERM');
    expect(await status()).toBe('sent');
    expect(smtp.messagesTo(reader.email)).toHaveLength(1);
  });

  it('hands a job it cannot finish in the grace period back, and another worker sends it once', async () => {
    const { reader, period, status } = await digestFor();
    smtp.held = 0;
    smtp.hold = true;
    const env = processEnv({ SHUTDOWN_GRACE_SECONDS: '1', JOB_LOCK_SECONDS: '1' });
    const first = await startWorker(env);
    await t.app.get(JobQueue).enqueue(NotificationsJob.SendDigest, { userId: reader.id, period, frequency: 'weekly' }, { jobId: `${period}:${reader.id}` });
    await until(() => smtp.held > 0, 'the first worker to be sending', 20_000);
    first.running.child.kill('SIGTERM');
    const finished = await first.running.exited;
    expect(finished.code).toBe(0);
    expect(finished.stdout).toContain('handed back to the queue');

    smtp.hold = false;
    const second = await startWorker(env);
    try {
      await smtp.messageTo(reader.email, 30_000);
      await eventually(async () => (await status()) === 'sent', 'the digest to be marked sent');
      expect(smtp.messagesTo(reader.email)).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });
});
