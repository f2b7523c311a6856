import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { createClient } from 'redis';
import { AppConfig } from '../config/app-config.js';
import { serviceDown } from '../startup/startup-error.js';

export const REDIS = Symbol('REDIS');
/** Inject the shared Redis client (node-redis). */
export const InjectRedis = () => Inject(REDIS);

const logger = new Logger('Redis');

export function createRedisClient(url: string, options: { reconnect: boolean } = { reconnect: true }) {
  const client = createClient({
    url,
    socket: {
      connectTimeout: 5_000,
      reconnectStrategy: options.reconnect ? (retries: number) => Math.min(retries * 200, 5_000) : false,
    },
  });
  // Without a listener node-redis would throw on every connection error.
  client.on('error', (error: Error) => logger.warn(`Redis: ${error.message}`));
  return client;
}

export type RedisClient = ReturnType<typeof createRedisClient>;

/** Fails with one clear line when Redis does not answer at start-up. */
export async function assertRedisReachable(url: string): Promise<void> {
  const client = createRedisClient(url, { reconnect: false });
  client.removeAllListeners('error');
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw serviceDown('Redis', url, error);
  } finally {
    if (client.isOpen) client.destroy();
  }
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@InjectRedis() private readonly client: RedisClient) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.client.isOpen) await this.client.close();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: async (config: AppConfig): Promise<RedisClient> => {
        const client = createRedisClient(config.REDIS_URL);
        await client.connect();
        return client;
      },
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
