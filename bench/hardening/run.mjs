// The security probe's hostile bodies (issue 15, probe 1 and 6), timed: starts the built api
// on a database of its own and prints, for each input, the answer's status, code, size and
// time, and how long /health takes while three of the widest bodies are in flight (the probe
// saw 8.6 s). Asserts nothing.
//
//   npm run bench:hardening -- --rounds 5
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { freePort, startApi } from '../support/api.mjs';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const ROUNDS = Number(values.rounds);
const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = 'kp_bench_hardening';
const DATABASE_URL = SERVER_URL.replace(/\/[^/]*$/, `/${DATABASE}`);

async function dropDatabase() {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.end();
}

const wideKeys = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, 1]));
const wide = JSON.stringify({ email: 'probe@example.org', password: 'correct horse battery', displayName: 'Probe', ...wideKeys });
const deep = `${'['.repeat(400_000)}${']'.repeat(400_000)}`;
const json = (body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body });
const INPUTS = [
  ['register, 60,000 unknown keys (634 KB)', '/auth/register', json(wide)],
  ['register, JSON nested 400,000 deep', '/auth/register', json(deep)],
  ['register, NUL in the display name', '/auth/register', json(JSON.stringify({ email: 'nul@example.org', password: 'correct horse battery', displayName: 'a\u0000b' }))],
  ['search, NUL in q=', '/contributions?q=a%00b', {}],
  ['messages, afterSeq=99999999999999999999', '/threads/00000000-0000-4000-8000-000000000000/messages?afterSeq=99999999999999999999', {}],
];

await dropDatabase();
const port = await freePort();
const base = `http://127.0.0.1:${port}/api/v1`;
const api = await startApi({ PORT: String(port), DATABASE_URL, REDIS_PREFIX: `kp-bench-hardening-${process.pid}`, LOG_LEVEL: 'warn', SAMPLE_DOCUMENTS_DIR: '', REGISTER_MAX_PER_IP: '1000000' });
const median = (times) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
async function timed(path, init) {
  const start = performance.now();
  const response = await fetch(`${base}${path}`, init);
  const text = await response.text();
  let code = '-';
  try {
    code = JSON.parse(text).code ?? '-';
  } catch {
    // not JSON: shown as '-'
  }
  return { status: response.status, code, bytes: text.length, ms: performance.now() - start };
}
try {
  console.log(`hostile inputs, median of ${ROUNDS} rounds:`);
  for (const [label, path, init] of INPUTS) {
    const runs = [];
    for (let i = 0; i < ROUNDS; i++) runs.push(await timed(path, init));
    const { status, code, bytes } = runs[0];
    console.log(`  ${label.padEnd(44)} ${status} ${code.padEnd(28)} ${String(bytes).padStart(4)} B  ${median(runs.map((run) => run.ms)).toFixed(0)} ms`);
  }
  const healthTimes = [];
  for (let i = 0; i < ROUNDS; i++) {
    const flood = [1, 2, 3].map(() => timed('/auth/register', json(wide)));
    healthTimes.push((await timed('/health', {})).ms);
    await Promise.all(flood);
  }
  console.log(`  /health while 3 of the widest bodies are in flight: median ${median(healthTimes).toFixed(0)} ms, worst ${Math.max(...healthTimes).toFixed(0)} ms`);
} finally {
  api.kill();
  await new Promise((resolve) => api.once('exit', resolve));
  await dropDatabase();
}
