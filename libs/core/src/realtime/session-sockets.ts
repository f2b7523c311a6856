import type { Namespace } from 'socket.io';
import type { AuthUser } from '../auth/auth-user.js';
import type { DomainEvents } from '../events/domain-events.js';

export const userRoom = (userId: string) => `user:${userId}`;
export const sessionRoom = (familyId: string) => `session:${familyId}`;

/** The rooms a socket joins on connect, so that the end of its account or login can find it. */
export function accountRooms(user: AuthUser): string[] {
  return user.sessionId ? [userRoom(user.id), sessionRoom(user.sessionId)] : [userRoom(user.id)];
}

/**
 * A deleted account's sockets and the sockets of revoked logins disconnect, on every
 * instance: disconnectSockets goes through the Redis adapter. Every namespace that
 * authenticates its sockets registers this, and joins accountRooms on connect.
 */
export function endSocketsWithTheirSession(namespace: Namespace, events: DomainEvents): void {
  events.on('user.deleted', ({ userId }) => namespace.in(userRoom(userId)).disconnectSockets(true));
  events.on('sessions.revoked', ({ familyIds }) => namespace.in(familyIds.map(sessionRoom)).disconnectSockets(true));
}
