// Kennisbank benchmark: generates kennisbank-style documents (corpus.mjs: the seed
// documents' Dutch vocabulary with Zipf's law, varied lengths, 1–4 authors, 3–8 keywords),
// imports them with the CLI (`npm run cli -- import`), then times the web client's search
// page against the built api. Prints figures; asserts nothing.
//
//   npm run bench:import -- --documents 1500 --queries 200
//   npm run bench:import -- --documents 50000
//   --database NAME (default kp_bench_import_<documents>), --keep-database: leave it for another
//   run with --search-only (no generation or import; pending migrations are run)
//   npm run bench:import -- --documents 1500 --format pdf   (the same documents as PDFs, bench/import/pdf.mjs)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createRandom, generateDocument, generateQuery } from './corpus.mjs';
import { pdfOf } from './pdf.mjs';

const { values } = parseArgs({
  options: {
    documents: { type: 'string', default: '1500' },
    queries: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '4' },
    'keep-database': { type: 'boolean', default: false },
    'search-only': { type: 'boolean', default: false },
    database: { type: 'string' },
    format: { type: 'string', default: 'text' },
  },
});
const DOCUMENTS = Number(values.documents);
const QUERIES = Number(values.queries);
const FORMAT = values.format;
if (FORMAT !== 'text' && FORMAT !== 'pdf') throw new Error('--format is text or pdf');
if (values['search-only'] && !values.database) throw new Error('--search-only needs --database NAME (one kept by --keep-database)');
const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// One per run unless named: engineers share the server.
const DATABASE = values.database ?? `kp_bench_import_${DOCUMENTS}_${process.pid}`;
const DATABASE_URL = SERVER_URL.replace(/\/[^/]*$/, `/${DATABASE}`);
const log = (line) => process.stderr.write(`${line}\n`);
const env = { DATABASE_URL, REDIS_PREFIX: `kp-bench-import-${process.pid}`, LOG_LEVEL: 'warn', SAMPLE_DOCUMENTS_DIR: '' };

function freePort() {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** Runs a process to its end, following its peak RSS (VmHWM) in /proc. */
function runMeasured(args, env) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let peak = 0;
  let output = '';
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) * 1024);
    } catch {
      // the process has ended
    }
  }, 50);
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => process.stderr.write(chunk));
  return new Promise((done, fail) =>
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) fail(new Error(`exited ${code}:\n${output}`));
      else done({ seconds: Number(process.hrtime.bigint() - started) / 1e9, peak, output });
    }),
  );
}

