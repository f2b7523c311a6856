import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { type AuthUser, RequestAuthenticator } from '../auth/auth-user.js';
import { socketAuthentication } from './socket-authentication.js';

class FailingAuthenticator extends RequestAuthenticator {
  constructor(private readonly error: Error) {
    super();
  }
  authenticate(): Promise<AuthUser | null> {
    return Promise.reject(this.error);
  }
}

/** Runs the handshake middleware on a socket with this token; answers what it passed to next(). */
function handshake(authenticator: RequestAuthenticator, token: unknown): Promise<(Error & { data?: { code: string; message: unknown } }) | undefined> {
  const socket = { handshake: { auth: { token }, headers: { 'accept-language': 'en' } } } as unknown as Socket;
  return new Promise((resolve) => socketAuthentication(authenticator, () => undefined)(socket, resolve));
}

describe('socketAuthentication', () => {
  it('refuses a handshake the database could not check with common.database_unavailable, not the driver’s words', async () => {
    const refused = await handshake(new FailingAuthenticator(new Error('Connection terminated unexpectedly')), 'a.token.here');
    expect(refused?.data).toEqual({ code: 'common.database_unavailable', message: 'The database cannot be reached for a moment; try again shortly' });
    expect(refused?.message).not.toMatch(/terminated/);
  });

  it('refuses a handshake that failed unexpectedly with common.internal and a logged error id', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const refused = await handshake(new FailingAuthenticator(new Error('secret internals at /srv/app.js:12')), 'a.token.here');
    expect(refused?.data?.code).toBe('common.internal');
    expect(JSON.stringify(refused?.data)).not.toContain('secret');
    expect(refused?.message).not.toContain('secret');
    expect(String(logged.mock.calls[0]?.[0])).toContain('secret internals');
    logged.mockRestore();
  });

  it('still refuses a missing token as unauthorized', async () => {
    const refused = await handshake(new FailingAuthenticator(new Error('not asked')), undefined);
    expect(refused?.message).toMatch(/^unauthorized/);
    expect(refused?.data?.code).toBe('auth.unauthenticated');
  });
});
