import type { Socket } from 'socket.io';
import { type AuthUser, RequestAuthenticator } from '../auth/auth-user.js';
import { AuthErrors, type DomainError } from '../errors/domain-error.js';
import { pickLocale } from '../errors/locale.js';

/** A refused handshake: the client's connect_error carries the code in `data`, as an HTTP answer would. */
function refusal(socket: Socket, error: DomainError): Error & { data: { code: string; message: string | string[] } } {
  const message = error.messageIn(pickLocale(socket.handshake.headers['accept-language']));
  return Object.assign(new Error(`unauthorized: ${error.message}`), { data: { code: error.code, message } });
}

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
    if (typeof token !== 'string') return next(refusal(socket, AuthErrors.unauthenticated()));
    authenticator
      .authenticate(token)
      .then(async (user) => {
        if (!user) return next(refusal(socket, AuthErrors.token_invalid()));
        await onUser(socket, user);
        next();
      })
      .catch((error: unknown) => next(error instanceof Error ? error : new Error(String(error))));
  };
}
