import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext } from 'playwright-core';
import { expectNoAxeViolations, launchChromium } from '../support/browser-chromium.js';
import { focusedId, focusedText, messageLog, messagesIn, tapDiscussionSocket } from '../support/browser-discussion.js';
import { logInThroughPage, newReader } from '../support/browser-session.js';
import { registerUser, type TestUser } from '../support/factories.js';
import { createCongress, createContribution, eventually, makeAdmin } from '../support/kennisbank.js';
import { freePort } from '../support/processes.js';
import { createTestApp, type TestApp, V1 } from '../support/test-app.js';

// A contribution's page: the paper, joining its workspace by state, and the live feedback
// discussion with its authors below it.
let t: TestApp;
let base: string;
let browser: Browser;
let admin: TestUser;
let author: TestUser;
let congress: string;
const contexts: BrowserContext[] = [];

interface Contribution {
  id: string;
  title: string;
  authors: { id: string; name: string; userId: string | null }[];
  workspace: { groupId: string; feedbackThreadId: string };
}

/** A contribution whose first author is linked to `author` (who owns its workspace). */
async function linkedContribution(title: string): Promise<Contribution> {
  const { id } = await createContribution(t, admin, {
    congress,
    theme: 'Programmeeronderwijs',
    title,
    abstract: 'Hoe leerlingen in de onderbouw met kleine opdrachten leren programmeren.',
    body: 'Inleiding\n\nIn dit paper beschrijven we een lessenserie over programmeren.\nDe tweede regel van de alinea.\n\n<script>alert(1)</script> blijft tekst.',
    keywords: ['python', 'onderbouw'],
    authors: [
      { name: 'Anna de Vries', affiliation: 'Universiteit Utrecht' },
      { name: 'Bert Jansen', affiliation: 'HAN' },
    ],
  });
  const { authors } = (await t.http().get(`${V1}/contributions/${id}`)).body as Contribution;
  const linked = await t.http().put(`${V1}/contributions/${id}/authors/${authors[0].id}/user`).set(admin.auth).send({ userId: author.id });
  expect(linked.status).toBe(200);
  return linked.body as Contribution;
}

beforeAll(async () => {
  // The api's own address: the login's session cookie is taken only from there.
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await createTestApp({ env: { PUBLIC_URL: base } });
  await t.listen(port);
  admin = await makeAdmin(t, await registerUser(t, { verified: true, displayName: 'Beheerder' }));
  author = await registerUser(t, { verified: true, displayName: 'Anna de Vries' });
  congress = await createCongress(t, admin, { name: 'NIOC 2025 in Nijmegen', year: 2025 });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t.close();
});

async function open(user: TestUser | null, contribution: Contribution, hash = '') {
  const { context, page } = await newReader(browser);
  contexts.push(context);
  const tap = await tapDiscussionSocket(page);
  if (user) await logInThroughPage(page, base, user);
  await page.goto(`${base}/contributions/${contribution.id}${hash}`);
  await page.getByRole('heading', { level: 1, name: contribution.title }).waitFor();
  const log = messageLog(page, 'Feedback');
  await log.waitFor();
  return { context, page, log, tap };
}

async function closeAll(): Promise<void> {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
}

