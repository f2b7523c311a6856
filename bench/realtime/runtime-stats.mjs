// Bench-only preload (node --import): the event loop's delay and GC pauses of the process it
// is loaded into, and, where the process uses pg, how long its queries wait for a pooled
// connection and run. On each SIGUSR2 it writes what it saw since the previous one to
// BENCH_STATS_FILE as JSON and starts afresh: the benchmark signals once when the load
// starts and once when it ends. Product code knows nothing of it.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { Session } from 'node:inspector';

const file = process.env.BENCH_STATS_FILE;
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
let gc = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gc.push({ ms: entry.duration, kind: entry.detail?.kind });
}).observe({ entryTypes: ['gc'] });

/** Samples of one stage, in ms. */
const samples = new Map();
const record = (stage, ms) => {
  let list = samples.get(stage);
  if (!list) samples.set(stage, (list = []));
  list.push(ms);
};
globalThis.__benchTrace = record;

// pg, when the process has it: the wait for a pooled connection and each query's round trip.
try {
  const require = createRequire(resolve('package.json'));
  const pg = require('pg');
  const Pool = pg.Pool;
  const connect = Pool.prototype.connect;
  Pool.prototype.connect = function (callback) {
    const asked = performance.now();
    if (typeof callback === 'function') {
      return connect.call(this, (error, client, done) => {
        record('pg pool wait', performance.now() - asked);
        callback(error, client, done);
      });
    }
    return connect.call(this).then((client) => {
      record('pg pool wait', performance.now() - asked);
      return client;
    });
  };
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config, values, callback) {
    const started = performance.now();
    const text = typeof config === 'string' ? config : config?.text ?? '';
    const stage = `pg ${(/^\s*(\w+)/.exec(text)?.[1] ?? '?').toUpperCase()}`;
    const cb = typeof values === 'function' ? values : callback;
    if (typeof cb === 'function') {
      const wrapped = (error, result) => {
        record(stage, performance.now() - started);
        cb(error, result);
      };
      return typeof values === 'function' ? query.call(this, config, wrapped) : query.call(this, config, values, wrapped);
    }
    const result = query.call(this, config, values, callback);
    if (result && typeof result.then === 'function') result.then(() => record(stage, performance.now() - started), () => undefined);
    return result;
  };
} catch {
  // no pg here (the relay)
}

// BENCH_CPU_PROFILE=file: a CPU profile of the measured window (--cpu-prof is refused in NODE_OPTIONS).
const profileFile = process.env.BENCH_CPU_PROFILE;
let profiler;
function profileWindow() {
  if (!profileFile) return;
  if (!profiler) {
    profiler = new Session();
    profiler.connect();
    profiler.post('Profiler.enable', () => profiler.post('Profiler.start'));
    return;
  }
  profiler.post('Profiler.stop', (error, result) => {
    if (!error) writeFileSync(profileFile, JSON.stringify(result.profile));
    profiler.disconnect();
  });
}

const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0);

process.on('SIGUSR2', () => {
  profileWindow();
  const pauses = gc.map((entry) => entry.ms).sort((a, b) => a - b);
  const stages = {};
  for (const [stage, list] of samples) {
    list.sort((a, b) => a - b);
    stages[stage] = { count: list.length, p50: pct(list, 50), p99: pct(list, 99), max: list.at(-1) ?? 0 };
  }
  const stats = {
    loop: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6, mean: loop.mean / 1e6 },
    gc: {
      count: pauses.length,
      totalMs: pauses.reduce((sum, ms) => sum + ms, 0),
      maxMs: pauses.at(-1) ?? 0,
      major: gc.filter((entry) => entry.kind === 4).length,
    },
    stages,
    memory: process.memoryUsage(),
  };
  if (file) writeFileSync(file, JSON.stringify(stats));
  loop.reset();
  gc = [];
  samples.clear();
});
