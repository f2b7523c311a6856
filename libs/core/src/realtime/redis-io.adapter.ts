import { type INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server, ServerOptions } from 'socket.io';
import { AppConfig } from '../config/app-config.js';
import { createRedisClient, type RedisClient } from '../redis/redis.module.js';

/** Sent to every socket of an api instance that is shutting down: reconnect (elsewhere). */
export const SERVER_SHUTDOWN_EVENT = 'server:shutdown';

/** Socket.io payloads larger than this close the connection. */
export const MAX_SOCKET_PAYLOAD_BYTES = 64 * 1024;

const logger = new Logger('RedisIoAdapter');

/**
 * The adapter's publishing client, made so a publish never rejects: @socket.io/redis-adapter
 * calls `publish` without handling its promise, so a broadcast in flight when Redis goes away
 * was an unhandled rejection, which ends a Node process. A broadcast is at most once anyway
 * (clients catch up from the database by seq); a failed one is logged.
 */
export function publishingQuietly(client: RedisClient): RedisClient {
  const publish = client.publish.bind(client);
  const quiet = (...args: Parameters<typeof publish>) =>
    publish(...args).catch((error: unknown) => {
      logger.warn(`a broadcast was not published: ${String(error)}`);
      return 0;
    });
  // `publish` is read-only in node-redis's types; the instance's own property shadows the prototype's.
  Object.defineProperty(client, 'publish', { value: quiet, configurable: true });
  return client;
}

/**
 * socket.io with the Redis adapter, so that rooms and broadcasts span every api
 * instance, and with a payload limit.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly clients: RedisClient[] = [];
  private adapterFactory?: ReturnType<typeof createAdapter>;
  private readonly servers: Server[] = [];

  constructor(private readonly app: INestApplicationContext) {
    super(app);
  }

  async connect(): Promise<void> {
    const config = this.app.get(AppConfig);
    const pub = publishingQuietly(createRedisClient(config.REDIS_URL));
    const sub = pub.duplicate();
    sub.on('error', () => undefined);
    await Promise.all([pub.connect(), sub.connect()]);
    this.clients.push(pub, sub);
    this.adapterFactory = createAdapter(pub, sub, { key: `${config.REDIS_PREFIX}:socket.io` });
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
      // As over HTTP: a browser's polling requests only from the platform's own origin.
      cors: { origin: new URL(this.app.get(AppConfig).PUBLIC_URL).origin, credentials: true },
    } as ServerOptions);
    if (this.adapterFactory) server.adapter(this.adapterFactory);
    this.servers.push(server);
    return server;
  }

  /**
   * Tells this instance's sockets (only its own: `local`, not through Redis) that it stops,
   * with `server:shutdown`, then closes their connections. A closed transport (not a
   * disconnect packet) makes socket.io clients reconnect on their own, to another instance
   * behind the load balancer, where thread:join with lastSeq replays what they missed.
   */
  async announceShutdown(flushMs = 300): Promise<void> {
    for (const server of this.servers) {
      for (const namespace of server._nsps.values()) namespace.local.emit(SERVER_SHUTDOWN_EVENT, { reconnect: true });
    }
    // The event is written before the connection closes; a moment lets it leave.
    await new Promise((resolve) => setTimeout(resolve, flushMs));
    for (const server of this.servers) {
      for (const namespace of server._nsps.values()) {
        for (const socket of namespace.sockets.values()) socket.conn.close();
      }
    }
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    for (const client of this.clients.splice(0)) if (client.isOpen) await client.close();
  }
}
