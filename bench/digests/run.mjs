// Digest benchmark: readers in groups with a week of activity, weekly digests through the
// built worker to a local SMTP sink. Prints users/s, mails/s, p95 time per digest, the
// worker's peak RSS and SQL queries per digest; then sends as many plain mails of the same
// size straight through nodemailer to the same sink (the floor) and prints the ratio.
// Prints figures; asserts nothing.
//
//   npm run bench:digests -- --users 10000 --groups 500 --activities 100000
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { platformSchemas, platformSearchPath } from '../../dist/apps/platform.js';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '10000' },
    groups: { type: 'string', default: '500' },
    activities: { type: 'string', default: '100000' },
    'groups-per-user': { type: 'string', default: '3' },
  },
});
const USERS = Number(values.users);
const GROUPS = Number(values.groups);
const ACTIVITIES = Number(values.activities);
const PER_USER = Number(values['groups-per-user']);
const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = `kp_bench_digests`;
const DATABASE_URL = SERVER_URL.replace(/\/[^/]*$/, `/${DATABASE}`);
const REDIS_PREFIX = `kp-bench-digests-${process.pid}`;
const log = (line) => process.stderr.write(`${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The sink: a real SMTP server that takes every message and keeps only its size. */
function startSink() {
  const sink = { count: 0, bytes: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', (chunk) => (sink.bytes += chunk.length));
      stream.on('end', () => {
        sink.count++;
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

async function seed(db) {
  log(`seeding ${USERS} readers, ${GROUPS} groups (${PER_USER} per reader), ${ACTIVITIES} activities over the past week`);
  await db.query(`INSERT INTO users (email, display_name, password_hash, locale)
                  SELECT 'reader' || n || '@bench.local', 'Lezer ' || n, NULL, CASE WHEN n % 5 = 0 THEN 'en' ELSE 'nl' END
                  FROM generate_series(1, $1) n`, [USERS]);
  await db.query(`INSERT INTO groups (name, visibility, membership) SELECT 'Groep ' || n, 'public', 'open' FROM generate_series(1, $1) n`, [GROUPS]);
  // Each reader in PER_USER groups, spread evenly.
  await db.query(`WITH u AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM users),
                       g AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM groups)
                  INSERT INTO group_members (group_id, user_id, role)
                  SELECT g.id, u.id, 'member' FROM u CROSS JOIN generate_series(0, $1 - 1) k
                  JOIN g ON g.n = (u.n * 7 + k * 131) % $2
                  ON CONFLICT DO NOTHING`, [PER_USER, GROUPS]);
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
                  JOIN m ON m.group_id = g.id AND m.n = 1 + (i / $2) % m.size`, [ACTIVITIES, GROUPS]);
  await db.query('ANALYZE');
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.end();
  const env = { DATABASE_URL, REDIS_PREFIX, LOG_LEVEL: 'warn', SAMPLE_DOCUMENTS_DIR: '', PUBLIC_URL: 'https://kennisplein.example' };
  await run(['dist/apps/cli/src/main.js', 'migrate'], env);
  // The platform's search_path, so the seeding SQL finds each lib's tables in its schema.
  const db = new pg.Client({ connectionString: DATABASE_URL, options: platformSearchPath });
  await db.connect();
  await seed(db);

  const { sink, server, url } = await startSink();
  const worker = spawn(process.execPath, [...(process.env.BENCH_WORKER_FLAGS ?? '').split(' ').filter(Boolean), 'dist/apps/worker/src/main.js'], { env: { ...process.env, ...env, SMTP_URL: url }, stdio: ['ignore', 'inherit', 'inherit'] });
  process.on('exit', () => worker.kill('SIGKILL'));
  let peak = 0;
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${worker.pid}/status`, 'utf8'))[1]) * 1024);
    } catch {
      // not started yet, or gone
    }
  }, 50);

  // The bench process enqueues (as the api would) and counts the queries of one digest, in-process from the build.
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
  const [{ id: sampleReader }] = (await db.query(`SELECT user_id AS id FROM group_members LIMIT 1`)).rows;
  const runner = dataSource.createQueryRunner();
  const prototype = Object.getPrototypeOf(runner);
  await runner.release();
  const original = prototype.query;
  let queries = 0;
  prototype.query = function (...args) {
    queries++;
    return original.apply(this, args);
  };
  await digests.send(sampleReader, '2000-W01', 'weekly');
  prototype.query = original;
  const sampleBytes = sink.bytes / Math.max(sink.count, 1);
  const countBefore = sink.count;
  await db.query(`DELETE FROM digest_deliveries`);
  await db.query(`UPDATE users SET last_digest_at = NULL`);

  const started = process.hrtime.bigint();
  const { enqueued, period } = await digests.runNow('weekly');
  log(`enqueued ${enqueued} digests for ${period}`);
  let done = 0;
  while (done < enqueued) {
    await sleep(250);
    [{ done }] = (await db.query(`SELECT count(*)::int AS done FROM digest_deliveries WHERE status IN ('sent', 'empty', 'failed')`)).rows;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  const mails = sink.count - countBefore;
  const queue = app.get(core.JobQueue).queue(core.QueueName.Digests);
  const finished = (await queue.getCompleted(0, 999)).map((job) => job.finishedOn - job.processedOn).sort((a, b) => a - b);
  const [{ failed }] = (await db.query(`SELECT count(*)::int AS failed FROM digest_deliveries WHERE status = 'failed'`)).rows;

  // The floor: the same number of plain mails of the same size, straight through nodemailer, pooled alike.
  const transport = nodemailer.createTransport({ url, pool: true, maxConnections: 8, maxMessages: 1000 });
  const body = 'x'.repeat(Math.max(0, Math.round(sampleBytes) - 400));
  const floorCount = mails;
  const floorStarted = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < floorCount) {
        next++;
        await transport.sendMail({ from: 'bench@kennisplein.local', to: 'reader@bench.local', subject: 'Floor', text: body, html: `<p>${body}</p>` });
      }
    }),
  );
  const floorSeconds = Number(process.hrtime.bigint() - floorStarted) / 1e9;
  transport.close();

  worker.kill('SIGTERM');
  await app.close();
  await db.end();
  server.close();

  console.log(`digests: ${USERS} readers in ${GROUPS} groups (${PER_USER} each), ${ACTIVITIES} activities in the week`);
  console.log(`  run             ${seconds.toFixed(1)} s for ${enqueued} readers: ${(enqueued / seconds).toFixed(0)} users/s`);
  console.log(`  mails           ${mails} (${failed} failed): ${(mails / seconds).toFixed(0)} mails/s, ${(sampleBytes / 1024).toFixed(1)} KiB each`);
  console.log(`  per digest      p50 ${percentile(finished, 50)} ms, p95 ${percentile(finished, 95)} ms (job run time, last ${finished.length} jobs)`);
  console.log(`  worker peak RSS ${(peak / 1024 / 1024).toFixed(0)} MiB`);
  console.log(`  SQL per digest  ${queries} queries`);
  console.log(`floor: ${floorCount} plain mails of the same size through nodemailer: ${(floorCount / floorSeconds).toFixed(0)} mails/s`);
  console.log(`  ratio           ${((mails / seconds) / (floorCount / floorSeconds)).toFixed(2)} of the floor`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
