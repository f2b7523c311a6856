import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { expectNoAxeViolations, launchChromium } from '../support/browser-chromium.js';
import { newReader } from '../support/browser-session.js';
import { registerUser, uniqueEmail } from '../support/factories.js';
import { startTestProvider, type TestProvider } from '../support/oidc-provider.js';
import { freePort } from '../support/processes.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

// Logging in from the browser: the institution's button when OIDC is configured (a real
// provider, the whole round trip), and a 429 that says when to try again.

let t: TestApp;
let base: string;
let provider: TestProvider;
let browser: Browser;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  provider = await startTestProvider(`${base}/api/v1/auth/oidc/callback`);
  t = await createTestApp({
    env: {
      PUBLIC_URL: base,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_NAME: 'Testinstelling',
      LOGIN_MAX_ATTEMPTS_PER_EMAIL: '2',
    },
  });
  await t.listen(port);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t.close();
  await provider.close();
});

describe('the web client: logging in', () => {
  it('signs in through the institution and comes back to the page the link was for, logged in', async () => {
    const { context, page } = await newReader(browser);
    provider.signInAs(`person-${randomBytes(6).toString('hex')}`, { email: uniqueEmail('inst'), email_verified: true, name: 'Ineke Jansen' });
    await page.goto(`${base}/login?returnTo=${encodeURIComponent('/search?q=python')}`);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Inloggen met Testinstelling' }).click();
    await page.waitForURL(`${base}/search?q=python`);
    await page.getByText('Ingelogd als Ineke Jansen').waitFor();
    await context.close();
  });

  it('never leads to another site after a login, whatever the return path says', async () => {
    const user = await registerUser(t, { verified: true, displayName: 'Olga Omweg' });
    const { context, page } = await newReader(browser);
    await page.goto(`${base}/login?returnTo=${encodeURIComponent('//example.org/phish')}`);
    await page.getByLabel('E-mailadres').fill(user.email);
    await page.getByLabel('Wachtwoord').fill(user.password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByText('Ingelogd als Olga Omweg').waitFor();
    expect(new URL(page.url()).origin).toBe(base);
    expect(new URL(page.url()).pathname).toBe('/');
    await context.close();
  });

  it('says when to try again after too many attempts (the Retry-After of the 429)', async () => {
    const user = await registerUser(t);
    const { context, page } = await newReader(browser);
    await page.goto(`${base}/login`);
    await page.getByLabel('E-mailadres').fill(user.email);
    await page.getByLabel('Wachtwoord').fill('not the password at all');
    for (let attempt = 0; attempt < 3; attempt++) await page.getByRole('button', { name: 'Inloggen' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText(/Probeer het over \d+ seconden? opnieuw/).waitFor();
    await expectNoAxeViolations(page);
    await context.close();
  });
});
