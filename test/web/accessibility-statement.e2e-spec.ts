import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { newReader } from '../support/browser-session.js';
import { capturePage } from '../support/screenshots.js';
import { startWebApp, type WebApp } from '../support/web-app.js';

// The toegankelijkheidsverklaring: reached from every page's footer, in the model of
// digitoegankelijk.nl (scope, standard, status, what was tested, known gaps, contact).
let app: WebApp;
let base: string;
let browser: Browser;

beforeAll(async () => {
  app = await startWebApp();
  ({ base, browser } = app);
}, 60_000);
afterAll(() => app?.close());

describe('the toegankelijkheidsverklaring', () => {
  it('is linked from the footer of the home page and has its sections and a contact', async () => {
    const { page, context } = await newReader(browser);
    await page.goto(`${base}/`);
    await page.getByRole('contentinfo').getByRole('link', { name: 'Toegankelijkheid' }).click();
    await page.getByRole('heading', { level: 1, name: 'Toegankelijkheidsverklaring' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/toegankelijkheid');
    await expect(page.title()).resolves.toBe('Toegankelijkheidsverklaring · Kennisplein');

    const sections = await page.getByRole('heading', { level: 2 }).allTextContents();
    expect(sections).toEqual(['Over deze verklaring', 'Welke norm', 'Nalevingsstatus', 'Wat we hebben getest en hoe', 'Bekende beperkingen', 'Contact']);
    await page.getByText('Kennisplein voldoet gedeeltelijk aan WCAG 2.2 niveau AA.').waitFor();
    await page.getByText(/EN 301 549/).waitFor();
    await page.getByText(/axe-core controleert elke pagina/).waitFor();
    await page.getByText(/onafhankelijk handmatig onderzoek/).waitFor();
    const mail = page.getByRole('link', { name: 'toegankelijkheid@kennisplein.nl' });
    await expect(mail.getAttribute('href')).resolves.toBe('mailto:toegankelijkheid@kennisplein.nl');
    await page.getByText(/binnen 5 werkdagen/).waitFor();
    await capturePage(page, 'accessibility-statement');

    // Every page has the link: on the statement itself, and in English too.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Accessibility statement' }).waitFor();
    await page.getByRole('contentinfo').getByRole('link', { name: 'Accessibility' }).waitFor();
    await page.getByText('Kennisplein partially complies with WCAG 2.2 level AA.').waitFor();
    await context.close();
  });
});
