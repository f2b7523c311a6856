import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AppConfig, RedisChannel } from '@kennisplein/core';
import type { MessageDto } from '../messages/dto/message.dto.js';
import type { MESSAGE_EVENT_OF } from './discussions.events.js';

export interface MessageEvent {
  type: keyof typeof MESSAGE_EVENT_OF;
  message: MessageDto;
}

/** On the wire: the event and the instance that published it. */
interface Announcement extends MessageEvent {
  origin: string;
}

/**
 * Tells every api instance of a message that was committed. This instance's listeners hear
 * it at once, the others through Redis pub/sub (this instance skips its own copy): a local
 * delivery does not wait for Redis's round trip, and still happens while Redis is away.
 * Each instance hands created messages to its sequencers, which deliver them to its own
 * sockets in seq order; see realtime/thread-sequencer.ts for why the order needs that.
 */
@Injectable()
export class MessageBus implements OnModuleInit, OnModuleDestroy {
  private readonly channel: RedisChannel<Announcement>;
  private readonly origin = randomUUID();
  private readonly listeners: ((event: MessageEvent) => void)[] = [];

  constructor(config: AppConfig) {
    this.channel = new RedisChannel(config.REDIS_URL, `${config.REDIS_PREFIX}:discussions:messages`, new Logger('MessageBus'));
    this.channel.on(({ origin, type, message }) => {
      if (origin !== this.origin) this.hear({ type, message });
    });
  }

  onModuleInit(): Promise<void> {
    return this.channel.open();
  }

  onModuleDestroy(): Promise<void> {
    return this.channel.close();
  }

  onEvent(listener: (event: MessageEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Called after the commit: no one hears of a message that is not stored. Rejects when Redis did not take it (the other instances catch up by seq). */
  publish(event: MessageEvent): Promise<void> {
    this.hear(event);
    return this.channel.publish({ ...event, origin: this.origin });
  }

  private hear(event: MessageEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
