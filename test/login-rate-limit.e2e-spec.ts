import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { registerUser, uniqueEmail } from './support/factories.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

describe('login rate limits (429 with Retry-After)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: { LOGIN_MAX_ATTEMPTS_PER_EMAIL: '3', LOGIN_MAX_ATTEMPTS_PER_IP: '8', LOGIN_WINDOW_SECONDS: '600' },
    });
  });
  afterAll(() => t.close());

  it('limits attempts per email, even with the right password once over the limit', async () => {
    const user = await registerUser(t);
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await t.http().post(`${V1}/auth/login`).send({ email: user.email, password: 'wrong password!' });
      expect(response.status).toBe(401);
    }
    const limited = await t.http().post(`${V1}/auth/login`).send({ email: user.email.toUpperCase(), password: user.password });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'auth.too_many_attempts', error: 'Too Many Requests' });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
  });

  it('limits attempts per client IP across emails, and ignores X-Forwarded-For unless told to trust a proxy', async () => {
    // The earlier test spent 4 of this IP's 8 attempts.
    const responses = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      responses.push(
        await t
          .http()
          .post(`${V1}/auth/login`)
          .set('X-Forwarded-For', `203.0.113.${attempt}`)
          .send({ email: uniqueEmail(), password: 'wrong password!' }),
      );
    }
    expect(responses.map((response) => response.status)).toEqual([401, 401, 401, 401, 429]);
    expect(Number(responses[4].headers['retry-after'])).toBeGreaterThan(0);
    expect(responses[4].body.code).toBe('auth.too_many_attempts');
  });
});

describe('a successful login', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_MAX_ATTEMPTS_PER_EMAIL: '3' } });
  });
  afterAll(() => t.close());

  it('clears the count of its email, so the owner is not locked out by their own typos', async () => {
    const user = await registerUser(t);
    for (let round = 0; round < 3; round++) {
      await t.http().post(`${V1}/auth/login`).send({ email: user.email, password: 'typo typo typo' }).expect(401);
      await t.http().post(`${V1}/auth/login`).send({ email: user.email, password: user.password }).expect(200);
    }
  });
});

describe('behind a trusted proxy (TRUST_PROXY=1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: '1', LOGIN_MAX_ATTEMPTS_PER_IP: '2' } });
  });
  afterAll(() => t.close());

  it('counts per client address from X-Forwarded-For', async () => {
    const attempt = (ip: string) =>
      t
        .http()
        .post(`${V1}/auth/login`)
        .set('X-Forwarded-For', ip)
        .send({ email: uniqueEmail(), password: 'wrong password!' })
        .then((response) => response.status);
    expect([await attempt('198.51.100.7'), await attempt('198.51.100.7'), await attempt('198.51.100.7')]).toEqual([401, 401, 429]);
    expect(await attempt('198.51.100.8')).toBe(401);
  });
});
