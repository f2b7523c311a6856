import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { expectNoAxeViolations } from '../support/browser-chromium.js';
import { openPageAs } from '../support/browser-session.js';
import { createGroup } from '../support/community.js';
import { registerUser, type TestUser, uniqueEmail } from '../support/factories.js';
import { eventually } from '../support/kennisbank.js';
import { capturePage } from '../support/screenshots.js';
import { SmtpSink, VERIFICATION_MAIL } from '../support/smtp-sink.js';
import { type TestApp, V1 } from '../support/test-app.js';
import { startWebApp, type WebApp } from '../support/web-app.js';

// A group's owner manages it in a real browser: its settings, its members' roles,
// removing a member, inviting by email (the mail arrives), the requests to join, and the
// last owner who tries to leave reads the server's coded refusal.
let app: WebApp;
let smtp: SmtpSink;
let t: TestApp;
let base: string;
let browser: Browser;

beforeAll(async () => {
  smtp = new SmtpSink({ ignoreSubjects: VERIFICATION_MAIL });
  app = await startWebApp({ SMTP_URL: await smtp.start(), WORKER_INLINE: 'true' });
  ({ t, base, browser } = app);
}, 60_000);
afterAll(async () => {
  await app?.close();
  await smtp.stop();
});

const loggedIn = (user: TestUser, path: string): Promise<Page> => openPageAs(browser, base, user, path);

const groupOf = async (id: string, user: TestUser) => (await t.http().get(`${V1}/groups/${id}`).set(user.auth).expect(200)).body;
const membersOf = async (id: string, user: TestUser) =>
  ((await t.http().get(`${V1}/groups/${id}/members`).set(user.auth).expect(200)).body.items as { user: { id: string }; role: string }[]).map(
    (member) => [member.user.id, member.role],
  );

