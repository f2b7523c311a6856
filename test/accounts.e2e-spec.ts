import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ParsedMail } from 'mailparser';
import { DataSource } from 'typeorm';
import { registerUser, type TestUser, uniqueEmail } from './support/factories.js';
import { createCongress, eventually, makeAdmin } from './support/kennisbank.js';
import { SmtpSink } from './support/smtp-sink.js';
import { connected } from './support/sockets.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

const PUBLIC_URL = 'http://kennisplein.test';
let smtp: SmtpSink;
let t: TestApp;

beforeAll(async () => {
  smtp = new SmtpSink();
  t = await createTestApp({
    env: { SMTP_URL: await smtp.start(), WORKER_INLINE: 'true', PUBLIC_URL, LOGIN_MAX_ATTEMPTS_PER_EMAIL: '5', ACCOUNT_MAILS_PER_HOUR: '3' },
  });
});
afterAll(async () => {
  await t.close();
  await smtp.stop();
});

/** Waits for a mail to this address whose subject matches, and answers it. */
async function mailTo(address: string, subject: RegExp, deadlineMs = 15_000): Promise<ParsedMail> {
  return eventually(
    () => Promise.resolve(smtp.messagesTo(address).find((mail) => subject.test(mail.subject ?? ''))),
    (mail) => mail !== undefined,
    deadlineMs / 100,
  ) as Promise<ParsedMail>;
}

/** The token of a mail's link, read from its text as a reader's mail program shows it. */
function tokenIn(mail: ParsedMail, page: string): string {
  const match = new RegExp(`${PUBLIC_URL}/${page}\\?token=([^\\s&]+)`).exec(mail.text ?? '');
  if (!match) throw new Error(`no ${page} link in "${mail.subject}"`);
  return decodeURIComponent(match[1]);
}

const verificationToken = async (email: string) => tokenIn(await mailTo(email, /Bevestig uw e-mailadres/), 'verify-email');
const me = (user: { accessToken: string }) => t.http().get(`${V1}/me`).set('Authorization', `Bearer ${user.accessToken}`);
const login = (email: string, password: string) => t.http().post(`${V1}/auth/login`).send({ email, password });

