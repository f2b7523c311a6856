import { Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { type AuthUser, RequestAuthenticator } from '../auth/auth-user.js';
import { AuthErrors, DomainError } from '../errors/domain-error.js';
import { socketFailure } from '../errors/error-answer.js';
import { pickLocale } from '../errors/locale.js';

const logger = new Logger('SocketAuthentication');

type Refusal = Error & { data: { code: string; message: string | string[] } };

/**
 * A refused handshake: the client's connect_error carries the code in `data`, as an HTTP
 * answer would. A failure on the way (the database lost) answers its code too, never the
 * driver's message.
 */
function refusal(socket: Socket, error: unknown): Refusal {
  const locale = pickLocale(socket.handshake.headers['accept-language']);
  if (error instanceof DomainError && error.code.startsWith('auth.')) {
    return Object.assign(new Error(`unauthorized: ${error.message}`), { data: { code: error.code, message: error.messageIn(locale) } });
  }
  const failure = socketFailure(error, locale, (line) => logger.error(line));
  return Object.assign(new Error(`refused: ${failure.error.code}`), { data: failure.error });
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
      .catch((error: unknown) => next(refusal(socket, error)));
  };
}
