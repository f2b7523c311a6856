// Realtime benchmark: N socket clients over T threads, messages at a rate, against
// Kennisplein (the built api, with PostgreSQL and Redis) and against a bare socket.io
// relay, the floor on this machine. Prints figures; asserts nothing.
//
//   npm run bench:realtime -- --clients 2000 --threads 100 --rate 100 --seconds 20
//   … --instances 2: two api instances behind nginx (cluster.mjs) in place of one;
//   … --nginx: one instance behind nginx, the cost of the proxy's hop alone
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createClient } from 'redis';
import { io } from 'socket.io-client';
import { startCluster } from './cluster.mjs';
import { printFigures } from './figures.mjs';
import { beginRuntimeStats, endRuntimeStats, runtimeStatsEnv, summarize } from './runtime.mjs';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '2000' },
    threads: { type: 'string', default: '100' },
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '20' },
    only: { type: 'string' },
    // Adds a second floor: the relay as a bare Nest app (nest-relay.mjs), what Nest itself costs.
    nest: { type: 'boolean', default: false },
    // And one that stores each message as Kennisplein does before broadcasting (stored-relay.mjs).
    stored: { type: 'boolean', default: false },
    instances: { type: 'string', default: '1' },
    nginx: { type: 'boolean', default: false },
  },
});
const N = Number(values.clients);
const T = Number(values.threads);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const USERS = Math.min(N, 100);
const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (line) => process.stderr.write(`${line}\n`);

function freePort() {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** Every child ends with the benchmark, also when it fails half-way. */
const children = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function startProcess(args, env, readyLine) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  return new Promise((done, fail) => {
    const onData = (chunk) => {
      output += chunk.toString();
      if (output.includes(readyLine)) done(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => fail(new Error(`exited ${code}:\n${output}`)));
  });
}

/** RSS in bytes and CPU seconds of a process, from /proc. */
function usage(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)[1]) * 1024;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  return { rss, cpu: ticks / 100 };
}

