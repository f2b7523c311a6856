import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestUser } from './factories.js';

/** A fresh browser context (its own cookies and cache) in Dutch, with steps that name themselves when they wait in vain. */
export async function newReader(browser: Browser, options: { width?: number; height?: number } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'nl-NL', viewport: { width: options.width ?? 1280, height: options.height ?? 900 } });
  context.setDefaultTimeout(10_000);
  return { context, page: await context.newPage() };
}

/** Logs in through the login page, as the person would (the session then lives in the kp_refresh cookie). */
export async function logInThroughPage(page: Page, base: string, user: Pick<TestUser, 'email' | 'password' | 'displayName'>): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('E-mailadres').fill(user.email);
  await page.getByLabel('Wachtwoord').fill(user.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByText(`Ingelogd als ${user.displayName}`).waitFor();
}

/**
 * A fresh context logged in as the user, on `path` once the page knows its session (the
 * header names the user): that page load's silent refresh has then rotated the cookie, so a
 * navigation right after never cuts a rotation short (which would spend the refresh token
 * twice and end the session as a replay).
 */
export async function openPageAs(browser: Browser, base: string, user: Pick<TestUser, 'email' | 'password' | 'displayName'>, path: string): Promise<Page> {
  const { page } = await newReader(browser);
  await logInThroughPage(page, base, user);
  await page.goto(`${base}${path}`);
  await page.getByText(`Ingelogd als ${user.displayName}`).waitFor();
  return page;
}
