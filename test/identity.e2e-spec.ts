import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UsersService, DELETED_USER_NAME } from '@kennisplein/identity';
import { registerUser, uniqueEmail } from './support/factories.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('POST /auth/register', () => {
  it('creates the account and answers 201 {user, accessToken, refreshToken}', async () => {
    const email = uniqueEmail('ann');
    const response = await t.http().post(`${V1}/auth/register`).send({ email, password: 'correct horse battery', displayName: 'Ann' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      user: { id: expect.any(String), email, displayName: 'Ann', affiliation: null, bio: null, locale: 'nl', emailVerified: false, pendingEmail: null, isAdmin: false },
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
    });
  });

  it('stores the password with argon2id, never in clear', async () => {
    const user = await registerUser(t);
    const [row] = await t.app.get(DataSource).query('SELECT password_hash FROM users WHERE id = $1', [user.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(user.password);
  });

  it('lists every bad field in one 400', async () => {
    const response = await t.http().post(`${V1}/auth/register`).send({ email: 'not-an-email', password: 'short' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'Bad Request', code: 'validation.failed' });
    expect(response.body.fields).toEqual(
      expect.arrayContaining([{ field: 'email', rule: 'isEmail' }, { field: 'password', rule: 'minLength' }, expect.objectContaining({ field: 'displayName' })]),
    );
    const messages: string[] = response.body.message;
    expect(messages.some((m) => m.startsWith('email'))).toBe(true);
    expect(messages.some((m) => m.startsWith('password'))).toBe(true);
    expect(messages.some((m) => m.startsWith('displayName'))).toBe(true);
  });

  it('refuses unknown fields with 400 naming them', async () => {
    const response = await t
      .http()
      .post(`${V1}/auth/register`)
      .send({ email: uniqueEmail(), password: 'correct horse battery', displayName: 'X', isAdmin: true });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation.failed');
    expect(response.body.message).toContain('het veld isAdmin bestaat niet');
    const english = await t
      .http()
      .post(`${V1}/auth/register`)
      .set('Accept-Language', 'en-GB,en;q=0.9')
      .send({ email: uniqueEmail(), password: 'correct horse battery', displayName: 'X', isAdmin: true });
    expect(english.body.message).toContain('property isAdmin should not exist');
  });

  it('answers 409 for an email that is taken, whatever its case', async () => {
    const email = uniqueEmail('Case');
    await registerUser(t, { email });
    const response = await t
      .http()
      .post(`${V1}/auth/register`)
      .send({ email: email.toUpperCase(), password: 'correct horse battery', displayName: 'Twin' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ statusCode: 409, code: 'account.email_taken', message: 'Dit e-mailadres is al geregistreerd' });
  });

  it('creates one account when the same email registers ten times at once', async () => {
    const email = uniqueEmail('race');
    const statuses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t
          .http()
          .post(`${V1}/auth/register`)
          .send({ email: i % 2 ? email : email.toUpperCase(), password: 'correct horse battery', displayName: 'R' })
          .then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
  });

  it('answers 400 for a body that is not JSON and 413 for one over the limit', async () => {
    const bad = await t.http().post(`${V1}/auth/register`).set('Content-Type', 'application/json').send('{"email":');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('common.invalid_json');
    const huge = await t
      .http()
      .post(`${V1}/auth/register`)
      .send({ email: uniqueEmail(), password: 'x'.repeat(2_000_000), displayName: 'Big' });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('common.body_too_large');
  });
});

