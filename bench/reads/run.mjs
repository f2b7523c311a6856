// Public reads as an anonymous reader makes them: the API calls of the contribution page, a
// search with the facet counts, a group page and a thread's messages, each under load
// (autocannon), beside a bare NestJS route (bench/reads/floor.mjs, its own process) in
// the same run. Then each route again with If-None-Match of its ETag: the 304 path.
// Starts the built api on a database of its own with the sample kennisbank, seeds
// feedback on one contribution and a thread with messages in its workspace group; prints
// requests/s, p50/p99 latency, the ratio to the floor. Asserts nothing; drops its database.
//
//   npm run bench:reads -- --seconds 5 --connections 10 --messages 40
//   npm run bench:reads -- --seconds 3 --anonymous-cache off   (every read through its handler)
//   BENCH_CPU_PROF=/tmp/prof npm run bench:reads   (the api writes a .cpuprofile there on exit)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { apiCaller, firstSampleContribution, freePort, startApi } from '../support/api.mjs';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    messages: { type: 'string', default: '40' },
    q: { type: 'string', default: 'netwerken' },
    only: { type: 'string' },
    // Loads count-queries.mjs into the api (it slows every request a little: off by default).
    sql: { type: 'boolean', default: false },
    // Also the kennisbank's reads through nginx's proxy_cache (Debian's nginx): what the public Cache-Control buys.
    nginx: { type: 'boolean', default: false },
    // The api's anonymous cache (ANONYMOUS_CACHE_ENABLED): `off` measures every read through its handler.
    'anonymous-cache': { type: 'string', default: 'on' },
  },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const MESSAGES = Number(values.messages);
const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = `kp_bench_reads_${process.pid}`;
const DATABASE_URL = SERVER_URL.replace(/\/[^/]*$/, `/${DATABASE}`);
const log = (line) => process.stderr.write(`${line}\n`);
const COMMAND = `npm run bench:reads -- --seconds ${SECONDS} --connections ${CONNECTIONS} --messages ${MESSAGES} --q ${values.q}${values.only ? ` --only '${values.only}'` : ''}${values.sql ? ' --sql' : ''}${values.nginx ? ' --nginx' : ''}${values['anonymous-cache'] === 'off' ? ' --anonymous-cache off' : ''}`;

const admin = new pg.Client({ connectionString: SERVER_URL });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
await admin.end();

const mailDir = mkdtempSync(join(tmpdir(), 'kp-bench-reads-'));
const profDir = process.env.BENCH_CPU_PROF;
if (profDir) mkdirSync(profDir, { recursive: true });
const port = await freePort();
const floorPort = await freePort();
const origin = `http://127.0.0.1:${port}`;
const floorOrigin = `http://127.0.0.1:${floorPort}`;
const api = await startApi(
  {
    PORT: String(port),
    PUBLIC_URL: origin,
    DATABASE_URL,
    REDIS_PREFIX: `kp-bench-reads-${process.pid}`,
    // One address sends every request: the per-address limits would answer 429.
    POSTS_PER_USER_LIMIT: '1000000',
    SEARCH_RATE_LIMIT: '100000000',
    LOG_LEVEL: 'warn',
    MAIL_DIR: mailDir,
    ANONYMOUS_CACHE_ENABLED: values['anonymous-cache'] === 'off' ? 'false' : 'true',
  },
  { nodeArgs: [...(profDir ? ['--cpu-prof', '--cpu-prof-dir', profDir] : []), ...(values.sql ? ['--import', new URL('./count-queries.mjs', import.meta.url).href] : [])] },
);
const floor = spawn(process.execPath, ['bench/reads/floor.mjs'], { env: { ...process.env, PORT: String(floorPort) }, stdio: ['ignore', 'inherit', 'inherit'] });
// The CPU time a process has used (user + system, ms), from /proc: what a request costs the
// server whatever else the machine runs at the time.
const TICK_MS = 10;
const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { user: Number(fields[11]) * TICK_MS, system: Number(fields[12]) * TICK_MS };
};
/** nginx in front of the api, caching what the api lets a shared cache keep (its Cache-Control and Vary). */
async function startNginx(listen, upstream, dir) {
  mkdirSync(join(dir, 'cache'), { recursive: true });
  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes 1;
user root;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  proxy_cache_path ${dir}/cache keys_zone=reads:10m;
  upstream api { server ${upstream}; keepalive 32; }
  server {
    listen 127.0.0.1:${listen};
    location / {
      proxy_pass http://api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache reads;
      proxy_cache_revalidate on;
      proxy_cache_use_stale updating;
      proxy_cache_background_update on;
      proxy_cache_lock on;
    }
  }
}
`,
  );
  const child = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'inherit', 'inherit'] });
  for (let i = 0; i < 100; i++) {
    if ((await fetch(`http://127.0.0.1:${listen}/api/v1/health`).catch(() => null))?.ok) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error('nginx did not start');
}
const nginxDir = values.nginx ? mkdtempSync(join(tmpdir(), 'kp-bench-reads-nginx-')) : null;
const nginxPort = values.nginx ? await freePort() : null;
const nginx = values.nginx ? await startNginx(nginxPort, `127.0.0.1:${port}`, nginxDir) : null;

