import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { expectNoAxeViolations } from '../support/browser-chromium.js';
import { newReader, openPageAs } from '../support/browser-session.js';
import { createGroup } from '../support/community.js';
import { registerUser, type TestUser, uniqueEmail } from '../support/factories.js';
import { createCongress, createContribution, makeAdmin } from '../support/kennisbank.js';
import { capturePage } from '../support/screenshots.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { type TestApp, V1 } from '../support/test-app.js';
import { entriesOf } from '../support/zip.js';
import { startWebApp, type WebApp } from '../support/web-app.js';

// Profiles and the account page in a real browser: a profile shows someone's contributions
// and only the groups the reader may see, its owner edits it; the account page changes the
// password and the email address, downloads the export and deletes the account.
let app: WebApp;
let smtp: SmtpSink;
let t: TestApp;
let base: string;
let browser: Browser;

beforeAll(async () => {
  smtp = new SmtpSink();
  app = await startWebApp({ SMTP_URL: await smtp.start(), WORKER_INLINE: 'true' });
  ({ t, base, browser } = app);
}, 60_000);
afterAll(async () => {
  await app?.close();
  await smtp.stop();
});

const loggedIn = (user: Pick<TestUser, 'email' | 'password' | 'displayName'>, path: string): Promise<Page> => openPageAs(browser, base, user, path);

