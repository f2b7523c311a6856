import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/**
 * What one lib tells the libs above it, in this process, after the fact is committed.
 * A lib that must react across processes (the realtime gateway) forwards it itself.
 * Core declares the events its socket authentication ends sockets on; each lib adds its
 * own in a file of its own (`declare module '@kennisplein/core' { interface DomainEventMap
 * { ... } }`).
 */
export interface DomainEventMap {
  /** An account was deleted: its live connections end. */
  'user.deleted': { userId: string };
  /**
   * Logins ended (logout, a spent refresh token used again, a new password): the sockets
   * of these sessions (refresh-token families, AuthUser.sessionId) end on every instance.
   */
  'sessions.revoked': { familyIds: string[] };
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
