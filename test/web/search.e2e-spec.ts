import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Locator, Page } from 'playwright-core';
import { expectNoAxeViolations } from '../support/browser-chromium.js';
import { newReader } from '../support/browser-session.js';
import { registerUser, type TestUser } from '../support/factories.js';
import { createCongress, createContribution, makeAdmin } from '../support/kennisbank.js';
import type { TestApp } from '../support/test-app.js';
import { startWebApp, type WebApp } from '../support/web-app.js';

// The kennisbank search in a real browser: Dutch full text with highlighted passages,
// facets with counts in the URL, back and forward, "load more" and where the focus goes,
// the count in a status region, the empty and the error state, a narrow screen.
let app: WebApp;
let t: TestApp;
let base: string;
let browser: Browser;
let admin: TestUser;
let utrecht: string;
let nijmegen: string;

const UTRECHT = 'NIOC 2023 Utrecht';
const NIJMEGEN = 'NIOC 2025 Nijmegen';
// 15 + 10 + 1 contributions about networks: more than one page of 20.
const MATCHES = 26;

const contribution = (input: Parameters<typeof createContribution>[2]) => createContribution(t, admin, { body: 'Een tekst over informatica-onderwijs.', ...input });

beforeAll(async () => {
  app = await startWebApp();
  ({ t, base, browser } = app);
  admin = await makeAdmin(t, await registerUser(t, { verified: true }));
  utrecht = await createCongress(t, admin, { name: UTRECHT, year: 2023 });
  nijmegen = await createCongress(t, admin, { name: NIJMEGEN, year: 2025 });
  for (let n = 1; n <= 15; n++) {
    await contribution({
      congress: utrecht,
      theme: 'Digitale geletterdheid',
      title: `Netwerken in de klas, les ${n}`,
      abstract: `Leerlingen bouwen in les ${n} een klein netwerk en leren hoe computernetwerken werken.`,
      keywords: ['netwerken', 'veiligheid'],
      authors: [{ name: 'Anna de Vries' }],
    });
  }
  for (let n = 1; n <= 10; n++) {
    await contribution({
      congress: nijmegen,
      theme: 'Mediawijsheid',
      title: `Sociale netwerken en privacy, deel ${n}`,
      abstract: `Wat sociale netwerken over leerlingen weten (deel ${n}).`,
      keywords: ['netwerken', 'privacy'],
      authors: [{ name: 'Bram Jansen' }],
    });
  }
  // Markup in the text stays text: the passage is HTML-escaped around its <mark>s.
  await contribution({
    congress: nijmegen,
    theme: 'Mediawijsheid',
    title: 'Netwerken <script>window.pwned = 1</script>',
    // (A whole tag such as <img …> the text search leaves out of its passage; a torn one stays.)
    abstract: 'Netwerken beveiligen met <b onclick="window.pwned = 1" & andere tekens.',
    keywords: ['netwerken'],
    authors: [{ name: 'Cas Hacker' }],
  });
  await contribution({ congress: nijmegen, title: 'Programmeren met Python', abstract: 'Lussen en functies.', authors: [] });
}, 120_000);
afterAll(() => app?.close());

async function openSearch(query: string, options: { width?: number } = {}): Promise<Page> {
  const { page } = await newReader(browser, options);
  await page.goto(`${base}/search${query}`);
  await page.getByRole('heading', { level: 1, name: 'Zoeken in de kennisbank' }).waitFor();
  return page;
}

const results = (page: Page) => page.getByRole('region', { name: 'Resultaten' }).getByRole('list').first().getByRole('listitem');
const status = (page: Page, text: string) => page.getByRole('status').getByText(text, { exact: true }).waitFor();
const searchbox = (page: Page) => page.getByRole('searchbox', { name: 'Zoek in de kennisbank' });
const facet = (page: Page, group: string, name: RegExp | string) => page.getByRole('group', { name: group }).getByRole('checkbox', { name });
const isFocused = (locator: Locator) => locator.evaluate((element) => element === element.ownerDocument.activeElement);