async function startApi(env) {
  const child = spawn(process.execPath, ['dist/apps/api/src/main.js'], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  let exited = false;
  child.on('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error('the api exited');
    try {
      if ((await fetch(`http://127.0.0.1:${env.PORT}/api/v1/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main() {
  const keep = values['keep-database'] || values['search-only'];
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  // What the documents hold, for the filters the queries pick (a facet value a reader clicks).
  const documents = [];
  let bytes = 0;
  let imported = null;
  if (!values['search-only']) {
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    const folder = mkdtempSync(join(tmpdir(), 'kennisbank-'));
    for (let i = 0; i < DOCUMENTS; i++) {
      const document = generateDocument(i, undefined, DOCUMENTS);
      documents.push({ theme: document.theme, keywords: document.keywords, authors: document.authors.map((one) => one.name) });
      const content = FORMAT === 'pdf' ? await pdfOf(document.text) : document.text;
      bytes += Buffer.byteLength(content);
      writeFileSync(join(folder, FORMAT === 'pdf' ? document.filename.replace(/\.txt$/, '.pdf') : document.filename), content);
    }
    log(`generated ${DOCUMENTS} ${FORMAT} documents (${(bytes / 1024 / 1024).toFixed(1)} MiB) in ${folder}`);
    // Migrations first, so the import's time is the import's.
    await runMeasured(['dist/apps/cli/src/main.js', 'migrate'], env);
    imported = await runMeasured(['dist/apps/cli/src/main.js', 'import', folder, '--congress', 'nioc2025', '--concurrency', values.concurrency], env);
    rmSync(folder, { recursive: true, force: true });
    if (!new RegExp(`│ created\\s+│\\s+${DOCUMENTS} │`).test(imported.output)) throw new Error(`not every document was created:\n${imported.output}`);
  } else {
    for (let i = 0; i < DOCUMENTS; i++) {
      const document = generateDocument(i, undefined, DOCUMENTS);
      documents.push({ theme: document.theme, keywords: document.keywords, authors: document.authors.map((one) => one.name) });
    }
    // Pending migrations (an index being tried) run here, outside the figures.
    await runMeasured(['dist/apps/cli/src/main.js', 'migrate'], env);
  }

  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  const slugs = new Map((await db.query(`SELECT name, slug FROM kennisbank.themes`)).rows.map((row) => [row.name, row.slug]));
  await db.end();

  const port = await freePort();
  // The search rate limit (120 a minute per client) would stop a benchmark asking from one address.
  // No anonymous cache: the warm-up's queries come again among the measured ones, and what is
  // measured here is the search itself (bench:reads measures the cache).
  const api = await startApi({ ...env, PORT: String(port), WORKER_INLINE: 'false', SEARCH_RATE_LIMIT: '1000000', ANONYMOUS_CACHE_ENABLED: 'false' });
  const base = `http://127.0.0.1:${port}/api/v1/contributions`;
  // The web client's search page (apps/web/src/features/search/search-query.ts) asks one
  // request for its first page: the results, the facets and the total together.
  const random = createRandom(4242);
  const queries = Array.from({ length: QUERIES }, (_, i) => {
    const document = documents[Math.floor(random() * documents.length)];
    const kind = ['q only', 'theme', 'keyword', 'author'][i % 4];
    const filter =
      kind === 'theme'
        ? `&theme=${encodeURIComponent(slugs.get(document.theme))}`
        : kind === 'keyword'
          ? `&keyword=${encodeURIComponent(document.keywords[Math.floor(random() * document.keywords.length)])}`
          : kind === 'author'
            ? `&author=${encodeURIComponent(document.authors[Math.floor(random() * document.authors.length)])}`
            : '';
    return { kind, url: `${base}?q=${encodeURIComponent(generateQuery(random))}${filter}&facets=true&limit=20` };
  });
  for (const { url } of queries.slice(0, 20)) await (await fetch(url)).json(); // warm-up
  const times = [];
  const byKind = {};
  let found = 0;
  let matched = 0;
  for (const { kind, url } of queries) {
    const started = process.hrtime.bigint();
    const response = await fetch(url);
    const page = await response.json();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (response.status !== 200) throw new Error(`search answered ${response.status}: ${JSON.stringify(page)}`);
    times.push(ms);
    (byKind[kind] ??= []).push(ms);
    found += page.items.length;
    matched += page.total;
  }
  api.kill('SIGTERM');
  await new Promise((resolve) => api.on('exit', resolve));
  if (!keep) await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.end();
  times.sort((a, b) => a - b);

  const command = `npm run bench:import -- ${process.argv.slice(2).join(' ')}`;
  console.log(`kennisbank import: ${DOCUMENTS} ${FORMAT} documents${imported ? `, ${(bytes / 1024 / 1024).toFixed(1)} MiB, concurrency ${values.concurrency}` : ' (search only, imported before)'}`);
  console.log(`  command          ${command}`);
  if (imported) {
    console.log(`  import           ${imported.seconds.toFixed(1)} s  (${(DOCUMENTS / imported.seconds).toFixed(0)} documents/s, cli process wall clock incl. start)`);
    const importing = Number(/│ seconds\s+│\s+([\d.]+) │/.exec(imported.output)?.[1]);
    console.log(`    of which       ${importing.toFixed(1)} s importing (${(DOCUMENTS / importing).toFixed(0)} documents/s, the cli's own table), ${(imported.seconds - importing).toFixed(1)} s start-up and shut-down`);
    console.log(`  peak RSS (cli)   ${(imported.peak / 1024 / 1024).toFixed(0)} MiB`);
  }
  console.log(`search: ${QUERIES} search pages over HTTP, one after another, as the web client asks them (ranked, highlighted, 20 per page, with facets and total)`);
  console.log(`  1 in 4 q alone, the others with a theme, keyword or author filter of a random document; avg ${(matched / QUERIES).toFixed(0)} matches, ${(found / QUERIES).toFixed(1)} on the page`);
  for (const [kind, list] of Object.entries(byKind)) {
    list.sort((a, b) => a - b);
    console.log(`  ${kind.padEnd(8)} p50 ${percentile(list, 50).toFixed(1)} ms  p95 ${percentile(list, 95).toFixed(1)} ms`);
  }
  console.log(`  all      p50 ${percentile(times, 50).toFixed(1)} ms   p95 ${percentile(times, 95).toFixed(1)} ms   p99 ${percentile(times, 99).toFixed(1)} ms`);
}

main().catch(async (error) => {
  console.error(error);
  // A failed run leaves no database behind unless one was asked to be kept.
  if (!values['keep-database'] && !values['search-only']) {
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect().then(() => admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`)).catch(() => {});
    await admin.end().catch(() => {});
  }
  process.exit(1);
});