const exited = (child) => new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));

try {
  const call = apiCaller(origin);
  const contribution = await firstSampleContribution(call);
  const { groupId, feedbackThreadId } = contribution.workspace;
  const { accessToken } = await call('POST', '/auth/register', { email: `reader-${process.pid}@example.org`, password: 'correct horse battery', displayName: 'Lezer' });
  await call('POST', `/groups/${groupId}/join`, {}, accessToken);
  const thread = await call('POST', `/groups/${groupId}/threads`, { title: 'Werkgroep', body: 'Wie doet er mee?' }, accessToken);
  for (let i = 0; i < MESSAGES; i++) {
    await call('POST', `/contributions/${contribution.id}/feedback`, { body: `Reactie ${i + 1}: **mooi** verhaal, met een [link](https://example.org/${i}).` }, accessToken);
    await call('POST', `/threads/${thread.id}/messages`, { body: `Bericht ${i + 1} in de _werkgroep_, zie [dit](https://example.org/w/${i}).` }, accessToken);
  }
  for (let i = 0; i < 100; i++) {
    if ((await fetch(`${floorOrigin}/api/v1/floor`).catch(() => null))?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  // What the web client asks, anonymously (apps/web/src: ContributionPage, useLiveThread, useSearch, GroupPage).
  const full = await call('GET', `/contributions/${contribution.id}`);
  const messagesOf = (id, lastSeq) => `/api/v1/threads/${id}/messages?afterSeq=${Math.max(0, lastSeq - 100)}&limit=100`;
  const feedback = await call('GET', `/threads/${feedbackThreadId}`);
  const routes = [
    { group: 'contribution page', name: 'GET /contributions/:id', path: `/api/v1/contributions/${contribution.id}` },
    ...(full.themeSlug ? [{ group: 'contribution page', name: 'GET /themes', path: '/api/v1/themes' }] : []),
    { group: 'contribution page', name: 'GET /groups/:id (its workspace)', path: `/api/v1/groups/${groupId}` },
    { group: 'contribution page', name: 'GET /threads/:id (feedback)', path: `/api/v1/threads/${feedbackThreadId}` },
    { group: 'contribution page', name: `GET /threads/:id/messages (feedback, ${feedback.lastSeq})`, path: messagesOf(feedbackThreadId, feedback.lastSeq) },
    // The themes as the kennisbank's list of tracks, when the contribution page above did not ask for them.
    ...(full.themeSlug ? [] : [{ group: 'congresses', name: 'GET /themes', path: '/api/v1/themes' }]),
    { group: 'congresses', name: 'GET /congresses', path: '/api/v1/congresses' },
    { group: 'congresses', name: 'GET /congresses/:slug', path: `/api/v1/congresses/${encodeURIComponent(full.congress)}` },
    { group: 'search', name: `GET /contributions?q=${values.q}&facets=true&limit=20`, path: `/api/v1/contributions?q=${encodeURIComponent(values.q)}&facets=true&limit=20` },
    { group: 'group page', name: 'GET /groups/:id', path: `/api/v1/groups/${groupId}` },
    { group: 'group page', name: 'GET /groups?parent=:id&limit=50', path: `/api/v1/groups?parent=${groupId}&limit=50` },
    { group: 'group page', name: 'GET /groups/:id/threads?limit=20', path: `/api/v1/groups/${groupId}/threads?limit=20` },
    { group: 'group page', name: 'GET /groups/:id/members?limit=50', path: `/api/v1/groups/${groupId}/members?limit=50` },
    { group: 'thread', name: `GET /threads/:id/messages (${MESSAGES + 1} messages)`, path: messagesOf(thread.id, MESSAGES + 1) },
  ];
  const pages = ['contribution page', 'group page'].map((group) => ({ group, name: `${group}: all its calls in turn`, paths: routes.filter((route) => route.group === group).map((route) => route.path) }));
  const headers = { 'accept-language': 'nl' };
  const etagOf = new Map();
  for (const route of routes) {
    const response = await fetch(`${origin}${route.path}`, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${route.path} answered ${response.status}`);
    etagOf.set(route.path, response.headers.get('etag'));
    route.cacheControl = response.headers.get('cache-control');
    route.bytes = Number(response.headers.get('content-length'));
    route.sql = response.headers.get('x-bench-sql');
    // The same read again: a kept answer (the anonymous cache) sends no SQL.
    const again = await fetch(`${origin}${route.path}`, { headers });
    await again.arrayBuffer();
    route.sqlAgain = again.headers.get('x-bench-sql');
  }

  const load = (target, paths, conditional) =>
    new Promise((resolve, reject) => {
      const requests = paths.map((path) => ({ method: 'GET', path, headers: conditional ? { ...headers, 'if-none-match': etagOf.get(path) } : headers }));
      autocannon({ url: target, connections: CONNECTIONS, duration: SECONDS, requests }, (error, result) => (error ? reject(error) : resolve(result)));
    });
  const floorPath = '/api/v1/floor';
  etagOf.set(floorPath, (await fetch(`${floorOrigin}${floorPath}`)).headers.get('etag'));

  // What the api spends with no request at all (its inline worker, the outbox, timers): part of every figure below.
  const idleBefore = cpuMs(api.pid);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const idleAfter = cpuMs(api.pid);
  const idleCpu = (idleAfter.user + idleAfter.system - idleBefore.user - idleBefore.system) / 3;
  log(`api CPU while no request comes: ${idleCpu.toFixed(0)} ms/s`);

  const rows = [];
  const measure = async (label, target, paths, conditional) => {
    const pid = target === floorOrigin ? floor.pid : api.pid;
    const cpuBefore = cpuMs(pid);
    const result = await load(target, paths, conditional);
    const cpuAfter = cpuMs(pid);
    const requests = Math.max(1, result.requests.total);
    const cpuPerRequest = (cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system) / requests;
    const systemShare = (cpuAfter.system - cpuBefore.system) / Math.max(1, cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system);
    const statuses = Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => `${code}×${count}`).join(' ');
    rows.push({ label, conditional, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpu: cpuPerRequest, systemShare, statuses, errors: result.errors + result.timeouts });
    log(`${conditional ? '304' : '200'} ${label}: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, server CPU ${cpuPerRequest.toFixed(3)} ms/request, ${(100 * systemShare).toFixed(0)}% of it in the kernel (${statuses})`);
  };
  const selected = [...routes.map((route) => ({ ...route, paths: [route.path] })), ...pages].filter((route) => !values.only || route.name.includes(values.only) || route.group.includes(values.only));
  // The machine is shared and its load moves: the floor runs between every two routes, and
  // each route's ratio is to the mean of the floor runs just before and after it.
  for (const conditional of [false, true]) {
    await measure('floor', floorOrigin, [floorPath], conditional);
    for (const route of selected) {
      await measure(route.name, origin, route.paths, conditional);
      await measure('floor', floorOrigin, [floorPath], conditional);
    }
  }

  if (nginx) {
    for (const route of selected.filter((route) => route.paths.length === 1 && route.cacheControl?.includes('max-age'))) {
      await measure(`${route.name}, through nginx's proxy_cache`, `http://127.0.0.1:${nginxPort}`, route.paths, false);
      await measure('floor', floorOrigin, [floorPath], false);
    }
  }

  const fmt = (n, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  console.log(`\nanonymous GETs, ${CONNECTIONS} connections, the api's anonymous cache ${values['anonymous-cache'] === 'off' ? 'off' : 'on'}, ${SECONDS} s each, loopback; the api, PostgreSQL, Redis and autocannon share the machine`);
  console.log(`command: ${COMMAND}`);
  console.log(`api CPU while no request comes (inline worker, outbox, timers): ${fmt(idleCpu)} ms per second\n`);
  for (const conditional of [false, true]) {
    const list = rows.filter((row) => row.conditional === conditional);
    const floors = list.filter((row) => row.label === 'floor');
    console.log(conditional ? '\nconditional (If-None-Match with the ETag of the answer): the 304 path\n' : 'full answers (200)\n');
    console.log('| route | requests/s | p50 | p99 | floor requests/s (runs beside it) | ratio (aim ≥ 0.5) | p99 ≤ 50 ms | server CPU per request (floor) | of it in the kernel | answers |');
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    list.forEach((row, index) => {
      if (row.label === 'floor') return;
      const beside = [list[index - 1], list[index + 1]];
      const floorRps = (beside[0].rps + beside[1].rps) / 2;
      const floorCpu = (beside[0].cpu + beside[1].cpu) / 2;
      const ratio = row.rps / floorRps;
      console.log(`| ${row.label} | ${fmt(row.rps)} | ${row.p50} ms | ${row.p99} ms | ${fmt(floorRps)} | ${fmt(ratio, 2)} ${ratio >= 0.5 ? 'met' : 'not met'} | ${row.p99 <= 50 ? 'met' : 'not met'} | ${fmt(row.cpu, 2)} ms (${fmt(floorCpu, 2)} ms) | ${fmt(100 * row.systemShare)}% | ${row.statuses}${row.errors ? `, ${row.errors} errors` : ''} |`);
    });
    console.log(`| floor alone: ${floors.length} runs | ${fmt(floors.reduce((sum, row) => sum + row.rps, 0) / floors.length)} (${fmt(Math.min(...floors.map((row) => row.rps)))}–${fmt(Math.max(...floors.map((row) => row.rps)))}) | ${floors[0].p50} ms | ${Math.max(...floors.map((row) => row.p99))} ms (worst) | | | | | | |`);
  }
  console.log('\nCache-Control of each anonymous answer\n');
  console.log(`| route | Cache-Control | body | SQL queries per request (first read / the same again) |\n|---|---|---|---|`);
  for (const route of routes) console.log(`| ${route.name} | ${route.cacheControl} | ${fmt(route.bytes)} B | ${route.sql ? `${route.sql} / ${route.sqlAgain}` : '(--sql)'} |`);
} finally {
  api.kill('SIGTERM');
  floor.kill('SIGTERM');
  nginx?.kill('SIGTERM');
  await Promise.all([exited(api), exited(floor), ...(nginx ? [exited(nginx)] : [])]);
  if (nginxDir) rmSync(nginxDir, { recursive: true, force: true });
  const cleanup = new pg.Client({ connectionString: SERVER_URL });
  await cleanup.connect();
  await cleanup.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await cleanup.end();
  rmSync(mailDir, { recursive: true, force: true });
}
log(profDir ? `done; the api's CPU profile is in ${profDir}` : 'done');
