// Kennisbank benchmark: generates kennisbank-style documents (varied lengths, 1–4
// authors, 3–8 keywords), imports them with the CLI (`npm run cli -- import`), then runs
// search queries against the built api. Prints figures; asserts nothing.
//
//   npm run bench:import -- --documents 1500 --queries 200
//   npm run bench:import -- --documents 50000
//   npm run bench:import -- --documents 1500 --format pdf   (the same documents as PDFs, bench/import/pdf.mjs)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { pdfOf } from './pdf.mjs';

const { values } = parseArgs({
  options: {
    documents: { type: 'string', default: '1500' },
    queries: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '4' },
    format: { type: 'string', default: 'text' },
  },
});
const DOCUMENTS = Number(values.documents);
const QUERIES = Number(values.queries);
const FORMAT = values.format;
if (FORMAT !== 'text' && FORMAT !== 'pdf') throw new Error('--format is text or pdf');
const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = `kp_bench_import_${DOCUMENTS}_${process.pid}`; // one per run: engineers share the server
const DATABASE_URL = SERVER_URL.replace(/\/[^/]*$/, `/${DATABASE}`);
const log = (line) => process.stderr.write(`${line}\n`);

// A seeded generator (mulberry32): the same run makes the same documents.
let seed = 20131122;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const between = (low, high) => low + Math.floor(random() * (high - low + 1));

const WORDS = `onderwijs informatica leerlingen docenten programmeren netwerksamenleving overheid co-creatie didactiek
  curriculum digitale geletterdheid computationeel denken algoritmen data privacy ethiek samenwerking lesmateriaal
  toetsing feedback hogeschool universiteit voortgezet basisonderwijs project ontwerp creëren onderzoek praktijk
  innovatie technologie samenleving burgers netwerken beleid kennis delen platform workshop presentatie resultaten
  studenten motivatie leren begrip modelleren software ontwikkeling robotica kunstmatige intelligentie databanken
  webontwikkeling beveiliging cloud open bronnen schoolleiding professionalisering leraren examen vaardigheden`
  .split(/\s+/)
  .filter(Boolean);