describe('group administration', () => {
  it('the owner changes the settings, a role, removes a member and invites by email', async () => {
    const owner = await registerUser(t, { displayName: 'Olga Eigenaar' });
    const anna = await registerUser(t, { displayName: 'Anna Lid' });
    const bert = await registerUser(t, { displayName: 'Bert Lid' });
    const group = await createGroup(t, owner, { name: 'Werkgroep didactiek', visibility: 'public', membership: 'open' });
    for (const member of [anna, bert]) await t.http().post(`${V1}/groups/${group.id}/join`).set(member.auth).expect(200);

    const page = await loggedIn(owner, `/groups/${group.id}`);
    await page.getByRole('link', { name: 'Groep beheren' }).click();
    await page.getByRole('heading', { level: 1, name: 'Beheer van Werkgroep didactiek' }).waitFor();
    await expect(page.title()).resolves.toBe('Beheer van Werkgroep didactiek · Kennisplein');
    await page.getByRole('link', { name: 'Anna Lid' }).waitFor();
    await capturePage(page, 'group-settings');

    // Settings.
    await page.getByLabel('Naam').fill('Werkgroep vakdidactiek');
    await page.getByLabel('Wie ziet de groep').selectOption('members');
    await page.getByLabel('Lid worden').selectOption('request');
    await page.getByRole('button', { name: 'Instellingen opslaan' }).click();
    await page.getByRole('status').getByText('De instellingen zijn opgeslagen.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Beheer van Werkgroep vakdidactiek' }).waitFor();
    expect(await groupOf(group.id, owner)).toMatchObject({ name: 'Werkgroep vakdidactiek', visibility: 'members', membership: 'request' });

    // A role.
    await page.getByLabel('Rol van Anna Lid').selectOption('admin');
    await page.getByRole('button', { name: 'Rol van Anna Lid opslaan' }).click();
    await page.getByRole('status').getByText('Anna Lid is nu beheerder.').waitFor();
    expect(await membersOf(group.id, owner)).toContainEqual([anna.id, 'admin']);

    // Removing asks first; the question takes the focus, and cancelling gives it back.
    const removeBert = page.getByRole('button', { name: 'Bert Lid verwijderen' });
    await removeBert.click();
    await page.getByRole('button', { name: 'Annuleren' }).click();
    await expect(eventually(() => removeBert.evaluate((element) => element === element.ownerDocument.activeElement), Boolean)).resolves.toBe(true);
    await removeBert.click();
    const question = page.getByRole('group', { name: 'Bert Lid uit de groep verwijderen? Wat Bert Lid schreef, blijft staan.' });
    await question.waitFor();
    const confirm = question.getByRole('button', { name: 'Ja, Bert Lid verwijderen' });
    expect(await confirm.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    await expectNoAxeViolations(page);
    await confirm.click();
    await page.getByRole('status').getByText('Bert Lid is uit de groep verwijderd.').waitFor();
    await page.getByRole('link', { name: 'Bert Lid' }).waitFor({ state: 'detached' });
    expect((await membersOf(group.id, owner)).map(([id]) => id)).not.toContain(bert.id);
    // Bert no longer sees the members-only group.
    await t.http().get(`${V1}/groups/${group.id}`).set(bert.auth).expect(404);

    // An invitation by email: the page says it was sent, and the mail arrives.
    const invitee = uniqueEmail('uitgenodigd');
    await page.getByLabel('E-mailadres').fill(invitee);
    await page.getByRole('button', { name: 'Uitnodiging sturen' }).click();
    await page.getByRole('status').getByText(`De uitnodiging is verstuurd naar ${invitee}.`).waitFor();
    const mail = await eventually(
      () => Promise.resolve(smtp.messagesTo(invitee).at(-1)),
      (found) => found !== undefined,
    );
    expect(mail?.subject).toBe('Uitnodiging voor een groep op Kennisplein / Invitation to a group on Kennisplein');
    expect(mail?.text).toContain(`${base}/invites/`);
    await capturePage(page, 'group-settings-invited');
  }, 120_000);

  it('a refusal of the server shows its coded message: an admin may not make an owner', async () => {
    const owner = await registerUser(t, { displayName: 'Olga Eigenaar' });
    const admin = await registerUser(t, { displayName: 'Ad Beheerder' });
    const member = await registerUser(t, { displayName: 'Mo Lid' });
    const group = await createGroup(t, owner, { name: 'Rollen', visibility: 'public', membership: 'open' });
    for (const user of [admin, member]) await t.http().post(`${V1}/groups/${group.id}/join`).set(user.auth).expect(200);
    await t.http().patch(`${V1}/groups/${group.id}/members/${admin.id}`).set(owner.auth).send({ role: 'admin' }).expect(200);

    const page = await loggedIn(admin, `/groups/${group.id}/settings`);
    await page.getByLabel('Rol van Mo Lid').selectOption('owner');
    await page.getByRole('button', { name: 'Rol van Mo Lid opslaan' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('Alleen eigenaren beheren eigenaren').waitFor();
    expect(await alert.getAttribute('data-code')).toBe('group.owners_only');
    await expectNoAxeViolations(page);
  }, 60_000);

  it('a member who is no manager is told so on the settings page', async () => {
    const owner = await registerUser(t, { displayName: 'Olga Eigenaar' });
    const member = await registerUser(t, { displayName: 'Mo Lid' });
    const group = await createGroup(t, owner, { name: 'Alleen beheer', visibility: 'public', membership: 'open' });
    await t.http().post(`${V1}/groups/${group.id}/join`).set(member.auth).expect(200);
    const page = await loggedIn(member, `/groups/${group.id}/settings`);
    await page.getByText('Alleen eigenaren en beheerders van deze groep kunnen hem beheren.').waitFor();
    expect(await page.getByRole('button', { name: 'Instellingen opslaan' }).count()).toBe(0);
    await expectNoAxeViolations(page);
  }, 60_000);

  it('the owner approves one request and rejects another on the settings page', async () => {
    const owner = await registerUser(t, { displayName: 'Olga Eigenaar' });
    const rik = await registerUser(t, { displayName: 'Rik Aanvrager' });
    const sam = await registerUser(t, { displayName: 'Sam Aanvrager' });
    const group = await createGroup(t, owner, { name: 'Op aanvraag', visibility: 'public', membership: 'request' });
    for (const user of [rik, sam]) await t.http().post(`${V1}/groups/${group.id}/join`).set(user.auth).expect(202);

    const page = await loggedIn(owner, `/groups/${group.id}/settings`);
    const requests = page.getByRole('region', { name: 'Aanvragen om lid te worden' });
    await requests.getByRole('button', { name: 'Rik Aanvrager toelaten' }).click();
    await requests.getByRole('status').getByText('Rik Aanvrager is nu lid.').waitFor();
    await requests.getByRole('button', { name: 'Sam Aanvrager afwijzen' }).click();
    await requests.getByRole('status').getByText('De aanvraag van Sam Aanvrager is afgewezen.').waitFor();
    await requests.getByText('Er wachten geen aanvragen.').waitFor();
    // Rik appears among the members with his role.
    await page.getByLabel('Rol van Rik Aanvrager').waitFor();
    const members = await membersOf(group.id, owner);
    expect(members).toContainEqual([rik.id, 'member']);
    expect(members.map(([id]) => id)).not.toContain(sam.id);
    await expectNoAxeViolations(page);
  }, 60_000);

  it('the last owner who tries to leave reads the coded refusal and where to go', async () => {
    const owner = await registerUser(t, { displayName: 'Olga Eigenaar' });
    const group = await createGroup(t, owner, { name: 'Eén eigenaar', visibility: 'public', membership: 'open' });
    const page = await loggedIn(owner, `/groups/${group.id}`);
    await page.getByRole('button', { name: 'Groep verlaten' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('Een groep houdt minstens één eigenaar').waitFor();
    expect(await alert.getAttribute('data-code')).toBe('group.last_owner');
    const hint = page.getByRole('link', { name: 'Maak eerst iemand anders eigenaar, op de beheerpagina van de groep.' });
    expect(await hint.getAttribute('href')).toBe(`/groups/${group.id}/settings`);
    expect((await groupOf(group.id, owner)).myRole).toBe('owner');
    await capturePage(page, 'group-last-owner');
  }, 60_000);
});
