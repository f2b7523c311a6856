import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { freePort } from './processes.js';

/**
 * A redis-server of a test's own, on a free port, for the tests that break Redis: they stop
 * and restart it without touching the Redis the other suites share. Append-only on, so a
 * restart keeps what was written, as a production Redis does; `restart({ keepData: false })`
 * starts it empty, as a Redis that lost its data.
 */
export class RedisServer {
  private child?: ChildProcess;
  private output = '';
  private port = 0;
  private readonly dir = mkdtempSync(join(tmpdir(), 'kp-redis-'));

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<string> {
    if (this.port === 0) this.port = await freePort();
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--save', '', '--protected-mode', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    this.output = '';
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    await this.waitUntilAnswering();
    return this.url;
  }

  /** Ends the server: SIGTERM lets it write its append-only file, SIGKILL does not. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
    this.child = undefined;
  }

  /** Stops it and starts it again on the same port. */
  async restart(options: { keepData?: boolean } = {}): Promise<void> {
    await this.stop();
    if (options.keepData === false) {
      rmSync(this.dir, { recursive: true, force: true });
      mkdirSync(this.dir);
    }
    await this.start();
  }

  async close(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async waitUntilAnswering(deadlineMs = 20_000): Promise<void> {
    const until = Date.now() + deadlineMs;
    for (;;) {
      const client = createClient({ url: this.url, socket: { connectTimeout: 1_000, reconnectStrategy: false } });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.ping();
        return;
      } catch {
        if (Date.now() > until) throw new Error(`redis-server did not start:\n${this.output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      } finally {
        if (client.isOpen) client.destroy();
      }
    }
  }
}
