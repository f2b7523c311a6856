// Digest benchmark: readers in groups with a week of activity, weekly digests through the
// built worker to a local SMTP sink. For each size it prints the whole run, users/s,
// mails/s, the run time of a digest job (a batch of readers), the SQL queries per reader
// (those of one batch ÷ its readers), the worker's peak RSS and the lost and duplicated
// mails; then the floor: as many mails of the same size straight through nodemailer, pooled
// as the platform's mailer is (core's SMTP_POOL), to the same sink, and the ratio. Prints
// figures; asserts nothing. Without --users it measures 2,000 and 10,000 readers.
//
//   npm run bench:digests
//   npm run bench:digests -- --users 10000 --groups 500 --activities 100000
//   BENCH_WORKER_FLAGS=--cpu-prof npm run bench:digests -- --users 2000 --groups 100 --activities 20000
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Redis from 'ioredis';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { platformSchemas, platformSearchPath } from '../../dist/apps/platform.js';
import { summariseProfile } from '../support/cpu-profile.mjs';

const { values } = parseArgs({
  options: {
    users: { type: 'string' },
    groups: { type: 'string' },
    activities: { type: 'string' },
    'groups-per-user': { type: 'string', default: '3' },
  },
});
const SIZES = values.users
  ? [{ users: Number(values.users), groups: Number(values.groups ?? Math.max(1, Math.round(Number(values.users) / 20))), activities: Number(values.activities ?? Number(values.users) * 10) }]
  : [
      { users: 2000, groups: 100, activities: 20000 },
      { users: 10000, groups: 500, activities: 100000 },
    ];
const PER_USER = Number(values['groups-per-user']);
const WORKER_FLAGS = (process.env.BENCH_WORKER_FLAGS ?? '').split(' ').filter(Boolean);
const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE = `kp_bench_digests_${process.pid}`;
const DATABASE_URL = SERVER_URL.replace(/\/[^/]*$/, `/${DATABASE}`);
const REDIS_PREFIX = `kp-bench-digests-${process.pid}`;
const log = (line) => process.stderr.write(`${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const children = new Set();
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));

/** The sink: a real SMTP server that takes every message and keeps only its size and recipient. */
function startSink() {
  const sink = { count: 0, bytes: 0, to: new Map() };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      stream.on('data', (chunk) => (sink.bytes += chunk.length));
      stream.on('end', () => {
        sink.count++;
        for (const { address } of session.envelope.rcptTo) sink.to.set(address, (sink.to.get(address) ?? 0) + 1);
        callback();
      });
    },
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ sink, server, url: `smtp://127.0.0.1:${server.server.address().port}` })));
}

function run(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

/** The built worker, answered once it processes jobs; its other output is passed on. */
function startWorker(env, flags) {
  const child = spawn(process.execPath, [...flags, 'dist/apps/worker/src/main.js'], { env: { ...process.env, ...env, LOG_LEVEL: 'log' }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    let ready = false;
    child.stdout.on('data', (chunk) => {
      const text = String(chunk);
      for (const line of text.split('\n')) if (/WARN|ERROR/.test(line)) log(line);
      if (!ready && text.includes('worker processing jobs')) {
        ready = true;
        resolve({ child, exited });
      }
    });
    exited.then(() => ready || reject(new Error('the worker exited before it was ready')));
  });
}

async function seed(db, { users, groups, activities }) {
  log(`seeding ${users} readers, ${groups} groups (${PER_USER} per reader), ${activities} activities over the past week`);
  await db.query(`INSERT INTO users (email, display_name, password_hash, locale)
                  SELECT 'reader' || n || '@bench.local', 'Lezer ' || n, NULL, CASE WHEN n % 5 = 0 THEN 'en' ELSE 'nl' END
                  FROM generate_series(1, $1) n`, [users]);
  await db.query(`INSERT INTO groups (name, visibility, membership) SELECT 'Groep ' || n, 'public', 'open' FROM generate_series(1, $1) n`, [groups]);
  // Each reader in PER_USER groups, spread evenly.
  await db.query(`WITH u AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM users),
                       g AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM groups)
                  INSERT INTO group_members (group_id, user_id, role)
                  SELECT g.id, u.id, 'member' FROM u CROSS JOIN generate_series(0, $1 - 1) k
                  JOIN g ON g.n = (u.n * 7 + k * 131) % $2
                  ON CONFLICT DO NOTHING`, [PER_USER, groups]);
  // A week of messages, each by a member of its group; already dispatched (the bench measures digests, not the fan-out).
  await db.query(`WITH m AS (SELECT group_id, user_id, row_number() OVER (PARTITION BY group_id ORDER BY user_id) AS n,
                                    count(*) OVER (PARTITION BY group_id) AS size FROM group_members),
                       g AS (SELECT id, name, row_number() OVER (ORDER BY id) - 1 AS n FROM groups)
                  INSERT INTO activities (occurred_at, verb, actor_id, group_id, object_type, object_id, snapshot, dispatched_at)
                  SELECT now() - (random() * interval '6 days 23 hours'), 'message.posted', m.user_id, g.id, 'message', gen_random_uuid(),
                         jsonb_build_object('title', g.name, 'link', '/threads/' || gen_random_uuid() || '#' || i,
                                            'excerpt', 'Een bericht over lesmateriaal, toetsing en samenwerking in het informatica-onderwijs (' || i || ')'),
                         now()
                  FROM generate_series(1, $1) i
                  JOIN g ON g.n = i % $2
                  JOIN m ON m.group_id = g.id AND m.n = 1 + (i / $2) % m.size`, [activities, groups]);
  // As autovacuum leaves an insert-only table: the recipients' GIN index without a pending list to scan at every lookup.
  await db.query('VACUUM ANALYZE');
}

/** CPU time (user + system) of a process so far, in ms. */
function cpuOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100 a second)
  } catch {
    return 0;
  }
}