describe('email verification', () => {
  it('mails a link at registration; following it verifies the address, once', async () => {
    const user = await registerUser(t, { displayName: 'Vera Verify' });
    expect((await me(user)).body.emailVerified).toBe(false);
    const mail = await mailTo(user.email, /Bevestig uw e-mailadres/);
    expect(mail.html).toContain(`${PUBLIC_URL}/verify-email?token=`);
    expect(mail.text).toContain('Beste Vera Verify');
    const token = tokenIn(mail, 'verify-email');

    const verified = await t.http().post(`${V1}/auth/verify-email`).send({ token });
    expect(verified.status).toBe(200);
    expect(verified.body.user).toMatchObject({ id: user.id, email: user.email, emailVerified: true });
    expect((await me(user)).body.emailVerified).toBe(true);

    const again = await t.http().post(`${V1}/auth/verify-email`).send({ token });
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('token.spent');
  });

  it('stores the token hashed, answers 400 for a malformed or unknown one and 410 for an expired one', async () => {
    const user = await registerUser(t);
    const token = await verificationToken(user.email);
    const [id, secret] = token.split('.');
    const db = t.app.get(DataSource);
    const [row] = await db.query('SELECT token_hash, purpose FROM account_tokens WHERE id = $1', [id]);
    expect(row).toMatchObject({ token_hash: expect.stringMatching(/^[0-9a-f]{64}$/), purpose: 'verify_email' });
    expect(row.token_hash).not.toContain(secret);

    for (const malformed of ['nonsense', `${id}.short`, '']) {
      const response = await t.http().post(`${V1}/auth/verify-email`).send({ token: malformed });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('token.malformed');
    }
    const forged = await t.http().post(`${V1}/auth/verify-email`).send({ token: `${id}.${'A'.repeat(43)}` });
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('token.invalid');
    const missing = await t.http().post(`${V1}/auth/verify-email`).send({});
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('validation.failed');

    await db.query(`UPDATE account_tokens SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    const expired = await t.http().post(`${V1}/auth/verify-email`).set('Accept-Language', 'en').send({ token });
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({ code: 'token.expired', message: 'This link has expired; ask for a new one' });
    expect((await me(user)).body.emailVerified).toBe(false);
  });

  it('resends a link to a logged-in unverified account, a few times an hour, and never to a verified one', async () => {
    const user = await registerUser(t);
    await verificationToken(user.email);
    const anonymous = await t.http().post(`${V1}/auth/verify-email/resend`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('auth.unauthenticated');

    for (let i = 0; i < 3; i++) expect((await t.http().post(`${V1}/auth/verify-email/resend`).set(user.auth)).status).toBe(202);
    const limited = await t.http().post(`${V1}/auth/verify-email/resend`).set(user.auth);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('account.too_many_mails');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await eventually(
      () => Promise.resolve(smtp.messagesTo(user.email).length),
      (count) => count === 4,
    );
    // The newest link works; so do the earlier ones until one is used.
    const newest = smtp.messagesTo(user.email).at(-1)!;
    expect((await t.http().post(`${V1}/auth/verify-email`).send({ token: tokenIn(newest, 'verify-email') })).status).toBe(200);

    const verified = await registerUser(t);
    await t.http().post(`${V1}/auth/verify-email`).send({ token: await verificationToken(verified.email) }).expect(200);
    const needless = await t.http().post(`${V1}/auth/verify-email/resend`).set(verified.auth);
    expect(needless.status).toBe(409);
    expect(needless.body.code).toBe('account.already_verified');
  });

  it('links an unverified registrant with an author’s email as the author, and owner of the workspace, only once verified', async () => {
    const admin = await makeAdmin(t, await registerUser(t, { displayName: 'Ada Admin' }));
    const congress = await createCongress(t, admin);
    const email = uniqueEmail('auteur');
    const created = await t
      .http()
      .post(`${V1}/contributions`)
      .set(admin.auth)
      .send({ congress, title: 'Samen programmeren', body: 'Over pair programming in de klas.', authors: [{ name: 'Ria Reeds', email }] });
    expect(created.status).toBe(201);
    const paper = created.body;

    // Someone registers with the author's address but has not proved it is theirs.
    const registrant = await registerUser(t, { email, displayName: 'Ria Reeds' });
    const token = await verificationToken(email);
    const before = await t.http().get(`${V1}/contributions/${paper.id}`);
    expect(before.body.authors[0].userId).toBeNull();
    expect((await t.http().get(`${V1}/groups/${paper.workspace.groupId}`).set(registrant.auth)).body.myRole).toBeNull();

    // An import or a new contribution while still unverified does not link either.
    const second = await t
      .http()
      .post(`${V1}/contributions`)
      .set(admin.auth)
      .send({ congress, title: 'Nog een paper', body: 'Tekst.', authors: [{ name: 'Ria Reeds', email }] });
    expect(second.body.authors[0].userId).toBeNull();

    await t.http().post(`${V1}/auth/verify-email`).send({ token }).expect(200);
    const linked = await eventually(
      () => t.http().get(`${V1}/contributions/${paper.id}`),
      (response) => response.body.authors[0].userId !== null,
    );
    expect(linked.body.authors[0].userId).toBe(registrant.id);
    expect((await t.http().get(`${V1}/groups/${paper.workspace.groupId}`).set(registrant.auth)).body.myRole).toBe('owner');
    const secondLinked = await t.http().get(`${V1}/contributions/${second.body.id}`);
    expect(secondLinked.body.authors[0].userId).toBe(registrant.id);
  });
});

describe('password reset', () => {
  it('answers 202 alike for a known and an unknown address, and mails only the known one', async () => {
    const user = await registerUser(t);
    const unknown = uniqueEmail('nobody');
    const known = await t.http().post(`${V1}/auth/password/forgot`).send({ email: user.email.toUpperCase() });
    const stranger = await t.http().post(`${V1}/auth/password/forgot`).send({ email: unknown });
    expect(known.status).toBe(202);
    expect(stranger.status).toBe(202);
    expect(known.body).toEqual(stranger.body);
    const mail = await mailTo(user.email, /nieuw wachtwoord/i);
    expect(mail.text).toContain(`${PUBLIC_URL}/reset-password?token=`);
    expect(mail.text).toContain('30 minuten');
    expect(smtp.messagesTo(unknown)).toEqual([]);
    const bad = await t.http().post(`${V1}/auth/password/forgot`).send({ email: 'not an address' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation.failed');
  });

  it('sets the new password, revokes every session (a stolen refresh token too) and tells the owner', async () => {
    const user = await registerUser(t, { displayName: 'Ruud Reset' });
    const stolen = await login(user.email, user.password);
    await t.http().post(`${V1}/auth/password/forgot`).send({ email: user.email }).expect(202);
    const token = tokenIn(await mailTo(user.email, /Een nieuw wachtwoord/), 'reset-password');
    expect(token.split('.')[0]).toMatch(/^[0-9a-f-]{36}$/);

    const tooShort = await t.http().post(`${V1}/auth/password/reset`).send({ token, password: 'kort' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body).toMatchObject({ code: 'validation.failed', message: ['password moet minstens 10 tekens lang zijn'] });

    const reset = await t.http().post(`${V1}/auth/password/reset`).send({ token, password: 'a brand new passphrase' });
    expect(reset.status).toBe(200);
    expect(reset.body.user).toMatchObject({ id: user.id, emailVerified: true });

    for (const refreshToken of [user.refreshToken, stolen.body.refreshToken]) {
      const refresh = await t.http().post(`${V1}/auth/refresh`).send({ refreshToken });
      expect(refresh.status).toBe(401);
      expect(refresh.body.code).toBe('auth.refresh_invalid');
    }
    expect((await me(user)).status).toBe(401);
    expect((await me(stolen.body)).status).toBe(401);
    expect((await login(user.email, user.password)).body.code).toBe('auth.invalid_credentials');
    expect((await login(user.email, 'a brand new passphrase')).status).toBe(200);
    const notice = await mailTo(user.email, /wachtwoord voor Kennisplein is gewijzigd/);
    expect(notice.text).toContain('Beste Ruud Reset');

    const again = await t.http().post(`${V1}/auth/password/reset`).send({ token, password: 'yet another passphrase' });
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('token.spent');
  });

  it('never lets a reset token verify an email, nor a verification token reset a password', async () => {
    const user = await registerUser(t);
    const verification = await verificationToken(user.email);
    await t.http().post(`${V1}/auth/password/forgot`).send({ email: user.email }).expect(202);
    const reset = tokenIn(await mailTo(user.email, /Een nieuw wachtwoord/), 'reset-password');

    const crossVerify = await t.http().post(`${V1}/auth/verify-email`).send({ token: reset });
    expect(crossVerify.status).toBe(400);
    expect(crossVerify.body.code).toBe('token.invalid');
    const crossReset = await t.http().post(`${V1}/auth/password/reset`).send({ token: verification, password: 'a long new password' });
    expect(crossReset.status).toBe(400);
    expect(crossReset.body.code).toBe('token.invalid');
    // Neither was spent by the wrong use.
    expect((await t.http().post(`${V1}/auth/verify-email`).send({ token: verification })).status).toBe(200);
    expect((await t.http().post(`${V1}/auth/password/reset`).send({ token: reset, password: 'a long new password' })).status).toBe(200);
  });

  it('answers 410 for an expired reset link', async () => {
    const user = await registerUser(t);
    await t.http().post(`${V1}/auth/password/forgot`).send({ email: user.email }).expect(202);
    const token = tokenIn(await mailTo(user.email, /Een nieuw wachtwoord/), 'reset-password');
    const [row] = await t.app.get(DataSource).query(`SELECT expires_at - created_at AS lifetime FROM account_tokens WHERE id = $1`, [token.split('.')[0]]);
    expect(row.lifetime).toMatchObject({ minutes: 30 });
    await t.app.get(DataSource).query(`UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [token.split('.')[0]]);
    const expired = await t.http().post(`${V1}/auth/password/reset`).send({ token, password: 'a long new password' });
    expect(expired.status).toBe(410);
    expect(expired.body.code).toBe('token.expired');
  });
});

