import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { expectNoAxeViolations } from '../support/browser-chromium.js';
import { openPageAs } from '../support/browser-session.js';
import { registerUser, type TestUser } from '../support/factories.js';
import { createCongress, makeAdmin, SAMPLE_WITH_HEADER, SAMPLE_WITHOUT_HEADER, sample } from '../support/kennisbank.js';
import { capturePage } from '../support/screenshots.js';
import type { TestApp } from '../support/test-app.js';
import { startWebApp, type WebApp } from '../support/web-app.js';

// The platform admin's pages in a real browser: a congress made through its form (a taken
// slug refused at its field), three kennisbank documents imported at once with one broken
// (the progress bar at its end, the counts and the failed file with its reason), the digest
// runs report after "nu versturen"; a member sees neither the menu link nor the pages.
let app: WebApp;
let t: TestApp;
let base: string;
let browser: Browser;
let admin: TestUser;
let member: TestUser;

beforeAll(async () => {
  app = await startWebApp({ WORKER_INLINE: 'true' });
  ({ t, base, browser } = app);
  admin = await makeAdmin(t, await registerUser(t, { verified: true, displayName: 'Beheerder Bea' }));
  member = await registerUser(t, { verified: true, displayName: 'Lid Lars' });
}, 60_000);
afterAll(() => app?.close());

const loggedIn = (user: TestUser, path: string): Promise<Page> => openPageAs(browser, base, user, path);

