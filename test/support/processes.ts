import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const DIST = {
  api: resolve('dist/apps/api/src/main.js'),
  worker: resolve('dist/apps/worker/src/main.js'),
  cli: resolve('dist/apps/cli/src/main.js'),
};

export function assertBuilt(): void {
  if (!existsSync(DIST.api)) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  child: ChildProcess;
  output(): string;
  /** Resolves when the process ends. */
  exited: Promise<Finished>;
}

/** Starts a built app as its own process, with only the given environment (plus PATH). */
export function start(script: string, args: string[], env: Record<string, string>): Running {
  const child = spawn(process.execPath, [script, ...args], {
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Finished>((resolveExit) =>
    child.on('close', (code) => resolveExit({ code, stdout, stderr })),
  );
  return { child, output: () => stdout + stderr, exited };
}

export function run(script: string, args: string[], env: Record<string, string>): Promise<Finished> {
  return start(script, args, env).exited;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Waits until `check` passes or the process ends; no time is asserted, the deadline only ends a hung test. */
export async function waitFor(running: Running, check: () => Promise<boolean>, deadlineMs = 25_000): Promise<void> {
  let ended = false;
  void running.exited.then(() => (ended = true));
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (ended) throw new Error(`process ended early:\n${running.output()}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`process did not get ready:\n${running.output()}`);
}
