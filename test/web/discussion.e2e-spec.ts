import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectNoAxeViolations, launchChromium } from '../support/browser-chromium.js';
import {
  focusedId,
  hasFocus,
  joinedThread,
  messageLog,
  messagesIn,
  overlap,
  postMessages,
  shownOf,
  startThread,
  tapDiscussionSocket,
} from '../support/browser-discussion.js';
import { logInThroughPage, newReader } from '../support/browser-session.js';
import { createGroup } from '../support/community.js';
import { registerUser, type TestUser } from '../support/factories.js';
import { eventually } from '../support/kennisbank.js';
import { freePort } from '../support/processes.js';
import { createTestApp, type TestApp, V1 } from '../support/test-app.js';

// The live discussion of a group's thread (/threads/:id) in two browsers at once: a real
// server on PostgreSQL and Redis, Debian's chromium, axe on the key states.
let t: TestApp;
let base: string;
let browser: Browser;
let anna: TestUser;
let bo: TestUser;
let groupId: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  // The api's own address: the login's session cookie is taken only from there.
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await createTestApp({ env: { PUBLIC_URL: base } });
  await t.listen(port);
  anna = await registerUser(t, { displayName: 'Anna Auteur' });
  bo = await registerUser(t, { displayName: 'Bo Lezer' });
  groupId = (await createGroup(t, anna, { name: 'Werkgroep programmeren', visibility: 'public', membership: 'open' })).id;
  expect((await t.http().post(`${V1}/groups/${groupId}/join`).set(bo.auth)).status).toBe(200);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t.close();
});

/** A reader in a browser of their own, logged in through the login page, on the thread. */
async function openThread(
  user: TestUser | null,
  threadId: string,
  options: { hash?: string; tap?: boolean; beforeOpen?: (page: Page) => Promise<unknown> } = {},
) {
  const { context, page } = await newReader(browser);
  contexts.push(context);
  const tap = options.tap ? await tapDiscussionSocket(page) : undefined;
  if (user) await logInThroughPage(page, base, user);
  await options.beforeOpen?.(page);
  const joined = joinedThread(page);
  await page.goto(`${base}/threads/${threadId}${options.hash ?? ''}`);
  const log = messageLog(page, 'Berichten');
  await log.waitFor();
  return { context, page, log, tap, joined };
}

const composer = (page: Page) => page.getByLabel('Uw bericht', { exact: true });

async function write(page: Page, body: string): Promise<void> {
  await composer(page).fill(body);
  await page.getByRole('button', { name: 'Versturen' }).click();
}

/** A thread of Anna's with the messages "Bericht 1" to "Bericht 30". */
async function threadOfThirty(title: string): Promise<{ id: string }> {
  const thread = await startThread(t, anna, groupId, title, 'Bericht 1');
  await postMessages(
    t,
    anna,
    thread.id,
    Array.from({ length: 29 }, (_, index) => `Bericht ${index + 2}`),
  );
  return thread;
}

async function closeAll(): Promise<void> {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
}