describe('a profile', () => {
  it('shows the contributions and only the groups the reader may see; its owner edits it', async () => {
    const admin = await makeAdmin(t, await registerUser(t, { verified: true }));
    const email = uniqueEmail('auteur');
    const author = await registerUser(t, { email, verified: true, displayName: 'Anna de Vries' });
    const stranger = await registerUser(t, { displayName: 'Sam Vreemde' });
    await t.http().patch(`${V1}/me`).set(author.auth).send({ affiliation: 'HAN', bio: 'Docent informatica in Arnhem.' }).expect(200);
    const contribution = await createContribution(t, admin, {
      congress: await createCongress(t, admin, { name: 'NIOC 2025' }),
      title: 'Programmeren in de onderbouw',
      authors: [{ name: 'Anna de Vries', email }],
    });
    const open = await createGroup(t, author, { name: 'Open lab', visibility: 'public' });
    await createGroup(t, author, { name: 'Besloten redactie', visibility: 'members', membership: 'invite' });

    // The stranger reaches the profile from the author's name on the contribution.
    const page = await loggedIn(stranger, `/contributions/${contribution.id}`);
    await page.getByRole('link', { name: 'Anna de Vries' }).click();
    await page.waitForURL(`${base}/u/${author.id}`);
    await page.getByRole('heading', { level: 1, name: 'Anna de Vries' }).waitFor();
    await expect(page.title()).resolves.toBe('Anna de Vries · Kennisplein');
    await page.getByText('Docent informatica in Arnhem.').waitFor();
    const contributions = page.getByRole('region', { name: 'Bijdragen in de kennisbank' });
    expect(await contributions.getByRole('link', { name: 'Programmeren in de onderbouw' }).getAttribute('href')).toBe(`/contributions/${contribution.id}`);
    const groups = page.getByRole('region', { name: 'Groepen' });
    expect(await groups.getByRole('link', { name: 'Open lab' }).getAttribute('href')).toBe(`/groups/${open.id}`);
    expect(await groups.getByText('Besloten redactie').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Profiel opslaan' }).count()).toBe(0);
    await capturePage(page, 'profile');

    // The owner sees the private group too, and edits the profile.
    const own = await loggedIn(author, `/u/${author.id}`);
    await own.getByRole('region', { name: 'Groepen' }).getByRole('link', { name: 'Besloten redactie' }).waitFor();
    await own.getByLabel('Naam').fill('Anna de Vries-Jansen');
    await own.getByLabel('Organisatie').fill('Hogeschool van Arnhem en Nijmegen');
    await own.getByLabel('Over mij').fill('Lerarenopleider informatica.');
    await own.getByRole('button', { name: 'Profiel opslaan' }).click();
    await own.getByRole('status').getByText('Uw profiel is opgeslagen.').waitFor();
    await own.getByRole('heading', { level: 1, name: 'Anna de Vries-Jansen' }).waitFor();
    await own.getByText('Ingelogd als Anna de Vries-Jansen').waitFor();
    expect((await t.http().get(`${V1}/users/${author.id}`).expect(200)).body).toMatchObject({
      displayName: 'Anna de Vries-Jansen',
      affiliation: 'Hogeschool van Arnhem en Nijmegen',
      bio: 'Lerarenopleider informatica.',
    });
    await capturePage(own, 'profile-own');
  }, 120_000);

  it('says so for an account that does not exist', async () => {
    const { page } = await newReader(browser);
    await page.goto(`${base}/u/00000000-0000-4000-8000-000000000000`);
    await page.getByRole('alert').getByText('Dit profiel bestaat niet (meer).').waitFor();
    await expectNoAxeViolations(page);
  });
});

describe('the account page', () => {
  it('changes the password: the new one logs in, the old one no longer', async () => {
    const user = await registerUser(t, { displayName: 'Wim Wachtwoord' });
    const page = await loggedIn(user, '/settings');
    await page.getByRole('main').getByRole('link', { name: /^Mijn account/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Mijn account' }).waitFor();
    await expect(page.title()).resolves.toBe('Mijn account · Kennisplein');
    await capturePage(page, 'account');

    // A wrong current password: the server's coded refusal.
    await page.getByLabel('Huidig wachtwoord', { exact: true }).fill('niet mijn wachtwoord');
    await page.getByLabel('Nieuw wachtwoord').fill('een heel nieuw wachtwoord');
    await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
    expect(await page.getByRole('alert').getAttribute('data-code')).toBe('account.wrong_password');

    await page.getByLabel('Huidig wachtwoord', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
    await page.getByRole('status').getByText(/Uw wachtwoord is gewijzigd\. Op uw andere apparaten en browsers bent u uitgelogd\./).waitFor();

    await loggedIn({ ...user, password: 'een heel nieuw wachtwoord' }, '/account');
    await t.http().post(`${V1}/auth/login`).send({ email: user.email, password: user.password }).expect(401);
  }, 60_000);

  it('changes the email address: pending until verified; a taken address is refused with its code', async () => {
    const user = await registerUser(t, { displayName: 'Eva Email' });
    const other = await registerUser(t, { displayName: 'Ander' });
    const page = await loggedIn(user, '/account');
    const section = page.getByRole('region', { name: 'E-mailadres wijzigen' });
    await section.getByText(`Uw e-mailadres is nu ${user.email}.`).waitFor();

    await section.getByLabel('Nieuw e-mailadres').fill(other.email);
    await section.getByLabel('Huidig wachtwoord (ter controle)').fill(user.password);
    await section.getByRole('button', { name: 'E-mailadres wijzigen' }).click();
    const alert = section.getByRole('alert');
    await alert.getByText('Dit e-mailadres is al geregistreerd').waitFor();
    expect(await alert.getAttribute('data-code')).toBe('account.email_taken');

    const next = uniqueEmail('nieuw');
    await section.getByLabel('Nieuw e-mailadres').fill(next);
    await section.getByLabel('Huidig wachtwoord (ter controle)').fill(user.password);
    await section.getByRole('button', { name: 'E-mailadres wijzigen' }).click();
    await section.getByRole('status').getByText(`${next} wacht op bevestiging`, { exact: false }).waitFor();
    await section.getByText(`Uw e-mailadres is nu ${user.email}.`).waitFor();
    expect((await t.http().get(`${V1}/me`).set(user.auth).expect(200)).body).toMatchObject({ email: user.email, pendingEmail: next });
    await capturePage(page, 'account-email-pending');
  }, 60_000);

  it('downloads my data as JSON under the server\'s file name', async () => {
    const user = await registerUser(t, { displayName: 'Dirk Download' });
    const group = await createGroup(t, user, { name: 'Mijn eigen groep' });
    const page = await loggedIn(user, '/account');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Mijn gegevens downloaden (JSON)' }).click()]);
    expect(download.suggestedFilename()).toBe('kennisplein-export.json');
    const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
    expect(exported.account).toMatchObject({ id: user.id, email: user.email, displayName: 'Dirk Download' });
    expect(exported.memberships.groups).toContainEqual(expect.objectContaining({ groupId: group.id, role: 'owner' }));
    await page.getByRole('status').getByText('Het bestand kennisplein-export.json is gedownload.').waitFor();
  }, 60_000);

  it('downloads my data and the contents of my files as a zip', async () => {
    const user = await registerUser(t, { displayName: 'Zora Zip', verified: true });
    const group = await createGroup(t, user, { name: 'Groep met bestanden' });
    const bytes = Buffer.from('#!/bin/sh\necho "les 1"\n');
    const file = await t.http().post(`${V1}/groups/${group.id}/files`).set(user.auth).attach('file', bytes, { filename: 'les1.sh', contentType: 'text/x-shellscript' }).expect(201);
    const page = await loggedIn(user, '/account');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Mijn gegevens en bestanden downloaden (zip)' }).click()]);
    expect(download.suggestedFilename()).toBe('kennisplein-export.zip');
    const entries = await entriesOf(await readFile(await download.path()));
    expect(JSON.parse(entries.get('export.json')!.toString('utf8')).account).toMatchObject({ id: user.id, displayName: 'Zora Zip' });
    expect(entries.get(`files/${file.body.id}/les1.sh`)).toEqual(bytes);
    await page.getByRole('status').getByText('Het bestand kennisplein-export.zip is gedownload.').waitFor();
  }, 60_000);

  it('deletes the account after a confirmation naming what stays; then logging in fails', async () => {
    const user = await registerUser(t, { displayName: 'Daan Vertrek' });
    const page = await loggedIn(user, '/account');
    await page.getByRole('button', { name: 'Account verwijderen…' }).click();
    const confirmation = page.getByRole('group', { name: 'Weet u zeker dat u uw account wilt verwijderen?' });
    await confirmation.getByText('uw berichten en feedback in gesprekken, getoond als van een verwijderde gebruiker;').waitFor();
    await confirmation.getByText(/uw bijdragen in de kennisbank/).waitFor();
    const understood = confirmation.getByLabel('Ik begrijp dat mijn account definitief wordt verwijderd');
    expect(await understood.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    const remove = confirmation.getByRole('button', { name: 'Mijn account definitief verwijderen' });
    expect(await remove.getAttribute('aria-disabled')).toBe('true');
    await capturePage(page, 'account-delete-confirm');
    // The button says it is not available until the box is checked (aria-disabled: it keeps the focus order).
    await understood.check();
    await remove.click();
    await page.waitForURL(`${base}/`);
    await page.getByRole('status').getByText('Uw account is verwijderd en u bent uitgelogd.').waitFor();
    await page.getByRole('link', { name: 'Inloggen' }).waitFor();
    await expectNoAxeViolations(page);

    await page.goto(`${base}/login`);
    await page.getByLabel('E-mailadres').fill(user.email);
    await page.getByLabel('Wachtwoord').fill(user.password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('alert').getByText('E-mailadres of wachtwoord klopt niet').waitFor();
  }, 60_000);
});