describe('POST /me/password', () => {
  it('changes the password with the current one and ends the other sessions, not this one', async () => {
    const user = await registerUser(t, { displayName: 'Pien Password' });
    const other = await login(user.email, user.password);
    const tooShort = await t.http().post(`${V1}/me/password`).set(user.auth).send({ currentPassword: user.password, newPassword: 'short' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body).toMatchObject({ code: 'validation.failed', message: ['newPassword moet minstens 10 tekens lang zijn'] });

    const changed = await t.http().post(`${V1}/me/password`).set(user.auth).send({ currentPassword: user.password, newPassword: 'my second passphrase' });
    expect(changed.status).toBe(204);
    expect((await me(user)).status).toBe(200);
    expect((await t.http().post(`${V1}/auth/refresh`).send({ refreshToken: user.refreshToken })).status).toBe(200);
    expect((await me(other.body)).status).toBe(401);
    expect((await t.http().post(`${V1}/auth/refresh`).send({ refreshToken: other.body.refreshToken })).status).toBe(401);
    expect((await login(user.email, 'my second passphrase')).status).toBe(200);
    await mailTo(user.email, /wachtwoord voor Kennisplein is gewijzigd/);
  });

  it('limits wrong current passwords per account, apart from the login (a stolen token cannot lock the owner out)', async () => {
    const user = await registerUser(t);
    for (let i = 0; i < 5; i++) {
      const wrong = await t.http().post(`${V1}/me/password`).set(user.auth).send({ currentPassword: `wrong ${i} password`, newPassword: 'whatever new one' });
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('account.wrong_password');
    }
    const sixth = await t.http().post(`${V1}/me/password`).set(user.auth).send({ currentPassword: user.password, newPassword: 'whatever new one' });
    expect(sixth.status).toBe(429);
    expect(sixth.body.code).toBe('auth.too_many_attempts');
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(user.email, user.password)).status).toBe(200);
  });
});

