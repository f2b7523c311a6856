import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { NotificationsService } from '@kennisplein/notifications';
import { expectNoAxeViolations } from '../support/browser-chromium.js';
import { logInThroughPage, newReader } from '../support/browser-session.js';
import { createGroup } from '../support/community.js';
import { registerUser, type TestUser } from '../support/factories.js';
import { eventually } from '../support/kennisbank.js';
import { type TestApp, V1 } from '../support/test-app.js';
import { startWebApp, type WebApp } from '../support/web-app.js';

// The settings page: digest frequency, time zone, language and muted groups, saved on the server.
let t: TestApp;
let base: string;
let browser: Browser;
let app: WebApp;

beforeAll(async () => {
  // The fan-out jobs run in this process.
  app = await startWebApp({ WORKER_INLINE: 'true' });
  ({ t, base, browser } = app);
}, 60_000);
afterAll(() => app?.close());

const settingsOf = async (user: TestUser) => (await t.http().get(`${V1}/me/settings`).set(user.auth).expect(200)).body;
async function postNews(owner: TestUser, groupId: string) {
  await t.http().post(`${V1}/groups/${groupId}/threads`).set(owner.auth).send({ title: 'Nieuws', body: 'Nieuws uit de groep' }).expect(201);
  await t.app.get(NotificationsService).dispatch();
}
const selected = (page: Page, label: string) => page.getByLabel(label, { exact: true }).inputValue();

describe('the settings page', () => {
  it('asks for a login first, then saves frequency, time zone and language, which survive a reload; English switches the page', async () => {
    const reader = await registerUser(t, { displayName: 'Sanne Instelling' });
    const { context, page } = await newReader(browser);
    await page.goto(`${base}/settings`);
    await page.waitForURL(`${base}/login?returnTo=%2Fsettings`);
    await page.getByLabel('E-mailadres').fill(reader.email);
    await page.getByLabel('Wachtwoord').fill(reader.password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Instellingen' }).waitFor();
    await expect(page.title()).resolves.toBe('Instellingen · Kennisplein');
    await page.getByText('U bent nog geen lid van een groep.').waitFor();
    expect(await selected(page, 'Samenvatting per mail')).toBe('weekly');
    expect(await selected(page, 'Tijdzone')).toBe('Europe/Amsterdam');
    expect(await selected(page, 'Taal')).toBe('nl');
    // The time zones are the IANA names the browser knows.
    expect(await page.getByLabel('Tijdzone').locator('option[value="Asia/Jakarta"]').count()).toBe(1);
    await expectNoAxeViolations(page);

    await page.getByLabel('Samenvatting per mail').selectOption({ label: 'Dagelijks' });
    await page.getByLabel('Tijdzone').selectOption('Asia/Jakarta');
    await page.getByRole('button', { name: 'Instellingen opslaan' }).click();
    await page.getByRole('status').getByText('Uw instellingen zijn opgeslagen.').waitFor();
    await expectNoAxeViolations(page);
    expect(await settingsOf(reader)).toEqual({ digestFrequency: 'daily', timezone: 'Asia/Jakarta', locale: 'nl' });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Instellingen' }).waitFor();
    await page.getByRole('button', { name: 'Instellingen opslaan' }).waitFor();
    expect(await selected(page, 'Samenvatting per mail')).toBe('daily');
    expect(await selected(page, 'Tijdzone')).toBe('Asia/Jakarta');

    // The language: stored on the server (its mails follow) and the page switches at once.
    await page.getByLabel('Taal').selectOption('en');
    await page.getByRole('button', { name: 'Instellingen opslaan' }).click();
    await page.getByRole('status').getByText('Your settings have been saved.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect((await settingsOf(reader)).locale).toBe('en');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await page.getByRole('button', { name: 'Save settings' }).waitFor();
    expect(await selected(page, 'Language')).toBe('en');
    expect(await selected(page, 'Digest by mail')).toBe('daily');
    await expectNoAxeViolations(page);
    await context.close();
  }, 60_000);

  it('mutes a group: its news stays out of the bell while another group still comes in; unmuting takes it back', async () => {
    const owner = await registerUser(t, { displayName: 'Olga Owner' });
    const reader = await registerUser(t, { displayName: 'Daan Demper' });
    const noisy = await createGroup(t, owner, { name: 'Drukke groep', visibility: 'public', membership: 'open' });
    const quiet = await createGroup(t, owner, { name: 'Rustige groep', visibility: 'public', membership: 'open' });
    for (const group of [noisy, quiet]) await t.http().post(`${V1}/groups/${group.id}/join`).set(reader.auth).expect(200);
    const { context, page } = await newReader(browser);
    await logInThroughPage(page, base, reader);
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Instellingen' }).click();
    await page.getByRole('group', { name: 'Groepen dempen' }).waitFor();
    const mute = page.getByRole('checkbox', { name: 'Drukke groep' });
    expect(await mute.isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: 'Rustige groep' }).isChecked()).toBe(false);
    await mute.check();
    await page.getByRole('button', { name: 'Instellingen opslaan' }).click();
    await page.getByRole('status').getByText('Uw instellingen zijn opgeslagen.').waitFor();
    expect((await t.http().get(`${V1}/me/group-mutes`).set(reader.auth).expect(200)).body).toEqual([
      { id: noisy.id, name: 'Drukke groep', muted: true },
      { id: quiet.id, name: 'Rustige groep', muted: false },
    ]);
    await page.reload();
    await page.getByRole('checkbox', { name: 'Drukke groep' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Drukke groep' }).isChecked()).toBe(true);

    // The muted group's news first (its fan-out done once a witness has it), then the other's: the bell counts only the second.
    const witness = await registerUser(t);
    await t.http().post(`${V1}/groups/${noisy.id}/join`).set(witness.auth).expect(200);
    await postNews(owner, noisy.id);
    await eventually(
      async () => (await t.http().get(`${V1}/me/notifications`).set(witness.auth).expect(200)).body.items.length,
      (count) => count > 0,
    );
    await postNews(owner, quiet.id);
    await page.getByRole('button', { name: 'Meldingen, 1 ongelezen' }).click();
    const panel = page.getByRole('region', { name: 'Nieuwste meldingen' });
    await panel.getByRole('link', { name: 'Olga Owner schreef een bericht: Rustige groep' }).waitFor();
    expect(await panel.getByRole('listitem').count()).toBe(1);
    await page.keyboard.press('Escape');

    await page.getByRole('checkbox', { name: 'Drukke groep' }).uncheck();
    await page.getByRole('button', { name: 'Instellingen opslaan' }).click();
    await page.getByRole('status').getByText('Uw instellingen zijn opgeslagen.').waitFor();
    expect((await t.http().get(`${V1}/me/group-mutes`).set(reader.auth).expect(200)).body[0]).toEqual({ id: noisy.id, name: 'Drukke groep', muted: false });
    await context.close();
  }, 60_000);
});
