import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ParsedMail } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { DigestsService, NotificationsService, periodOf } from '@kennisplein/notifications';
import { expectNoAxeViolations } from '../support/browser-chromium.js';
import { logInThroughPage, newReader } from '../support/browser-session.js';
import { createGroup } from '../support/community.js';
import { registerUser, type TestUser, uniqueEmail } from '../support/factories.js';
import { createCongress, eventually, makeAdmin } from '../support/kennisbank.js';
import { SmtpSink, VERIFICATION_MAIL } from '../support/smtp-sink.js';
import { type TestApp, V1 } from '../support/test-app.js';
import { startWebApp, type WebApp } from '../support/web-app.js';

// The links the platform sends (digests, invitations, notifications), followed from the real
// mails and notifications in a real browser: each lands on its page of the client.
let smtp: SmtpSink;
let t: TestApp;
let base: string;
let browser: Browser;
let app: WebApp;

beforeAll(async () => {
  smtp = new SmtpSink({ ignoreSubjects: VERIFICATION_MAIL });
  app = await startWebApp({ SMTP_URL: await smtp.start(), WORKER_INLINE: 'true' });
  ({ t, base, browser } = app);
}, 60_000);
afterAll(async () => {
  await app?.close();
  await smtp.stop();
});

/** The links of a mail to this site, as a mail program shows them (the plain text part). */
const linksIn = (mail: ParsedMail) => [...(mail.text ?? '').matchAll(new RegExp(`${base}/\\S+`, 'g'))].map((match) => match[0]);

/** The newest mail to this address whose subject matches. */
async function mailTo(address: string, subject: RegExp): Promise<ParsedMail> {
  const mail = await eventually(
    () => Promise.resolve(smtp.messagesTo(address).filter((message) => subject.test(message.subject ?? '')).at(-1)),
    (found) => found !== undefined,
  );
  return mail!;
}

async function sendDigest(reader: TestUser): Promise<ParsedMail> {
  expect(await t.app.get(DigestsService).send(reader.id, periodOf('weekly', new Date(), 'Europe/Amsterdam'), 'weekly')).toBe('sent');
  return mailTo(reader.email, /^Je week op Kennisplein$/);
}

const frequencyOf = async (user: TestUser) => (await t.http().get(`${V1}/me/settings`).set(user.auth).expect(200)).body.digestFrequency;

