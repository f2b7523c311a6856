// The runtime figures of the realtime benchmark: event-loop delay and GC pauses of each server
// (through the preload runtime-stats.mjs) and of the benchmark's own process (its clients),
// plus where a Kennisplein message's milliseconds go. Used by run.mjs.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const PRELOAD = resolve('bench/realtime/runtime-stats.mjs');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The env that loads the preload into a server; `nodeOptions` are the server's own flags. */
export function runtimeStatsEnv(name, nodeOptions = '') {
  const file = join(tmpdir(), `kp-bench-runtime-${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.json`);
  return { BENCH_STATS_FILE: file, NODE_OPTIONS: `${nodeOptions} --import ${PRELOAD}`.trim() };
}

/** Starts a measurement window in the server (and in this process, for the clients' side). */
export function beginRuntimeStats(child, env) {
  rmSync(env.BENCH_STATS_FILE, { force: true });
  child.kill('SIGUSR2');
  const clientLoop = monitorEventLoopDelay({ resolution: 5 });
  clientLoop.enable();
  return { child, env, clientLoop };
}

/** Ends it: the server's figures since begin, and this process's loop delay. */
export async function endRuntimeStats({ child, env, clientLoop }) {
  clientLoop.disable();
  const ms = (ns) => ns / 1e6;
  const client = { p50: ms(clientLoop.percentile(50)), p99: ms(clientLoop.percentile(99)), max: ms(clientLoop.max) };
  const file = env.BENCH_STATS_FILE;
  rmSync(file, { force: true });
  child.kill('SIGUSR2');
  for (let i = 0; i < 100 && !existsSync(file); i++) await sleep(50);
  let server = null;
  try {
    server = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // the server wrote nothing: the figures stay empty
  }
  rmSync(file, { force: true });
  return { server, client };
}

/** Rows for the figures table: [label, value of a result]. */
export const runtimeRows = [
  ['server loop delay p50 (ms)', (x) => x.runtime?.server?.loop.p50, 1],
  ['server loop delay p99 (ms)', (x) => x.runtime?.server?.loop.p99, 1],
  ['server loop delay max (ms)', (x) => x.runtime?.server?.loop.max, 1],
  ['server GC pauses', (x) => x.runtime?.server?.gc.count, 0],
  ['server GC major pauses', (x) => x.runtime?.server?.gc.major, 0],
  ['server GC total (ms)', (x) => x.runtime?.server?.gc.totalMs, 0],
  ['server GC max pause (ms)', (x) => x.runtime?.server?.gc.maxMs, 1],
  ['server V8 heap used (MB)', (x) => x.runtime?.server && x.runtime.server.memory.heapUsed / 2 ** 20, 0],
  ['server V8 heap total (MB)', (x) => x.runtime?.server && x.runtime.server.memory.heapTotal / 2 ** 20, 0],
  ['clients loop delay p99 (ms)', (x) => x.runtime?.client.p99, 1],
  ['clients loop delay max (ms)', (x) => x.runtime?.client.max, 1],
];

/** The stages a Kennisplein message passes, as the preload and the clients timed them. */
export function formatStages(result) {
  const lines = [];
  const row = (label, s) =>
    lines.push(`  ${label.padEnd(34)}${String(s.count).padStart(8)}${s.p50.toFixed(1).padStart(9)}${s.p99.toFixed(1).padStart(9)}${s.max.toFixed(1).padStart(9)}`);
  lines.push(`  ${'stage (ms)'.padEnd(34)}${'count'.padStart(8)}${'p50'.padStart(9)}${'p99'.padStart(9)}${'max'.padStart(9)}`);
  for (const [label, s] of Object.entries(result.clientStages ?? {})) row(label, s);
  for (const [label, s] of Object.entries(result.runtime?.server?.stages ?? {}).sort((a, b) => b[1].count - a[1].count)) row(label, s);
  return lines.join('\n');
}

const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0);

/** count/p50/p99/max of a list of ms. */
export function summarize(list) {
  const sorted = [...list].sort((a, b) => a - b);
  return { count: sorted.length, p50: pct(sorted, 50), p99: pct(sorted, 99), max: sorted.at(-1) ?? 0 };
}