describe('the administration', () => {
  it('creates a congress through its form; a taken slug is refused at its field', async () => {
    await createCongress(t, admin, { slug: 'nioc2019', name: 'NIOC 2019', year: 2019 });
    const page = await loggedIn(admin, '/');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Beheer' }).waitFor();
    await page.getByRole('row', { name: /NIOC 2019/ }).waitFor();
    await capturePage(page, 'admin-congresses');

    await page.getByLabel('Naam', { exact: true }).fill('Dubbel congres');
    await page.getByLabel('Korte naam (slug)').fill('nioc2019');
    await page.getByLabel('Jaar', { exact: true }).fill('2019');
    await page.getByRole('button', { name: 'Congres aanmaken' }).click();
    await page.getByRole('alert').filter({ hasText: 'nioc2019' }).waitFor();
    // The coded error (409 congress.slug_taken) is at the slug's field too, read with it.
    const slug = page.getByLabel('Korte naam (slug)');
    await expect(slug.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByRole('alert').getAttribute('data-code')).resolves.toBe('congress.slug_taken');
    await expectNoAxeViolations(page);

    await slug.fill('nioc2027');
    await page.getByLabel('Naam', { exact: true }).fill('NIOC 2027');
    await page.getByLabel('Jaar', { exact: true }).fill('2027');
    await page.getByLabel('Organisator (optioneel)').fill('Hogeschool van Arnhem en Nijmegen');
    await page.getByRole('button', { name: 'Congres aanmaken' }).click();
    await page.getByRole('status').filter({ hasText: 'Congres NIOC 2027 is aangemaakt.' }).waitFor();
    await page.getByRole('row', { name: /NIOC 2027.*nioc2027.*2027.*Hogeschool van Arnhem en Nijmegen/ }).waitFor();
    await page.context().close();
  });

  it('imports three documents at once: the progress bar reaches its end, and the broken one is listed with its reason', async () => {
    await createCongress(t, admin, { slug: 'nioc2025', name: 'NIOC 2025', year: 2025 });
    const page = await loggedIn(admin, '/admin');
    await page.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name: 'Kennisbank importeren' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kennisbank importeren' }).waitFor();
    await page.getByRole('option', { name: 'NIOC 2025 (nioc2025)' }).waitFor({ state: 'attached' });
    await capturePage(page, 'admin-import');

    await page.getByLabel('Congres').selectOption('nioc2025');
    await page.getByLabel('Documenten', { exact: true }).setInputFiles([
      { name: SAMPLE_WITH_HEADER, mimeType: 'text/plain', buffer: sample(SAMPLE_WITH_HEADER) },
      { name: SAMPLE_WITHOUT_HEADER, mimeType: 'text/plain', buffer: sample(SAMPLE_WITHOUT_HEADER) },
      { name: 'leeg.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
    ]);
    await page.getByRole('list', { name: '3 gekozen documenten' }).waitFor();
    await page.getByRole('button', { name: 'Importeren' }).click();

    await page.getByRole('heading', { level: 2, name: 'Resultaat' }).waitFor({ timeout: 30_000 });
    const progress = page.getByRole('progressbar', { name: 'Uploaden' });
    await expect(progress.getAttribute('value')).resolves.toBe('100');
    await page.getByRole('status').filter({ hasText: 'Import klaar.' }).waitFor();
    const counts = async () => {
      const terms = await page.getByRole('term').allTextContents();
      const values = await page.getByRole('definition').allTextContents();
      return Object.fromEntries(terms.map((term, i) => [term, values[i]]));
    };
    await expect(counts()).resolves.toEqual({ Nieuw: '2', Bijgewerkt: '0', Ongewijzigd: '0', Mislukt: '1' });

    const failed = page.getByRole('region', { name: 'Mislukte bestanden' });
    const row = failed.getByRole('row', { name: /leeg\.txt/ });
    await row.waitFor();
    await expect(row.getByRole('cell').textContent()).resolves.toMatch(/empty|leeg/);
    await page.getByRole('region', { name: 'Geïmporteerde documenten' }).getByRole('link', { name: SAMPLE_WITH_HEADER }).waitFor();
    await capturePage(page, 'admin-import-result');

    // The same documents again change nothing.
    await page.getByLabel('Documenten', { exact: true }).setInputFiles([{ name: SAMPLE_WITH_HEADER, mimeType: 'text/plain', buffer: sample(SAMPLE_WITH_HEADER) }]);
    await page.getByRole('button', { name: 'Importeren' }).click();
    await page.getByText('Geen enkel bestand is mislukt.').waitFor({ timeout: 30_000 });
    await expect(counts()).resolves.toEqual({ Nieuw: '0', Bijgewerkt: '0', Ongewijzigd: '1', Mislukt: '0' });
    await page.context().close();
  });

  it('sends the digests now and lists the run in the report', async () => {
    const page = await loggedIn(admin, '/admin/digests');
    await page.getByRole('heading', { level: 1, name: 'Samenvattingsmails' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Verzendrondes' }).waitFor();
    await page.getByLabel('Frequentie').selectOption('weekly');
    await page.getByRole('button', { name: 'Nu versturen' }).click();
    const status = page.getByRole('status').filter({ hasText: /^Periode \d{4}-W\d{2}: \d+ samenvattingen? klaargezet/ });
    await status.waitFor();
    const period = /Periode (\S+):/.exec((await status.textContent()) ?? '')?.[1] ?? '';
    const run = page.getByRole('region', { name: 'Verzendrondes' }).getByRole('row', { name: new RegExp(`^${period} wekelijks`) });
    await run.waitFor();
    await capturePage(page, 'admin-digests');
    await page.context().close();
  });

  it('is not offered to a member, and its pages say there is no access', async () => {
    const page = await loggedIn(member, '/');
    const menu = page.getByRole('navigation', { name: 'Hoofdmenu' });
    await menu.getByRole('link', { name: 'Deelsites' }).waitFor();
    await expect(menu.getByRole('link', { name: 'Beheer' }).count()).resolves.toBe(0);
    for (const path of ['/admin', '/admin/import', '/admin/digests']) {
      await page.goto(`${base}${path}`);
      await page.getByRole('heading', { level: 1, name: 'Geen toegang' }).waitFor();
      await page.getByRole('alert').filter({ hasText: 'Je hebt geen toegang tot het beheer.' }).waitFor();
      await expect(page.getByRole('button', { name: /Importeren|Nu versturen|Congres aanmaken/ }).count()).resolves.toBe(0);
    }
    await expectNoAxeViolations(page);
    // The server refuses them anyway.
    const refused = await t.http().post('/api/v1/admin/digests/run').set(member.auth).send({ frequency: 'weekly' });
    expect(refused.status).toBe(403);
    await page.context().close();
  });
});