describe('POST /auth/login', () => {
  it('logs in with the right password, also with the email in another case', async () => {
    const user = await registerUser(t);
    const response = await t.http().post(`${V1}/auth/login`).send({ email: user.email.toUpperCase(), password: user.password });
    expect(response.status).toBe(200);
    expect(response.body.user.id).toBe(user.id);
    expect(response.body.accessToken).toEqual(expect.any(String));
    expect(response.body.refreshToken).toEqual(expect.any(String));
  });

  it('answers 401 for a wrong password and for an unknown email, alike', async () => {
    const user = await registerUser(t);
    const wrong = await t.http().post(`${V1}/auth/login`).send({ email: user.email, password: 'wrong password!' });
    const unknown = await t.http().post(`${V1}/auth/login`).send({ email: uniqueEmail(), password: 'whatever it is' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toMatchObject({ code: 'auth.invalid_credentials', message: 'E-mailadres of wachtwoord klopt niet' });
  });
});

describe('refresh tokens', () => {
  it('rotates: the answer is a new pair and the old token is spent', async () => {
    const user = await registerUser(t);
    const first = await t.http().post(`${V1}/auth/refresh`).send({ refreshToken: user.refreshToken });
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(['accessToken', 'refreshToken']);
    expect(first.body.refreshToken).not.toBe(user.refreshToken);
    const next = await t.http().post(`${V1}/auth/refresh`).send({ refreshToken: first.body.refreshToken });
    expect(next.status).toBe(200);
  });

  it('stores refresh tokens hashed', async () => {
    const user = await registerUser(t);
    const [id, secret] = user.refreshToken.split('.');
    const [row] = await t.app.get(DataSource).query('SELECT token_hash FROM refresh_tokens WHERE id = $1', [id]);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(secret);
  });

  it('revokes the whole family when a spent token is used again (stolen-token defence)', async () => {
    const user = await registerUser(t);
    const rotated = await t.http().post(`${V1}/auth/refresh`).send({ refreshToken: user.refreshToken });
    expect(rotated.status).toBe(200);

    const replay = await t.http().post(`${V1}/auth/refresh`).send({ refreshToken: user.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('auth.refresh_reused');

    // The thief's replay also ended the legitimate holder's newer tokens of that login…
    const legit = await t.http().post(`${V1}/auth/refresh`).send({ refreshToken: rotated.body.refreshToken });
    expect(legit.status).toBe(401);
    expect(legit.body.code).toBe('auth.refresh_invalid');
    const me = await t.http().get(`${V1}/me`).set('Authorization', `Bearer ${rotated.body.accessToken}`);
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('auth.token_invalid');

    // …but not the user's other logins.
    const otherLogin = await t.http().post(`${V1}/auth/login`).send({ email: user.email, password: user.password });
    expect(otherLogin.status).toBe(200);
    const stillIn = await t.http().get(`${V1}/me`).set('Authorization', `Bearer ${otherLogin.body.accessToken}`);
    expect(stillIn.status).toBe(200);
  });

  it('lets only one of two concurrent refreshes with the same token win', async () => {
    const user = await registerUser(t);
    const answers = await Promise.all([1, 2, 3].map(() => t.http().post(`${V1}/auth/refresh`).send({ refreshToken: user.refreshToken })));
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    const losers = answers.filter((r) => r.status === 401);
    expect(losers).toHaveLength(2);
    for (const loser of losers) expect(['auth.refresh_reused', 'auth.refresh_invalid']).toContain(loser.body.code);
  });

  it('ends a login SESSION_MAX_DAYS after it began, however often it is refreshed', async () => {
    const short = await createTestApp({ env: { SESSION_MAX_DAYS: '1', REFRESH_TOKEN_TTL_DAYS: '30' } });
    try {
      const user = await registerUser(short);
      const refreshed = await short.http().post(`${V1}/auth/refresh`).send({ refreshToken: user.refreshToken }).expect(200);
      const [row] = await short
        .app.get(DataSource)
        .query(`SELECT expires_at <= now() + interval '1 day' AS capped FROM refresh_tokens WHERE id = $1`, [
          refreshed.body.refreshToken.split('.')[0],
        ]);
      expect(row.capped).toBe(true);
    } finally {
      await short.close();
    }
  });

  it('answers 401 for tokens that were never issued', async () => {
    for (const refreshToken of ['nonsense', `${crypto.randomUUID()}.${'a'.repeat(43)}`]) {
      const response = await t.http().post(`${V1}/auth/refresh`).send({ refreshToken });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('auth.refresh_invalid');
    }
    const none = await t.http().post(`${V1}/auth/refresh`).send({});
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('auth.refresh_missing');
  });
});

describe('POST /auth/logout', () => {
  it('answers 204 and ends the login: its refresh and access tokens stop working', async () => {
    const user = await registerUser(t);
    const logout = await t.http().post(`${V1}/auth/logout`).send({ refreshToken: user.refreshToken });
    expect(logout.status).toBe(204);
    expect((await t.http().post(`${V1}/auth/refresh`).send({ refreshToken: user.refreshToken })).status).toBe(401);
    const me = await t.http().get(`${V1}/me`).set(user.auth);
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('auth.token_invalid');
  });
});

describe('GET and PATCH /me', () => {
  it('answers 401 without a token and with an invalid one', async () => {
    const anonymous = await t.http().get(`${V1}/me`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ statusCode: 401, code: 'auth.unauthenticated', message: 'Log eerst in', error: 'Unauthorized' });
    const invalid = await t.http().get(`${V1}/me`).set('Authorization', 'Bearer not.a.jwt').set('Accept-Language', 'en');
    expect(invalid.status).toBe(401);
    expect(invalid.body).toMatchObject({ code: 'auth.token_invalid', message: 'Access token is invalid or expired' });
  });

  it('answers 401 for an expired access token, one without exp and one signed with another secret', async () => {
    const user = await registerUser(t);
    const claims = JSON.parse(Buffer.from(user.accessToken.split('.')[1], 'base64url').toString());
    const jwt = t.app.get(JwtService, { strict: false });
    const expired = jwt.sign({ sub: claims.sub, fam: claims.fam }, { expiresIn: -10 });
    const forged = jwt.sign({ sub: claims.sub, fam: claims.fam }, { secret: 'another secret of at least 32 characters' });
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${user.accessToken.split('.')[1]}.`;
    // Rightly signed, but without `exp`: it would never expire.
    const { exp: _exp, ...timeless } = claims;
    const timelessBody = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(timeless)).toString('base64url')}`;
    const withoutExp = `${timelessBody}.${createHmac('sha256', t.config.jwtSecret).update(timelessBody).digest('base64url')}`;
    for (const token of [expired, forged, unsigned, withoutExp]) {
      const response = await t.http().get(`${V1}/me`).set('Authorization', `Bearer ${token}`);
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('auth.token_invalid');
    }
    expect((await t.http().get(`${V1}/me`).set(user.auth)).status).toBe(200);
  });

  it('shows and updates the profile', async () => {
    const user = await registerUser(t, { displayName: 'Bert' });
    const me = await t.http().get(`${V1}/me`).set(user.auth);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      id: user.id,
      email: user.email,
      displayName: 'Bert',
      affiliation: null,
      bio: null,
      locale: 'nl',
      emailVerified: false,
      pendingEmail: null,
      isAdmin: false,
    });

    const patched = await t
      .http()
      .patch(`${V1}/me`)
      .set(user.auth)
      .send({ displayName: 'Bert de Vries', affiliation: 'HAN', bio: 'Docent informatica', locale: 'en' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ displayName: 'Bert de Vries', affiliation: 'HAN', bio: 'Docent informatica', locale: 'en' });
    expect((await t.http().get(`${V1}/me`).set(user.auth)).body.affiliation).toBe('HAN');
  });

  it('answers 400, not 500, for null where a value is required', async () => {
    const user = await registerUser(t);
    const profile = await t.http().patch(`${V1}/me`).set(user.auth).send({ displayName: null, locale: null, affiliation: null });
    expect(profile.status).toBe(400);
    expect(profile.body.code).toBe('validation.failed');
    expect(profile.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/^displayName/), expect.stringMatching(/^locale/)]));
    const settings = await t.http().patch(`${V1}/me/settings`).set(user.auth).send({ timezone: null, digestFrequency: null });
    expect(settings.status).toBe(400);
    expect(settings.body.code).toBe('validation.failed');
  });

  it('refuses changes it does not allow, listing each', async () => {
    const user = await registerUser(t);
    const response = await t.http().patch(`${V1}/me`).set(user.auth).send({ displayName: '', locale: 'de', email: 'not an address', isAdmin: true });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation.failed');
    expect(response.body.message).toEqual(
      expect.arrayContaining([
        'het veld isAdmin bestaat niet',
        'email moet een e-mailadres zijn',
        'displayName moet minstens 1 tekens lang zijn',
        'locale moet een van deze waarden zijn: nl, en',
      ]),
    );
  });
});

