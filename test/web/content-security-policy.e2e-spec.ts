import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { messageLog, startThread } from '../support/browser-discussion.js';
import { logInThroughPage, newReader } from '../support/browser-session.js';
import { createGroup, createSite } from '../support/community.js';
import { registerUser, type TestUser } from '../support/factories.js';
import { createCongress, createContribution, makeAdmin } from '../support/kennisbank.js';
import { until } from '../support/sockets.js';
import { V1 } from '../support/test-app.js';
import { startWebApp, type WebApp } from '../support/web-app.js';

/**
 * The web client under the platform's Content-Security-Policy: every page of a reader's
 * round works, and the browser reports no violation (neither the event nor the console).
 */

// The callbacks passed to evaluate run in the page. Node's types have no DOM, so the few page
// names they use are declared here, for this file only.
interface CspViolationEvent {
  violatedDirective: string;
  blockedURI: string;
  sourceFile: string;
  lineNumber: number;
}
declare const document: {
  images: Iterable<{ complete: boolean }>;
  body: { append(node: unknown): void };
  addEventListener(type: 'securitypolicyviolation', listener: (event: CspViolationEvent) => void): void;
  createElement(tag: 'script'): { textContent: string };
};
declare const window: unknown;
declare function getComputedStyle(element: unknown): { textAlign: string; backgroundColor: string; maxWidth: string };

const LOGO = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40" width="120" height="40">' +
    '<rect width="120" height="40" fill="#ffd966"/><text x="12" y="28" font-family="sans-serif" font-size="22" fill="#8a1538">NIOC</text></svg>',
);
// A markdown table with alignment: the sanitized HTML keeps it as style attributes.
const TABLE = '| Les | Duur |\n|:---|---:|\n| Lussen | 50 min |';

let web: WebApp;
let reader: TestUser;
let threadId: string;
let siteSlug: string;
const contexts: BrowserContext[] = [];

interface Violations {
  events: string[];
  console: string[];
}

beforeAll(async () => {
  web = await startWebApp();
  const { t } = web;
  const admin = await makeAdmin(t, await registerUser(t));
  const congress = await createCongress(t, admin, { name: 'NIOC 2025', year: 2025 });
  await createContribution(t, admin, { congress, title: 'Informatica in het mbo' });
  reader = await registerUser(t, { displayName: 'Rita Lezer', verified: true });
  const group = await createGroup(t, reader, { name: 'Werkgroep lessen' });
  threadId = (await startThread(t, reader, group.id, 'Lesplanning', TABLE)).id;
  siteSlug = (await createSite(t, admin, { name: 'NIOC 2027 Arnhem' })).slug;
  await t.http().patch(`${V1}/sites/${siteSlug}`).set(admin.auth).send({ primaryColor: '#8a1538', accentColor: '#ffd966', logoAlt: 'Logo van NIOC 2027' }).expect(200);
  await t.http().put(`${V1}/sites/${siteSlug}/logo`).set(admin.auth).attach('file', LOGO, { filename: 'logo.svg', contentType: 'image/svg+xml' }).expect(200);
}, 60_000);
afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await web?.close();
});

/** A reader's browser that records every CSP violation of its pages. */
async function watchedReader(): Promise<{ page: Page; violations: Violations }> {
  const { context, page } = await newReader(web.browser);
  contexts.push(context);
  const violations: Violations = { events: [], console: [] };
  await context.exposeFunction('reportCspViolation', (line: string) => violations.events.push(line));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as { reportCspViolation(line: string): void }).reportCspViolation(
        `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.console.push(message.text());
  });
  return { page, violations };
}

describe('the web client under the Content-Security-Policy', () => {
  it('works on every page of a round with no CSP violation', async () => {
    const { page, violations } = await watchedReader();

    const home = await page.goto(`${web.base}/`);
    const csp = home?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    await page.getByRole('heading', { level: 1, name: 'Samenwerken rond de NIOC-kennisbank' }).waitFor();

    await page.getByRole('searchbox', { name: 'Zoek in de kennisbank' }).fill('informatica');
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: /Informatica in het mbo/ }).first().waitFor();

    await logInThroughPage(page, web.base, reader);

    // The live discussion: socket.io's websocket (connect-src), the table's alignment (style attributes).
    await page.goto(`${web.base}/threads/${threadId}`);
    const log = messageLog(page, 'Berichten');
    await log.getByRole('table').waitFor();
    expect(await log.getByRole('cell', { name: '50 min' }).evaluate((cell) => getComputedStyle(cell).textAlign)).toBe('right');
    await page.getByLabel('Uw bericht', { exact: true }).fill('Onder de CSP verstuurd');
    await page.getByRole('button', { name: 'Versturen' }).click();
    await log.getByText('Onder de CSP verstuurd').waitFor();

    // A deelsite in its own colours (custom properties set from script) with its logo (img-src).
    await page.goto(`${web.base}/s/${siteSlug}`);
    await page.getByRole('heading', { level: 1, name: 'NIOC 2027 Arnhem' }).waitFor();
    const logo = page.getByRole('img', { name: 'Logo van NIOC 2027' });
    await logo.waitFor();
    await page.waitForFunction(() => [...document.images].every((image) => image.complete));
    expect(await logo.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    expect(await page.getByTestId('site-band').evaluate((band) => getComputedStyle(band).backgroundColor)).toBe('rgb(138, 21, 56)');

    // The pages the server renders itself: the digest unsubscribe page and the API docs.
    await page.goto(`${web.base}${V1}/digests/unsubscribe?token=nope`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.locator('body').evaluate((body) => getComputedStyle(body).maxWidth)).toBe('560px');
    await page.goto(`${web.base}/api/docs`);
    await page.getByRole('heading', { name: /Kennisplein API/ }).waitFor();

    expect(violations).toEqual({ events: [], console: [] });
  });

  it('is enforced: an inline script is refused and reported', async () => {
    const { page, violations } = await watchedReader();
    await page.goto(`${web.base}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineScriptRan = true;';
      document.body.append(script);
    });
    await until(() => violations.events.length > 0, 'the violation report');
    expect(violations.events[0]).toMatch(/^script-src-elem inline /);
    expect(await page.evaluate(() => (window as { inlineScriptRan?: boolean }).inlineScriptRan)).toBeUndefined();
  });
});
