/* global window, document, MutationObserver -- the functions handed to the page run in the browser */
// The contribution page as a first-time reader gets it: a cold browser cache on loopback.
// Starts the built api (web client included) on a database of its own with the sample
// kennisbank, writes feedback messages on one contribution, then opens its page in
// Debian's chromium several times, each in a fresh context, and prints the initial JS
// and CSS (gzip, as a server compressing them would send), the time to the first message
// visible and the LCP from the browser's own performance entries. Asserts nothing.
//
//   npm run bench:web -- --runs 5 --messages 40
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { apiCaller, firstSampleContribution, freePort, startApi } from '../support/api.mjs';
import { chromium } from 'playwright-core';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, messages: { type: 'string', default: '40' } } });
const RUNS = Number(values.runs);
const MESSAGES = Number(values.messages);
const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = 'kp_bench_web';
const DATABASE_URL = SERVER_URL.replace(/\/[^/]*$/, `/${DATABASE}`);
const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((path) => existsSync(path));
const log = (line) => process.stderr.write(`${line}\n`);

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

/** Records, inside the page, when the discussion's log first holds a message and the LCP entries. */
const PROBE = () => {
  window.__bench = { firstMessage: null, lcp: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.lcp = entry.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  const check = () => {
    if (window.__bench.firstMessage === null && document.querySelector('[role="log"] [id^="message-"]')) {
      window.__bench.firstMessage = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
};

const admin = new pg.Client({ connectionString: SERVER_URL });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
await admin.end();

const mailDir = mkdtempSync(join(tmpdir(), 'kp-bench-web-'));
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const api = await startApi({
  PORT: String(port),
  PUBLIC_URL: origin,
  DATABASE_URL,
  REDIS_PREFIX: `kp-bench-web-${process.pid}`,
  // One reader writes all the messages: more than the posting limit allows a user.
  POSTS_PER_USER_LIMIT: '1000000',
  LOG_LEVEL: 'warn',
  MAIL_DIR: mailDir,
});
const browser = await chromium.launch({ executablePath: CHROMIUM });
try {
  const call = apiCaller(origin);
  const contribution = await firstSampleContribution(call);
  const { accessToken } = await call('POST', '/auth/register', { email: `reader-${process.pid}@example.org`, password: 'correct horse battery', displayName: 'Lezer' });
  await call('POST', `/groups/${contribution.workspace.groupId}/join`, {}, accessToken);
  for (let i = 0; i < MESSAGES; i++) {
    await call('POST', `/contributions/${contribution.id}/feedback`, { body: `Reactie ${i + 1}: **mooi** verhaal, met een [link](https://example.org/${i}).` }, accessToken);
  }

  const sizes = new Map();
  const gzipOf = async (url) => {
    if (!sizes.has(url)) sizes.set(url, gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer())).length);
    return sizes.get(url);
  };
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(PROBE);
    const page = await context.newPage();
    await page.goto(`${origin}/contributions/${contribution.id}`);
    await page.waitForFunction(() => window.__bench.firstMessage !== null, null, { timeout: 30_000 });
    // LCP settles once the page stops painting larger elements: read it after the load.
    await page.waitForLoadState('load');
    const measured = await page.evaluate((origin) => ({
      firstMessage: window.__bench.firstMessage,
      lcp: window.__bench.lcp,
      resources: performance
        .getEntriesByType('resource')
        .filter((entry) => entry.startTime <= window.__bench.firstMessage)
        .map((entry) => entry.name),
      timeline: performance.getEntriesByType('resource').map((entry) => `${entry.startTime.toFixed(0)}–${entry.responseEnd.toFixed(0)} ms ${entry.name.replace(origin, '')}`),
    }), origin);
    // BENCH_TRACE=1: where the time goes (the page's own resource timeline).
    if (process.env.BENCH_TRACE) log([`run ${run + 1}: first message at ${measured.firstMessage.toFixed(0)} ms`, ...measured.timeline].join('\n  '));
    let js = 0;
    let css = 0;
    for (const url of measured.resources) {
      if (/\.js(\?|$)/.test(url)) js += await gzipOf(url);
      else if (/\.css(\?|$)/.test(url)) css += await gzipOf(url);
    }
    runs.push({ ...measured, js, css });
    await context.close();
  }
  const kb = (bytes) => (bytes / 1024).toFixed(1);
  console.log(`contribution page, ${MESSAGES} feedback messages, cold cache on loopback, ${RUNS} runs (median)\n`);
  console.log('| figure | value | aim |\n|---|---|---|');
  console.log(`| initial JS (gzip), loaded before the first message shows | ${kb(median(runs.map((r) => r.js)))} KB | ≤ 150 KB |`);
  console.log(`| initial CSS (gzip) | ${kb(median(runs.map((r) => r.css)))} KB | |`);
  console.log(`| first message visible | ${median(runs.map((r) => r.firstMessage)).toFixed(0)} ms | ≤ 1000 ms |`);
  console.log(`| LCP | ${median(runs.map((r) => r.lcp)).toFixed(0)} ms | |`);
} finally {
  await browser.close();
  api.kill();
  rmSync(mailDir, { recursive: true, force: true });
}
log('done');
