import type { Socket } from 'socket.io';
import { type AuthUser, RequestAuthenticator } from '../auth/auth-user.js';

/**
 * The handshake of every socket.io namespace: `auth.token` must be a valid access token,
 * else the client gets connect_error. `onUser` keeps what the namespace needs per socket.
 */
export function socketAuthentication(
  authenticator: RequestAuthenticator,
  onUser: (socket: Socket, user: AuthUser) => Promise<void> | void,
): (socket: Socket, next: (error?: Error) => void) => void {
  return (socket, next) => {
    const token: unknown = socket.handshake.auth?.token;
    if (typeof token !== 'string') return next(new Error('unauthorized: auth.token is missing'));
    authenticator
      .authenticate(token)
      .then(async (user) => {
        if (!user) return next(new Error('unauthorized: the access token is invalid or expired'));
        await onUser(socket, user);
        next();
      })
      .catch((error: unknown) => next(error instanceof Error ? error : new Error(String(error))));
  };
}
