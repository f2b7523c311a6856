import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UsersService } from '@kennisplein/identity';
import { Browser, parseSetCookie, type SetCookie } from './support/browser.js';
import { registerUser, uniqueEmail } from './support/factories.js';
import { startTestProvider, type TestClaims, type TestProvider } from './support/oidc-provider.js';
import { freePort } from './support/processes.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

// Institution sign-in end to end: the api against a real OpenID Connect provider
// (oidc-provider) over HTTP, driven like a browser: redirects by hand, a cookie jar.

const START = `${V1}/auth/oidc/start`;
const CALLBACK = `${V1}/auth/oidc/callback`;

let t: TestApp;
let api: string;
let provider: TestProvider;
let db: DataSource;

beforeAll(async () => {
  // PUBLIC_URL must be the api's own address: the redirect URI is built from it.
  const port = await freePort();
  api = `http://127.0.0.1:${port}`;
  provider = await startTestProvider(`${api}${CALLBACK}`);
  t = await createTestApp({
    env: {
      PUBLIC_URL: api,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_NAME: 'Testinstelling',
    },
  });
  await t.listen(port);
  db = t.app.get(DataSource);
});
afterAll(async () => {
  await t.close();
  await provider.close();
});

interface Person {
  sub: string;
  claims: TestClaims;
}

/** Someone at the institution: a fresh subject, a verified email unless the test says otherwise. */
const person = (claims: TestClaims = {}): Person => ({
  sub: `person-${randomBytes(6).toString('hex')}`,
  claims: { email: uniqueEmail('inst'), email_verified: true, name: 'Ineke Jansen', ...claims },
});

interface AuthorizeOptions {
  returnTo?: string;
  /** Changes the provider's authorization URL before the browser opens it. */
  tamper?: (authorizationUrl: URL) => void;
}

/**
 * Starts a sign-in in this browser and walks the provider's login and consent until it
 * sends the browser back; answers that callback URL, not yet opened.
 */
async function authorize(browser: Browser, who: Person, options: AuthorizeOptions = {}): Promise<URL> {
  provider.signInAs(who.sub, who.claims);
  const query = options.returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(options.returnTo)}`;
  const start = await browser.get(`${api}${START}${query}`);
  expect(start.status).toBe(302);
  const authorization = new URL(start.headers.get('location') ?? '');
  expect(authorization.origin).toBe(provider.issuer);
  options.tamper?.(authorization);
  return browser.follow(authorization, (next) => next.href.startsWith(`${api}${CALLBACK}`));
}

/** A whole sign-in in a fresh browser; answers the api's answer to the callback. */
async function signIn(who: Person, options: AuthorizeOptions = {}): Promise<Response> {
  const browser = new Browser();
  return browser.get(await authorize(browser, who, options));
}

const setCookies = (response: Response): SetCookie[] => response.headers.getSetCookie().map(parseSetCookie);
const setCookie = (response: Response, name: string): SetCookie | undefined => setCookies(response).find((cookie) => cookie.name === name);

/** What the web client does next: spends the kp_refresh cookie's token at POST /auth/refresh for an access token. */
async function accessTokenFrom(callback: Response): Promise<string> {
  const cookie = setCookie(callback, 'kp_refresh');
  expect(cookie).toBeDefined();
  const refreshed = await t
    .http()
    .post(`${V1}/auth/refresh`)
    .set('Origin', api)
    .send({ refreshToken: decodeURIComponent(cookie?.value ?? '') });
  expect(refreshed.status).toBe(200);
  return refreshed.body.accessToken;
}

const me = (accessToken: string) => t.http().get(`${V1}/me`).set('Authorization', `Bearer ${accessToken}`);

async function expectError(response: Response, status: number, code: string): Promise<{ message: string }> {
  const body = (await response.json()) as { code: string; message: string };
  expect({ status: response.status, code: body.code }).toEqual({ status, code });
  expect(setCookie(response, 'kp_refresh')).toBeUndefined();
  return body;
}

async function identitiesOf(subject: string): Promise<{ user_id: string; issuer: string }[]> {
  return db.query('SELECT user_id, issuer FROM user_identities WHERE subject = $1', [subject]);
}

async function accountsWithEmail(email: string): Promise<number> {
  const [row] = await db.query('SELECT count(*)::int AS n FROM users WHERE lower(email) = lower($1)', [email]);
  return row.n;
}

describe('GET /auth/providers', () => {
  it('lists the password and the institution with its start URL', async () => {
    const response = await t.http().get(`${V1}/auth/providers`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ password: true, oidc: { name: 'Testinstelling', startUrl: '/api/v1/auth/oidc/start' } });
  });
});

describe('GET /auth/oidc/start', () => {
  it('redirects to the provider with PKCE S256, state and nonce, kept in an encrypted httpOnly SameSite=Lax cookie', async () => {
    const response = await fetch(`${api}${START}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const location = new URL(response.headers.get('location') ?? '');
    const params = Object.fromEntries(location.searchParams);
    expect(params).toMatchObject({
      response_type: 'code',
      client_id: provider.clientId,
      redirect_uri: `${api}${CALLBACK}`,
      code_challenge_method: 'S256',
    });
    expect(params.scope.split(' ')).toEqual(expect.arrayContaining(['openid', 'email', 'profile']));
    expect(params.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.state.length).toBeGreaterThanOrEqual(32);
    expect(params.nonce.length).toBeGreaterThanOrEqual(32);

    const flow = setCookie(response, 'kp_oidc');
    expect(flow?.attributes).toMatchObject({ httponly: '', samesite: 'Lax', path: '/api/v1/auth/oidc', 'max-age': '600' });
    expect(flow?.value).not.toContain(params.state);
    expect(flow?.value).not.toContain(params.nonce);
  });
});

