import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/**
 * What one lib tells the libs above it, in this process, after the fact is committed.
 * A lib that must react across processes (the realtime gateway) forwards it itself.
 */
export interface DomainEventMap {
  /**
   * Who may see a group changed: a member left or was removed (userId; revoked says
   * whether they can no longer see it), or its visibility changed (no userId).
   */
  'group.access-changed': { groupId: string; userId?: string; revoked?: boolean };
  /** An account was made (registration, an admin): the kennisbank links it to the authors with its email. */
  'user.registered': { userId: string; email: string };
  /** An account was deleted: its live connections end. */
  'user.deleted': { userId: string };
}

@Injectable()
export class DomainEvents {
  private readonly logger = new Logger('DomainEvents');
  private readonly emitter = new EventEmitter();

  on<K extends keyof DomainEventMap>(name: K, handler: (payload: DomainEventMap[K]) => unknown): void {
    this.emitter.on(name, (payload: DomainEventMap[K]) => {
      // A listener's failure is logged, never thrown back at the action that happened.
      Promise.resolve()
        .then(() => handler(payload))
        .catch((error: unknown) => this.logger.error(`${name} listener failed: ${String(error)}`));
    });
  }

  emit<K extends keyof DomainEventMap>(name: K, payload: DomainEventMap[K]): void {
    this.emitter.emit(name, payload);
  }
}
