import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import { expectNoAxeViolations } from '../support/browser-chromium.js';
import { hasFocus, messageLog, messagesIn } from '../support/browser-discussion.js';
import { logInThroughPage, newReader } from '../support/browser-session.js';
import { registerUser, type TestUser } from '../support/factories.js';
import { createCongress, createContribution, eventually, makeAdmin } from '../support/kennisbank.js';
import { V1 } from '../support/test-app.js';
import { startWebApp, type WebApp } from '../support/web-app.js';

// The reader's main path by keyboard alone, as someone who uses no mouse would walk it:
// search → open a paper → join its workspace → post feedback → read the author's answer.
// Every step moves with Tab and acts with Enter or typing; nothing is clicked.

let web: WebApp;
let admin: TestUser;
let author: TestUser;
let contribution: { id: string; workspace: { groupId: string; feedbackThreadId: string } };

beforeAll(async () => {
  web = await startWebApp();
  admin = await makeAdmin(web.t, await registerUser(web.t, { verified: true, displayName: 'Beheerder' }));
  author = await registerUser(web.t, { verified: true, displayName: 'Anna de Vries' });
  const congress = await createCongress(web.t, admin, { name: 'NIOC 2025', year: 2025 });
  contribution = await createContribution(web.t, admin, {
    congress,
    title: 'Toetsen van programmeervaardigheid',
    abstract: 'Hoe toets je programmeervaardigheid eerlijk?',
    body: 'Inleiding\n\nWe vergelijken drie manieren van toetsen.',
    authors: [{ name: 'Anna de Vries' }],
  });
  // The author owns the workspace once linked; it is she who answers.
  const { authors } = (await web.t.http().get(`${V1}/contributions/${contribution.id}`)).body as { authors: { id: string }[] };
  expect((await web.t.http().put(`${V1}/contributions/${contribution.id}/authors/${authors[0].id}/user`).set(admin.auth).send({ userId: author.id })).status).toBe(200);
}, 60_000);
afterAll(async () => {
  await web?.close();
});

/** Presses Tab until the element has the focus (at most `limit` times): what a keyboard user does. */
async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
  await target.waitFor();
  for (let presses = 0; presses < limit; presses++) {
    if (await hasFocus(target)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

describe('the main path by keyboard alone', () => {
  it('searches, opens the paper, joins, posts feedback and reads the answer without a mouse', async () => {
    const reader = await registerUser(web.t, { verified: true, displayName: 'Rik Lezer' });
    const { context, page } = await newReader(web.browser);
    await logInThroughPage(page, web.base, reader);
    await page.goto(`${web.base}/`);
    await page.getByRole('heading', { level: 1, name: 'Samenwerken rond de NIOC-kennisbank' }).waitFor();

    // The skip link is the first stop, then the search box.
    await page.keyboard.press('Tab');
    expect(await hasFocus(page.getByRole('link', { name: 'Naar de inhoud' }))).toBe(true);
    await tabTo(page, page.getByRole('searchbox', { name: 'Zoek in de kennisbank' }));
    await page.keyboard.type('programmeervaardigheid');
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { level: 1, name: 'Zoeken in de kennisbank' }).waitFor();
    const result = page.getByRole('region', { name: 'Resultaten' }).getByRole('link', { name: 'Toetsen van programmeervaardigheid' });
    await tabTo(page, result);
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { level: 1, name: 'Toetsen van programmeervaardigheid' }).waitFor();
    await tabTo(page, page.getByRole('button', { name: 'Lid worden' }));
    await page.keyboard.press('Enter');
    await page.getByText('U bent lid van deze werkruimte.').waitFor();

    await tabTo(page, page.getByLabel('Uw feedback', { exact: true }));
    await page.keyboard.type('Hoe vaak toetsen jullie per periode?');
    await tabTo(page, page.getByRole('button', { name: 'Versturen' }));
    await page.keyboard.press('Enter');
    const log = messageLog(page, 'Feedback');
    await log.getByText('Hoe vaak toetsen jullie per periode?').waitFor();

    // The author answers from elsewhere; the answer arrives live and is reachable by Tab.
    // The log shows the message at once (pending); the author answers once the server holds it.
    const [question] = await eventually(
      () => messagesIn(web.t, author, contribution.workspace.feedbackThreadId),
      (stored) => stored.length === 1,
    );
    expect(question.body).toBe('Hoe vaak toetsen jullie per periode?');
    const answered = await web.t
      .http()
      .post(`${V1}/threads/${contribution.workspace.feedbackThreadId}/messages`)
      .set(author.auth)
      .send({ body: 'Twee keer, met een oefentoets ervoor.', parentId: question.id });
    expect(answered.status).toBe(201);
    const answer = log.getByRole('article').filter({ hasText: 'Twee keer, met een oefentoets ervoor.' });
    await answer.waitFor();
    await tabTo(page, answer.getByRole('link', { name: /Rik Lezer: “Hoe vaak toetsen/ }));
    await expectNoAxeViolations(page);
    await context.close();
  }, 90_000);
});
