// The realtime benchmark's table: Kennisplein beside its floors (the relay, and with --nest the
// relay as a bare Nest app), the ratio to the relay, then where a message's time goes.
import { formatStages, runtimeRows } from './runtime.mjs';

const rows = [
  ['clients connected', (x) => x.clients, 0],
  ['messages sent', (x) => x.sent, 0],
  ['send errors', (x) => x.sendErrors, 0],
  ['deliveries expected', (x) => x.expected, 0],
  ['deliveries received', (x) => x.received, 0],
  ['lost', (x) => x.lost, 0],
  ['duplicated', (x) => x.duplicated, 0],
  ['latency p50 (ms)', (x) => x.p50, 0],
  ['latency p95 (ms)', (x) => x.p95, 0],
  ['latency p99 (ms)', (x) => x.p99, 0],
  ['deliveries/s', (x) => x.deliveriesPerSecond, 0],
  ['server RSS (MB)', (x) => x.rssMb, 0],
  ['server RSS, no client (MB)', (x) => x.rssIdleMb, 0],
  ['RSS per connection (KB)', (x) => x.rssPerConnectionKb, 1],
  ['server CPU (% of a core)', (x) => x.cpuPercent, 0],
  ...runtimeRows,
];

export function printFigures(results, { clients, threads, rate, seconds }) {
  const out = (line) => process.stdout.write(`${line}\n`);
  const k = results.kennisplein;
  const r = results.relay;
  const others = Object.keys(results).filter((name) => name !== 'kennisplein' && name !== 'relay');
  const cell = (value, digits) => (value === undefined || value === null ? '' : value.toFixed(digits)).padStart(13);
  out(`\nrealtime: ${clients} clients, ${threads} threads, ${rate} messages/s for ${seconds} s`);
  out(`${'figure'.padEnd(30)}${(k?.label ?? 'kennisplein').padStart(13)}${'relay'.padStart(13)}${'ratio'.padStart(9)}${others.map((name) => name.padStart(13)).join('')}`);
  for (const [label, value, digits] of rows) {
    const a = k && value(k);
    const b = r && value(r);
    const ratio = typeof a === 'number' && b ? (a / b).toFixed(2) : '';
    out(`${label.padEnd(30)}${cell(a, digits)}${cell(b, digits)}${ratio.padStart(9)}${others.map((name) => cell(value(results[name]), digits)).join('')}`);
  }
  for (const [name, result] of Object.entries(results)) out(`\nwhere the time goes, ${name}:\n${formatStages(result)}`);
  out(`\nnpm run bench:realtime -- ${process.argv.slice(2).join(' ')}`);
}
