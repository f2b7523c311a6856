import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { NotificationsService } from '@kennisplein/notifications';
import { expectNoAxeViolations } from '../support/browser-chromium.js';
import { focusedId } from '../support/browser-discussion.js';
import { logInThroughPage, newReader } from '../support/browser-session.js';
import { createGroup, createSite, uniqueSlug } from '../support/community.js';
import { registerUser, type TestUser } from '../support/factories.js';
import { eventually } from '../support/kennisbank.js';
import { type TestApp, V1 } from '../support/test-app.js';
import { startWebApp, type WebApp } from '../support/web-app.js';

// The bell: a notification arrives live, is listed, opened at its link and marked read.
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

/** Takes the new activities from the log, as the repeatable job does, and fans them out (the push follows). */
const dispatch = () => t.app.get(NotificationsService).dispatch();

async function scene() {
  const owner = await registerUser(t, { displayName: 'Olga Owner' });
  const reader = await registerUser(t, { displayName: 'Rik Lezer' });
  const group = await createGroup(t, owner, { name: `Werkgroep netwerken ${owner.id.slice(0, 6)}`, visibility: 'public', membership: 'open' });
  await t.http().post(`${V1}/groups/${group.id}/join`).set(reader.auth).expect(200);
  return { owner, reader, group };
}

async function post(author: TestUser, groupId: string, title: string, body: string) {
  const thread = await t.http().post(`${V1}/groups/${groupId}/threads`).set(author.auth).send({ title, body }).expect(201);
  await dispatch();
  return thread.body as { id: string };
}

const unreadOf = async (user: TestUser) =>
  (await t.http().get(`${V1}/me/notifications?unread=true`).set(user.auth).expect(200)).body.items as { id: string }[];

/** Resolves once the page's /notifications socket is connected (socket.io's namespace acknowledgement). */
function notificationsSocketOf(page: Page): Promise<void> {
  return new Promise((resolve) => {
    page.on('websocket', (socket) =>
      socket.on('framereceived', (frame) => {
        if (typeof frame.payload === 'string' && frame.payload.startsWith('40/notifications,')) resolve();
      }),
    );
  });
}

/** The text of the focused element (the evaluated string runs in the browser). */
const focusedText = (page: Page) => page.evaluate<string | null>('document.activeElement?.textContent ?? null');

const isFocused = (page: Page, name: string) =>
  page.getByRole('button', { name }).evaluate((element) => element === element.ownerDocument.activeElement);