const FILLER = 'de het een en van in op met voor is dat die naar om ook als bij door aan wordt worden zijn'.split(' ');
const THEMES = ['ICT en overheid', 'Informatica-didactiek', 'Programmeeronderwijs', 'Digitale geletterdheid', 'Data en AI', 'Onderwijsinnovatie', 'Security', 'Open onderwijs'];
const FIRST = ['Anna', 'Bram', 'Carla', 'Daan', 'Eva', 'Femke', 'Gijs', 'Hanna', 'Ivo', 'Joris', 'Kim', 'Lotte', 'Milan', 'Noor', 'Otto', 'Pien', 'Ruben', 'Sanne', 'Thijs', 'Zoë'];
const LAST = ['de Vries', 'Jansen', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Dijk'];
const ORGS = ['HAN', 'Hogeschool Windesheim', 'Fontys', 'Hogeschool Utrecht', 'Universiteit Twente', 'TU Delft', 'Ambtenaar 2.0', 'SLO', 'Hogeschool Rotterdam'];
const PREAMBLE = readFileSync('libs/kennisbank/samples/000_cd083cd2a3775182.txt', 'utf8').split('Vermeld bij reacties')[0] + 'Vermeld bij reacties jouw naam en telefoonnummer voor nader contact.\n\n';

function sentence() {
  const words = Array.from({ length: between(8, 20) }, () => (random() < 0.45 ? pick(WORDS) : pick(FILLER)));
  const text = words.join(' ');
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

function document(i) {
  const authors = Array.from({ length: between(1, 4) }, () => `${pick(FIRST)} ${pick(LAST)}; ${pick(ORGS)}`).join(', ');
  const keywords = [...new Set(Array.from({ length: between(3, 8) }, () => pick(WORDS)))].join(', ');
  const title = `${pick(WORDS)} en ${pick(WORDS)}: ${Array.from({ length: between(2, 6) }, () => pick(WORDS)).join(' ')} (${i})`;
  // Lengths vary from a workshop abstract (~1 KB) to a full paper (~40 KB).
  const paragraphs = Array.from({ length: random() < 0.2 ? between(40, 80) : between(3, 20) }, () =>
    Array.from({ length: between(2, 6) }, sentence).join(' '),
  );
  return `${random() < 0.3 ? PREAMBLE : ''}${pick(THEMES)}\n\n${title}\n\nDoor: ${authors}\n\nTrefwoorden: ${keywords}.\n\n${paragraphs.join('\n\n')}\n`;
}

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
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.end();

  const folder = mkdtempSync(join(tmpdir(), 'kennisbank-'));
  let bytes = 0;
  for (let i = 0; i < DOCUMENTS; i++) {
    const text = document(i);
    const content = FORMAT === 'pdf' ? await pdfOf(text) : text;
    bytes += Buffer.byteLength(content);
    writeFileSync(join(folder, `${String(i).padStart(6, '0')}.${FORMAT === 'pdf' ? 'pdf' : 'txt'}`), content);
  }
  log(`generated ${DOCUMENTS} ${FORMAT} documents (${(bytes / 1024 / 1024).toFixed(1)} MiB) in ${folder}`);

  const env = { DATABASE_URL, REDIS_PREFIX: `kp-bench-import-${process.pid}`, LOG_LEVEL: 'warn', SAMPLE_DOCUMENTS_DIR: '' };
  // Migrations first, so the import's time is the import's.
  await runMeasured(['dist/apps/cli/src/main.js', 'migrate'], env);
  const imported = await runMeasured(['dist/apps/cli/src/main.js', 'import', folder, '--congress', 'nioc2025', '--concurrency', values.concurrency], env);
  rmSync(folder, { recursive: true, force: true });
  if (!new RegExp(`│ created\\s+│\\s+${DOCUMENTS} │`).test(imported.output)) throw new Error(`not every document was created:\n${imported.output}`);

  const port = await freePort();
  const api = await startApi({ ...env, PORT: String(port), WORKER_INLINE: 'false', SEARCH_RATE_LIMIT: '1000000' }); // the bench is one client
  const base = `http://127.0.0.1:${port}/api/v1/contributions`;
  const queries = Array.from({ length: QUERIES }, (_, i) => {
    const words = Array.from({ length: between(1, 2) }, () => pick(WORDS)).join(' ');
    const filter = i % 4 === 1 ? `&theme=informatica-didactiek` : i % 4 === 2 ? `&keyword=${encodeURIComponent(pick(WORDS))}` : i % 4 === 3 ? `&author=${pick(LAST).split(' ').at(-1)}` : '';
    return `${base}?q=${encodeURIComponent(words)}${filter}`;
  });
  let found = 0;
  for (const url of queries.slice(0, 20)) await (await fetch(url)).json(); // warm-up
  const times = [];
  const byKind = {};
  for (const url of queries) {
    const started = process.hrtime.bigint();
    const response = await fetch(url);
    const page = await response.json();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    times.push(ms);
    const kind = /&(theme|keyword|author)=/.exec(url)?.[1] ?? 'q only';
    (byKind[kind] ??= []).push(ms);
    if (response.status !== 200) throw new Error(`search answered ${response.status}: ${JSON.stringify(page)}`);
    found += page.items.length;
  }
  api.kill('SIGTERM');
  times.sort((a, b) => a - b);

  console.log(`command: npm run bench:import -- ${process.argv.slice(2).join(' ')}`);
  console.log(`kennisbank import: ${DOCUMENTS} ${FORMAT} documents, ${(bytes / 1024 / 1024).toFixed(1)} MiB, concurrency ${values.concurrency}`);
  console.log(`  import           ${imported.seconds.toFixed(1)} s  (${(DOCUMENTS / imported.seconds).toFixed(0)} documents/s, cli process wall clock incl. start)`);
  const importing = Number(/│ seconds\s+│\s+([\d.]+) │/.exec(imported.output)?.[1]);
  console.log(`    of which        ${importing.toFixed(1)} s importing (${(DOCUMENTS / importing).toFixed(0)} documents/s, the cli's own table), ${(imported.seconds - importing).toFixed(1)} s start-up and shut-down`);
  console.log(`  peak RSS (cli)   ${(imported.peak / 1024 / 1024).toFixed(0)} MiB`);
  console.log(`search: ${QUERIES} queries over HTTP (ranked, highlighted, 20 per page; 1 in 4 plain, the rest with a theme, keyword or author filter)`);
  for (const [kind, list] of Object.entries(byKind)) {
    list.sort((a, b) => a - b);
    console.log(`  ${kind.padEnd(8)} p50 ${percentile(list, 50).toFixed(1)} ms  p95 ${percentile(list, 95).toFixed(1)} ms`);
  }
  console.log(`  all      p50 ${percentile(times, 50).toFixed(1)} ms   p95 ${percentile(times, 95).toFixed(1)} ms   p99 ${percentile(times, 99).toFixed(1)} ms   (avg ${(found / QUERIES).toFixed(1)} results per page)`);
}

async function dropDatabase() {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.end();
}

main()
  .then(dropDatabase)
  .catch(async (error) => {
    console.error(error);
    await dropDatabase().catch(() => {});
    process.exit(1);
  });
