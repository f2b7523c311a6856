import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig, createRedisClient, type RedisClient } from '@kennisplein/core';
import type { NotificationDto } from '../notifications/dto/notification.dto.js';

export interface PushEvent {
  /** user id → their notification of this activity */
  notifications: { userId: string; notification: NotificationDto }[];
}

/**
 * The fan-out runs on a worker, the sockets are on the api instances: new notifications
 * travel from one to the others over Redis pub/sub. A lost push is only late: the list
 * route has every notification.
 */
@Injectable()
export class NotificationPush implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('NotificationPush');
  private readonly channel: string;
  private readonly listeners: ((event: PushEvent) => void)[] = [];
  private publisher?: RedisClient;
  private subscriber?: RedisClient;

  constructor(private readonly config: AppConfig) {
    this.channel = `${config.REDIS_PREFIX}:notifications:push`;
  }

  async onModuleInit(): Promise<void> {
    this.publisher = createRedisClient(this.config.REDIS_URL);
    this.subscriber = this.publisher.duplicate();
    this.subscriber.on('error', (error: Error) => this.logger.warn(error.message));
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    await this.subscriber.subscribe(this.channel, (raw: string) => {
      try {
        const event = JSON.parse(raw) as PushEvent;
        for (const listener of this.listeners) listener(event);
      } catch {
        this.logger.warn('ignored a push that is not JSON');
      }
    });
  }

  async onModuleDestroy(): Promise<void> {
    for (const client of [this.subscriber, this.publisher]) if (client?.isOpen) await client.close();
  }

  onPush(listener: (event: PushEvent) => void): void {
    this.listeners.push(listener);
  }

  async publish(event: PushEvent): Promise<void> {
    if (event.notifications.length === 0 || !this.publisher) return;
    try {
      await this.publisher.publish(this.channel, JSON.stringify(event));
    } catch (error) {
      this.logger.warn(`a push was not sent: ${String(error)}`);
    }
  }
}