describe('the notification bell', () => {
  it('counts a notification that arrives live, lists it, opens it at its link marked read; mark all read zeroes the count', async () => {
    const { owner, reader, group } = await scene();
    const { context, page } = await newReader(browser);
    const live = notificationsSocketOf(page);
    await logInThroughPage(page, base, reader);
    await page.getByRole('button', { name: 'Meldingen, geen ongelezen' }).waitFor();
    await live;

    // Without a reload: the count goes up, and the arrival is announced politely.
    const first = await post(owner, group.id, 'Lesidee', 'Wie heeft een lesidee over netwerken?');
    await page.getByRole('button', { name: 'Meldingen, 1 ongelezen' }).waitFor();
    await page.getByRole('status').filter({ hasText: `Nieuwe melding: Olga Owner schreef een bericht: ${group.name}` }).waitFor();
    await post(owner, group.id, 'Planning', 'Wanneer spreken we af?');
    const bell = page.getByRole('button', { name: 'Meldingen, 2 ongelezen' });
    await bell.waitFor();

    // The panel: a disclosure, closed with Escape, focus back on the bell.
    await bell.click();
    expect(await bell.getAttribute('aria-expanded')).toBe('true');
    const panel = page.getByRole('region', { name: 'Nieuwste meldingen' });
    const items = panel.getByRole('listitem');
    await items.filter({ hasText: 'Wie heeft een lesidee over netwerken?' }).getByText('Ongelezen').waitFor();
    expect(await items.count()).toBe(2);
    await expectNoAxeViolations(page);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await isFocused(page, 'Meldingen, 2 ongelezen')).toBe(true);

    // Opening an item goes to its place and marks it read.
    await bell.click();
    await items.filter({ hasText: 'Wie heeft een lesidee over netwerken?' }).getByRole('link', { name: `Olga Owner schreef een bericht: ${group.name}` }).click();
    await page.waitForURL(`${base}/threads/${first.id}#1`);
    // The thread opens at the linked message and gives it the focus; only then is the reader's next move.
    // Polled from here: a string predicate in the page would need eval, which the CSP refuses.
    expect(await eventually(() => focusedId(page), (id) => id === 'message-1')).toBe('message-1');
    await page.getByRole('button', { name: 'Meldingen, 1 ongelezen' }).waitFor();
    expect(await page.getByRole('heading', { level: 1, name: 'Deze pagina bestaat niet' }).count()).toBe(0);
    await eventually(() => unreadOf(reader), (items) => items.length === 1);

    // Mark all read: the count is zero, here and after a reload.
    await page.getByRole('button', { name: 'Meldingen, 1 ongelezen' }).click();
    await panel.getByRole('button', { name: 'Alles gelezen' }).click();
    await page.getByRole('button', { name: 'Meldingen, geen ongelezen' }).waitFor();
    await eventually(() => unreadOf(reader), (items) => items.length === 0);
    await page.reload();
    await page.getByRole('button', { name: 'Meldingen, geen ongelezen' }).waitFor();
    await context.close();
  }, 60_000);

  it('leaves the panel when the focus does (it never covers the focus), and Tab walks through it without a trap', async () => {
    const { owner, reader, group } = await scene();
    await post(owner, group.id, 'Vraag', 'Een vraag voor de groep');
    const { context, page } = await newReader(browser, { width: 320 });
    await logInThroughPage(page, base, reader);
    const bell = page.getByRole('button', { name: 'Meldingen, 1 ongelezen' });
    await bell.click();
    const panel = page.getByRole('region', { name: 'Nieuwste meldingen' });
    await panel.getByRole('link', { name: `Olga Owner schreef een bericht: ${group.name}` }).waitFor();
    // At 320 px the panel stays on the screen, and the page does not scroll sideways.
    const box = (await panel.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(320);
    expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
    await expectNoAxeViolations(page);

    // Tab: into the panel (all, mark all read, the item), then out of it, which closes it.
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('Alle meldingen');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe(`Olga Owner schreef een bericht: ${group.name}`);
    await page.keyboard.press('Tab');
    await panel.waitFor({ state: 'hidden' });
    expect(await focusedText(page)).toBe('Ingelogd als Rik Lezer');
    await context.close();
  }, 60_000);

  it('lists every notification on /notifications, a page at a time, with mark all read', async () => {
    const { owner, reader, group } = await scene();
    for (let i = 1; i <= 22; i++) {
      await t.http().post(`${V1}/groups/${group.id}/threads`).set(owner.auth).send({ title: `Onderwerp ${i}`, body: `Bericht nummer ${i}` }).expect(201);
    }
    await dispatch();
    const { context, page } = await newReader(browser);
    await logInThroughPage(page, base, reader);
    await page.getByRole('button', { name: 'Meldingen, 22 ongelezen' }).click();
    await page.getByRole('region', { name: 'Nieuwste meldingen' }).getByRole('link', { name: 'Alle meldingen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Meldingen' }).waitFor();
    await expect(page.title()).resolves.toBe('Meldingen · Kennisplein');
    await page.getByText('U heeft 22 ongelezen meldingen.').waitFor();
    const items = page.getByRole('main').getByRole('listitem');
    await items.first().waitFor();
    expect(await items.count()).toBe(20);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Meer meldingen laden' }).click();
    await items.nth(21).waitFor();
    expect(await items.count()).toBe(22);
    expect(await items.filter({ has: page.getByText('Bericht nummer 1', { exact: true }) }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Meer meldingen laden' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Alles als gelezen markeren' }).click();
    await page.getByText('U heeft geen ongelezen meldingen.').waitFor();
    await page.getByRole('button', { name: 'Meldingen, geen ongelezen' }).waitFor();
    await eventually(() => unreadOf(reader), (items) => items.length === 0);
    expect(await page.getByRole('main').getByText('Ongelezen', { exact: true }).count()).toBe(0);
    await context.close();
  }, 60_000);

  it("takes a site admin from a request's notification to the people waiting, and the person let in to their group", async () => {
    const admin = await registerUser(t, { verified: true, displayName: 'Sanne Sitebeheer' });
    const member = await registerUser(t, { verified: true, displayName: 'Mark Lid' });
    const invitee = await registerUser(t, { verified: true, displayName: 'Olaf Buitenstaander' });
    const siteName = `Besloten ${uniqueSlug('s')}`;
    const site = await createSite(t, admin, { name: siteName, visibility: 'members', membership: 'invite' });
    await t.http().post(`${V1}/sites/${site.slug}/members`).set(admin.auth).send({ userId: member.id, role: 'member' }).expect(201);
    const group = await createGroup(t, member, { site: site.slug, name: 'Werkgroep van Mark', visibility: 'members', membership: 'invite' });
    const invite = await t.http().post(`${V1}/groups/${group.id}/invites`).set(member.auth).send({ email: invitee.email }).expect(201);
    await t.http().post(`${V1}/invites/${invite.body.token}/accept`).set(invitee.auth).expect(202);
    await dispatch();

    const { context, page } = await newReader(browser);
    await logInThroughPage(page, base, admin);
    await page.getByRole('button', { name: 'Meldingen, 1 ongelezen' }).click();
    await page
      .getByRole('region', { name: 'Nieuwste meldingen' })
      .getByRole('link', { name: `Olaf Buitenstaander wacht op toelating tot de deelsite: ${siteName}` })
      .click();
    await page.waitForURL(`${base}/s/${site.slug}/settings#site-requests`);
    // The settings page opens at the people waiting: their section's heading has the focus.
    expect(await eventually(() => focusedId(page), (id) => id === 'site-requests')).toBe('site-requests');
    const waiting = page.getByRole('region', { name: 'Wachten op toelating' });
    await waiting.getByRole('button', { name: 'Olaf Buitenstaander toelaten' }).click();
    await waiting.getByRole('status').getByText('Olaf Buitenstaander is nu lid van de deelsite.').waitFor();
    await context.close();

    await dispatch();
    const invitees = await newReader(browser);
    await logInThroughPage(invitees.page, base, invitee);
    // The invitation, and now the admission.
    await invitees.page.getByRole('button', { name: 'Meldingen, 2 ongelezen' }).click();
    await invitees.page
      .getByRole('region', { name: 'Nieuwste meldingen' })
      .getByRole('link', { name: `Sanne Sitebeheer liet u toe tot de deelsite: ${siteName}` })
      .click();
    await invitees.page.waitForURL(`${base}/groups/${group.id}`);
    await invitees.page.getByRole('heading', { level: 1, name: 'Werkgroep van Mark' }).waitFor();
    await invitees.context.close();
  }, 90_000);

  it('asks for a login first on /notifications, and comes back there', async () => {
    const { reader } = await scene();
    const { context, page } = await newReader(browser);
    await page.goto(`${base}/notifications`);
    await page.waitForURL(`${base}/login?returnTo=%2Fnotifications`);
    await page.getByLabel('E-mailadres').fill(reader.email);
    await page.getByLabel('Wachtwoord').fill(reader.password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Meldingen' }).waitFor();
    await page.getByText('U heeft nog geen meldingen.').waitFor();
    await context.close();
  }, 60_000);
});
