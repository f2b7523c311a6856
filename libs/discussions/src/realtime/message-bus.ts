import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AppConfig, RedisChannel } from '@kennisplein/core';
import type { MessageDto } from '../messages/dto/message.dto.js';
import type { MESSAGE_EVENT_OF } from './discussions.events.js';

export interface MessageEvent {
  type: keyof typeof MESSAGE_EVENT_OF;
  message: MessageDto;
}

/**
 * Tells every api instance of a message that was committed (Redis pub/sub). Each
 * instance hands created messages to its sequencers, which deliver them to its own
 * sockets in seq order; see realtime/thread-sequencer.ts for why the order needs that.
 */
@Injectable()
export class MessageBus implements OnModuleInit, OnModuleDestroy {
  private readonly channel: RedisChannel<MessageEvent>;

  constructor(config: AppConfig) {
    this.channel = new RedisChannel(config.REDIS_URL, `${config.REDIS_PREFIX}:discussions:messages`, new Logger('MessageBus'));
  }

  onModuleInit(): Promise<void> {
    return this.channel.open();
  }

  onModuleDestroy(): Promise<void> {
    return this.channel.close();
  }

  onEvent(listener: (event: MessageEvent) => void): void {
    this.channel.on(listener);
  }

  /** Called after the commit: no one hears of a message that is not stored. */
  publish(event: MessageEvent): Promise<void> {
    return this.channel.publish(event);
  }
}
