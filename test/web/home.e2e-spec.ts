import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { expectNoAxeViolations, launchChromium } from '../support/browser-chromium.js';
import { registerUser } from '../support/factories.js';
import { createCongress, createContribution, makeAdmin } from '../support/kennisbank.js';
import { createTestApp, type TestApp, V1 } from '../support/test-app.js';

let t: TestApp;
let base: string;
let browser: Browser;
let congressName: string;
let congress: string;
let contribution: { id: string; title: string };

beforeAll(async () => {
  t = await createTestApp();
  base = await t.listen();
  const admin = await makeAdmin(t, await registerUser(t));
  congressName = 'NIOC 2025 in Nijmegen';
  congress = await createCongress(t, admin, { name: congressName, year: 2025 });
  const created = await createContribution(t, admin, { congress, title: 'Informatica in het mbo' });
  contribution = { id: created.id, title: 'Informatica in het mbo' };
  // Feedback makes its workspace the most recently active one.
  const reader = await registerUser(t, { verified: true });
  await t.http().post(`${V1}/groups/${created.workspace.groupId}/join`).set(reader.auth).expect(200);
  expect((await t.http().post(`${V1}/contributions/${contribution.id}/feedback`).set(reader.auth).send({ body: 'Mooi!' })).status).toBe(201);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t.close();
});

async function openHome(): Promise<Page> {
  const context = await browser.newContext({ locale: 'nl-NL' });
  // Well within jest's own timeout, so a step that waits in vain names itself.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto(`${base}/`);
  return page;
}


describe('the web client: home', () => {
  it('serves a Dutch page with its title, one h1, the search box and the congresses, and no axe violations', async () => {
    const page = await openHome();
    await expect(page.title()).resolves.toBe('Kennisplein');
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Samenwerken rond de NIOC-kennisbank');
    await page.getByRole('heading', { level: 2, name: 'Congressen' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: congressName }).waitFor();
    expect(await page.getByRole('searchbox', { name: 'Zoek in de kennisbank' }).isVisible()).toBe(true);
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Hoofdmenu' }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it('links each congress to the search filtered by it, and lists the recently active workspaces', async () => {
    const page = await openHome();
    const active = page.getByRole('region', { name: 'Recent actieve werkruimtes' });
    const workspace = active.getByRole('link', { name: contribution.title });
    await workspace.waitFor();
    expect(await workspace.getAttribute('href')).toBe(`/contributions/${contribution.id}`);
    await expectNoAxeViolations(page);

    await page.getByRole('region', { name: 'Congressen' }).getByRole('link', { name: congressName }).click();
    await page.waitForURL(`${base}/search?congress=${congress}`);
    const checkbox = page.getByRole('group', { name: 'Congres' }).getByRole('checkbox', { name: new RegExp(congressName) });
    expect(await checkbox.isChecked()).toBe(true);
    await page.getByRole('status').getByText('1 bijdrage gevonden').waitFor();
    await page.context().close();
  });

  it('is usable by keyboard: the skip link comes first and leads to the content; a search goes into the URL', async () => {
    const page = await openHome();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Naar de inhoud' });
    expect(await skip.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.getByRole('main').evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);

    await page.getByRole('searchbox', { name: 'Zoek in de kennisbank' }).focus();
    await page.keyboard.type('netwerken');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=netwerken$/);
    // Back leads home again (the client keeps the URL as its state).
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Samenwerken rond de NIOC-kennisbank' }).waitFor();
    expect(page.url()).toBe(`${base}/#content`);
    await page.context().close();
  });

  it('switches to English, with the page language following, and keeps the choice across a reload', async () => {
    const page = await openHome();
    await page.getByRole('button', { name: 'English' }).click();
    // The English catalogue is fetched on the switch (only the reader's language loads with the page).
    await page.getByRole('heading', { level: 1, name: 'Working together around the NIOC knowledge base' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Working together around the NIOC knowledge base' }).waitFor();
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it('answers an unknown page with its own title and a way back', async () => {
    const page = await openHome();
    await page.goto(`${base}/nergens`);
    await page.getByRole('heading', { level: 1, name: 'Deze pagina bestaat niet' }).waitFor();
    await expect(page.title()).resolves.toBe('Pagina niet gevonden · Kennisplein');
    await page.getByRole('link', { name: 'Naar de startpagina' }).click();
    await page.getByRole('heading', { level: 1, name: 'Samenwerken rond de NIOC-kennisbank' }).waitFor();
    expect(page.url()).toBe(`${base}/`);
    await page.context().close();
  });
});