describe('the contribution page', () => {
  it('shows the paper: title, authors with their profile link once linked, congress, theme group, keywords, abstract and body as text', async () => {
    const contribution = await linkedContribution('Programmeren leren met Python');
    const themes = (await t.http().get(`${V1}/themes`)).body as { name: string; groupId: string }[];
    const themeGroup = themes.find((theme) => theme.name === 'Programmeeronderwijs')!.groupId;
    const { page } = await open(null, contribution);
    await expect(page.title()).resolves.toBe('Programmeren leren met Python · Kennisplein');
    expect(await page.getByRole('link', { name: 'Anna de Vries' }).getAttribute('href')).toBe(`/u/${author.id}`);
    await page.getByRole('listitem').filter({ hasText: 'Bert Jansen' }).getByText('(HAN)').waitFor();
    expect(await page.getByRole('link', { name: 'Bert Jansen' }).count()).toBe(0);
    await page.getByRole('definition').filter({ hasText: 'NIOC 2025 in Nijmegen (2025)' }).waitFor();
    expect(await page.getByRole('link', { name: 'Programmeeronderwijs' }).getAttribute('href')).toBe(`/groups/${themeGroup}`);
    await page.getByRole('listitem').filter({ hasText: /^python$/ }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Samenvatting' }).waitFor();
    await page.getByText('Hoe leerlingen in de onderbouw met kleine opdrachten leren programmeren.').waitFor();
    // Paragraphs from blank lines, line breaks kept, and markup shown as the text it is.
    const paragraph = page.getByText('In dit paper beschrijven we een lessenserie over programmeren.', { exact: false });
    expect(await paragraph.innerText()).toBe('In dit paper beschrijven we een lessenserie over programmeren.\nDe tweede regel van de alinea.');
    await page.getByText('<script>alert(1)</script> blijft tekst.').waitFor();
    // A reader who is not logged in reads the feedback and is offered the login.
    await page.getByRole('link', { name: 'Log in om lid te worden van de werkruimte' }).waitFor();
    await page.getByRole('link', { name: 'Log in om mee te schrijven' }).waitFor();
    await expectNoAxeViolations(page);
    await closeAll();
  }, 60_000);

  it('joins an open workspace at once (join → member) and shows its owner as owner', async () => {
    const contribution = await linkedContribution('Open werkruimte');
    const reader = await registerUser(t, { displayName: 'Rik Lezer' });
    const { page } = await open(reader, contribution);
    await page.getByRole('button', { name: 'Lid worden' }).click();
    await page.getByRole('status').getByText('U bent lid van deze werkruimte.').waitFor();
    // The button is gone; the focus is on what took its place.
    const focused = () => focusedText(page);
    expect(await eventually(focused, (text) => text === 'U bent lid van deze werkruimte.')).toBe('U bent lid van deze werkruimte.');
    const group = await t.http().get(`${V1}/groups/${contribution.workspace.groupId}`).set(reader.auth);
    expect(group.body.myRole).toBe('member');
    await page.reload();
    await page.getByText('U bent lid van deze werkruimte.').waitFor();
    await expectNoAxeViolations(page);

    const owner = await open(author, contribution);
    await owner.page.getByText('U bent eigenaar van deze werkruimte.').waitFor();
    expect(await owner.page.getByRole('button', { name: 'Lid worden' }).count()).toBe(0);
    await closeAll();
  }, 60_000);

  it('asks to join a workspace on request (join → request sent), and the request stays sent across a reload', async () => {
    const contribution = await linkedContribution('Werkruimte op verzoek');
    const patched = await t.http().patch(`${V1}/groups/${contribution.workspace.groupId}`).set(admin.auth).send({ membership: 'request' });
    expect(patched.status).toBe(200);
    const reader = await registerUser(t, { displayName: 'Vera Vraag' });
    const { page } = await open(reader, contribution);
    await page.getByRole('button', { name: 'Lidmaatschap aanvragen' }).click();
    await page.getByRole('status').getByText('Verzoek verstuurd', { exact: false }).waitFor();
    await page.reload();
    await page.getByText('Verzoek verstuurd', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Lidmaatschap aanvragen' }).count()).toBe(0);
    const requests = await t.http().get(`${V1}/groups/${contribution.workspace.groupId}/requests`).set(author.auth);
    expect(JSON.stringify(requests.body)).toContain(reader.id);
    await closeAll();
  }, 60_000);

  it('carries live feedback between a reader (no member) and the author, who answers it', async () => {
    const contribution = await linkedContribution('Live feedback');
    const reader = await registerUser(t, { displayName: 'Rik Lezer' });
    const r = await open(reader, contribution);
    const a = await open(author, contribution);
    // Feedback needs no membership; answering a message does.
    await r.page.getByText('Iedereen met een account geeft feedback', { exact: false }).waitFor();
    await r.page.getByLabel('Uw feedback', { exact: true }).fill('Werkt dit ook in het mbo?');
    await r.page.getByRole('button', { name: 'Versturen' }).click();
    await a.log.getByText('Werkt dit ook in het mbo?').waitFor();
    expect(await r.log.getByRole('button', { name: 'Beantwoorden' }).count()).toBe(0);

    await a.log.getByRole('article').filter({ hasText: 'Werkt dit ook in het mbo?' }).getByRole('button', { name: 'Beantwoorden' }).click();
    await a.page.getByLabel('Uw feedback', { exact: true }).fill('Ja, met wat aanpassingen.');
    await a.page.getByRole('button', { name: 'Versturen' }).click();
    const answer = r.log.getByRole('article').filter({ hasText: 'Ja, met wat aanpassingen.' });
    await answer.getByRole('link', { name: /Rik Lezer: “Werkt dit ook in het mbo\?/ }).waitFor();
    const stored = await messagesIn(t, author, contribution.workspace.feedbackThreadId);
    expect(stored.map((message) => [message.body, message.parentId])).toEqual([
      ['Werkt dit ook in het mbo?', null],
      ['Ja, met wat aanpassingen.', stored[0].id],
    ]);
    await expectNoAxeViolations(r.page);
    await closeAll();
  }, 60_000);

  it('retries failed feedback with the same clientId: the server keeps one message', async () => {
    const contribution = await linkedContribution('Opnieuw feedback geven');
    const reader = await registerUser(t, { displayName: 'Rik Lezer' });
    const r = await open(reader, contribution);
    // The first POST reaches the server, which stores it; the page gets a 503 instead of its answer and hears nothing live of it.
    let first = true;
    await r.page.route('**/api/v1/contributions/*/feedback', async (route) => {
      const { clientId } = route.request().postDataJSON() as { clientId: string };
      if (!first) {
        r.tap.showMessagesWith(clientId);
        return route.continue();
      }
      first = false;
      r.tap.hideMessagesWith(clientId);
      await route.fetch();
      await route.fulfill({ status: 503, json: { statusCode: 503, code: 'common.internal', message: 'De server is even niet bereikbaar.' } });
    });
    await r.page.getByLabel('Uw feedback', { exact: true }).fill('Eén keer, alstublieft.');
    await r.page.getByRole('button', { name: 'Versturen' }).click();
    const failed = r.log.getByRole('article').filter({ hasText: 'Eén keer, alstublieft.' });
    await failed.getByRole('alert').getByText('De server is even niet bereikbaar.').waitFor();
    await expectNoAxeViolations(r.page);
    expect(await messagesIn(t, reader, contribution.workspace.feedbackThreadId)).toHaveLength(1);

    await failed.getByRole('button', { name: 'Opnieuw' }).click();
    await r.log.locator('article#message-1').getByText('Eén keer, alstublieft.').waitFor();
    await failed.getByText('Niet verstuurd.').waitFor({ state: 'detached' });
    const stored = await messagesIn(t, reader, contribution.workspace.feedbackThreadId);
    expect(stored.map((message) => message.body)).toEqual(['Eén keer, alstublieft.']);
    await closeAll();
  }, 60_000);

  it('opens a feedback link (#feedback-<seq>) at that message, with focus', async () => {
    const contribution = await linkedContribution('Feedback als link');
    const reader = await registerUser(t, { displayName: 'Rik Lezer' });
    for (const body of ['Eerste opmerking.', 'Tweede opmerking.', 'Derde opmerking.']) {
      expect((await t.http().post(`${V1}/contributions/${contribution.id}/feedback`).set(reader.auth).send({ body })).status).toBe(201);
    }
    const { page } = await open(author, contribution, '#feedback-2');
    await page.getByText('Tweede opmerking.').waitFor();
    expect(await focusedId(page)).toBe('message-2');
    await closeAll();
  }, 60_000);
});