describe('the live discussion of a thread', () => {
  it('lets two readers talk live: each message, reply and typing shows in the other browser without a reload', async () => {
    const thread = await startThread(t, anna, groupId, 'Lesmateriaal delen', 'Wie heeft er opdrachten over lussen?');
    const a = await openThread(anna, thread.id);
    const b = await openThread(bo, thread.id);
    await expect(a.page.title()).resolves.toBe('Lesmateriaal delen · Kennisplein');
    await a.page.getByRole('heading', { level: 1, name: 'Lesmateriaal delen' }).waitFor();
    await a.page.getByRole('link', { name: 'Werkgroep programmeren' }).waitFor();
    await b.log.getByText('Wie heeft er opdrachten over lussen?').waitFor();

    // Typing is told over the socket: both pages have joined the thread's room.
    await Promise.all([a.joined, b.joined]);
    await composer(b.page).fill('Ik');
    await a.page.getByRole('status').filter({ hasText: 'Bo Lezer typt…' }).waitFor();
    await composer(b.page).fill('Ik heb er een paar, met **Scratch**.');
    await b.page.getByRole('button', { name: 'Versturen' }).click();
    await a.log.getByText('Ik heb er een paar, met Scratch.').waitFor();
    expect(await a.log.getByText('Scratch', { exact: true }).evaluate((element) => element.tagName)).toBe('STRONG');

    // Anna answers Bo's message; Bo's browser shows what it answers, with a link to it.
    await a.log.getByRole('article').filter({ hasText: 'Ik heb er een paar' }).getByRole('button', { name: 'Beantwoorden' }).click();
    await a.page.getByText('U antwoordt Bo Lezer:').waitFor();
    expect(await hasFocus(composer(a.page))).toBe(true);
    await write(a.page, 'Graag! Deel je ze in de groep?');
    const reply = b.log.getByRole('article').filter({ hasText: 'Graag! Deel je ze in de groep?' });
    await reply.getByText('In antwoord op').waitFor();
    await reply.getByRole('link', { name: /Bo Lezer: “Ik heb er een paar/ }).click();
    await eventually(
      () => focusedId(b.page),
      (id) => id === 'message-2',
    );
    expect(await focusedId(b.page)).toBe('message-2');
    expect(b.page.url()).toMatch(/#2$/);

    expect((await messagesIn(t, anna, thread.id)).map((message) => message.body)).toEqual([
      'Wie heeft er opdrachten over lussen?',
      'Ik heb er een paar, met **Scratch**.',
      'Graag! Deel je ze in de groep?',
    ]);
    await expectNoAxeViolations(a.page);
    await expectNoAxeViolations(b.page);
    await closeAll();
  }, 90_000);

  it('brings what a reader missed while offline once, in order, with a banner that covers nothing', async () => {
    const thread = await startThread(t, anna, groupId, 'Planning', 'Wanneer komen we samen?');
    const b = await openThread(bo, thread.id);
    await b.log.getByText('Wanneer komen we samen?').waitFor();
    await composer(b.page).focus();

    await b.context.setOffline(true);
    const banner = b.page.getByRole('status').filter({ hasText: 'U bent offline' });
    await banner.waitFor();
    // The banner is in the flow above the composer: the focused field stays in view, uncovered.
    expect(await overlap(banner, composer(b.page))).toBe(false);
    expect(await hasFocus(composer(b.page))).toBe(true);
    await expectNoAxeViolations(b.page);

    await postMessages(t, anna, thread.id, ['Dinsdag?', 'Of woensdag?', 'Donderdag kan ook.']);
    await b.context.setOffline(false);
    await b.log.getByText('Donderdag kan ook.').waitFor();
    await b.page.getByRole('status').filter({ hasText: 'De verbinding is terug.' }).waitFor();
    const bodies = ['Wanneer komen we samen?', 'Dinsdag?', 'Of woensdag?', 'Donderdag kan ook.'];
    expect(await shownOf(b.log, bodies)).toEqual(bodies);

    // Live again: the next message comes without a reload.
    await postMessages(t, anna, thread.id, ['Dan wordt het donderdag.']);
    await b.log.getByText('Dan wordt het donderdag.').waitFor();
    expect(await shownOf(b.log, [...bodies, 'Dan wordt het donderdag.'])).toEqual([...bodies, 'Dan wordt het donderdag.']);
    await closeAll();
  }, 60_000);

  it('shows a message written offline as pending and sends it once when the connection is back', async () => {
    const thread = await startThread(t, anna, groupId, 'Offline schrijven', 'Eerste bericht.');
    const a = await openThread(anna, thread.id);
    const b = await openThread(bo, thread.id);
    await b.log.getByText('Eerste bericht.').waitFor();

    await b.context.setOffline(true);
    await b.page.getByRole('status').filter({ hasText: 'U bent offline' }).waitFor();
    await write(b.page, 'Geschreven in de trein.');
    const pending = b.log.getByRole('article').filter({ hasText: 'Geschreven in de trein.' });
    await pending.getByText('Wacht op verbinding…').waitFor();
    await b.page.getByRole('status').filter({ hasText: 'Wat u schreef gaat weg zodra de verbinding terug is.' }).waitFor();
    expect((await messagesIn(t, anna, thread.id)).map((message) => message.body)).toEqual(['Eerste bericht.']);

    await b.context.setOffline(false);
    await a.log.getByText('Geschreven in de trein.').waitFor();
    await pending.getByText('Wacht op verbinding…').waitFor({ state: 'detached' });
    await b.log.locator('article#message-2').getByText('Geschreven in de trein.').waitFor();
    const stored = await messagesIn(t, anna, thread.id);
    expect(stored.filter((message) => message.body === 'Geschreven in de trein.')).toHaveLength(1);
    const bodies = ['Eerste bericht.', 'Geschreven in de trein.'];
    expect(await shownOf(b.log, bodies)).toEqual(bodies);
    expect(await shownOf(a.log, bodies)).toEqual(bodies);
    await closeAll();
  }, 60_000);

  it('after a send that failed, "Opnieuw" never makes a second message: the clientId answers the original', async () => {
    const thread = await startThread(t, anna, groupId, 'Opnieuw proberen', 'Begin.');
    const b = await openThread(bo, thread.id, { tap: true });
    await b.log.getByText('Begin.').waitFor();

    // The server stores the message, but the page hears a refusal instead of its ack.
    b.tap!.refuseNextSend();
    await write(b.page, 'Komt dit aan?');
    const failed = b.log.getByRole('article').filter({ hasText: 'Komt dit aan?' });
    await failed.getByText('Niet verstuurd.').waitFor();
    await failed.getByRole('alert').getByText('Er ging iets mis bij de server.').waitFor();
    await expectNoAxeViolations(b.page);
    expect((await messagesIn(t, anna, thread.id)).filter((message) => message.body === 'Komt dit aan?')).toHaveLength(1);

    await failed.getByRole('button', { name: 'Opnieuw' }).click();
    await b.log.locator('article#message-2').getByText('Komt dit aan?').waitFor();
    await failed.getByText('Niet verstuurd.').waitFor({ state: 'detached' });
    const stored = await messagesIn(t, anna, thread.id);
    expect(stored.map((message) => message.body)).toEqual(['Begin.', 'Komt dit aan?']);
    expect(await shownOf(b.log, ['Begin.', 'Komt dit aan?'])).toEqual(['Begin.', 'Komt dit aan?']);
    await closeAll();
  }, 60_000);

  it('takes a send without an answer as "delivery unknown", settled by its clientId when the page reconnects', async () => {
    const thread = await startThread(t, anna, groupId, 'Onbekende bezorging', 'Begin.');
    const b = await openThread(bo, thread.id, { tap: true });
    await b.log.getByText('Begin.').waitFor();

    // The server stores the message; its ack is lost, and then the connection.
    b.tap!.loseNextAck();
    await write(b.page, 'Is dit aangekomen?');
    const sent = b.log.getByRole('article').filter({ hasText: 'Is dit aangekomen?' });
    await sent.getByText('Wordt verstuurd…').waitFor();
    await b.context.setOffline(true);
    await sent.getByText('Niet zeker of het aankwam', { exact: false }).waitFor();
    expect((await messagesIn(t, anna, thread.id)).filter((message) => message.body === 'Is dit aangekomen?')).toHaveLength(1);

    // Back online, the join's missed messages hold it (same clientId): the original, not a second one.
    await b.context.setOffline(false);
    await b.log.locator('article#message-2').getByText('Is dit aangekomen?').waitFor();
    await sent.getByText('Niet zeker of het aankwam', { exact: false }).waitFor({ state: 'detached' });
    expect((await messagesIn(t, anna, thread.id)).map((message) => message.body)).toEqual(['Begin.', 'Is dit aangekomen?']);
    expect(await shownOf(b.log, ['Begin.', 'Is dit aangekomen?'])).toEqual(['Begin.', 'Is dit aangekomen?']);
    await closeAll();
  }, 60_000);

  it('lets the author edit and delete their own message, live in the other browser', async () => {
    const thread = await startThread(t, anna, groupId, 'Bewerken', 'Hallo allemaal.');
    const a = await openThread(anna, thread.id);
    const b = await openThread(bo, thread.id);
    await write(b.page, 'Ik kom morgn.');
    await a.log.getByText('Ik kom morgn.').waitFor();
    // Only one's own messages have edit and delete.
    expect(await a.log.getByRole('article').filter({ hasText: 'Ik kom morgn.' }).getByRole('button', { name: 'Bewerken' }).count()).toBe(0);

    const mine = b.log.getByRole('article').filter({ hasText: 'Ik kom morgn.' });
    await mine.getByRole('button', { name: 'Bewerken' }).click();
    await b.page.getByLabel('Bericht bewerken').fill('Ik kom morgen.');
    await b.page.getByRole('button', { name: 'Opslaan' }).click();
    await a.log.getByText('Ik kom morgen.').waitFor();
    await a.log.getByRole('article').filter({ hasText: 'Ik kom morgen.' }).getByText('bewerkt').waitFor();

    const edited = b.log.getByRole('article').filter({ hasText: 'Ik kom morgen.' });
    await edited.getByRole('button', { name: 'Verwijderen' }).click();
    await b.page.getByRole('button', { name: 'Ja, verwijderen' }).click();
    await b.log.locator('article#message-2').getByText('Dit bericht is verwijderd.').waitFor();
    await a.log.locator('article#message-2').getByText('Dit bericht is verwijderd.').waitFor();
    expect((await messagesIn(t, anna, thread.id))[1]).toMatchObject({ body: '', deletedAt: expect.any(String) });
    await closeAll();
  }, 60_000);

  it('counts new messages while the reader is scrolled up, moves nothing, and keeps the unread divider and count across a reload', async () => {
    const thread = await threadOfThirty('Lange draad');
    const b = await openThread(bo, thread.id);
    // Never read: the thread opens at its first message, all of it new; read to the bottom.
    await b.log.getByRole('listitem').first().getByText('Nieuw', { exact: true }).waitFor();
    await b.log.evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    await b.log.getByText('Bericht 30', { exact: true }).waitFor();
    // Seen at the bottom: the read position goes to the server.
    const readPosition = () => t.http().get(`${V1}/threads/${thread.id}`).set(bo.auth).then((response) => response.body);
    expect((await eventually(readPosition, (body) => body.myLastReadSeq === 30, 400)).myLastReadSeq).toBe(30);

    await b.log.evaluate((element) => {
      element.scrollTop = 0;
    });
    await postMessages(t, anna, thread.id, ['Nieuw A', 'Nieuw B']);
    await b.page.getByRole('button', { name: '2 nieuwe berichten' }).waitFor();
    await b.log.getByText('Nieuw B').waitFor({ state: 'attached' });
    expect(await b.log.evaluate((element) => element.scrollTop)).toBe(0);
    expect(await readPosition()).toMatchObject({ myLastReadSeq: 30, unreadCount: 2 });

    await b.page.reload();
    // Only what a visible tab shows counts as seen: this page is the one in front.
    await b.page.bringToFront();
    await b.log.waitFor();
    const items = await b.log.getByRole('listitem').allInnerTexts();
    const divider = items.findIndex((text) => /^Nieuw\s+2 ongelezen berichten$/.test(text.trim()));
    expect(divider).toBeGreaterThan(0);
    expect(items[divider + 1]).toContain('Nieuw A');
    await expectNoAxeViolations(b.page);
    // Opened at the divider, the new messages are seen, and the read position follows.
    expect((await eventually(readPosition, (body) => body.myLastReadSeq === 32, 400)).unreadCount).toBe(0);

    await b.log.evaluate((element) => {
      element.scrollTop = 0;
    });
    await postMessages(t, anna, thread.id, ['Nog eentje']);
    await b.page.getByRole('button', { name: '1 nieuw bericht' }).click();
    expect(await focusedId(b.page)).toBe('message-33');
    await closeAll();
  }, 90_000);

  it("opens at the unread divider even when the reader's rights arrive after the messages (their buttons make every message taller)", async () => {
    const thread = await threadOfThirty('Trage groep');
    expect((await t.http().put(`${V1}/threads/${thread.id}/read`).set(bo.auth).send({ seq: 30 })).status).toBe(204);
    await postMessages(t, anna, thread.id, ['Nieuw A', 'Nieuw B']);
    // The group (Bo's membership, so the reply buttons) answers only well after the messages.
    const b = await openThread(bo, thread.id, {
      beforeOpen: (page) =>
        page.route(`**${V1}/groups/${groupId}`, async (route) => {
          await new Promise((resolve) => setTimeout(resolve, 1_500));
          await route.continue();
        }),
    });
    await b.log.getByRole('article').filter({ hasText: 'Nieuw B' }).getByRole('button', { name: 'Beantwoorden' }).waitFor();
    // The divider and what follows it are in view, so they count as seen.
    const divider = b.log.getByRole('listitem').filter({ hasText: '2 ongelezen berichten' });
    const shown = await b.log.boundingBox();
    const at = await divider.boundingBox();
    expect(shown && at && at.y >= shown.y && at.y + at.height <= shown.y + shown.height).toBe(true);
    const readPosition = () => t.http().get(`${V1}/threads/${thread.id}`).set(bo.auth).then((response) => response.body);
    expect((await eventually(readPosition, (body) => body.myLastReadSeq === 32, 400)).unreadCount).toBe(0);
    await closeAll();
  }, 60_000);

  it('keeps a reader at the bottom when an image in a new message loads after the message came', async () => {
    const thread = await startThread(t, anna, groupId, 'Plaatjes', 'Begin.');
    await postMessages(t, anna, thread.id, ['Tweede.', 'Derde.', 'Vierde.', 'Vijfde.', 'Zesde.']);
    // All read: the thread opens at its newest message, at the bottom.
    expect((await t.http().put(`${V1}/threads/${thread.id}/read`).set(bo.auth).send({ seq: 6 })).status).toBe(204);
    const b = await openThread(bo, thread.id, {
      beforeOpen: (page) =>
        page.route('**/plaatjes/schema.svg', async (route) => {
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          await route.fulfill({ contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="600"></svg>' });
        }),
    });
    await b.log.getByText('Zesde.').waitFor();
    const distanceToBottom = () => b.log.evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight);
    expect(await distanceToBottom()).toBeLessThanOrEqual(32);

    await postMessages(t, anna, thread.id, ['Zie ![het schema](/plaatjes/schema.svg)']);
    const image = b.log.getByRole('img', { name: 'het schema' });
    await image.waitFor();
    const loadedHeight = () =>
      image.evaluate((element) => {
        const loaded = element as unknown as { complete: boolean; naturalHeight: number };
        return loaded.complete ? loaded.naturalHeight : 0;
      });
    expect(await eventually(loadedHeight, (height) => height === 600, 100)).toBe(600);
    // The image made the log taller; the reader who was at the bottom still is, with nothing to catch up on.
    expect(await eventually(distanceToBottom, (distance) => distance <= 32, 20)).toBeLessThanOrEqual(32);
    expect(await b.page.getByRole('button', { name: /nieuw(e)? bericht/ }).count()).toBe(0);
    await closeAll();
  }, 60_000);

  it('keeps a draft per thread across a reload until it is sent, and previews it as the server renders it', async () => {
    const thread = await startThread(t, anna, groupId, 'Concepten', 'Begin.');
    const b = await openThread(bo, thread.id);
    await composer(b.page).fill('Een **vet** plan met een [link](https://example.org).');
    await b.page.getByRole('tab', { name: 'Voorbeeld' }).click();
    const preview = b.page.getByRole('tabpanel', { name: 'Voorbeeld' });
    expect(await preview.getByText('vet', { exact: true }).evaluate((element) => element.tagName)).toBe('STRONG');
    expect(await preview.getByRole('link', { name: 'link' }).getAttribute('href')).toBe('https://example.org');
    await expectNoAxeViolations(b.page);
    // The tabs by keyboard: arrows move between them.
    await b.page.keyboard.press('ArrowLeft');
    await composer(b.page).waitFor();
    expect(await b.page.getByRole('tab', { name: 'Schrijven' }).getAttribute('aria-selected')).toBe('true');

    await b.page.reload();
    await b.log.waitFor();
    expect(await composer(b.page).inputValue()).toBe('Een **vet** plan met een [link](https://example.org).');
    await b.page.getByRole('button', { name: 'Versturen' }).click();
    await b.log.locator('article#message-2').waitFor();
    await b.page.reload();
    await b.log.locator('article#message-2').waitFor();
    expect(await composer(b.page).inputValue()).toBe('');
    await closeAll();
  }, 60_000);

  it('lets a reader who is not logged in read, with a login link instead of the composer that leads back', async () => {
    const thread = await startThread(t, anna, groupId, 'Openbaar', 'Iedereen mag dit lezen.');
    await postMessages(t, anna, thread.id, ['Tweede bericht.']);
    const reader = await openThread(null, thread.id, { hash: '#2' });
    await reader.log.getByText('Iedereen mag dit lezen.').waitFor();
    // The link /threads/:id#2 leads to that message, with focus.
    expect(await focusedId(reader.page)).toBe('message-2');
    expect(await composer(reader.page).count()).toBe(0);
    await expectNoAxeViolations(reader.page);

    await reader.page.getByRole('link', { name: 'Log in om mee te schrijven' }).click();
    await reader.page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    await reader.page.getByLabel('E-mailadres').fill(bo.email);
    await reader.page.getByLabel('Wachtwoord').fill(bo.password);
    await reader.page.getByRole('button', { name: 'Inloggen' }).click();
    await composer(reader.page).waitFor();
    expect(reader.page.url()).toBe(`${base}/threads/${thread.id}#2`);
    await closeAll();
  }, 60_000);

  it('tells a logged-in reader who is no member that joining the group lets them write', async () => {
    const stranger = await registerUser(t, { displayName: 'Sam Buiten' });
    const thread = await startThread(t, anna, groupId, 'Alleen leden', 'Voor leden.');
    const s = await openThread(stranger, thread.id);
    await s.log.getByText('Voor leden.').waitFor();
    await s.page.getByText('Alleen leden van de groep schrijven hier mee.').waitFor();
    await s.page.getByRole('link', { name: 'Word lid van Werkgroep programmeren' }).waitFor();
    expect(await composer(s.page).count()).toBe(0);
    await closeAll();
  }, 60_000);
});