describe('a first sign-in', () => {
  it('creates a verified account without a password, links the identity, sets kp_refresh; its refresh gives GET /me', async () => {
    const ineke = person();
    const callback = await signIn(ineke, { returnTo: '/groups?tab=mine' });
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe(`${api}/groups?tab=mine`);

    const refresh = setCookie(callback, 'kp_refresh');
    expect(refresh?.attributes).toMatchObject({ httponly: '', samesite: 'Strict', path: '/api/v1/auth' });
    const flow = setCookie(callback, 'kp_oidc');
    expect(flow?.value).toBe('');
    expect(Date.parse(flow?.attributes.expires ?? '')).toBeLessThanOrEqual(Date.now());

    const profile = await me(await accessTokenFrom(callback));
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ email: ineke.claims.email, displayName: 'Ineke Jansen', emailVerified: true });
    const [row] = await db.query('SELECT password_hash, email_verified_at FROM users WHERE id = $1', [profile.body.id]);
    expect(row.password_hash).toBeNull();
    expect(row.email_verified_at).not.toBeNull();
    expect(await identitiesOf(ineke.sub)).toEqual([{ user_id: profile.body.id, issuer: provider.issuer }]);

    // No password: a password login finds nothing to verify against.
    const login = await t.http().post(`${V1}/auth/login`).send({ email: ineke.claims.email, password: 'any password at all' });
    expect(login.status).toBe(401);
  });

  it('names the account from given_name and family_name when the provider gives no name', async () => {
    const callback = await signIn(person({ name: undefined, given_name: 'Ada', family_name: 'Lovelace' }));
    const profile = await me(await accessTokenFrom(callback));
    expect(profile.body.displayName).toBe('Ada Lovelace');
  });
});

describe('a second sign-in', () => {
  it('gives the same account through the linked identity, even when the email the provider sends has changed', async () => {
    const ineke = person();
    const first = await me(await accessTokenFrom(await signIn(ineke)));
    const newEmail = uniqueEmail('moved');
    const second = await me(await accessTokenFrom(await signIn({ ...ineke, claims: { ...ineke.claims, email: newEmail } })));
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.email).toBe(ineke.claims.email);
    expect(await accountsWithEmail(newEmail)).toBe(0);
    expect(await identitiesOf(ineke.sub)).toHaveLength(1);
  });
});

describe('an existing account with the verified email', () => {
  it('is linked when verified, and keeps its password and sessions', async () => {
    const user = await registerUser(t);
    await t.app.get(UsersService).markEmailVerified(user.id);
    const callback = await signIn(person({ email: user.email.toUpperCase() }));
    expect(callback.status).toBe(302);
    const profile = await me(await accessTokenFrom(callback));
    expect(profile.body.id).toBe(user.id);

    const login = await t.http().post(`${V1}/auth/login`).send({ email: user.email, password: user.password });
    expect(login.status).toBe(200);
    expect((await me(user.accessToken)).status).toBe(200);
  });

  it('is taken over when unverified: verified, its password removed, every session revoked', async () => {
    // Someone registered the address without proving it; the institution vouches for its owner.
    const squatter = await registerUser(t);
    const owner = person({ email: squatter.email });
    const profile = await me(await accessTokenFrom(await signIn(owner)));
    expect(profile.body).toMatchObject({ id: squatter.id, emailVerified: true });

    expect((await me(squatter.accessToken)).status).toBe(401);
    const refresh = await t.http().post(`${V1}/auth/refresh`).send({ refreshToken: squatter.refreshToken });
    expect(refresh.status).toBe(401);
    const login = await t.http().post(`${V1}/auth/login`).send({ email: squatter.email, password: squatter.password });
    expect(login.status).toBe(401);
    const [row] = await db.query('SELECT password_hash FROM users WHERE id = $1', [squatter.id]);
    expect(row.password_hash).toBeNull();
    expect(await identitiesOf(owner.sub)).toEqual([{ user_id: squatter.id, issuer: provider.issuer }]);
  });
});