/** The link opens a page of the client at its own path: a page with its h1, never the not-found page. */
async function expectClientPage(page: Page, link: string): Promise<void> {
  await page.goto(link);
  const url = new URL(link);
  await page.waitForURL(`${base}${url.pathname}${url.search}${url.hash}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  expect({ link, notFound: await page.getByRole('heading', { level: 1, name: 'Deze pagina bestaat niet' }).count() }).toEqual({ link, notFound: 0 });
}

/** A group with a reader in it and a message from its owner: something for the reader's digest. */
async function groupScene() {
  const owner = await registerUser(t, { displayName: 'Olga Owner' });
  const reader = await registerUser(t, { displayName: 'Rik Lezer' });
  const group = await createGroup(t, owner, { name: `Werkgroep ${owner.id.slice(0, 6)}`, visibility: 'public', membership: 'open' });
  await t.http().post(`${V1}/groups/${group.id}/join`).set(reader.auth).expect(200);
  const thread = (await t.http().post(`${V1}/groups/${group.id}/threads`).set(owner.auth).send({ title: 'Lesidee', body: 'Wie heeft een lesidee?' }).expect(201))
    .body as { id: string };
  return { owner, reader, group, thread };
}

/** A contribution whose workspace the reader joined, with feedback from another: the feedback's link is /contributions/:id#feedback-1. */
async function feedbackScene(reader: TestUser, writer: TestUser): Promise<{ id: string }> {
  const admin = await makeAdmin(t, await registerUser(t, { verified: true }));
  const contribution = await t
    .http()
    .post(`${V1}/contributions`)
    .set(admin.auth)
    .send({ congress: await createCongress(t, admin), title: 'Programmeren in de onderbouw', body: 'Een lessenserie.', authors: [{ name: 'Anna de Vries' }] })
    .expect(201);
  await t.http().post(`${V1}/groups/${contribution.body.workspace.groupId}/join`).set(reader.auth).expect(200);
  await t.http().post(`${V1}/contributions/${contribution.body.id}/feedback`).set(writer.auth).send({ body: 'Werkt dit ook in het mbo?' }).expect(201);
  return { id: contribution.body.id };
}

describe('the digest mail', () => {
  it('links to an unsubscribe page that changes nothing when opened and unsubscribes with its button', async () => {
    const { reader } = await groupScene();
    const mail = await sendDigest(reader);
    const link = linksIn(mail).find((candidate) => candidate.startsWith(`${base}/digests/unsubscribe?token=`))!;
    expect(link).toBeDefined();
    // No login needed: the token is the reader's.
    const { context, page } = await newReader(browser);
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Afmelden voor de samenvatting' }).waitFor();
    await expect(page.title()).resolves.toBe('Afmelden voor de samenvatting · Kennisplein');
    await expectNoAxeViolations(page);
    expect(await frequencyOf(reader)).toBe('weekly');

    await page.getByRole('button', { name: 'Afmelden' }).click();
    await page.getByRole('status').getByText('U bent afgemeld: u krijgt geen samenvattingen meer.').waitFor();
    expect(await frequencyOf(reader)).toBe('never');
    expect(await page.getByRole('link', { name: 'Naar uw instellingen' }).getAttribute('href')).toBe('/settings');
    await expectNoAxeViolations(page);

    // A link that is not valid: the server's coded error, in words.
    await page.goto(`${base}/digests/unsubscribe?token=${reader.id}.forged`);
    await page.getByRole('button', { name: 'Afmelden' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('Deze afmeldlink is ongeldig').waitFor();
    expect(await alert.getAttribute('data-code')).toBe('digest.unsubscribe_link_invalid');
    await expectNoAxeViolations(page);
    await context.close();
  }, 60_000);

  it("links its items and the settings to the client's pages: threads, contributions, groups", async () => {
    const { owner, reader, group, thread } = await groupScene();
    // Feedback on a contribution whose workspace the reader joined, and a newcomer in the group.
    const contribution = await feedbackScene(reader, owner);
    const newcomer = await registerUser(t, { displayName: 'Nina Nieuw' });
    await t.http().post(`${V1}/groups/${group.id}/join`).set(newcomer.auth).expect(200);

    const links = linksIn(await sendDigest(reader));
    const items = links.filter((link) => /\/(threads|contributions|groups)\//.test(new URL(link).pathname));
    expect(items).toEqual(
      expect.arrayContaining([
        `${base}/threads/${thread.id}#1`,
        `${base}/contributions/${contribution.id}#feedback-1`,
        `${base}/groups/${group.id}`,
      ]),
    );
    const { context, page } = await newReader(browser);
    await logInThroughPage(page, base, reader);
    for (const link of items) await expectClientPage(page, link);
    await expectClientPage(page, `${base}/settings`);
    await page.getByRole('heading', { level: 1, name: 'Instellingen' }).waitFor();
    await context.close();
  }, 60_000);
});

describe('notifications', () => {
  it("link to the client's pages: the thread, the contribution, the group and its requests", async () => {
    const { owner, reader, group, thread } = await groupScene();
    const contribution = await feedbackScene(reader, owner);
    const requests = await createGroup(t, owner, { name: 'Op aanvraag', visibility: 'public', membership: 'request' });
    await t.http().post(`${V1}/groups/${requests.id}/join`).set(reader.auth).expect(202);
    await t.app.get(NotificationsService).dispatch();

    const linksOf = async (user: TestUser, expected: number) =>
      (
        await eventually(
          async () => (await t.http().get(`${V1}/me/notifications`).set(user.auth).expect(200)).body.items as { activity: { snapshot: { link: string } } }[],
          (found) => found.length >= expected,
        )
      ).map((notification) => notification.activity.snapshot.link);
    const forReader = await linksOf(reader, 2);
    expect(forReader).toEqual(expect.arrayContaining([`/threads/${thread.id}#1`, `/contributions/${contribution.id}#feedback-1`]));
    const forOwner = await linksOf(owner, 2);
    expect(forOwner).toEqual(expect.arrayContaining([`/groups/${group.id}`, `/groups/${requests.id}/requests`]));

    for (const [user, links] of [
      [reader, forReader],
      [owner, forOwner],
    ] as const) {
      const { context, page } = await newReader(browser);
      await logInThroughPage(page, base, user);
      for (const link of links) await expectClientPage(page, `${base}${link}`);
      await context.close();
    }
  }, 60_000);
});

