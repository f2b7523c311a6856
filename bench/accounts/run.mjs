// Password-reset timing: does POST /auth/password/forgot tell, by its time, whether an
// address has an account? Starts the built api (worker inline, production argon2 cost) on
// a database of its own, registers accounts, then sends forgot requests for known and
// unknown addresses interleaved and prints the answer times of each. Asserts nothing.
//
//   npm run bench:accounts -- --requests 400
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { freePort, startApi } from '../support/api.mjs';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '400' }, accounts: { type: 'string', default: '20' } } });
const REQUESTS = Number(values.requests);
const ACCOUNTS = Number(values.accounts);
const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = 'kp_bench_accounts';
const DATABASE_URL = SERVER_URL.replace(/\/[^/]*$/, `/${DATABASE}`);
const log = (line) => process.stderr.write(`${line}\n`);

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
function summary(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const mean = times.reduce((sum, time) => sum + time, 0) / times.length;
  return { mean, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

const admin = new pg.Client({ connectionString: SERVER_URL });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
await admin.end();

const mailDir = mkdtempSync(join(tmpdir(), 'kp-bench-accounts-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}/api/v1`;
const api = await startApi({
  PORT: String(port),
  DATABASE_URL,
  REDIS_PREFIX: `kp-bench-accounts-${process.pid}`,
  LOG_LEVEL: 'warn',
  SAMPLE_DOCUMENTS_DIR: '',
  MAIL_DIR: mailDir,
  REGISTER_MAX_PER_IP: '1000000',
  ACCOUNT_MAILS_PER_HOUR: '1000000',
  LOGIN_MAX_ATTEMPTS_PER_IP: '1000000',
});
try {
  const post = (path, body) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const known = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const email = `known-${i}-${process.pid}@example.org`;
    const response = await post('/auth/register', { email, password: 'correct horse battery', displayName: `Known ${i}` });
    if (response.status !== 201) throw new Error(`register answered ${response.status}`);
    known.push(email);
  }
  const times = { known: [], unknown: [] };
  // Warm-up, then known and unknown in turn, so drift of the machine touches both alike.
  for (let i = 0; i < 20; i++) await post('/auth/password/forgot', { email: `warm-${i}@example.org` });
  for (let i = 0; i < REQUESTS; i++) {
    const kind = i % 2 === 0 ? 'known' : 'unknown';
    const email = kind === 'known' ? known[i % known.length] : `nobody-${i}-${process.pid}@example.org`;
    const started = performance.now();
    const response = await post('/auth/password/forgot', { email });
    await response.arrayBuffer();
    times[kind].push(performance.now() - started);
    if (response.status !== 202) throw new Error(`forgot answered ${response.status}`);
  }
  const rows = Object.entries(times).map(([kind, list]) => {
    const { mean, p50, p95, p99 } = summary(list);
    return `| ${kind} address | ${list.length} | ${mean.toFixed(2)} | ${p50.toFixed(2)} | ${p95.toFixed(2)} | ${p99.toFixed(2)} |`;
  });
  const difference = summary(times.known).p50 - summary(times.unknown).p50;
  console.log('POST /auth/password/forgot, answer time in ms (api with worker inline, argon2 at its production cost)\n');
  console.log('| address | requests | mean | p50 | p95 | p99 |\n|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log(`\np50 known − p50 unknown: ${difference.toFixed(2)} ms`);
} finally {
  api.kill();
  rmSync(mailDir, { recursive: true, force: true });
}
log('done');
