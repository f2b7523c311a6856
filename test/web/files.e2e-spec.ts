import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expectNoAxeViolations } from '../support/browser-chromium.js';
import { openPageAs } from '../support/browser-session.js';
import { createGroup } from '../support/community.js';
import { registerUser, type TestUser } from '../support/factories.js';
import { eventually, pdfOf } from '../support/kennisbank.js';
import { capturePage } from '../support/screenshots.js';
import { type TestApp, V1 } from '../support/test-app.js';
import { startWebApp, type WebApp } from '../support/web-app.js';

// The files of a members-only group in a real browser: the author uploads a 20 MB file
// (its progress bar reaches 100%) and a second version; another member downloads both
// through signed links (the bytes compared); a file over the server's limit is refused
// before it is sent, and the server's 413 is shown when the page did not know the limit.
let app: WebApp;
let t: TestApp;
let base: string;
let browser: Browser;
let author: TestUser;
let member: TestUser;
let groupId: string;
/** 21 MB: the 20 MB upload fits, a 22 MB one does not. */
const MAX_BYTES = 21_000_000;

beforeAll(async () => {
  app = await startWebApp({ FILES_DIR: mkdtempSync(join(tmpdir(), 'kp-web-files-')), FILES_MAX_BYTES: String(MAX_BYTES), WORKER_INLINE: 'true' });
  ({ t, base, browser } = app);
  author = await registerUser(t, { verified: true, displayName: 'Anna Auteur' });
  member = await registerUser(t, { verified: true, displayName: 'Mats Lid' });
  groupId = (await createGroup(t, author, { name: 'Werkgroep datasets', visibility: 'members', membership: 'invite' })).id;
  const invite = await t.http().post(`${V1}/groups/${groupId}/invites`).set(author.auth).send({ email: member.email }).expect(201);
  await t.http().post(`${V1}/invites/${invite.body.token}/accept`).set(member.auth).expect(200);
}, 60_000);
afterAll(() => app?.close());

const loggedIn = (user: TestUser, path: string): Promise<Page> => openPageAs(browser, base, user, path);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** The value of a file's <progress> (0–100). */
const progressOf = async (page: Page, name: string) => Number(await page.getByRole('progressbar', { name: `Voortgang van ${name}` }).getAttribute('value'));

