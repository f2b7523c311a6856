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
  /** An account was made (registration, an admin, institution sign-in); its email may be unverified. */
  'user.registered': { userId: string; email: string; emailVerified: boolean };
  /**
   * An account's email is verified (its verification link, a password reset, an admin,
   * an institution's verified claim) or changed to a verified new one: the kennisbank
   * links it to the authors with that email. Unverified accounts are never linked.
   */
  'user.email-verified': { userId: string; email: string };
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
