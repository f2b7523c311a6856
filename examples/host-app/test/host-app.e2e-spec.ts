import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import request from 'supertest';
import { configureHttpApp, JobRegistry, loadConfig, prepareDatabase } from '@kennisplein/core';
import { HostAppModule } from '../src/host-app.module.js';
import { hostMigrations } from '../src/host-migrations.js';

/**
 * The plugin, proven: a Nest application of its own mounts core, identity, community,
 * discussions and kennisbank (no content, no notifications) beside a route of its own, on a
 * database holding only their migrations; a paper is imported, a reader joins its workspace
 * and two readers discuss it live over socket.io.
 */
const V1 = '/api/v1';
// Named like the monorepo's test databases, so its test teardown drops this one too.
const namespace = process.env.TEST_NAMESPACE ?? 'kp';
const databaseName = `${namespace}_test_host_${randomBytes(4).toString('hex')}`;
const serverUrl = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${databaseName}` }).toString();
const ADMIN = { email: 'beheer@host.example', password: 'host-app-admin-password' };
// A real kennisbank document, as the NIOC site publishes them.
const PAPER = readFileSync(new URL('../../../libs/kennisbank/samples/000_cd083cd2a3775182.txt', import.meta.url));

let app: NestExpressApplication;
let baseUrl: string;
const sockets: Socket[] = [];
const http = () => request(app.getHttpServer());

async function account(email: string): Promise<{ token: string }> {
  const registered = await http().post(`${V1}/auth/register`).send({ email, password: 'een-lang-wachtwoord', displayName: email.split('@')[0] });
  expect(registered.status).toBe(201);
  return { token: registered.body.accessToken as string };
}

function socketOf(token: string): Promise<Socket> {
  const socket = io(`${baseUrl}/discussions`, { auth: { token }, transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

beforeAll(async () => {
  await prepareDatabase(databaseUrl, hostMigrations);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `${namespace}-test:host-${randomBytes(4).toString('hex')}`,
    PASSWORD_HASH_MEMORY_KIB: '1024',
    PASSWORD_HASH_ITERATIONS: '1',
    // The jobs of the mounted libs run in this process: the worker boots without content's or notifications' handlers.
    WORKER_INLINE: 'true',
    LOG_LEVEL: 'error',
    SAMPLE_DOCUMENTS_DIR: '',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
  });
  const moduleRef = await Test.createTestingModule({ imports: [HostAppModule.forRoot(config)] }).compile();
  app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error'] });
  await configureHttpApp(app);
  await app.listen(0, '127.0.0.1');
  baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
});

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await app?.close();
});

describe('a host application with Kennisplein as its plugin', () => {
  it('holds the tables of the libs it mounts and none of the others', async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
      );
      const tables = rows.map((row) => row.table_name);
      expect(tables).toEqual(expect.arrayContaining(['users', 'groups', 'threads', 'messages', 'contributions']));
      expect(tables).not.toContain('files');
      expect(tables).not.toContain('notifications');
    } finally {
      await client.end();
    }
  });

  it('imports a paper, lets a reader join its workspace, and carries the discussion live', async () => {
    const login = await http().post(`${V1}/auth/login`).send(ADMIN).expect(200);
    const admin = { Authorization: `Bearer ${login.body.accessToken as string}` };
    await http().post(`${V1}/congresses`).set(admin).send({ slug: 'nioc2025', name: 'NIOC 2025', year: 2025 }).expect(201);
    const imported = await http()
      .post(`${V1}/contributions/import`)
      .set(admin)
      .field('congress', 'nioc2025')
      .attach('files[]', PAPER, '000_cd083cd2a3775182.txt')
      .expect(200);
    expect(imported.body).toMatchObject({ created: 1, failed: [] });

    // The host's own route answers beside the plugin's, from the kennisbank's service.
    const room = await http().get(`${V1}/reading-room`).expect(200);
    expect(room.body).toEqual({ host: 'kennisplein-example-host', congresses: ['NIOC 2025'] });

    const listed = await http().get(`${V1}/contributions`).query({ congress: 'nioc2025' }).expect(200);
    expect(listed.body.items).toHaveLength(1);
    const paper = await http().get(`${V1}/contributions/${listed.body.items[0].id as string}`).expect(200);
    const { groupId, feedbackThreadId } = paper.body.workspace as { groupId: string; feedbackThreadId: string };

    const reader = await account('lezer@host.example');
    const author = await account('auteur@host.example');
    for (const person of [reader, author]) {
      const joined = await http().post(`${V1}/groups/${groupId}/join`).set({ Authorization: `Bearer ${person.token}` });
      expect(joined.status).toBe(200);
      expect(joined.body).toMatchObject({ role: 'member' });
    }

    const listening = await socketOf(reader.token);
    const heard = new Promise<{ body: string; seq: number }>((resolve) => listening.once('message:created', resolve));
    const joinAck = (await listening.emitWithAck('thread:join', { threadId: feedbackThreadId })) as { ok: boolean };
    expect(joinAck.ok).toBe(true);

    const speaking = await socketOf(author.token);
    await speaking.emitWithAck('thread:join', { threadId: feedbackThreadId });
    const sent = (await speaking.emitWithAck('message:send', { threadId: feedbackThreadId, body: 'Wat vinden jullie van paragraaf 2?' })) as {
      ok: boolean;
      message: { id: string; seq: number };
    };
    expect(sent.ok).toBe(true);
    const message = await heard;
    expect(message).toMatchObject({ body: expect.stringContaining('paragraaf 2'), seq: sent.message.seq });

    // The thread keeps it: what was heard live is what anyone reads later.
    const history = await http().get(`${V1}/threads/${feedbackThreadId}/messages`).set({ Authorization: `Bearer ${reader.token}` }).expect(200);
    expect(history.body.items.map((item: { id: string }) => item.id)).toContain(sent.message.id);
  });

  it('runs the queues of the libs it mounts, and only those', () => {
    const queues = app.get(JobRegistry).queueDefinitions().map((queue) => queue.name);
    expect(queues).toContain('mail');
    expect(queues).not.toContain('files');
    expect(queues).not.toContain('digests');
  });

  it('has no routes of the libs it left out', async () => {
    const reader = await account('buiten@host.example');
    const auth = { Authorization: `Bearer ${reader.token}` };
    expect((await http().get(`${V1}/notifications`).set(auth)).status).toBe(404);
    expect((await http().get(`${V1}/files/00000000-0000-4000-8000-000000000000`).set(auth)).status).toBe(404);
  });
});