async function http(base, method, path, body, token) {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

/** One api instance on a database of its own; with `shared` (the first's), another on the same database and Redis prefix. */
async function startKennisplein(shared) {
  const port = await freePort();
  const suffix = shared?.suffix ?? Math.random().toString(36).slice(2, 8);
  const database = `kp_bench_${suffix}`;
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  // For experiments with the api's runtime flags, e.g. BENCH_API_NODE_OPTIONS=--max-semi-space-size=32
  const runtimeEnv = runtimeStatsEnv('kennisplein', process.env.BENCH_API_NODE_OPTIONS);
  const child = await startProcess([resolve('dist/apps/api/src/main.js')], {
    PORT: String(port),
    DATABASE_URL: url.toString(),
    REDIS_PREFIX: `kp-bench:${suffix}`,
    WORKER_INLINE: 'false',
    LOG_LEVEL: 'log',
    NODE_ENV: 'production',
    JWT_SECRET: 'benchmark-secret-benchmark-secret-benchmark',
    ACCESS_TOKEN_TTL_SECONDS: '86400',
    SOCKET_MESSAGE_LIMIT: '1000000',
    POSTS_PER_USER_LIMIT: '1000000',
    LOGIN_MAX_ATTEMPTS_PER_IP: '1000000',
    REGISTER_MAX_PER_IP: '1000000',
    PASSWORD_HASH_MEMORY_KIB: '1024',
    PASSWORD_HASH_ITERATIONS: '1',
    ...runtimeEnv,
  }, 'Kennisplein on http');
  const base = `http://127.0.0.1:${port}`;
  const stopChild = async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
  if (shared) return { child, runtimeEnv, base, stop: stopChild };
  // The data: one group, T threads, USERS members whose tokens the clients share (as tabs do).
  const owner = await http(base, 'POST', '/auth/register', { email: 'owner@bench.local', password: 'benchmark password', displayName: 'Owner' });
  const group = await http(base, 'POST', '/groups', { name: 'Bench', visibility: 'public', membership: 'open' }, owner.accessToken);
  const threads = [];
  for (let i = 0; i < T; i++) {
    threads.push((await http(base, 'POST', `/groups/${group.id}/threads`, { title: `Thread ${i}`, body: 'start' }, owner.accessToken)).id);
  }
  const tokens = [owner.accessToken];
  for (let i = 1; i < USERS; i++) {
    const user = await http(base, 'POST', '/auth/register', { email: `user${i}@bench.local`, password: 'benchmark password', displayName: `User ${i}` });
    await http(base, 'POST', `/groups/${group.id}/join`, null, user.accessToken);
    tokens.push(user.accessToken);
  }
  return {
    name: 'kennisplein',
    child,
    runtimeEnv,
    base,
    threads,
    tokens,
    suffix,
    stop: async () => {
      await stopChild();
      const admin = new pg.Client({ connectionString: SERVER_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
      // The api's keys (the verification mails' jobs, which no worker takes here) go too.
      const redis = createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
      await redis.connect();
      for await (const keys of redis.scanIterator({ MATCH: `kp-bench:${suffix}:*`, COUNT: 500 })) if (keys.length) await redis.del(keys);
      await redis.close();
    },
  };
}

async function startRelay(name = 'relay', script = 'bench/realtime/relay.mjs', env = {}) {
  const port = await freePort();
  const runtimeEnv = runtimeStatsEnv(name);
  const child = await startProcess([resolve(script)], { PORT: String(port), ...env, ...runtimeEnv }, 'relay listening');
  return {
    name,
    child,
    runtimeEnv,
    base: `http://127.0.0.1:${port}`,
    threads: Array.from({ length: T }, (_, i) => `thread-${i}`),
    tokens: ['-'],
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** The server's processes together: the api, or every api instance of a cluster (nginx apart). */
function serverUsage(target) {
  const all = (target.pids?.() ?? [target.child.pid]).map(usage);
  return { rss: all.reduce((sum, one) => sum + one.rss, 0), cpu: all.reduce((sum, one) => sum + one.cpu, 0) };
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

async function runLoad(target) {
  const before = serverUsage(target);
  const clients = [];
  const latencies = [];
  const seen = new Map(); // message id → deliveries
  let duplicates = 0;
  let connectErrors = 0;
  const perClientSeen = [];
  // Kennisplein's messages carry createdAt (the transaction's start): send → stored → delivered.
  const toStored = [];
  const storedToDelivered = [];
  const acks = [];

  for (let start = 0; start < N; start += 250) {
    const batch = [];
    for (let i = start; i < Math.min(N, start + 250); i++) {
      const threadId = target.threads[i % T];
      const socket = io(`${target.base}/discussions`, {
        auth: { token: target.tokens[i % target.tokens.length] },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      const mine = new Set();
      perClientSeen.push(mine);
      socket.on('message:created', (message) => {
        const [, id, sentAt] = message.body.split(' ');
        if (id === undefined) return;
        if (mine.has(id)) duplicates++;
        mine.add(id);
        seen.set(id, (seen.get(id) ?? 0) + 1);
        const now = Date.now();
        latencies.push(now - Number(sentAt));
        if (message.createdAt) {
          const storedAt = Date.parse(message.createdAt);
          if (seen.get(id) === 1) toStored.push(storedAt - Number(sentAt));
          storedToDelivered.push(now - storedAt);
        }
      });
      clients.push({ socket, threadId });
      batch.push(
        new Promise((done) => {
          socket.once('connect', () => socket.emit('thread:join', { threadId }, () => done()));
          socket.once('connect_error', () => {
            connectErrors++;
            done();
          });
        }),
      );
    }
    await Promise.all(batch);
  }
  const connected = clients.filter((client) => client.socket.connected).length;
  await sleep(1000);
  const loaded = serverUsage(target);
  log(`${target.name}: ${connected} clients connected, RSS ${(loaded.rss / 2 ** 20).toFixed(0)} MB`);

  // Send at RATE per second, spread over the threads, from a random client of each thread.
  const sent = new Map(); // id → thread
  const cpuStart = serverUsage(target).cpu;
  target.mark?.('start');
  const runtime = beginRuntimeStats(target.child, target.runtimeEnv);
  const startedAt = Date.now();
  let counter = 0;
  let sendErrors = 0;
  const total = RATE * SECONDS;
  while (counter < total) {
    const due = Math.floor(((Date.now() - startedAt) / 1000) * RATE);
    while (counter < Math.min(due, total)) {
      const id = `m${counter}`;
      const threadIndex = counter % T;
      const sender = clients[threadIndex + T * Math.floor(Math.random() * Math.floor(clients.length / T))];
      sent.set(id, target.threads[threadIndex]);
      const sentAt = Date.now();
      sender.socket.emit('message:send', { threadId: target.threads[threadIndex], body: `bench ${id} ${sentAt}` }, (answer) => {
        if (!answer?.ok) sendErrors++;
        acks.push(Date.now() - sentAt);
      });
      counter++;
    }
    await sleep(5);
  }
  const sendSeconds = (Date.now() - startedAt) / 1000;
  await sleep(3000);
  const after = serverUsage(target);
  target.mark?.('end');
  const runtimeFigures = await endRuntimeStats(runtime);

  const listenersPerThread = new Map();
  for (const client of clients) if (client.socket.connected) listenersPerThread.set(client.threadId, (listenersPerThread.get(client.threadId) ?? 0) + 1);
  let expected = 0;
  for (const thread of sent.values()) expected += listenersPerThread.get(thread) ?? 0;
  let received = 0;
  for (const count of seen.values()) received += count;
  const unique = perClientSeen.reduce((sum, ids) => sum + ids.size, 0);
  latencies.sort((a, b) => a - b);
  for (const client of clients) client.socket.close();

  return {
    clients: connected,
    connectErrors,
    sent: sent.size,
    sendErrors,
    expected,
    received,
    lost: expected - unique,
    duplicated: duplicates,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    rssMb: after.rss / 2 ** 20,
    rssIdleMb: before.rss / 2 ** 20,
    rssPerConnectionKb: (loaded.rss - before.rss) / 1024 / Math.max(1, connected),
    cpuPercent: ((after.cpu - cpuStart) / (sendSeconds + 3)) * 100,
    deliveriesPerSecond: received / sendSeconds,
    runtime: runtimeFigures,
    label: target.label,
    cluster: target.breakdown?.(),
    clientStages: {
      'client: send → ack': summarize(acks),
      ...(toStored.length ? { 'client: send → stored (createdAt)': summarize(toStored), 'client: stored → delivered': summarize(storedToDelivered) } : {}),
    },
  };
}

const results = {};
const startNestRelay = () => startRelay('nest relay', 'bench/realtime/nest-relay.mjs');
async function startStoredRelay() {
  const database = `kp_bench_stored_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  const target = await startRelay('stored relay', 'bench/realtime/stored-relay.mjs', { DATABASE_URL: url.toString() });
  const stop = target.stop;
  target.stop = async () => {
    await stop();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  };
  return target;
}
const INSTANCES = Number(values.instances);
const startServer =
  INSTANCES > 1 || values.nginx ? function startKennispleinCluster() { return startCluster({ instances: INSTANCES, startInstance: startKennisplein, usage }); } : startKennisplein;
const targets = [startServer, startRelay, ...(values.nest ? [startNestRelay] : []), ...(values.stored ? [startStoredRelay] : [])];
for (const start of targets) {
  if (values.only && !start.name.toLowerCase().includes(values.only)) continue;
  const target = await start();
  try {
    results[target.name] = await runLoad(target);
  } finally {
    await target.stop();
  }
}

printFigures(results, { clients: N, threads: T, rate: RATE, seconds: SECONDS });
if (results.kennisplein?.cluster) process.stdout.write(results.kennisplein.cluster);
process.exit(0);
