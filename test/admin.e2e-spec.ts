import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { registerUser } from './support/factories.js';
import { makeAdmin } from './support/kennisbank.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('ADMIN_EMAIL and ADMIN_PASSWORD at start-up', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const isAdmin = async (email: string) =>
    (await t.app.get(DataSource).query('SELECT is_admin FROM users WHERE lower(email) = lower($1)', [email]))[0]?.is_admin;

  const isVerified = async (email: string) =>
    (await t.app.get(DataSource).query('SELECT email_verified_at IS NOT NULL AS verified FROM users WHERE lower(email) = lower($1)', [email]))[0]
      ?.verified;

  async function bootWith(email: string, password: string): Promise<void> {
    const other = await createTestApp({ databaseUrl: t.databaseUrl, env: { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } });
    await other.close();
  }

  it('creates the admin when no account has that email', async () => {
    await bootWith('new-admin@example.org', 'admin password 1');
    expect(await isAdmin('new-admin@example.org')).toBe(true);
    expect(await isVerified('new-admin@example.org')).toBe(true);
  });

  it('does not promote an account someone else registered with that email', async () => {
    const squatter = await registerUser(t, { email: 'boss@example.org', password: 'squatter password' });
    await bootWith('boss@example.org', 'the real admin password');
    expect(await isAdmin(squatter.email)).toBe(false);
    expect(await isVerified(squatter.email)).toBe(false);
  });

  it('promotes an existing account whose password is ADMIN_PASSWORD', async () => {
    const owner = await registerUser(t, { email: 'chief@example.org', password: 'chief password 1' });
    await bootWith('CHIEF@example.org', 'chief password 1');
    expect(await isAdmin(owner.email)).toBe(true);
    expect(await isVerified(owner.email)).toBe(true);
  });
});

describe('isAdmin on the profile (GET /me, login)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is true for a platform admin and false for everyone else', async () => {
    const member = await registerUser(t);
    const admin = await makeAdmin(t, await registerUser(t));
    const login = (email: string, password: string) => t.http().post('/api/v1/auth/login').send({ email, password });

    expect((await t.http().get('/api/v1/me').set(member.auth)).body.isAdmin).toBe(false);
    expect((await login(member.email, member.password)).body.user.isAdmin).toBe(false);

    expect((await t.http().get('/api/v1/me').set(admin.auth)).body.isAdmin).toBe(true);
    expect((await login(admin.email, admin.password)).body.user.isAdmin).toBe(true);
  });
});
