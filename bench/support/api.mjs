// What the benchmarks that start the built api share: a free loopback port, and the api
// as a child process, answered once /health says it is up.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export function freePort() {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** nodeArgs: options for node itself, e.g. ['--cpu-prof', '--cpu-prof-dir', dir]. */
export async function startApi(env, { nodeArgs = [] } = {}) {
  const child = spawn(process.execPath, [...nodeArgs, 'dist/apps/api/src/main.js'], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${env.PORT}/api/v1/health`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error('the api did not start');
}
