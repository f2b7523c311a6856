import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { registerUser, uniqueEmail } from './support/factories.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

const WRONG = 'wrong password!';

/** Logins from chosen client addresses: the app trusts one proxy hop (TRUST_PROXY=1). */
const loginFrom = (t: TestApp, ip: string, email: string, password: string): Promise<Response> =>
  t.http().post(`${V1}/auth/login`).set('X-Forwarded-For', ip).send({ email, password });

/** Tries again (a refused attempt counts for nothing) until the client's delay has run out. */
async function whenNoLongerDelayed(attempt: () => Promise<Response>): Promise<Response> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const response = await attempt();
    if (response.status !== 429) return response;
    if (Date.now() > deadline) throw new Error('the login delay did not end');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function expectTooMany(response: Response): number {
  expect(response.status).toBe(429);
  expect(response.body).toMatchObject({ statusCode: 429, code: 'auth.too_many_attempts', error: 'Too Many Requests' });
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  return retryAfter;
}

describe('login throttling per address and client (OWASP: slow down, never lock the owner out)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: { TRUST_PROXY: '1', LOGIN_MAX_ATTEMPTS_PER_EMAIL: '3', LOGIN_MAX_ATTEMPTS_PER_IP: '1000', LOGIN_WINDOW_SECONDS: '600', LOGIN_EMAIL_SLOWDOWN_MS: '50' },
    });
  });
  afterAll(() => t.close());

  it('lets the owner log in from their own address while an attacker from another hammers theirs', async () => {
    const owner = await registerUser(t);
    // In parallel, so that no guess slips through before the first ones failed.
    const attack = await Promise.all(Array.from({ length: 20 }, () => loginFrom(t, '198.51.100.66', owner.email, WRONG)));
    const statuses = attack.map((response) => response.status);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(3);
    expect(statuses.filter((status) => status !== 401).every((status) => status === 429)).toBe(true);
    expectTooMany((await loginFrom(t, '198.51.100.66', owner.email, owner.password)));

    // Many more addresses, one guess each: the address is slowed down, never closed.
    for (let host = 1; host <= 10; host++) {
      expect((await loginFrom(t, `203.0.113.${host}`, owner.email, WRONG)).status).toBe(401);
    }
    expect((await loginFrom(t, '198.51.100.10', owner.email, 'a typo of mine')).status).toBe(401);
    const mine = await loginFrom(t, '198.51.100.10', owner.email.toUpperCase(), owner.password);
    expect(mine.status).toBe(200);
    expect(mine.body.user.id).toBe(owner.id);
  });

  it('makes a client that keeps guessing one address wait twice as long after each failure; a success resets it', async () => {
    const user = await registerUser(t);
    const ip = '198.51.100.20';
    for (let attempt = 0; attempt < 3; attempt++) expect((await loginFrom(t, ip, user.email, WRONG)).status).toBe(401);
    const first = expectTooMany(await loginFrom(t, ip, user.email, user.password));
    expect(first).toBe(1);

    expect((await whenNoLongerDelayed(() => loginFrom(t, ip, user.email, WRONG))).status).toBe(401);
    const second = expectTooMany(await loginFrom(t, ip, user.email, WRONG));
    expect(second).toBe(2);

    expect((await whenNoLongerDelayed(() => loginFrom(t, ip, user.email, user.password))).status).toBe(200);
    // The pair starts afresh: three wrong ones again before any delay.
    for (let attempt = 0; attempt < 3; attempt++) expect((await loginFrom(t, ip, user.email, WRONG)).status).toBe(401);
    expectTooMany(await loginFrom(t, ip, user.email, WRONG));
  });

  it('gives the owner their own typos: a success between them keeps them from any delay', async () => {
    const user = await registerUser(t);
    for (let round = 0; round < 3; round++) {
      expect((await loginFrom(t, '198.51.100.30', user.email, 'typo typo typo')).status).toBe(401);
      expect((await loginFrom(t, '198.51.100.30', user.email, 'typo typo typo')).status).toBe(401);
      expect((await loginFrom(t, '198.51.100.30', user.email, user.password)).status).toBe(200);
    }
  });
});

describe('the failure limit per client IP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: '1', LOGIN_MAX_ATTEMPTS_PER_IP: '4', LOGIN_WINDOW_SECONDS: '600' } });
  });
  afterAll(() => t.close());

  it('counts failures across addresses and never successful logins', async () => {
    const user = await registerUser(t);
    const ip = '198.51.100.40';
    // A school behind one address: many good logins are no attack.
    for (let attempt = 0; attempt < 8; attempt++) expect((await loginFrom(t, ip, user.email, user.password)).status).toBe(200);
    for (let attempt = 0; attempt < 4; attempt++) expect((await loginFrom(t, ip, uniqueEmail(), WRONG)).status).toBe(401);
    expectTooMany(await loginFrom(t, ip, uniqueEmail(), WRONG));
    expectTooMany(await loginFrom(t, ip, user.email, user.password));
    expect((await loginFrom(t, '198.51.100.41', uniqueEmail(), WRONG)).status).toBe(401);
    expect((await loginFrom(t, '198.51.100.41', user.email, user.password)).status).toBe(200);
  });
});

describe('without a trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_MAX_ATTEMPTS_PER_IP: '2' } });
  });
  afterAll(() => t.close());

  it('ignores X-Forwarded-For: every client counts as the address it connects from', async () => {
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++) statuses.push((await loginFrom(t, `203.0.113.${attempt}`, uniqueEmail(), WRONG)).status);
    expect(statuses).toEqual([401, 401, 429]);
  });
});
