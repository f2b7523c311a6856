import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AppConfig, createRedisClient, type RedisClient } from '@kennisplein/core';
import type { MessageDto } from '../messages/dto/message.dto.js';

export interface MessageEvent {
  type: 'created' | 'updated' | 'deleted';
  message: MessageDto;
}

/**
 * Tells every api instance of a message that was committed (Redis pub/sub). Each
 * instance hands created messages to its sequencers, which deliver them to its own
 * sockets in seq order; see realtime/thread-sequencer.ts for why the order needs that.
 */
@Injectable()
export class MessageBus implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('MessageBus');
  private readonly channel: string;
  private readonly listeners: ((event: MessageEvent) => void)[] = [];
  private publisher?: RedisClient;
  private subscriber?: RedisClient;

  constructor(private readonly config: AppConfig) {
    this.channel = `${config.REDIS_PREFIX}:discussions:messages`;
  }

  async onModuleInit(): Promise<void> {
    this.publisher = createRedisClient(this.config.REDIS_URL);
    this.subscriber = this.publisher.duplicate();
    this.subscriber.on('error', (error: Error) => this.logger.warn(error.message));
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    await this.subscriber.subscribe(this.channel, (raw: string) => {
      let event: MessageEvent;
      try {
        event = JSON.parse(raw) as MessageEvent;
      } catch {
        this.logger.warn('ignored an announcement that is not JSON');
        return;
      }
      for (const listener of this.listeners) listener(event);
    });
  }

  async onModuleDestroy(): Promise<void> {
    for (const client of [this.subscriber, this.publisher]) if (client?.isOpen) await client.close();
  }

  onEvent(listener: (event: MessageEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Called after the commit: no one hears of a message that is not stored. */
  async publish(event: MessageEvent): Promise<void> {
    if (!this.publisher) throw new Error('MessageBus is not connected');
    await this.publisher.publish(this.channel, JSON.stringify(event));
  }
}