describe('GET and PATCH /me/settings', () => {
  it('has the defaults and takes an IANA time zone', async () => {
    const user = await registerUser(t);
    const defaults = await t.http().get(`${V1}/me/settings`).set(user.auth);
    expect(defaults.body).toEqual({ digestFrequency: 'weekly', timezone: 'Europe/Amsterdam', locale: 'nl' });

    const patched = await t.http().patch(`${V1}/me/settings`).set(user.auth).send({ digestFrequency: 'daily', timezone: 'Asia/Jakarta' });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ digestFrequency: 'daily', timezone: 'Asia/Jakarta', locale: 'nl' });
  });

  it('refuses an unknown time zone and frequency', async () => {
    const user = await registerUser(t);
    const response = await t
      .http()
      .patch(`${V1}/me/settings`)
      .set(user.auth)
      .set('Accept-Language', 'en')
      .send({ digestFrequency: 'monthly', timezone: 'Mars/Olympus' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation.failed');
    expect(response.body.message).toEqual(
      expect.arrayContaining([expect.stringMatching(/^digestFrequency/), expect.stringMatching(/^timezone must be an IANA/)]),
    );
  });
});

describe('GET /me/export', () => {
  it('holds the account, its settings and its sessions', async () => {
    const user = await registerUser(t, { displayName: 'Export Ester' });
    await t.http().post(`${V1}/auth/login`).send({ email: user.email, password: user.password });
    const response = await t.http().get(`${V1}/me/export`).set(user.auth);
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toContain('attachment');
    expect(response.body.account).toMatchObject({
      id: user.id,
      email: user.email,
      displayName: 'Export Ester',
      settings: { digestFrequency: 'weekly', timezone: 'Europe/Amsterdam', locale: 'nl' },
    });
    expect(Object.keys(response.body.account).sort()).toEqual(
      [
        'affiliation',
        'bio',
        'createdAt',
        'displayName',
        'email',
        'emailVerified',
        'emailVerifiedAt',
        'id',
        'isAdmin',
        'lastDigestAt',
        'locale',
        'pendingEmail',
        'settings',
        'updatedAt',
      ].sort(),
    );
    expect(response.body.sessions).toHaveLength(2);
    expect(JSON.stringify(response.body)).not.toMatch(/argon2|token_hash|tokenHash/);
  });
});

