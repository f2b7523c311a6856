import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { expectNoAxeViolations } from '../support/browser-chromium.js';
import { openPageAs } from '../support/browser-session.js';
import { createGroup, createSite, uniqueSlug } from '../support/community.js';
import { registerUser, type TestUser } from '../support/factories.js';
import { createCongress, makeAdmin } from '../support/kennisbank.js';
import { capturePage } from '../support/screenshots.js';
import { type TestApp, V1 } from '../support/test-app.js';
import { startWebApp, type WebApp } from '../support/web-app.js';

// A deelsite through its pages in a real browser: opened, given its logo and colours (a
// pair too weak for its text refused, a readable one applied and seen), a group made in
// it on request, and a second person let in through the group's requests page.
let app: WebApp;
let t: TestApp;
let base: string;
let browser: Browser;
let siteAdmin: TestUser;
let visitor: TestUser;
let congressName: string;

// An SVG logo, with a script the server strips.
const LOGO = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40" width="120" height="40"><script>alert(1)</script>' +
    '<rect width="120" height="40" fill="#ffd966"/><text x="12" y="28" font-family="sans-serif" font-size="22" fill="#8a1538">NIOC</text></svg>',
);

beforeAll(async () => {
  app = await startWebApp();
  ({ t, base, browser } = app);
  const platformAdmin = await makeAdmin(t, await registerUser(t, { verified: true, displayName: 'Platformbeheerder' }));
  siteAdmin = await registerUser(t, { verified: true, displayName: 'Sanne Sitebeheer' });
  visitor = await registerUser(t, { verified: true, displayName: 'Vera Bezoeker' });
  congressName = `NIOC 2027 ${uniqueSlug('c')}`;
  await createCongress(t, platformAdmin, { name: congressName, year: 2027 });
}, 60_000);
afterAll(() => app?.close());

const loggedIn = (user: TestUser, path: string): Promise<Page> => openPageAs(browser, base, user, path);

// Run in the page: its window, as the test's own types have no DOM globals.
const computed = (locator: ReturnType<Page['getByRole']>, property: 'backgroundColor' | 'color') =>
  locator.evaluate((element, name) => element.ownerDocument.defaultView!.getComputedStyle(element)[name], property);