describe('refused sign-ins', () => {
  it('an unverified email claim is refused with 403 auth.oidc_email_unverified and creates nothing', async () => {
    for (const emailVerified of [false, 'true', undefined]) {
      const someone = person({ email_verified: emailVerified });
      await expectError(await signIn(someone), 403, 'auth.oidc_email_unverified');
      expect(await accountsWithEmail(someone.claims.email as string)).toBe(0);
      expect(await identitiesOf(someone.sub)).toEqual([]);
    }
  });

  it('an unverified email claim never links the existing account of that address', async () => {
    const user = await registerUser(t);
    const someone = person({ email: user.email, email_verified: false });
    await expectError(await signIn(someone), 403, 'auth.oidc_email_unverified');
    expect(await identitiesOf(someone.sub)).toEqual([]);
    const [row] = await db.query('SELECT password_hash, email_verified_at FROM users WHERE id = $1', [user.id]);
    expect(row.password_hash).not.toBeNull();
    expect(row.email_verified_at).toBeNull();
    expect((await me(user.accessToken)).status).toBe(200);
  });

  it('a tampered or missing state is refused with 400 auth.oidc_state_invalid', async () => {
    const someone = person();
    for (const change of [(url: URL) => url.searchParams.set('state', 'forged'), (url: URL) => url.searchParams.delete('state')]) {
      const browser = new Browser();
      const callbackUrl = await authorize(browser, someone);
      change(callbackUrl);
      await expectError(await browser.get(callbackUrl), 400, 'auth.oidc_state_invalid');
    }
    expect(await accountsWithEmail(someone.claims.email as string)).toBe(0);
  });

  it('a callback without the flow cookie of the browser that started, or with a forged one, is refused with 400 auth.oidc_state_invalid', async () => {
    const someone = person();
    // Login CSRF: the callback of someone else's sign-in, opened in the victim's browser.
    const callbackUrl = await authorize(new Browser(), someone);
    await expectError(await new Browser().get(callbackUrl), 400, 'auth.oidc_state_invalid');

    const browser = new Browser();
    const ownCallback = await authorize(browser, someone);
    const sealed = Buffer.from(browser.cookie('kp_oidc') ?? '', 'base64url');
    sealed[sealed.length - 1] ^= 1;
    browser.setCookie('kp_oidc', sealed.toString('base64url'), '/api/v1/auth/oidc');
    await expectError(await browser.get(ownCallback), 400, 'auth.oidc_state_invalid');
    expect(await accountsWithEmail(someone.claims.email as string)).toBe(0);
  });

  it('an ID token issued for another nonce is refused with 400 auth.oidc_state_invalid', async () => {
    const someone = person();
    const browser = new Browser();
    // The provider signs an ID token carrying the nonce it was given: not this browser's.
    const callbackUrl = await authorize(browser, someone, { tamper: (url) => url.searchParams.set('nonce', 'a-nonce-of-another-sign-in') });
    await expectError(await browser.get(callbackUrl), 400, 'auth.oidc_state_invalid');
    expect(await accountsWithEmail(someone.claims.email as string)).toBe(0);
  });

  it('a code bound to another PKCE challenge is refused by the provider: 400 auth.oidc_failed', async () => {
    const someone = person();
    const browser = new Browser();
    const otherChallenge = createHash('sha256').update('a verifier this browser never had').digest('base64url');
    const callbackUrl = await authorize(browser, someone, { tamper: (url) => url.searchParams.set('code_challenge', otherChallenge) });
    const body = await expectError(await browser.get(callbackUrl), 400, 'auth.oidc_failed');
    expect(body.message).toContain('invalid_grant');
    expect(await accountsWithEmail(someone.claims.email as string)).toBe(0);
  });

  it('the callback of an earlier flow of the same browser is refused with 400 auth.oidc_state_invalid', async () => {
    const someone = person();
    const browser = new Browser();
    const earlier = await authorize(browser, someone);
    await authorize(browser, someone);
    await expectError(await browser.get(earlier), 400, 'auth.oidc_state_invalid');
    expect(await accountsWithEmail(someone.claims.email as string)).toBe(0);
  });

  it('a replayed callback, flow cookie and all, is refused with 400 auth.oidc_failed: the code is spent', async () => {
    const someone = person();
    const browser = new Browser();
    const callbackUrl = await authorize(browser, someone);
    const flowCookie = browser.cookie('kp_oidc') ?? '';
    expect((await browser.get(callbackUrl)).status).toBe(302);
    expect(browser.cookie('kp_oidc')).toBeUndefined();

    const replay = new Browser();
    replay.setCookie('kp_oidc', flowCookie, '/api/v1/auth/oidc');
    const body = await expectError(await replay.get(callbackUrl), 400, 'auth.oidc_failed');
    expect(body.message).toContain('invalid_grant');
    expect(await identitiesOf(someone.sub)).toHaveLength(1);
  });

  it('a person who declines at the provider gets 400 auth.oidc_failed with the reason', async () => {
    const someone = person();
    provider.refuseNext('access_denied');
    const response = await signIn(someone);
    const body = await expectError(response, 400, 'auth.oidc_failed');
    expect(body.message).toContain('access_denied');
    expect(await accountsWithEmail(someone.claims.email as string)).toBe(0);
  });
});

