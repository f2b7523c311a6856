import { Logger } from '@nestjs/common';
import { createRedisClient, type RedisClient } from './redis.module.js';

/**
 * A Redis pub/sub channel of JSON events between the processes of the platform: what one
 * process publishes, every subscribed process (itself included) hears. Delivery is at
 * most once; a listener that must not miss anything catches up from the database.
 */
export class RedisChannel<T> {
  private readonly listeners: ((event: T) => void)[] = [];
  private publisher?: RedisClient;
  private subscriber?: RedisClient;

  constructor(
    private readonly redisUrl: string,
    readonly name: string,
    private readonly logger: Logger,
  ) {}

  async open(): Promise<void> {
    this.publisher = createRedisClient(this.redisUrl);
    this.subscriber = this.publisher.duplicate();
    this.subscriber.on('error', (error: Error) => this.logger.warn(error.message));
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    await this.subscriber.subscribe(this.name, (raw: string) => {
      let event: T;
      try {
        event = JSON.parse(raw) as T;
      } catch {
        this.logger.warn(`ignored an event on ${this.name} that is not JSON`);
        return;
      }
      for (const listener of this.listeners) listener(event);
    });
  }

  async close(): Promise<void> {
    for (const client of [this.subscriber, this.publisher]) if (client?.isOpen) await client.close();
  }

  on(listener: (event: T) => void): void {
    this.listeners.push(listener);
  }

  async publish(event: T): Promise<void> {
    if (!this.publisher) throw new Error(`${this.name} is not open`);
    // Refused at once while Redis is away, not queued: node-redis would hold the command (and
    // the poster awaiting it) until it reconnects. Delivery is at most once anyway.
    if (!this.publisher.isReady) throw new Error(`${this.name}: Redis is not connected`);
    await this.publisher.publish(this.name, JSON.stringify(event));
  }
}
