import request from 'supertest';
import { DIST, type Finished, freePort, type Running, start, waitFor } from './processes.js';

/**
 * An api (or worker) as its own process, built from dist/ (`npm run build`): for the tests
 * that kill, stop or starve the processes themselves. `env` is the whole environment the
 * process gets (start from testEnv()).
 */
export interface RemoteProcess {
  running: Running;
  /** Sends a signal; resolves when the process has ended. */
  stop(signal?: NodeJS.Signals): Promise<Finished>;
}

export interface RemoteApi extends RemoteProcess {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  http(): ReturnType<typeof request>;
}

async function stopper(running: Running, signal: NodeJS.Signals = 'SIGTERM'): Promise<Finished> {
  if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill(signal);
  return running.exited;
}

/** Starts an api on a free port (or the given one) and waits until /health answers 200. */
export async function startApi(env: Record<string, string>, options: { port?: number } = {}): Promise<RemoteApi> {
  const port = options.port ?? (await freePort());
  const running = start(DIST.api, [], { ...env, PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(running, async () => (await request(url).get('/api/v1/health')).status === 200, 60_000);
  } catch (error) {
    running.child.kill('SIGKILL');
    throw error;
  }
  return { running, port, url, http: () => request(url), stop: (signal) => stopper(running, signal) };
}

/** Starts a worker and waits until it processes jobs (it logs so at LOG_LEVEL log). */
export async function startWorker(env: Record<string, string>): Promise<RemoteProcess> {
  const running = start(DIST.worker, [], { ...env, LOG_LEVEL: 'log' });
  try {
    await waitFor(running, () => Promise.resolve(running.output().includes('worker processing jobs')), 60_000);
  } catch (error) {
    running.child.kill('SIGKILL');
    throw error;
  }
  return { running, stop: (signal) => stopper(running, signal) };
}

/** Waits until an async condition holds; the deadline only ends a hung test (generous: the machine may be loaded). */
export async function eventually(check: () => Promise<boolean>, what: string, deadlineMs = 30_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
