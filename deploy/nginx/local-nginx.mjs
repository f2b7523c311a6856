// deploy/nginx/kennisplein.conf run as it ships, on loopback ports of the caller's choosing:
// nginx as a child process (never a daemon), with its own prefix and main config in a
// temporary folder, never /etc/nginx nor port 80. The realtime benchmark's cluster mode and
// test/nginx-two-instances.e2e-spec.ts put it in front of their api instances.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SITE_CONFIG = new URL('./kennisplein.conf', import.meta.url);
export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

const UPSTREAM_SERVERS = /^( *)server 127\.0\.0\.1:\d+;\n(?:\1server 127\.0\.0\.1:\d+;\n)*/m;
const LISTEN = /^( *)listen 80;$/m;

/**
 * The shipped site file with its two example upstream lines replaced by `upstreams`
 * (host:port each) and `listen 80` by `listen`; everything else as written. Throws when
 * the file no longer has those lines, so what is run stays what ships.
 * @param {{ listen: string, upstreams: string[] }} options
 */
export function renderSiteConfig({ listen, upstreams }) {
  const site = readFileSync(SITE_CONFIG, 'utf8');
  if (!UPSTREAM_SERVERS.test(site) || !LISTEN.test(site)) {
    throw new Error(`${SITE_CONFIG.pathname}: no "server 127.0.0.1:PORT;" lines or no "listen 80;" to put the ports in`);
  }
  return site
    .replace(UPSTREAM_SERVERS, (_match, indent) => upstreams.map((upstream) => `${indent}server ${upstream};\n`).join(''))
    .replace(LISTEN, (_match, indent) => `${indent}listen ${listen};`);
}

/** The hard limit of open files here (/proc/self/limits), which nginx cannot raise. */
function openFilesLimit() {
  const line = /^Max open files\s+\S+\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  return line && /^\d+$/.test(line[1]) ? Number(line[1]) : 65_536;
}

/**
 * The main config around it, in the place of Debian's /etc/nginx/nginx.conf: its
 * `worker_processes auto`, but room for many websockets (each takes two connections, the
 * client's and the upstream one; Debian's 768 per worker would hold some 380).
 */
function mainConfig() {
  const files = Math.min(openFilesLimit(), 65_536);
  return `daemon off;
master_process on;
worker_processes auto;
worker_rlimit_nofile ${files};
pid nginx.pid;
error_log stderr warn;
events { worker_connections ${files - 64}; }
http {
    access_log off;
    default_type application/octet-stream;
    client_body_temp_path temp/body;
    proxy_temp_path temp/proxy;
    fastcgi_temp_path temp/fastcgi;
    uwsgi_temp_path temp/uwsgi;
    scgi_temp_path temp/scgi;
    include kennisplein.conf;
}
`;
}

/** The process ids of a process's children, from /proc (nginx's workers). */
function childrenOf(pid) {
  const children = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

/**
 * Starts nginx on 127.0.0.1:`port` in front of `upstreams` and waits until it answers
 * `readyPath` (through to an api instance) with 200.
 * @param {{ port: number, upstreams: string[], readyPath?: string }} options
 */
export async function startNginx({ port, upstreams, readyPath = '/api/v1/health' }) {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: apt-get install -y nginx (or set NGINX_PATH)`);
  const prefix = mkdtempSync(join(tmpdir(), 'kennisplein-nginx-'));
  // Run as root, nginx's workers are `nobody`: they must reach the temp folders inside.
  chmodSync(prefix, 0o755);
  mkdirSync(join(prefix, 'temp'));
  writeFileSync(join(prefix, 'kennisplein.conf'), renderSiteConfig({ listen: `127.0.0.1:${port}`, upstreams }));
  writeFileSync(join(prefix, 'nginx.conf'), mainConfig());
  const child = spawn(NGINX, ['-p', `${prefix}/`, '-c', 'nginx.conf', '-e', 'stderr'], { stdio: ['ignore', 'pipe', 'pipe'] });
  // Ends with its parent, also when that fails half-way.
  const orphaned = () => child.kill('SIGKILL');
  process.once('exit', orphaned);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk.toString()));
  child.stderr.on('data', (chunk) => (output += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let ended = false;
  void exited.then(() => {
    ended = true;
    process.off('exit', orphaned);
  });
  const base = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (!ended) child.kill('SIGTERM');
    await exited;
    rmSync(prefix, { recursive: true, force: true });
  };

  for (let attempt = 0; ; attempt++) {
    if (ended) {
      rmSync(prefix, { recursive: true, force: true });
      throw new Error(`nginx ended at start:\n${output}`);
    }
    try {
      if ((await fetch(`${base}${readyPath}`)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt === 200) {
      await stop();
      throw new Error(`nginx did not answer ${readyPath} on ${base}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    base,
    prefix,
    child,
    /** The master and its workers. */
    pids: () => [child.pid, ...childrenOf(child.pid)],
    output: () => output,
    stop,
  };
}