describe('PATCH /me {email}', () => {
  it('takes a new address once it is verified, and tells the old one at once', async () => {
    const user = await registerUser(t, { displayName: 'Eef Email' });
    const newEmail = uniqueEmail('nieuw');
    const withoutPassword = await t.http().patch(`${V1}/me`).set(user.auth).send({ email: newEmail });
    expect(withoutPassword.status).toBe(400);
    expect(withoutPassword.body.code).toBe('account.password_required');
    const wrongPassword = await t.http().patch(`${V1}/me`).set(user.auth).send({ email: newEmail, currentPassword: 'not my password' });
    expect(wrongPassword.status).toBe(403);
    expect(wrongPassword.body.code).toBe('account.wrong_password');
    expect((await me(user)).body.pendingEmail).toBeNull();

    const patched = await t.http().patch(`${V1}/me`).set(user.auth).send({ email: newEmail, currentPassword: user.password, affiliation: 'HAN' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ email: user.email, pendingEmail: newEmail, affiliation: 'HAN' });

    const notice = await mailTo(user.email, /wordt gewijzigd/);
    expect(notice.text).toContain(newEmail);
    const mail = await mailTo(newEmail, /Bevestig uw e-mailadres/);
    expect(mail.text).toContain('oude adres');
    expect((await login(newEmail, user.password)).status).toBe(401);

    const verified = await t.http().post(`${V1}/auth/verify-email`).send({ token: tokenIn(mail, 'verify-email') });
    expect(verified.status).toBe(200);
    expect(verified.body.user).toMatchObject({ email: newEmail, pendingEmail: null, emailVerified: true });
    expect((await login(newEmail, user.password)).status).toBe(200);
    expect((await login(user.email, user.password)).status).toBe(401);
  });

  it('answers 409 for an address another account has, also when it was taken while the link waited', async () => {
    const [user, holder] = [await registerUser(t), await registerUser(t)];
    const taken = await t.http().patch(`${V1}/me`).set(user.auth).send({ email: holder.email.toUpperCase(), currentPassword: user.password });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('account.email_taken');

    const wanted = uniqueEmail('wanted');
    await t.http().patch(`${V1}/me`).set(user.auth).send({ email: wanted, currentPassword: user.password }).expect(200);
    const token = tokenIn(await mailTo(wanted, /Bevestig uw e-mailadres/), 'verify-email');
    await registerUser(t, { email: wanted });
    const late = await t.http().post(`${V1}/auth/verify-email`).send({ token });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('account.email_taken');
    expect((await me(user)).body.email).toBe(user.email);
  });

  it('lets a password reset cancel a change the owner did not ask for', async () => {
    const user = await registerUser(t);
    const hijack = uniqueEmail('hijack');
    await t.http().patch(`${V1}/me`).set(user.auth).send({ email: hijack, currentPassword: user.password }).expect(200);
    const token = tokenIn(await mailTo(hijack, /Bevestig uw e-mailadres/), 'verify-email');
    await t.http().post(`${V1}/auth/password/forgot`).send({ email: user.email }).expect(202);
    const reset = tokenIn(await mailTo(user.email, /Een nieuw wachtwoord/), 'reset-password');
    await t.http().post(`${V1}/auth/password/reset`).send({ token: reset, password: 'taken back passphrase' }).expect(200);
    const afterReset = await t.http().post(`${V1}/auth/verify-email`).send({ token });
    expect(afterReset.status).toBe(410);
    expect(afterReset.body.code).toBe('token.spent');
    const relogin = await login(user.email, 'taken back passphrase');
    expect(relogin.body.user).toMatchObject({ email: user.email, pendingEmail: null });
  });
});

