import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { logInThroughPage, newReader } from '../support/browser-session.js';
import { createGroup } from '../support/community.js';
import { registerUser, type TestUser } from '../support/factories.js';
import { createCongress, makeAdmin } from '../support/kennisbank.js';
import { capturePage } from '../support/screenshots.js';
import { type TestApp, V1 } from '../support/test-app.js';
import { startWebApp, type WebApp } from '../support/web-app.js';

let web: WebApp;
let t: TestApp;
let base: string;
let browser: Browser;
let reader: TestUser;
const pages: { name: string; path: () => string; loggedIn: boolean; heading: RegExp }[] = [];

beforeAll(async () => {
  web = await startWebApp();
  ({ t, base, browser } = web);
  const admin = await makeAdmin(t, await registerUser(t, { verified: true, displayName: 'Beheerder' }));
  reader = await registerUser(t, { verified: true, displayName: 'Rik Lezer' });
  const congress = await createCongress(t, admin, { name: 'NIOC 2025 in Nijmegen', year: 2025 });
  const created = await t
    .http()
    .post(`${V1}/contributions`)
    .set(admin.auth)
    .send({
      congress,
      theme: 'Programmeeronderwijs',
      title: 'Programmeren leren met Python in de onderbouw',
      abstract: 'Hoe leerlingen in de onderbouw met kleine opdrachten leren programmeren.',
      body: 'Inleiding\n\nIn dit paper beschrijven we een lessenserie over programmeren.\n\nResultaten\n\nLeerlingen waren enthousiast.',
      keywords: ['python', 'onderbouw'],
      authors: [{ name: 'Anna de Vries', affiliation: 'Universiteit Utrecht' }],
    });
  expect(created.status).toBe(201);
  const contribution = created.body;
  await t.http().post(`${V1}/groups/${contribution.workspace.groupId}/join`).set(reader.auth);
  for (const body of ['Mooi paper! Werkt dit ook in het mbo?', 'Welke **opdrachten** werkten het best?']) {
    expect((await t.http().post(`${V1}/contributions/${contribution.id}/feedback`).set(reader.auth).send({ body })).status).toBe(201);
  }
  const group = await createGroup(t, reader, { name: 'Werkgroep informatica', visibility: 'public', membership: 'open' });
  const thread = await t.http().post(`${V1}/groups/${group.id}/threads`).set(reader.auth).send({ title: 'Eerste bijeenkomst', body: 'Wanneer spreken we af?' });
  expect(thread.status).toBe(201);
  const themes = await t.http().get(`${V1}/themes`);
  const themeGroupId = (themes.body.items ?? themes.body).find((theme: { name: string }) => theme.name === 'Programmeeronderwijs').groupId as string;
  pages.push(
    { name: 'home', path: () => '/', loggedIn: false, heading: /Samenwerken/ },
    { name: 'search', path: () => '/search?q=programmeren', loggedIn: false, heading: /Zoeken|kennisbank/i },
    { name: 'contribution', path: () => `/contributions/${contribution.id}`, loggedIn: true, heading: /Programmeren leren met Python/ },
    { name: 'thread', path: () => `/threads/${thread.body.id}`, loggedIn: true, heading: /Eerste bijeenkomst/ },
    { name: 'group', path: () => `/groups/${group.id}`, loggedIn: true, heading: /Werkgroep informatica/ },
    { name: 'theme-group', path: () => `/groups/${themeGroupId}`, loggedIn: true, heading: /Programmeeronderwijs/ },
    { name: 'notifications', path: () => '/notifications', loggedIn: true, heading: /Meldingen/ },
    { name: 'settings', path: () => '/settings', loggedIn: true, heading: /Instellingen/ },
    { name: 'login', path: () => '/login', loggedIn: false, heading: /Inloggen/ },
    { name: 'register', path: () => '/register', loggedIn: false, heading: /Registreren|account/i },
    { name: 'forgot-password', path: () => '/forgot-password', loggedIn: false, heading: /Wachtwoord/ },
    { name: 'not-found', path: () => '/bestaat-niet', loggedIn: false, heading: /bestaat niet/ },
  );
}, 60_000);
afterAll(async () => {
  await web?.close();
});

/** Every page of the web client at 1280 and 375 px wide, axe-clean and without sideways scrolling (see capturePage). */
describe('the web client, page by page', () => {
  it('shows every page at 1280 and 375 px without axe violations, and without horizontal scrolling at 320 px or 200% zoom', async () => {
    for (const loggedIn of [false, true]) {
      const { context, page } = await newReader(browser);
      if (loggedIn) await logInThroughPage(page, base, reader);
      for (const entry of pages.filter((candidate) => candidate.loggedIn === loggedIn)) {
        await page.goto(`${base}${entry.path()}`);
        await page.getByRole('heading', { level: 1, name: entry.heading }).waitFor();
        await capturePage(page, entry.name);
      }
      await context.close();
    }
  }, 240_000);
});
