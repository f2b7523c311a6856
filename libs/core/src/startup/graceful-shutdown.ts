import { Logger } from '@nestjs/common';
import type { Server } from 'node:http';

const logger = new Logger('Shutdown');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Stops an HTTP server the graceful way: no new connections (the port closes at once), the
 * requests in flight answered, idle keep-alive connections closed as they become idle; at
 * the deadline whatever is left is cut.
 */
export async function drainHttpServer(server: Server, deadline: number): Promise<void> {
  // A response given while draining tells the client not to reuse its connection.
  server.on('request', (_request, response: { setHeader(name: string, value: string): void; headersSent: boolean }) => {
    if (!response.headersSent) response.setHeader('Connection', 'close');
  });
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  let done = false;
  void closed.then(() => (done = true));
  while (!done && Date.now() < deadline) {
    server.closeIdleConnections();
    await Promise.race([closed, sleep(100)]);
  }
  if (!done) {
    logger.warn('requests still in flight at the end of the grace period: cut');
    server.closeAllConnections();
    await closed;
  }
}

/**
 * SIGTERM (and SIGINT) end the process the graceful way: `drain` finishes the work in flight
 * until the deadline (SHUTDOWN_GRACE_SECONDS from the signal), then the app closes (Bull
 * queues, Redis, PostgreSQL) and the process exits 0. Replaces Nest's enableShutdownHooks,
 * which closes the modules while requests still use them and ends by re-raising the signal.
 */
export function exitGracefullyOnSignal(
  // Nest's application contexts take the signal, for their shutdown hooks.
  app: { close(signal?: string): Promise<void> },
  graceSeconds: number,
  drain: (deadline: number) => Promise<void>,
): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: finishing the work in flight (at most ${graceSeconds} s), then stopping`);
    const deadline = Date.now() + graceSeconds * 1000;
    // Closing itself could hang on a dead service: a last resort after the grace period.
    setTimeout(() => {
      logger.error('did not stop in time');
      process.exit(1);
    }, (graceSeconds + 15) * 1000).unref();
    void (async () => {
      let code = 0;
      try {
        await drain(deadline);
        await app.close(signal);
        logger.log('stopped');
      } catch (error) {
        logger.error(`stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        code = 1;
      }
      process.exit(code);
    })();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