describe('DELETE /me', () => {
  it('anonymises the account: no login, no tokens, the email free again, the name shown as deleted', async () => {
    const user = await registerUser(t, { displayName: 'Weg Wendy' });
    await t.http().patch(`${V1}/me`).set(user.auth).send({ affiliation: 'HAN', bio: 'over mij' }).expect(200);
    expect((await t.http().delete(`${V1}/me`).set(user.auth)).status).toBe(204);

    const login = await t.http().post(`${V1}/auth/login`).send({ email: user.email, password: user.password });
    expect(login.status).toBe(401);
    expect(login.body.code).toBe('auth.invalid_credentials');
    expect((await t.http().get(`${V1}/me`).set(user.auth)).status).toBe(401);
    const refresh = await t.http().post(`${V1}/auth/refresh`).send({ refreshToken: user.refreshToken });
    expect(refresh.status).toBe(401);
    expect(refresh.body.code).toBe('auth.refresh_invalid');

    const shown = await t.app.get(UsersService).findPublicByIds([user.id]);
    expect(shown.get(user.id)).toEqual({ id: user.id, displayName: DELETED_USER_NAME, affiliation: null, deleted: true });
    const db = t.app.get(DataSource);
    const [row] = await db.query('SELECT * FROM users WHERE id = $1', [user.id]);
    expect(row).toMatchObject({ password_hash: null, affiliation: null, bio: null, is_admin: false, digest_frequency: 'never' });
    expect(row.email).not.toContain(user.email);
    expect(row.deleted_at).toBeInstanceOf(Date);
    const tokens = await db.query('SELECT id FROM refresh_tokens WHERE user_id = $1', [user.id]);
    expect(tokens).toEqual([]);

    const again = await registerUser(t, { email: user.email });
    expect(again.id).not.toBe(user.id);
  });
});

describe('GET /health', () => {
  it('answers ok with db and redis up', async () => {
    const response = await t.http().get(`${V1}/health`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', db: 'up', redis: 'up' });
  });
});