describe('a deelsite', () => {
  it('is opened, given a readable look and a group on request, which a second person joins once approved', async () => {
    const slug = uniqueSlug('nioc');
    const page = await loggedIn(siteAdmin, '/s');
    await page.getByRole('heading', { level: 1, name: 'Deelsites' }).waitFor();
    await capturePage(page, 'sites-list');

    // Open it.
    await page.getByRole('link', { name: 'Deelsite openen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Deelsite openen' }).waitFor();
    await expect(page.title()).resolves.toBe('Deelsite openen · Kennisplein');
    await page.getByLabel('Naam').fill('NIOC 2027 Arnhem');
    await page.getByLabel('Adres (slug)').fill(slug);
    await page.getByLabel('Organisatie').fill('HAN');
    await page.getByRole('combobox', { name: 'Congres' }).selectOption({ label: congressName });
    await capturePage(page, 'site-new');
    // A taken address: the server's coded answer, in Dutch.
    const taken = await createSite(t, visitor);
    await page.getByLabel('Adres (slug)').fill(taken.slug);
    await page.getByRole('button', { name: 'Deelsite openen' }).click();
    await page.getByRole('alert').getByText(`De slug ${taken.slug} is al in gebruik`).waitFor();
    await page.getByLabel('Adres (slug)').fill(slug);
    await page.getByRole('button', { name: 'Deelsite openen' }).click();
    await page.waitForURL(`${base}/s/${slug}`);
    await page.getByRole('heading', { level: 1, name: 'NIOC 2027 Arnhem' }).waitFor();
    await page.getByText('U beheert deze deelsite.').waitFor();

    // Its look: a pair too weak for white text is refused with the server's coded message.
    await page.getByRole('link', { name: 'Uiterlijk en gegevens van de deelsite aanpassen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Instellingen van de deelsite' }).waitFor();
    const primary = page.getByRole('textbox', { name: 'Hoofdkleur (hex)', exact: true });
    await primary.fill('#7fb2e5');
    await page.getByText('Hoofdkleur met witte tekst: 2,2:1, te weinig contrast (minimaal 4,5:1).').first().waitFor();
    await page.getByRole('button', { name: 'Opslaan' }).click();
    const refusal = page.getByRole('alert');
    await refusal.getByText('primaryColor #7fb2e5 met tekst in #ffffff: 2.2:1 (minimaal 4.5:1 nodig)').waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('site.low_contrast');
    await expectNoAxeViolations(page);

    // A readable pair, the description, the logo and its alt text are kept.
    // The native picker and the hex field keep in step.
    await page.getByLabel('Hoofdkleur (hex): kiezer').fill('#8a1538');
    expect(await primary.inputValue()).toBe('#8a1538');
    await page.getByRole('textbox', { name: 'Accentkleur (hex)', exact: true }).fill('#ffd966');
    await page.getByText('Hoofdkleur met witte tekst: 9,', { exact: false }).first().waitFor();
    await page.getByLabel('Beschrijving').fill('Het congres over onderwijs en ICT, in Arnhem.');
    await page.getByLabel('Tekst bij het logo').fill('Logo van NIOC 2027');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('status').getByText('Opgeslagen.').waitFor();
    await page.getByLabel('Logobestand').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: LOGO });
    await page.getByRole('button', { name: 'Logo uploaden' }).click();
    await page.getByRole('status').getByText('Het logo is opgeslagen.').waitFor();
    await page.getByRole('img', { name: 'Logo van NIOC 2027' }).waitFor();
    await capturePage(page, 'site-settings');
    expect((await t.http().get(`${V1}/sites/${slug}`)).body).toMatchObject({ primaryColor: '#8a1538', accentColor: '#ffd966', logoAlt: 'Logo van NIOC 2027' });

    // The home in its own colours: the header band and links take the primary colour, its news the accent.
    const news = await t
      .http()
      .post(`${V1}/sites/${slug}/blogs`)
      .set(siteAdmin.auth)
      .send({ title: 'Het programma staat online', body: 'Bekijk de sessies.', status: 'published' });
    expect(news.status).toBe(201);
    await page.getByRole('link', { name: 'Terug naar de deelsite' }).click();
    await page.getByRole('heading', { level: 1, name: 'NIOC 2027 Arnhem' }).waitFor();
    await page.getByRole('img', { name: 'Logo van NIOC 2027' }).waitFor();
    expect(await computed(page.getByTestId('site-band'), 'backgroundColor')).toBe('rgb(138, 21, 56)');
    const createGroup = page.getByRole('link', { name: 'Groep aanmaken' });
    expect(await computed(createGroup, 'color')).toBe('rgb(138, 21, 56)');
    const newsLink = page.getByRole('region', { name: 'Nieuws' }).getByRole('link', { name: 'Het programma staat online' });
    expect(await newsLink.getAttribute('href')).toBe(`/blogs/${news.body.id}`);
    expect(await computed(page.getByRole('region', { name: 'Nieuws' }).getByRole('listitem'), 'backgroundColor')).toBe('rgb(255, 217, 102)');
    await capturePage(page, 'site-home');

    // A group in it, on request.
    await createGroup.click();
    await page.waitForURL(`${base}/groups/new?site=${slug}`);
    await page.getByRole('heading', { level: 1, name: 'Groep aanmaken' }).waitFor();
    await page.getByText('De groep komt op de deelsite NIOC 2027 Arnhem.').waitFor();
    await page.getByLabel('Naam').fill('Werkgroep programmeeronderwijs');
    await page.getByRole('combobox', { name: 'Lidmaatschap' }).selectOption({ label: 'Op aanvraag: beheerders keuren goed' });
    await capturePage(page, 'group-new');
    await page.getByRole('button', { name: 'Groep aanmaken' }).click();
    await page.getByRole('heading', { level: 1, name: 'Werkgroep programmeeronderwijs' }).waitFor();
    const groupId = new URL(page.url()).pathname.split('/').pop()!;
    expect((await t.http().get(`${V1}/groups/${groupId}`).set(siteAdmin.auth)).body).toMatchObject({ membership: 'request', myRole: 'owner' });

    // A second person sees the site's buttons in its colour, and asks to join the group.
    const visitors = await loggedIn(visitor, `/s/${slug}`);
    const join = visitors.getByRole('button', { name: 'Lid worden van de deelsite' });
    await join.waitFor();
    expect(await computed(join, 'backgroundColor')).toBe('rgb(138, 21, 56)');
    await visitors.getByRole('link', { name: 'Werkgroep programmeeronderwijs' }).click();
    await visitors.getByRole('button', { name: 'Vraag lidmaatschap aan' }).click();
    await visitors.getByRole('status').getByText('Uw aanvraag om lid te worden is verstuurd.', { exact: false }).waitFor();

    // The site admin lets them in on the requests page.
    await page.goto(`${base}/groups/${groupId}/requests`);
    const requests = page.getByRole('region', { name: 'Aanvragen om lid te worden' });
    await requests.getByRole('button', { name: 'Vera Bezoeker toelaten' }).click();
    await requests.getByRole('status').getByText('Vera Bezoeker is nu lid.').waitFor();
    expect((await t.http().get(`${V1}/groups/${groupId}`).set(visitor.auth)).body.myRole).toBe('member');
    await visitors.reload();
    await visitors.getByRole('status').getByText('U bent lid van deze groep.').waitFor();
    await visitors.context().close();
    await page.context().close();
  }, 180_000);

  it('lets a site admin admit someone a plain member invited into a closed deelsite', async () => {
    const site = await createSite(t, siteAdmin, { name: `Besloten ${uniqueSlug('s')}`, visibility: 'members', membership: 'invite' });
    const member = await registerUser(t, { verified: true, displayName: 'Mark Lid' });
    await t.http().post(`${V1}/sites/${site.slug}/members`).set(siteAdmin.auth).send({ userId: member.id, role: 'member' }).expect(201);
    const group = await createGroup(t, member, { site: site.slug, name: 'Werkgroep van Mark', visibility: 'members', membership: 'invite' });
    const invitee = await registerUser(t, { verified: true, displayName: 'Olaf Buitenstaander' });
    const invite = await t.http().post(`${V1}/groups/${group.id}/invites`).set(member.auth).send({ email: invitee.email }).expect(201);

    // The invitee accepts, and hears that a site admin lets them in first.
    const invitees = await loggedIn(invitee, `/invites/${invite.body.token}`);
    await invitees.getByRole('button', { name: 'Uitnodiging aannemen' }).click();
    await invitees.getByRole('status').getByText('Een beheerder van de deelsite laat u eerst toe tot de deelsite.', { exact: false }).waitFor();
    expect(invitees.url()).toBe(`${base}/invites/${invite.body.token}`);

    // The site admin sees them waiting, with the group and who invited them, and admits them.
    const page = await loggedIn(siteAdmin, `/s/${site.slug}/settings`);
    const waiting = page.getByRole('region', { name: 'Wachten op toelating' });
    await waiting.getByText('Uitgenodigd voor Werkgroep van Mark door Mark Lid', { exact: false }).waitFor();
    await expectNoAxeViolations(page);
    await waiting.getByRole('button', { name: 'Olaf Buitenstaander toelaten' }).click();
    await waiting.getByRole('status').getByText('Olaf Buitenstaander is nu lid van de deelsite.').waitFor();
    await waiting.getByText('Er wacht niemand op toelating.').waitFor();
    expect((await t.http().get(`${V1}/groups/${group.id}`).set(invitee.auth)).body.myRole).toBe('member');
    await invitees.context().close();
    await page.context().close();
  }, 120_000);

  it('shows a members-only deelsite its logo (fetched with the session, which an <img> cannot send)', async () => {
    const site = await createSite(t, siteAdmin, { name: `Besloten ${uniqueSlug('b')}`, visibility: 'members' });
    expect((await t.http().put(`${V1}/sites/${site.slug}/logo`).set(siteAdmin.auth).attach('file', LOGO, 'logo.svg')).status).toBe(200);
    expect((await t.http().patch(`${V1}/sites/${site.slug}`).set(siteAdmin.auth).send({ logoAlt: 'Besloten logo' })).status).toBe(200);
    const page = await loggedIn(siteAdmin, `/s/${site.slug}`);
    const logo = page.getByRole('img', { name: 'Besloten logo' });
    await logo.waitFor();
    await expect(logo.evaluate((image) => 'complete' in image && image.complete === true && 'naturalWidth' in image && Number(image.naturalWidth) > 0)).resolves.toBe(true);
    await page.context().close();
  }, 60_000);
});
