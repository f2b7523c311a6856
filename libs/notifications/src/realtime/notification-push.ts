import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig, RedisChannel } from '@kennisplein/core';
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
  private readonly channel: RedisChannel<PushEvent>;

  constructor(config: AppConfig) {
    this.channel = new RedisChannel(config.REDIS_URL, `${config.REDIS_PREFIX}:notifications:push`, this.logger);
  }

  onModuleInit(): Promise<void> {
    return this.channel.open();
  }

  onModuleDestroy(): Promise<void> {
    return this.channel.close();
  }

  onPush(listener: (event: PushEvent) => void): void {
    this.channel.on(listener);
  }

  async publish(event: PushEvent): Promise<void> {
    if (event.notifications.length === 0) return;
    try {
      await this.channel.publish(event);
    } catch (error) {
      this.logger.warn(`a push was not sent: ${String(error)}`);
    }
  }
}
