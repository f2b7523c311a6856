// Where a process's CPU time went, from a V8 profile written by `node --cpu-prof`: self
// time by package (node_modules/<package>, dist/libs/<lib>, node:…, the VM's own) and the
// busiest functions.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function packageOf(url) {
  if (!url) return '(vm)';
  const module = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1];
  if (url.startsWith('node:')) return url.replace(/\/.*$/, '');
  const own = /dist\/((libs|apps)\/[^/]+)/.exec(url);
  return own ? own[1] : url;
}

/**
 * The newest profile in `dir`, summed up: total, by package and by function (ms), largest
 * first; only the samples within `window` ([from, to] in process.hrtime.bigint() ns, the
 * same monotonic clock as the profile's) when one is given.
 */
export function summariseProfile(dir, window = null) {
  const [file] = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile')).sort().reverse();
  if (!file) return null;
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  const [from, to] = window ? window.map((ns) => Number(ns / 1000n)) : [-Infinity, Infinity];
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= from && at <= to) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const byPackage = new Map();
  const byFunction = new Map();
  let total = 0;
  for (const [id, micros] of self) {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    const ms = micros / 1000;
    total += ms;
    const special = ['(idle)', '(program)', '(garbage collector)'].includes(functionName);
    const pkg = special ? functionName : packageOf(url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
    const name = `${functionName || '(anonymous)'} (${pkg}${lineNumber >= 0 ? `:${lineNumber + 1}` : ''})`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  }
  const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]);
  return { file: join(dir, file), total, byPackage: sorted(byPackage), byFunction: sorted(byFunction) };
}