describe('mailed links and what changed since', () => {
  it('lets only one of two uses of one link at once win', async () => {
    const user = await registerUser(t);
    const token = await verificationToken(user.email);
    const answers = await Promise.all([1, 2, 3].map(() => t.http().post(`${V1}/auth/verify-email`).send({ token })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 410, 410]);

    await t.http().post(`${V1}/auth/password/forgot`).send({ email: user.email }).expect(202);
    const reset = tokenIn(await mailTo(user.email, /Een nieuw wachtwoord/), 'reset-password');
    const resets = await Promise.all(
      ['first new password', 'second new password'].map((password) => t.http().post(`${V1}/auth/password/reset`).send({ token: reset, password })),
    );
    expect(resets.map((answer) => answer.status).sort()).toEqual([200, 410]);
    const winner = resets[0].status === 200 ? 'first new password' : 'second new password';
    expect((await login(user.email, winner)).status).toBe(200);
  });

  it('refuses a reset link mailed before the address changed, and a verification link of a withdrawn address', async () => {
    const user = await registerUser(t);
    await t.http().post(`${V1}/auth/password/forgot`).send({ email: user.email }).expect(202);
    const oldReset = tokenIn(await mailTo(user.email, /Een nieuw wachtwoord/), 'reset-password');

    const withdrawn = uniqueEmail('withdrawn');
    await t.http().patch(`${V1}/me`).set(user.auth).send({ email: withdrawn, currentPassword: user.password }).expect(200);
    const withdrawnLink = tokenIn(await mailTo(withdrawn, /Bevestig uw e-mailadres/), 'verify-email');
    const moved = uniqueEmail('moved');
    await t.http().patch(`${V1}/me`).set(user.auth).send({ email: moved, currentPassword: user.password }).expect(200);
    const stale = await t.http().post(`${V1}/auth/verify-email`).send({ token: withdrawnLink });
    expect(stale.status).toBe(400);
    expect(stale.body.code).toBe('token.invalid');
    expect((await me(user)).body).toMatchObject({ email: user.email, pendingEmail: moved });

    await t.http().post(`${V1}/auth/verify-email`).send({ token: tokenIn(await mailTo(moved, /Bevestig uw e-mailadres/), 'verify-email') }).expect(200);
    const old = await t.http().post(`${V1}/auth/password/reset`).send({ token: oldReset, password: 'someone else’s password' });
    expect(old.status).toBe(400);
    expect(old.body.code).toBe('token.invalid');
    expect((await login(moved, user.password)).status).toBe(200);
  });

  it('ends a pending email change and open links when the owner changes the password', async () => {
    const user = await registerUser(t);
    const hijack = uniqueEmail('hijack2');
    await t.http().patch(`${V1}/me`).set(user.auth).send({ email: hijack, currentPassword: user.password }).expect(200);
    const link = tokenIn(await mailTo(hijack, /Bevestig uw e-mailadres/), 'verify-email');
    await t.http().post(`${V1}/me/password`).set(user.auth).send({ currentPassword: user.password, newPassword: 'owner takes it back' }).expect(204);
    expect((await me(user)).body.pendingEmail).toBeNull();
    const late = await t.http().post(`${V1}/auth/verify-email`).send({ token: link });
    expect(late.status).toBe(410);
    expect(late.body.code).toBe('token.spent');
  });

  it('never lets a stranger’s forgot requests keep the owner from a working link, and mails nothing for a deleted account', async () => {
    const user = await registerUser(t);
    // More requests than the hourly allowance (3 here), one after another.
    const db = t.app.get(DataSource);
    for (let i = 0; i < 4; i++) {
      await t.http().post(`${V1}/auth/password/forgot`).send({ email: user.email }).expect(202);
      await eventually(
        () => Promise.resolve(smtp.messagesTo(user.email).filter((mail) => /Een nieuw wachtwoord/.test(mail.subject ?? '')).length),
        (count) => count >= Math.min(i + 1, 3),
      );
      // The stranger waits until the links of before have expired.
      await db.query(`UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND purpose = 'reset_password'`, [user.id]);
    }
    const resets = () => smtp.messagesTo(user.email).filter((mail) => /Een nieuw wachtwoord/.test(mail.subject ?? ''));
    await eventually(() => Promise.resolve(resets().length), (count) => count === 4);
    const token = tokenIn(resets().at(-1)!, 'reset-password');
    expect((await t.http().post(`${V1}/auth/password/reset`).send({ token, password: 'owner gets in again' })).status).toBe(200);

    const gone = await registerUser(t);
    await t.http().delete(`${V1}/me`).set(gone.auth).expect(204);
    await t.http().post(`${V1}/auth/password/forgot`).send({ email: gone.email }).expect(202);
    await t.http().post(`${V1}/auth/password/forgot`).send({ email: user.email }).expect(202);
    await eventually(() => Promise.resolve(resets().length), (count) => count === 5);
    expect(smtp.messagesTo(gone.email).filter((mail) => /Een nieuw wachtwoord/.test(mail.subject ?? ''))).toEqual([]);
  });
});

