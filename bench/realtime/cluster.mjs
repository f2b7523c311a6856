// The realtime benchmark's --instances mode: api instances on one database and one Redis
// prefix, behind nginx running deploy/nginx/kennisplein.conf as it ships (its ports put in).
// The clients know only nginx's address; nginx spreads their websockets over the instances,
// and a message reaches the clients of another instance through Redis (the message bus).
import { readFileSync } from 'node:fs';
import { startNginx } from '../../deploy/nginx/local-nginx.mjs';
import { freePort } from '../support/api.mjs';

/** Established TCP connections to a local port (IPv4 and IPv6), from /proc/net: the sockets nginx holds to an instance. */
function connectionsTo(port) {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  let count = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state === '01' && local?.endsWith(`:${hex}`)) count++;
    }
  }
  return count;
}

/**
 * @param {{ instances: number, startInstance: (shared?: object) => Promise<any>, usage: (pid: number) => { rss: number, cpu: number } }} options
 * `startInstance` is run.mjs's: without an argument it starts the first instance on a new
 * database and seeds it; with the first, another on the same database.
 */
export async function startCluster({ instances, startInstance, usage }) {
  const members = [await startInstance()];
  let nginx;
  const stop = async () => {
    await nginx?.stop();
    // The first instance drops the database: it goes last.
    for (const member of [...members].reverse()) await member.stop();
  };
  try {
    while (members.length < instances) members.push(await startInstance(members[0]));
    nginx = await startNginx({ port: await freePort(), upstreams: members.map((member) => new URL(member.base).host) });
  } catch (error) {
    await stop();
    throw error;
  }

  const groups = () => [
    ...members.map((member, i) => ({ label: `api instance ${i + 1}`, pids: [member.child.pid], port: Number(new URL(member.base).port) })),
    { label: 'nginx (master + workers)', pids: nginx.pids() },
  ];
  const measure = () =>
    groups().map(({ label, pids, port }) => {
      const all = pids.map(usage);
      return {
        label,
        rss: all.reduce((sum, one) => sum + one.rss, 0),
        cpu: all.reduce((sum, one) => sum + one.cpu, 0),
        connections: port === undefined ? undefined : connectionsTo(port),
        at: Date.now(),
      };
    });
  const marks = new Map();

  return {
    name: 'kennisplein',
    label: `kennisplein×${instances}`,
    /** The first instance: run.mjs's loop-delay and GC figures are its. */
    child: members[0].child,
    runtimeEnv: members[0].runtimeEnv,
    /** The api instances (the server figures of run.mjs add them up); nginx is shown apart. */
    pids: () => members.map((member) => member.child.pid),
    base: nginx.base,
    threads: members[0].threads,
    tokens: members[0].tokens,
    /** run.mjs marks the start and the end of the sending. */
    mark: (name) => marks.set(name, measure()),
    /** Per process: connections from nginx while loaded, RSS at the end, CPU over the sending. */
    breakdown: () => {
      const start = marks.get('start');
      const end = marks.get('end');
      if (!start || !end) return '';
      const lines = [
        `\n${instances} api instance${instances > 1 ? 's' : ''} behind nginx (deploy/nginx/kennisplein.conf), one database, one Redis;`,
        'the server figures above add up the instances, its loop delay and GC are instance 1\'s:',
        `${'process'.padEnd(26)}${'connections'.padStart(14)}${'RSS (MB)'.padStart(14)}${'CPU (% core)'.padStart(14)}`,
      ];
      end.forEach((after, i) => {
        const before = start[i];
        const cpu = ((after.cpu - before.cpu) / ((after.at - before.at) / 1000)) * 100;
        lines.push(`${after.label.padEnd(26)}${String(before.connections ?? '').padStart(14)}${(after.rss / 2 ** 20).toFixed(0).padStart(14)}${cpu.toFixed(0).padStart(14)}`);
      });
      return `${lines.join('\n')}\n`;
    },
    stop,
  };
}
