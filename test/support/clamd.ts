import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './processes.js';

export const CLAMD = '/usr/sbin/clamd';

/**
 * The EICAR test file: harmless, and detected as a virus by every scanner that knows it.
 * Put together here so that this source file itself is not it.
 */
export const EICAR = Buffer.from(['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join(''));
export const EICAR_SIGNATURE = 'Kennisplein.Test.EICAR';
/** A body signature (.ndb, anywhere in a file): found deep inside a large upload, it proves every chunk reached clamd. */
export const MARKER = Buffer.from('kennisplein-test-marker-7f3a9c');
export const MARKER_SIGNATURE = 'Kennisplein.Test.Marker';

/** clamd (Debian's clamav-daemon), its own config, port and signature database. */
export interface Clamd {
  url: string;
  port: number;
  /** How many streams clamd scanned and found clean (LogClean). */
  cleanScans(): number;
  stop(): Promise<void>;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.setTimeout(1000, () => socket.destroy());
    socket.on('connect', () => socket.write('zPING\0'));
    socket.on('data', (data) => (reply += data.toString()));
    socket.on('close', () => resolve(reply.startsWith('PONG')));
    socket.on('error', () => resolve(false));
  });
}

/**
 * Starts clamd on a free loopback port. No virus definitions can be downloaded here, so
 * its database is one hash signature (an .hdb line md5:size:name) of the EICAR file.
 */
export async function startClamd(): Promise<Clamd> {
  if (!existsSync(CLAMD)) throw new Error(`${CLAMD} is missing: apt-get install -y clamav-daemon (.ci/run does)`);
  const dir = mkdtempSync(join(tmpdir(), 'kp-clamd-'));
  const db = join(dir, 'db');
  mkdirSync(db);
  writeFileSync(join(db, 'kennisplein-test.hdb'), `${createHash('md5').update(EICAR).digest('hex')}:${EICAR.length}:${EICAR_SIGNATURE}\n`);
  writeFileSync(join(db, 'kennisplein-test.ndb'), `${MARKER_SIGNATURE}:0:*:${MARKER.toString('hex')}\n`);
  const log = join(dir, 'clamd.log');
  const port = await freePort();
  const config = join(dir, 'clamd.conf');
  writeFileSync(
    config,
    [
      `TCPSocket ${port}`,
      'TCPAddr 127.0.0.1',
      `DatabaseDirectory ${db}`,
      `TemporaryDirectory ${dir}`,
      `PidFile ${join(dir, 'clamd.pid')}`,
      'Foreground yes',
      `LogFile ${log}`,
      'LogClean yes',
      'LogTime no',
      // Uploads up to FILES_MAX_BYTES reach it whole.
      'StreamMaxLength 100M',
      'SelfCheck 3600',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(CLAMD, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let ended = false;
  void exited.then(() => (ended = true));
  const until = Date.now() + 60_000;
  while (!(await ping(port))) {
    if (ended || Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`clamd did not start:\n${output}${existsSync(log) ? readFileSync(log, 'utf8') : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `tcp://127.0.0.1:${port}`,
    port,
    cleanScans: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((line) => /: OK$/.test(line)).length : 0),
    stop: async () => {
      if (!ended) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