describe('browser sessions (the kp_refresh cookie)', () => {
  const cookieOf = (response: { headers: Record<string, unknown> }): string | undefined =>
    ([] as string[]).concat((response.headers['set-cookie'] as string[] | undefined) ?? []).find((line) => line.startsWith('kp_refresh='));
  const valueOf = (setCookie: string) => setCookie.split(';')[0];

  async function browserLogin(user: TestUser) {
    const response = await t.http().post(`${V1}/auth/login`).set('Origin', PUBLIC_URL).send({ email: user.email, password: user.password, cookie: true });
    expect(response.status).toBe(200);
    return response;
  }

  it('keeps the refresh token in an httpOnly SameSite=Strict cookie scoped to the auth routes, never in the answer', async () => {
    const user = await registerUser(t);
    const response = await browserLogin(user);
    expect(response.body.refreshToken).toBeUndefined();
    expect(response.body.accessToken).toEqual(expect.any(String));
    const cookie = cookieOf(response)!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth(;|$)/);
    expect(cookie).not.toMatch(/Secure/);

    const refreshed = await t.http().post(`${V1}/auth/refresh`).set('Origin', PUBLIC_URL).set('Cookie', valueOf(cookie)).send({});
    expect(refreshed.status).toBe(200);
    expect(Object.keys(refreshed.body)).toEqual(['accessToken']);
    const next = cookieOf(refreshed)!;
    expect(valueOf(next)).not.toBe(valueOf(cookie));
    expect((await me(refreshed.body)).status).toBe(200);

    // The spent cookie, replayed, revokes the login (as with JSON tokens) and is taken away.
    const replay = await t.http().post(`${V1}/auth/refresh`).set('Origin', PUBLIC_URL).set('Cookie', valueOf(cookie)).send({});
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('auth.refresh_reused');
    expect(cookieOf(replay)).toMatch(/^kp_refresh=;/);
  });

  it('refuses a cookie-based refresh or logout from another origin, or without one', async () => {
    const user = await registerUser(t);
    const cookie = valueOf(cookieOf(await browserLogin(user))!);
    for (const origin of ['https://evil.example', 'http://kennisplein.test.evil.example', undefined]) {
      const request = t.http().post(`${V1}/auth/refresh`).set('Cookie', cookie);
      const refused = await (origin ? request.set('Origin', origin) : request).send({});
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('auth.cross_origin');
      const logout = await t.http().post(`${V1}/auth/logout`).set('Cookie', cookie).set('Origin', origin ?? 'null').send({});
      expect(logout.status).toBe(403);
    }
    const crossLogin = await t.http().post(`${V1}/auth/login`).set('Origin', 'https://evil.example').send({ email: user.email, password: user.password, cookie: true });
    expect(crossLogin.status).toBe(403);
    expect(crossLogin.body.code).toBe('auth.cross_origin');
    // A token in the body is an API client's: it needs no origin, and the cookie stays untouched.
    const apiClient = await login(user.email, user.password);
    const byBody = await t.http().post(`${V1}/auth/refresh`).set('Origin', 'https://evil.example').set('Cookie', cookie).send({ refreshToken: apiClient.body.refreshToken });
    expect(byBody.status).toBe(200);
    expect(byBody.body.refreshToken).toEqual(expect.any(String));
    expect(cookieOf(byBody)).toBeUndefined();
    // The cookie still works from the platform's own origin: nothing was spent.
    expect((await t.http().post(`${V1}/auth/refresh`).set('Origin', PUBLIC_URL).set('Cookie', cookie).send({})).status).toBe(200);
  });

  it('logs out with the cookie: the login ends and the cookie is cleared', async () => {
    const user = await registerUser(t);
    const login = await browserLogin(user);
    const cookie = valueOf(cookieOf(login)!);
    const logout = await t.http().post(`${V1}/auth/logout`).set('Origin', PUBLIC_URL).set('Cookie', cookie).send({});
    expect(logout.status).toBe(204);
    expect(cookieOf(logout)).toMatch(/^kp_refresh=;.*Expires=Thu, 01 Jan 1970/);
    expect((await me(login.body)).status).toBe(401);
    expect((await t.http().post(`${V1}/auth/refresh`).set('Origin', PUBLIC_URL).set('Cookie', cookie).send({})).status).toBe(401);
  });

  it('registers a browser with the cookie too, and keeps JSON tokens for API clients', async () => {
    const email = uniqueEmail('browser');
    const browser = await t
      .http()
      .post(`${V1}/auth/register`)
      .set('Origin', PUBLIC_URL)
      .send({ email, password: 'correct horse battery', displayName: 'Bo Browser', cookie: true });
    expect(browser.status).toBe(201);
    expect(browser.body.refreshToken).toBeUndefined();
    expect(cookieOf(browser)).toBeDefined();
    const api = await login(email, 'correct horse battery');
    expect(api.body.refreshToken).toEqual(expect.any(String));
    expect(cookieOf(api)).toBeUndefined();
  });

  it('marks the cookie Secure when PUBLIC_URL is https', async () => {
    const secure = await createTestApp({ env: { PUBLIC_URL: 'https://kennisplein.example' } });
    try {
      const user = await registerUser(secure);
      const response = await secure
        .http()
        .post(`${V1}/auth/login`)
        .set('Origin', 'https://kennisplein.example')
        .send({ email: user.email, password: user.password, cookie: true });
      expect(cookieOf(response)).toMatch(/; Secure/);
    } finally {
      await secure.close();
    }
  });
});