describe('the kennisbank search', () => {
  it('finds by Dutch full text, highlights the matches in their passage and keeps markup in the text as text', async () => {
    const page = await openSearch('?q=netwerken');
    await status(page, `${MATCHES} bijdragen gevonden voor “netwerken”`);
    await expect(page.title()).resolves.toBe('“netwerken” – zoeken in de kennisbank · Kennisplein');
    expect(await searchbox(page).inputValue()).toBe('netwerken');
    expect(await results(page).count()).toBe(20);
    const first = results(page).first();
    // <mark> has no role Playwright's types name yet: found by its element.
    const marks = first.locator('mark');
    expect(await marks.count()).toBeGreaterThan(0);
    expect((await marks.first().textContent())?.toLowerCase()).toMatch(/^netwerk/);
    const link = first.getByRole('link');
    expect(await link.getAttribute('href')).toMatch(/^\/contributions\/[0-9a-f-]{36}$/);
    await expectNoAxeViolations(page);

    await searchbox(page).fill('beveiligen');
    await searchbox(page).press('Enter');
    await page.waitForURL(`${base}/search?q=beveiligen`);
    await status(page, '1 bijdrage gevonden voor “beveiligen”');
    const hit = results(page).first();
    await hit.getByRole('link', { name: 'Netwerken <script>window.pwned = 1</script>' }).waitFor();
    await hit.getByText('<b onclick="window.pwned = 1" & andere', { exact: false }).waitFor();
    expect(await hit.locator('mark').first().textContent()).toBe('beveiligen');
    expect(await page.evaluate('window.pwned')).toBeUndefined();

    // A click on a result opens its contribution.
    await hit.getByRole('link').click();
    await page.waitForURL(/\/contributions\/[0-9a-f-]{36}$/);
    await page.context().close();
  }, 60_000);

  it('filters by facets with counts, in the URL; several values of one facet add up; back and forward restore each state', async () => {
    const page = await openSearch('?q=netwerken');
    await status(page, `${MATCHES} bijdragen gevonden voor “netwerken”`);
    const inUtrecht = facet(page, 'Congres', `${UTRECHT} (15)`);
    await facet(page, 'Congres', `${NIJMEGEN} (11)`).waitFor();
    await facet(page, 'Thema', 'Digitale geletterdheid (15)').waitFor();
    await facet(page, 'Trefwoord', 'netwerken (26)').waitFor();
    await facet(page, 'Auteur', 'Bram Jansen (10)').waitFor();

    await inUtrecht.check();
    await page.waitForURL(`${base}/search?q=netwerken&congress=${utrecht}`);
    await status(page, '15 bijdragen gevonden voor “netwerken”');
    expect(await isFocused(inUtrecht)).toBe(true);
    expect(await results(page).count()).toBe(15);
    expect(await results(page).filter({ hasText: NIJMEGEN }).count()).toBe(0);
    // Each facet ignores its own filter: the other congress still shows what it would add; the other facets count within Utrecht.
    await facet(page, 'Congres', `${NIJMEGEN} (11)`).waitFor();
    await facet(page, 'Trefwoord', 'netwerken (15)').waitFor();
    expect(await facet(page, 'Auteur', /Bram Jansen/).count()).toBe(0);
    await expectNoAxeViolations(page);

    await facet(page, 'Congres', `${NIJMEGEN} (11)`).check();
    await page.waitForURL(`${base}/search?q=netwerken&congress=${utrecht}&congress=${nijmegen}`);
    await status(page, `${MATCHES} bijdragen gevonden voor “netwerken”`);
    await facet(page, 'Trefwoord', 'privacy (10)').check();
    await page.waitForURL(`${base}/search?q=netwerken&congress=${utrecht}&congress=${nijmegen}&keyword=privacy`);
    await status(page, '10 bijdragen gevonden voor “netwerken”');
    await expectNoAxeViolations(page);

    await page.goBack();
    await page.waitForURL(`${base}/search?q=netwerken&congress=${utrecht}&congress=${nijmegen}`);
    await status(page, `${MATCHES} bijdragen gevonden voor “netwerken”`);
    expect(await facet(page, 'Trefwoord', /privacy/).isChecked()).toBe(false);
    await page.goBack();
    await page.waitForURL(`${base}/search?q=netwerken&congress=${utrecht}`);
    await status(page, '15 bijdragen gevonden voor “netwerken”');
    expect(await facet(page, 'Congres', new RegExp(NIJMEGEN)).isChecked()).toBe(false);
    expect(await facet(page, 'Congres', new RegExp(UTRECHT)).isChecked()).toBe(true);
    await page.goForward();
    await page.waitForURL(`${base}/search?q=netwerken&congress=${utrecht}&congress=${nijmegen}`);
    expect(await facet(page, 'Congres', new RegExp(NIJMEGEN)).isChecked()).toBe(true);

    // A new search keeps the filters; back shows the earlier words in the box again.
    await searchbox(page).fill('privacy');
    await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
    await page.waitForURL(`${base}/search?q=privacy&congress=${utrecht}&congress=${nijmegen}`);
    await status(page, '10 bijdragen gevonden voor “privacy”');
    await page.goBack();
    await status(page, `${MATCHES} bijdragen gevonden voor “netwerken”`);
    expect(await searchbox(page).inputValue()).toBe('netwerken');

    await page.getByRole('button', { name: 'Alle filters wissen' }).click();
    await page.waitForURL(`${base}/search?q=netwerken`);
    expect(await isFocused(page.getByRole('heading', { level: 2, name: 'Filteren' }))).toBe(true);
    await page.context().close();
  }, 60_000);

  it('loads more over the cursor, appending the next page and moving the focus to its first result', async () => {
    const page = await openSearch('?q=netwerken');
    await status(page, `${MATCHES} bijdragen gevonden voor “netwerken”`);
    expect(await results(page).count()).toBe(20);
    const firstTwenty = await results(page).getByRole('link').allTextContents();
    const more = page.getByRole('button', { name: 'Meer resultaten laden' });
    await more.focus();
    await page.keyboard.press('Enter');
    await results(page).nth(20).waitFor();
    expect(await results(page).count()).toBe(MATCHES);
    const all = await results(page).getByRole('link').allTextContents();
    expect(all.slice(0, 20)).toEqual(firstTwenty);
    expect(new Set(all).size).toBe(MATCHES);
    expect(await isFocused(results(page).nth(20).getByRole('link'))).toBe(true);
    // The last page: no button left to load more.
    expect(await more.count()).toBe(0);
    await status(page, `${MATCHES} bijdragen gevonden voor “netwerken”`);
    await expectNoAxeViolations(page);
    await page.context().close();
  }, 60_000);

  it('says clearly when nothing is found, offers to clear the filters, and shows an error in words', async () => {
    const page = await openSearch(`?q=xyzzyqq&congress=${utrecht}`);
    await status(page, 'Geen bijdragen gevonden voor “xyzzyqq”');
    await page.getByText('Er zijn geen bijdragen gevonden voor “xyzzyqq”.').waitFor();
    expect(await results(page).count()).toBe(0);
    await expectNoAxeViolations(page);
    await page.getByRole('region', { name: 'Resultaten' }).getByRole('button', { name: 'Alle filters wissen' }).click();
    await page.waitForURL(`${base}/search?q=xyzzyqq`);

    await page.goto(`${base}/search?q=${encodeURIComponent('!!!')}`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('search.no_words');
    await expectNoAxeViolations(page);
    await page.context().close();
  }, 60_000);

  it('folds the facets behind a disclosure on a narrow screen, without horizontal scrolling at 320 px', async () => {
    const page = await openSearch('?q=netwerken', { width: 320 });
    await status(page, `${MATCHES} bijdragen gevonden voor “netwerken”`);
    const toggle = page.getByRole('button', { name: 'Filters tonen' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await facet(page, 'Congres', new RegExp(UTRECHT)).isVisible()).toBe(false);
    await toggle.click();
    const hide = page.getByRole('button', { name: 'Filters verbergen' });
    expect(await hide.getAttribute('aria-expanded')).toBe('true');
    await facet(page, 'Congres', new RegExp(UTRECHT)).check();
    await status(page, '15 bijdragen gevonden voor “netwerken”');
    await page.getByRole('button', { name: 'Filters verbergen (1 gekozen)' }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
    await expectNoAxeViolations(page);
    await page.context().close();
  }, 60_000);
});