describe('the invitation mail', () => {
  it('followed while logged out, asks for the login, comes back to the invitation, accepts it and lands on the group', async () => {
    const owner = await registerUser(t, { displayName: 'Olga Owner' });
    const invitee = await registerUser(t, { displayName: 'Ivo Uitgenodigd' });
    const group = await createGroup(t, owner, { name: 'Werkgroep curriculum', visibility: 'members', membership: 'invite' });
    await t.http().post(`${V1}/groups/${group.id}/invites`).set(owner.auth).send({ email: invitee.email }).expect(201);
    const link = linksIn(await mailTo(invitee.email, /^Uitnodiging voor een groep/)).find((candidate) => candidate.includes('/invites/'))!;

    const { context, page } = await newReader(browser);
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Uitnodiging voor Werkgroep curriculum' }).waitFor();
    await expect(page.title()).resolves.toBe('Uitnodiging voor Werkgroep curriculum · Kennisplein');
    await page.getByText('Olga Owner nodigt u uit voor de groep Werkgroep curriculum op Kennisplein.', { exact: false }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('main').getByRole('link', { name: 'Inloggen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    await page.getByLabel('E-mailadres').fill(invitee.email);
    await page.getByLabel('Wachtwoord').fill(invitee.password);
    await page.getByRole('button', { name: 'Inloggen' }).click();

    await page.waitForURL(link);
    await page.getByRole('button', { name: 'Uitnodiging aannemen' }).click();
    await page.waitForURL(`${base}/groups/${group.id}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('heading', { level: 1, name: 'Deze pagina bestaat niet' }).count()).toBe(0);
    expect((await t.http().get(`${V1}/groups/${group.id}`).set(invitee.auth).expect(200)).body.myRole).toBe('member');

    // Spent: the server's coded error.
    await page.goto(link);
    const alert = page.getByRole('alert');
    await alert.getByText('Deze uitnodiging is al gebruikt').waitFor();
    expect(await alert.getAttribute('data-code')).toBe('invite.used');
    await expectNoAxeViolations(page);
    await context.close();
  }, 60_000);

  it('lets a newcomer make an account first and come back to accept it; an expired one says so', async () => {
    const owner = await registerUser(t, { displayName: 'Olga Owner' });
    const email = uniqueEmail('nieuw');
    const group = await createGroup(t, owner, { name: 'Werkgroep didactiek', visibility: 'members', membership: 'invite' });
    await t.http().post(`${V1}/groups/${group.id}/invites`).set(owner.auth).send({ email }).expect(201);
    const link = linksIn(await mailTo(email, /^Uitnodiging voor een groep/)).find((candidate) => candidate.includes('/invites/'))!;

    const { context, page } = await newReader(browser);
    await page.goto(link);
    await page.getByRole('main').getByRole('link', { name: 'Een account maken' }).click();
    await page.getByRole('heading', { level: 1, name: 'Een account maken' }).waitFor();
    await page.getByLabel('Uw naam').fill('Nora Nieuw');
    await page.getByLabel('E-mailadres').fill(email);
    await page.getByLabel('Wachtwoord').fill('correct horse battery');
    await page.getByRole('button', { name: 'Account maken' }).click();
    await page.getByRole('link', { name: 'Verder naar de pagina waar u was' }).click();
    await page.waitForURL(link);
    await page.getByRole('button', { name: 'Uitnodiging aannemen' }).click();
    await page.waitForURL(`${base}/groups/${group.id}`);

    const expiring = await t.http().post(`${V1}/groups/${group.id}/invites`).set(owner.auth).send({ email: uniqueEmail() }).expect(201);
    await t.app.get(DataSource).query(`UPDATE group_invites SET expires_at = now() - interval '1 minute' WHERE id = $1`, [expiring.body.id]);
    await page.goto(`${base}/invites/${expiring.body.token}`);
    await page.getByRole('alert').getByText('Deze uitnodiging is verlopen').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Uitnodiging' }).waitFor();
    await expectNoAxeViolations(page);
    await context.close();
  }, 60_000);
});
