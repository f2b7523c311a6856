import { describe, expect, it } from '@jest/globals';
import { checkSettings } from '@kennisplein/core';
import { IdentityConfig } from './identity.config.js';

const problemsOf = (env: Record<string, string>) => checkSettings(IdentityConfig, env).problems;

describe('IdentityConfig', () => {
  it('converts numbers', () => {
    expect(checkSettings(IdentityConfig, { LOGIN_MAX_ATTEMPTS_PER_EMAIL: '50' }).settings.LOGIN_MAX_ATTEMPTS_PER_EMAIL).toBe(50);
  });

  it('wants ADMIN_PASSWORD with ADMIN_EMAIL', () => {
    expect(problemsOf({ ADMIN_EMAIL: 'admin@example.org' }).join()).toMatch(/ADMIN_PASSWORD/);
  });

  it('wants the OIDC client with OIDC_ISSUER', () => {
    expect(problemsOf({ OIDC_ISSUER: 'https://connect.surfconext.nl' })).toEqual([
      expect.stringMatching(/^OIDC_CLIENT_ID .*must be set when OIDC_ISSUER is set/),
      expect.stringMatching(/^OIDC_CLIENT_SECRET .*must be set when OIDC_ISSUER is set/),
    ]);
  });
});