async function downloaded(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

describe('a group’s files', () => {
  it('uploads 20 MB with a progress bar to 100%, a second version, and another member downloads both', async () => {
    const first = randomBytes(20_000_000);
    const second = randomBytes(3_000_000);
    const page = await loggedIn(author, `/groups/${groupId}/files`);
    await page.getByRole('heading', { level: 1, name: 'Bestanden van Werkgroep datasets' }).waitFor();
    await page.getByText('Deze map is nog leeg.').waitFor();
    // The picker says the server's limit before anything is chosen.
    await page.getByText('Hoogstens 21 MB per bestand.').waitFor();
    await capturePage(page, 'files-empty');

    await page.getByLabel('Kies bestanden of sleep ze hierheen').setInputFiles({ name: 'metingen.dat', mimeType: 'application/octet-stream', buffer: first }, { timeout: 60_000 });
    await page.getByText('Opgeslagen als versie 1.').waitFor({ timeout: 60_000 });
    expect(await progressOf(page, 'metingen.dat')).toBe(100);
    await page.getByRole('status').getByText('metingen.dat is geüpload (versie 1).').waitFor();
    const row = page.getByRole('row', { name: /metingen\.dat/ });
    await row.getByRole('cell', { name: '20 MB' }).waitFor();
    await capturePage(page, 'files-uploaded');

    await row.getByRole('link', { name: 'metingen.dat' }).click();
    await page.getByRole('heading', { level: 1, name: 'metingen.dat' }).waitFor();
    await page.getByLabel('Kies het bestand of sleep het hierheen').setInputFiles({ name: 'metingen-nieuw.dat', mimeType: 'application/octet-stream', buffer: second }, { timeout: 60_000 });
    await page.getByText('Opgeslagen als versie 2.').waitFor({ timeout: 60_000 });
    expect(await progressOf(page, 'metingen.dat')).toBe(100);
    const versions = page.getByRole('table', { name: 'Alle versies van metingen.dat, de nieuwste eerst' });
    await versions.getByRole('rowheader', { name: 'Versie 2' }).waitFor();
    await page.close();

    // The other member opens the notification's link and downloads both versions.
    const notifications = await eventually(
      async () => (await t.http().get(`${V1}/me/notifications`).set(member.auth)).body.items as { activity: { verb: string; snapshot: { link: string } } }[],
      (items) => items.filter((item) => item.activity.snapshot.link.includes('/files/')).length >= 2,
    );
    const link = notifications.find((item) => item.activity.snapshot.link.includes('/files/'))!.activity.snapshot.link;
    expect(link).toMatch(new RegExp(`^/groups/${groupId}/files/[0-9a-f-]{36}$`));
    const reader = await loggedIn(member, link);
    await reader.getByRole('heading', { level: 1, name: 'metingen.dat' }).waitFor();
    const table = reader.getByRole('table', { name: 'Alle versies van metingen.dat, de nieuwste eerst' });
    for (const [version, uploader] of [
      ['Versie 2', 'Anna Auteur'],
      ['Versie 1', 'Anna Auteur'],
    ]) {
      await table.getByRole('row', { name: new RegExp(`^${version} ${uploader}`) }).waitFor();
    }
    await capturePage(reader, 'file-versions');
    const newest = await downloaded(reader, 'Versie 2 downloaden');
    expect({ name: newest.name, size: newest.bytes.length, sha256: sha256(newest.bytes) }).toEqual({ name: 'metingen.dat', size: second.length, sha256: sha256(second) });
    const oldest = await downloaded(reader, 'Versie 1 downloaden');
    expect({ name: oldest.name, size: oldest.bytes.length, sha256: sha256(oldest.bytes) }).toEqual({ name: 'metingen.dat', size: first.length, sha256: sha256(first) });
    await reader.close();
  }, 180_000);

  it('refuses a file over the limit before sending it, and shows the server’s 413 when the page did not know the limit', async () => {
    const tooLarge = randomBytes(22_000_000);
    const page = await loggedIn(author, `/groups/${groupId}/files`);
    await page.getByText('Hoogstens 21 MB per bestand.').waitFor();
    const uploads: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/groups/${groupId}/files`)) uploads.push(request.url());
    });
    await page.getByLabel('Kies bestanden of sleep ze hierheen').setInputFiles({ name: 'te-groot.dat', mimeType: 'application/octet-stream', buffer: tooLarge }, { timeout: 60_000 });
    await page.getByRole('alert').getByText('te-groot.dat (22 MB) is groter dan 21 MB en is niet verstuurd.').waitFor();
    expect(uploads).toEqual([]);
    await expectNoAxeViolations(page);
    await page.close();

    // A page that never learnt the limit (an older server, say) sends it: the server's coded 413, in words.
    const blind = await loggedIn(author, '/');
    await blind.route(`**/api/v1/groups/${groupId}/files?**`, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as Record<string, unknown>;
      delete body.maxUploadBytes;
      await route.fulfill({ response, json: body });
    });
    await blind.goto(`${base}/groups/${groupId}/files`);
    await blind.getByRole('heading', { level: 1, name: 'Bestanden van Werkgroep datasets' }).waitFor({ timeout: 30_000 });
    await blind.getByRole('table').waitFor({ timeout: 30_000 });
    await blind.getByLabel('Kies bestanden of sleep ze hierheen').setInputFiles({ name: 'te-groot.dat', mimeType: 'application/octet-stream', buffer: tooLarge }, { timeout: 60_000 });
    const alert = blind.locator('[data-code="file.too_large"]');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.getAttribute('role')).toBe('alert');
    await alert.getByText(/Het bestand is groter dan/).waitFor();
    await expectNoAxeViolations(blind);
    await blind.close();
  }, 120_000);

  it('takes files dropped on the zone into the open folder, and shows when a PDF’s text is searchable', async () => {
    const page = await loggedIn(author, `/groups/${groupId}/files`);
    await page.getByLabel('Nieuwe map').fill('verslagen');
    await page.getByRole('button', { name: 'Map openen' }).click();
    await page.waitForURL(`${base}/groups/${groupId}/files?folder=verslagen`);
    await page.getByRole('heading', { level: 2, name: 'Uploaden naar map verslagen' }).waitFor();
    const breadcrumb = page.getByRole('navigation', { name: 'Kruimelpad' });
    expect(await breadcrumb.locator('[aria-current="page"]').textContent()).toBe('verslagen');

    // Dropped, as a drag from the desktop would: a DataTransfer holding the files.
    const pdf = await pdfOf('Verslag van de studiedag over programmeeronderwijs');
    const dataTransfer = await page.evaluateHandle(`(() => {
      const transfer = new DataTransfer();
      const bytes = Uint8Array.from(atob('${pdf.toString('base64')}'), (char) => char.charCodeAt(0));
      transfer.items.add(new File([bytes], 'verslag.pdf', { type: 'application/pdf' }));
      transfer.items.add(new File(['Notities van de studiedag'], 'notities.txt', { type: 'text/plain' }));
      return transfer;
    })()`);
    const zone = page.getByText('Kies bestanden of sleep ze hierheen');
    await zone.dispatchEvent('dragover', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });
    await page.getByRole('status').getByText('notities.txt is geüpload (versie 1).').waitFor({ timeout: 30_000 });
    const row = page.getByRole('row', { name: /verslag\.pdf/ });
    await row.getByRole('cell', { name: 'Ja' }).waitFor({ timeout: 30_000 });
    await capturePage(page, 'files-folder');

    // Dragging has a keyboard alternative: the zone's picker, a native file input, is reached by Tab.
    const picker = page.getByLabel('Kies bestanden of sleep ze hierheen');
    await page.getByRole('heading', { level: 2, name: 'Uploaden naar map verslagen' }).click();
    let reached = false;
    for (let step = 0; step < 10 && !reached; step += 1) {
      await page.keyboard.press('Tab');
      reached = await picker.evaluate((element) => element === element.ownerDocument.activeElement);
    }
    expect(reached).toBe(true);
    // …and the zone around it shows where the focus is.
    expect(await page.evaluate<string>(`getComputedStyle(document.activeElement.closest('label')).outlineStyle`)).toBe('solid');
    // (A native file input: the browser opens its chooser on Enter or Space.)
    expect(await picker.getAttribute('type')).toBe('file');

    // The uploader deletes a version after a confirmation; the folder is left without it.
    await page.getByRole('row', { name: /notities\.txt/ }).getByRole('link', { name: 'notities.txt' }).click();
    await page.getByRole('heading', { level: 1, name: 'notities.txt' }).waitFor();
    await page.getByRole('button', { name: 'Versie 1 verwijderen' }).click();
    await page.getByText('Versie 1 van notities.txt verwijderen? Dit kan niet ongedaan worden gemaakt.').waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Ja, verwijderen' }).click();
    await page.waitForURL(`${base}/groups/${groupId}/files?folder=verslagen`);
    await page.getByRole('row', { name: /verslag\.pdf/ }).waitFor();
    await page.getByRole('row', { name: /notities\.txt/ }).waitFor({ state: 'detached' });

    // Up in the top folder the new folder is an entry of its own.
    await breadcrumb.getByRole('link', { name: 'Bestanden' }).click();
    await page.getByRole('link', { name: 'Map verslagen' }).waitFor();
    await page.close();
  }, 90_000);
});
