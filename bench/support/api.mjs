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

/** A JSON call to the api at origin; throws on an answer that is not 2xx. */
export function apiCaller(origin) {
  return async (method, path, body, token) => {
    const response = await fetch(`${origin}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/** The first contribution of the sample kennisbank, which the api imports just after it listens. */
export async function firstSampleContribution(call) {
  for (let i = 0; i < 300; i++) {
    const contribution = (await call('GET', '/contributions?limit=1')).items[0];
    if (contribution) return contribution;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('no sample contribution was imported');
}