describe('returnTo', () => {
  it('sends the browser back to a path of this site only; another site is ignored', async () => {
    for (const returnTo of ['//evil.example/steal', 'https://evil.example/steal', '/\\evil.example']) {
      const callback = await signIn(person(), { returnTo });
      expect(callback.status).toBe(302);
      expect(callback.headers.get('location')).toBe(`${api}/`);
    }
  });
});

describe('data export and account deletion', () => {
  it('the export lists the linked identities; deleting the account erases them, and the next sign-in makes a new account', async () => {
    const ineke = person();
    const accessToken = await accessTokenFrom(await signIn(ineke));
    const auth = { Authorization: `Bearer ${accessToken}` };
    const exported = await t.http().get(`${V1}/me/export`).set(auth);
    expect(exported.status).toBe(200);
    expect(exported.body.identities).toEqual([{ issuer: provider.issuer, subject: ineke.sub, createdAt: expect.any(String) }]);

    const { body: before } = await me(accessToken);
    expect((await t.http().delete(`${V1}/me`).set(auth)).status).toBe(204);
    expect(await identitiesOf(ineke.sub)).toEqual([]);

    const again = await me(await accessTokenFrom(await signIn(ineke)));
    expect(again.body.id).not.toBe(before.id);
    expect(again.body.email).toBe(ineke.claims.email);
  });
});

describe('OpenAPI', () => {
  it('documents the providers, start and callback routes', async () => {
    const { body } = await t.http().get('/api/docs-json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/providers', '/api/v1/auth/oidc/start', '/api/v1/auth/oidc/callback']),
    );
    expect(Object.keys(body.paths['/api/v1/auth/oidc/callback'].get.responses)).toEqual(
      expect.arrayContaining(['302', '400', '403', '404', '503']),
    );
  });
});

describe('with OIDC_ISSUER unset', () => {
  let off: TestApp;
  beforeAll(async () => {
    off = await createTestApp({ databaseUrl: t.databaseUrl });
  });
  afterAll(() => off.close());

  it('GET /auth/providers says oidc: null', async () => {
    const response = await off.http().get(`${V1}/auth/providers`);
    expect(response.body).toEqual({ password: true, oidc: null });
  });

  it('start and callback answer 404 auth.provider_unknown', async () => {
    for (const path of [START, `${CALLBACK}?code=x&state=y`]) {
      const response = await off.http().get(path);
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 404, code: 'auth.provider_unknown' });
    }
  });
});

describe('a provider that is down', () => {
  let port: number;
  let down: TestApp;
  beforeAll(async () => {
    port = await freePort();
    down = await createTestApp({
      databaseUrl: t.databaseUrl,
      env: { OIDC_ISSUER: `http://127.0.0.1:${port}`, OIDC_CLIENT_ID: 'kennisplein', OIDC_CLIENT_SECRET: 'secret' },
    });
  });
  afterAll(() => down.close());

  it('leaves the api up; start answers 503 auth.oidc_unavailable without internals, and works once the provider is back', async () => {
    expect((await down.http().get(`${V1}/auth/providers`)).body.oidc).toEqual({ name: 'SURFconext', startUrl: '/api/v1/auth/oidc/start' });
    const refused = await down.http().get(START).set('Accept-Language', 'en');
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 503, code: 'auth.oidc_unavailable' });
    expect(JSON.stringify(refused.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|fetch failed/);

    // Discovery is tried again on the next sign-in, not only at boot.
    const back = await startTestProvider(`${down.config.PUBLIC_URL}${CALLBACK}`, port);
    try {
      const started = await down.http().get(START);
      expect(started.status).toBe(302);
      expect(started.headers.location).toMatch(new RegExp(`^${back.issuer}/`));
    } finally {
      await back.close();
    }
  });
});