describe('registration limits', () => {
  it('answers 429 with Retry-After past REGISTER_MAX_PER_IP registrations from one address', async () => {
    const limited = await createTestApp({ env: { REGISTER_MAX_PER_IP: '2', TRUST_PROXY: 'loopback' } });
    try {
      const register = (ip: string) =>
        limited.http().post(`${V1}/auth/register`).set('X-Forwarded-For', ip).send({ email: uniqueEmail(), password: 'correct horse battery', displayName: 'R' });
      expect((await register('203.0.113.5')).status).toBe(201);
      expect((await register('203.0.113.5')).status).toBe(201);
      const third = await register('203.0.113.5');
      expect(third.status).toBe(429);
      expect(third.body.code).toBe('auth.too_many_registrations');
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
      expect((await register('203.0.113.6')).status).toBe(201);
    } finally {
      await limited.close();
    }
  });
});

describe('socket handshakes', () => {
  it('refuse a missing or invalid token with the code in connect_error’s data, on both namespaces', async () => {
    const base = await t.listen();
    for (const namespace of ['/discussions', '/notifications']) {
      await expect(connected(base, undefined, namespace)).rejects.toMatchObject({ data: { code: 'auth.unauthenticated', message: 'Log eerst in' } });
      await expect(connected(base, 'not-a-token', namespace)).rejects.toMatchObject({ data: { code: 'auth.token_invalid' } });
    }
    const user = await registerUser(t);
    const client = await connected(base, user.accessToken, '/notifications');
    client.close();
  });
});
