import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { expectNoAxeViolations, launchChromium } from '../support/browser-chromium.js';
import { registerUser } from '../support/factories.js';
import { eventually } from '../support/kennisbank.js';
import { freePort } from '../support/processes.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { createTestApp, type TestApp, V1 } from '../support/test-app.js';

// The links of the account mails, followed from the real mails in a real browser.
let smtp: SmtpSink;
let t: TestApp;
let base: string;
let browser: Browser;

beforeAll(async () => {
  smtp = new SmtpSink();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // PUBLIC_URL is the api's own address: the mails link to its pages.
  t = await createTestApp({ env: { SMTP_URL: await smtp.start(), WORKER_INLINE: 'true', PUBLIC_URL: base } });
  await t.listen(port);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t.close();
  await smtp.stop();
});

/** The link of the newest mail to this address whose subject matches, as a mail program shows it. */
async function linkIn(address: string, subject: RegExp): Promise<string> {
  const mail = await eventually(
    () => Promise.resolve(smtp.messagesTo(address).filter((message) => subject.test(message.subject ?? '')).at(-1)),
    (found) => found !== undefined,
  );
  const link = new RegExp(`${base}/[\\w-]+\\?token=[^\\s]+`).exec(mail!.text ?? '')?.[0];
  if (!link) throw new Error(`no link in "${mail!.subject}"`);
  return link;
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'nl-NL' });
  context.setDefaultTimeout(10_000);
  return context.newPage();
}


describe('the pages the account mails link to', () => {
  it('verifies the address when the verification link is opened, and says so once it was used', async () => {
    const user = await registerUser(t);
    const link = await linkIn(user.email, /Bevestig uw e-mailadres/);
    const page = await newPage();
    await page.goto(link);
    await page.getByRole('status').getByText(`Dank u: ${user.email} is bevestigd.`).waitFor();
    await expect(page.title()).resolves.toBe('E-mailadres bevestigen · Kennisplein');
    await expectNoAxeViolations(page);
    expect((await t.http().get(`${V1}/me`).set(user.auth)).body.emailVerified).toBe(true);

    await page.goto(link);
    await page.getByRole('alert').getByText('Deze link is al gebruikt.', { exact: false }).waitFor();
    await page.context().close();
  });

  it('asks for a reset link by address, then sets the new password from the mailed link', async () => {
    const user = await registerUser(t);
    const page = await newPage();
    await page.goto(`${base}/forgot-password`);
    await page.getByRole('heading', { level: 1, name: 'Wachtwoord vergeten' }).waitFor();
    await page.getByLabel('E-mailadres').fill(user.email);
    await page.getByRole('button', { name: 'Stuur mij een link' }).click();
    await page.getByRole('status').getByText('is er nu een mail onderweg', { exact: false }).waitFor();
    await expectNoAxeViolations(page);

    await page.goto(await linkIn(user.email, /Een nieuw wachtwoord/));
    await page.getByRole('heading', { level: 1, name: 'Kies een nieuw wachtwoord' }).waitFor();
    const password = page.getByLabel('Nieuw wachtwoord');
    await password.fill('kort');
    await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
    await page.getByRole('alert').getByText('password moet minstens 10 tekens lang zijn').waitFor();
    await expectNoAxeViolations(page);

    await password.fill('a new passphrase from the browser');
    await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
    await page.getByRole('status').getByText('Uw nieuwe wachtwoord is opgeslagen', { exact: false }).waitFor();
    const login = await t.http().post(`${V1}/auth/login`).send({ email: user.email, password: 'a new passphrase from the browser' });
    expect(login.status).toBe(200);
    expect((await t.http().get(`${V1}/me`).set(user.auth)).status).toBe(401);
    await page.context().close();
  });

  it('registers, verifies from the mail, stays logged in across a reload through the cookie, logs out and in again', async () => {
    const email = `browser-${Date.now()}@example.org`;
    const page = await newPage();
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Registreren' }).click();
    await page.getByRole('heading', { level: 1, name: 'Een account maken' }).waitFor();
    await page.getByLabel('Uw naam').fill('Bo Browser');
    await page.getByLabel('E-mailadres').fill(email);
    await page.getByLabel('Wachtwoord').fill('kort');
    await page.getByRole('button', { name: 'Account maken' }).click();
    await page.getByRole('alert').getByText('password moet minstens 10 tekens lang zijn').waitFor();
    await page.getByLabel('Wachtwoord').fill('correct horse battery');
    await page.getByRole('button', { name: 'Account maken' }).click();
    await page.getByRole('status').getByText(`We stuurden een mail naar ${email}`, { exact: false }).waitFor();
    await page.getByText('Ingelogd als Bo Browser').waitFor();
    await expectNoAxeViolations(page);
    // The refresh token is in an httpOnly cookie: no script of the page can read it.
    expect(await page.evaluate('document.cookie')).toBe('');
    const cookies = await page.context().cookies();
    expect(cookies.find((cookie) => cookie.name === 'kp_refresh')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });

    await page.goto(await linkIn(email, /Bevestig uw e-mailadres/));
    await page.getByRole('status').getByText(`Dank u: ${email} is bevestigd.`).waitFor();
    await page.reload();
    await page.getByText('Ingelogd als Bo Browser').waitFor();

    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.getByRole('link', { name: 'Inloggen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    await page.getByLabel('E-mailadres').fill(email);
    await page.getByLabel('Wachtwoord', { exact: true }).fill('wrong password!');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('alert').getByText('E-mailadres of wachtwoord klopt niet').waitFor();
    await expectNoAxeViolations(page);
    await page.getByLabel('Wachtwoord', { exact: true }).fill('correct horse battery');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByText('Ingelogd als Bo Browser').waitFor();
    await page.context().close();
  });
});