/** The CPU time of this database's PostgreSQL backends so far, by pid (ms). */
async function backendsCpu(db) {
  const { rows } = await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
  return new Map(rows.map(({ pid }) => [pid, cpuOf(pid)]));
}

function rssOf(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return NaN;
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Sends `count` copies of `mail` through a nodemailer transport, `inFlight` at a time: mails/s, and this process's CPU ms per mail. */
async function floor(url, mail, count, inFlight, pool) {
  const transport = nodemailer.createTransport({ url, ...pool });
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        next++;
        await transport.sendMail(mail);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { user, system } = process.cpuUsage(cpu);
  transport.close();
  return { perSecond: count / seconds, cpuPerMail: (user + system) / 1000 / count };
}

async function measure(size) {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  const env = { DATABASE_URL, REDIS_PREFIX, LOG_LEVEL: 'warn', SAMPLE_DOCUMENTS_DIR: '', PUBLIC_URL: 'https://kennisplein.example' };
  await run(['dist/apps/cli/src/main.js', 'migrate'], env);
  // The platform's search_path, so the seeding SQL finds each lib's tables in its schema.
  const db = new pg.Client({ connectionString: DATABASE_URL, options: platformSearchPath });
  await db.connect();
  await seed(db, size);

  const { sink, server, url } = await startSink();
  const profileDir = WORKER_FLAGS.includes('--cpu-prof') ? mkdtempSync(join(tmpdir(), 'kp-bench-digests-prof-')) : null;
  const worker = await startWorker({ ...env, SMTP_URL: url }, [...WORKER_FLAGS, ...(profileDir ? [`--cpu-prof-dir=${profileDir}`] : [])]);
  let peak = 0;
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${worker.child.pid}/status`, 'utf8'))[1]) * 1024);
    } catch {
      // gone
    }
  }, 50);

  // The bench process enqueues (as the api would) and counts the queries of one batch, in-process from the build.
  const { NestFactory } = await import('@nestjs/core');
  const core = await import('../../dist/libs/core/src/index.js');
  const identity = await import('../../dist/libs/identity/src/index.js');
  const community = await import('../../dist/libs/community/src/index.js');
  const notifications = await import('../../dist/libs/notifications/src/index.js');
  const { DataSource } = await import('typeorm');
  const config = core.loadConfig({ ...process.env, ...env, SMTP_URL: url, WORKER_INLINE: 'false' });
  const app = await NestFactory.createApplicationContext(
    { module: class BenchModule {}, imports: [core.CoreModule.forRoot(config, { worker: false, http: false, schemas: platformSchemas }), identity.IdentityModule.forRoot(), community.CommunityModule.forRoot(), notifications.NotificationsModule.forRoot()] },
    { logger: ['error'] },
  );
  const digests = app.get(notifications.DigestsService);
  const dataSource = app.get(DataSource);
  // One batch, as a job would take it: the first readers by id.
  const sample = (await db.query(`SELECT id FROM users ORDER BY id LIMIT $1`, [notifications.DIGEST_BATCH])).rows.map((row) => row.id);
  const mailer = app.get(core.Mailer);
  const send = mailer.send;
  let sampleMail = null;
  mailer.send = function (mail) {
    sampleMail ??= mail;
    return send.call(this, mail);
  };
  const runner = dataSource.createQueryRunner();
  const prototype = Object.getPrototypeOf(runner);
  await runner.release();
  const original = prototype.query;
  let queries = 0;
  prototype.query = function (...args) {
    queries++;
    return original.apply(this, args);
  };
  await digests.sendBatch(sample, '2000-W01', 'weekly');
  prototype.query = original;
  mailer.send = send;
  const sampleBytes = sink.bytes / Math.max(sink.count, 1);
  await db.query(`DELETE FROM digest_deliveries`);
  await db.query(`DELETE FROM digest_watermarks`);
  await db.query(`UPDATE users SET last_digest_at = NULL`);
  const countBefore = sink.count;
  sink.to.clear();

  const cpuBefore = { worker: cpuOf(worker.child.pid), bench: process.cpuUsage(), postgres: await backendsCpu(db) };
  const started = process.hrtime.bigint();
  const { enqueued, period } = await digests.runNow('weekly');
  log(`enqueued ${enqueued} digests for ${period}`);
  let done = 0;
  // The worker's resident memory as the run goes on (MiB at each tenth of the readers done): flat, or growing with them.
  const rssAt = [];
  while (done < enqueued) {
    await sleep(100);
    [{ done }] = (await db.query(`SELECT count(*)::int AS done FROM digest_deliveries WHERE period = $1 AND status IN ('sent', 'empty', 'failed')`, [period])).rows;
    while (rssAt.length < Math.floor((10 * done) / enqueued)) rssAt.push(rssOf(worker.child.pid));
  }
  const finished = process.hrtime.bigint();
  const seconds = Number(finished - started) / 1e9;
  const benchCpu = process.cpuUsage(cpuBefore.bench);
  const cpu = {
    worker: cpuOf(worker.child.pid) - cpuBefore.worker,
    bench: (benchCpu.user + benchCpu.system) / 1000,
    postgres: [...(await backendsCpu(db))].reduce((sum, [pid, ms]) => sum + ms - (cpuBefore.postgres.get(pid) ?? 0), 0),
  };
  clearInterval(sampler);
  // Stopped before the floor runs: the worker's profile ends with the run.
  worker.child.kill('SIGTERM');
  await worker.exited;
  children.delete(worker.child);
  const mails = sink.count - countBefore;
  const queue = app.get(core.JobQueue).queue(notifications.NotificationsQueue.Digests);
  const jobs = (await queue.getCompleted(0, 999)).filter((job) => job.name === notifications.NotificationsJob.SendDigests);
  const runTimes = jobs.map((job) => job.finishedOn - job.processedOn).sort((a, b) => a - b);
  const batchSize = jobs.length ? jobs.reduce((sum, job) => sum + job.data.userIds.length, 0) / jobs.length : 0;
  const [{ failed, sent }] = (
    await db.query(`SELECT count(*) FILTER (WHERE status = 'failed')::int AS failed, count(*) FILTER (WHERE status = 'sent')::int AS sent FROM digest_deliveries WHERE period = $1`, [period])
  ).rows;
  const sentTo = (await db.query(`SELECT u.email FROM digest_deliveries d JOIN users u ON u.id = d.user_id WHERE d.period = $1 AND d.status = 'sent'`, [period])).rows;
  const lost = sentTo.filter(({ email }) => !sink.to.has(email)).length;
  const duplicated = [...sink.to.values()].reduce((sum, n) => sum + n - 1, 0);

  // The floor: as many mails as went out, through nodemailer with the mailer's own pool settings, to the same sink.
  const sizedBody = 'x'.repeat(Math.max(0, Math.round(sampleBytes) - 400));
  const plainMail = { from: 'bench@kennisplein.local', to: 'reader@bench.local', subject: 'Floor', text: sizedBody, html: `<p>${sizedBody}</p>` };
  const plainFloor = await floor(url, plainMail, mails, 16, core.SMTP_POOL);
  // The same, with the digest mail itself (its quoted-printable text and HTML cost nodemailer more than plain ASCII).
  const digestMail = { from: config.MAIL_FROM, to: sampleMail.to, subject: sampleMail.subject, text: sampleMail.text, html: sampleMail.html, headers: sampleMail.headers };
  const sameFloor = await floor(url, digestMail, mails, 16, core.SMTP_POOL);

  await app.close();
  await db.end();
  server.close();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.end();
  const redis = new Redis(REDIS_URL);
  for (let cursor = '0'; ; ) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${REDIS_PREFIX}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    if ((cursor = next) === '0') break;
  }
  redis.disconnect();
  const profile = profileDir ? summariseProfile(profileDir, [started, finished]) : null;
  if (profileDir && !profile) log(`no CPU profile in ${profileDir}`);

  return {
    ...size,
    seconds,
    enqueued,
    mails,
    sent,
    failed,
    lost,
    duplicated,
    kib: sampleBytes / 1024,
    runTimes,
    batchSize,
    queriesPerReader: queries / sample.length,
    queries,
    sampleReaders: sample.length,
    peakMiB: peak / 1024 / 1024,
    rssAt,
    floor: plainFloor.perSecond,
    sameFloor: sameFloor.perSecond,
    floorCpu: plainFloor.cpuPerMail,
    sameFloorCpu: sameFloor.cpuPerMail,
    cpu,
    profile,
  };
}

const command = `npm run bench:digests --${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
const results = [];
for (const size of SIZES) results.push(await measure(size));

console.log(`digests, weekly, ${PER_USER} groups per reader; ${command}${WORKER_FLAGS.length ? ` (worker: ${WORKER_FLAGS.join(' ')})` : ''}`);
console.log(`mail transport: nodemailer pool ${JSON.stringify(await import('../../dist/libs/core/src/index.js').then((core) => core.SMTP_POOL))} in the worker and in the floor (16 mails in flight)`);
for (const r of results) {
  const mailsPerSecond = r.mails / r.seconds;
  console.log(`\n${r.users} readers in ${r.groups} groups, ${r.activities} activities in the week`);
  console.log(`  whole run       ${r.seconds.toFixed(1)} s for ${r.enqueued} readers: ${(r.enqueued / r.seconds).toFixed(0)} users/s`);
  console.log(`  mails           ${r.mails} (${r.sent} marked sent, ${r.failed} failed; lost ${r.lost}, duplicated ${r.duplicated}): ${mailsPerSecond.toFixed(0)} mails/s, ${r.kib.toFixed(1)} KiB each`);
  console.log(`  per job         p50 ${percentile(r.runTimes, 50)} ms, p95 ${percentile(r.runTimes, 95)} ms (run time of a digest job of ${r.batchSize.toFixed(0)} readers, ${r.runTimes.length} jobs)`);
  console.log(`  SQL per reader  ${r.queriesPerReader.toFixed(2)} queries (${r.queries} for a batch of ${r.sampleReaders})`);
  console.log(`  worker peak RSS ${r.peakMiB.toFixed(0)} MiB; RSS at each tenth of the run: ${r.rssAt.map((mib) => mib.toFixed(0)).join(' ')} MiB`);
  console.log(`  floor           ${r.floor.toFixed(0)} mails/s (${r.mails} plain mails of the same size through nodemailer); the digest mail itself: ${r.sameFloor.toFixed(0)} mails/s`);
  console.log(`  ratio           ${(mailsPerSecond / r.floor).toFixed(2)} of the floor (${(mailsPerSecond / r.sameFloor).toFixed(2)} of the same-mail floor)`);
  const per = (ms) => (ms / r.mails).toFixed(2);
  console.log(
    `  CPU per mail    run: worker ${per(r.cpu.worker)} + bench process (sink, enqueue) ${per(r.cpu.bench)} + PostgreSQL ${per(r.cpu.postgres)} = ${per(r.cpu.worker + r.cpu.bench + r.cpu.postgres)} ms; ` +
      `floor (sender and sink in one process): ${r.floorCpu.toFixed(2)} ms, same mail ${r.sameFloorCpu.toFixed(2)} ms`,
  );
  if (r.profile) {
    console.log(`  worker CPU      ${(r.profile.total / 1000).toFixed(1)} s sampled during the run (${r.profile.file}); by package:`);
    for (const [name, ms] of r.profile.byPackage.slice(0, 12)) console.log(`    ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / r.profile.total).toFixed(1).padStart(5)} %  ${name}`);
    console.log('    busiest functions:');
    for (const [name, ms] of r.profile.byFunction.slice(0, 12)) console.log(`    ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / r.profile.total).toFixed(1).padStart(5)} %  ${name}`);
  }
}
if (results.length > 1) {
  console.log('\n| readers | whole run | users/s | mails/s | job p50 / p95 | SQL per reader | worker peak RSS | floor mails/s | ratio |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const mailsPerSecond = r.mails / r.seconds;
    console.log(
      `| ${r.users} | ${r.seconds.toFixed(1)} s | ${(r.enqueued / r.seconds).toFixed(0)} | ${mailsPerSecond.toFixed(0)} | ${percentile(r.runTimes, 50)} / ${percentile(r.runTimes, 95)} ms | ${r.queriesPerReader.toFixed(2)} | ${r.peakMiB.toFixed(0)} MiB | ${r.floor.toFixed(0)} | ${(mailsPerSecond / r.floor).toFixed(2)} |`,
    );
  }
}
process.exit(0);
