import { randomBytes } from 'node:crypto';
import { expect } from '@jest/globals';
import { UsersService } from '@kennisplein/identity';
import { type TestApp, V1 } from './test-app.js';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  displayName: string;
  accessToken: string;
  refreshToken: string;
  /** Authorization header of this user */
  auth: { Authorization: string };
}

export const uniqueEmail = (label = 'user') => `${label}-${randomBytes(5).toString('hex')}@example.org`;

/**
 * Registers a user over HTTP, as a client would. `verified: true` then verifies the
 * address through the platform's own service, as following the mailed link does (the
 * mail itself is tested in identity.e2e-spec.ts): only verified accounts become authors.
 */
export async function registerUser(
  t: TestApp,
  overrides: Partial<Pick<TestUser, 'email' | 'password' | 'displayName'>> & { verified?: boolean } = {},
): Promise<TestUser> {
  const input = {
    email: overrides.email ?? uniqueEmail(),
    password: overrides.password ?? 'correct horse battery',
    displayName: overrides.displayName ?? 'Test Gebruiker',
  };
  const response = await t.http().post(`${V1}/auth/register`).send(input);
  expect(response.status).toBe(201);
  if (overrides.verified) expect(await t.app.get(UsersService).markEmailVerified(response.body.user.id)).toBe(true);
  return {
    ...input,
    id: response.body.user.id,
    accessToken: response.body.accessToken,
    refreshToken: response.body.refreshToken,
    auth: { Authorization: `Bearer ${response.body.accessToken}` },
  };
}
