import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { expectNoAxeViolations } from '../support/browser-chromium.js';
import { newReader, openPageAs } from '../support/browser-session.js';
import { createGroup, uniqueSlug } from '../support/community.js';
import { registerUser, type TestUser } from '../support/factories.js';
import { createCongress, createContribution, makeAdmin } from '../support/kennisbank.js';
import { type TestApp, V1 } from '../support/test-app.js';
import { startWebApp, type WebApp } from '../support/web-app.js';

// The group pages in a real browser: a theme group with its workspaces, joining and
// leaving by state, muting, the threads with their unread counts, starting a thread, the
// members and the requests to join.
let app: WebApp;
let t: TestApp;
let base: string;
let browser: Browser;
let admin: TestUser;
let owner: TestUser;
let reader: TestUser;
let congress: string;

beforeAll(async () => {
  app = await startWebApp();
  ({ t, base, browser } = app);
  admin = await makeAdmin(t, await registerUser(t, { verified: true, displayName: 'Beheerder' }));
  owner = await registerUser(t, { verified: true, displayName: 'Olga Eigenaar' });
  reader = await registerUser(t, { verified: true, displayName: 'Rik Lezer' });
  congress = await createCongress(t, admin, { name: 'NIOC 2025', year: 2025 });
}, 60_000);
afterAll(() => app?.close());

const contribution = (theme: string, title: string) => createContribution(t, admin, { congress, theme, title, authors: [{ name: 'Anna de Vries' }] });

async function themeGroupOf(name: string): Promise<string> {
  const themes = await t.http().get(`${V1}/themes`);
  const list = (themes.body.items ?? themes.body) as { name: string; groupId: string }[];
  return list.find((theme) => theme.name === name)!.groupId;
}

async function startThread(groupId: string, user: TestUser, title: string): Promise<{ id: string }> {
  const response = await t.http().post(`${V1}/groups/${groupId}/threads`).set(user.auth).send({ title, body: `Over ${title}` });
  expect(response.status).toBe(201);
  return response.body;
}

const loggedIn = (user: TestUser, path: string): Promise<Page> => openPageAs(browser, base, user, path);

const isFocused = (page: Page, locator: ReturnType<Page['getByRole']>) => locator.evaluate((element) => element === element.ownerDocument.activeElement);

describe('a theme group', () => {
  it('shows its workspaces, each linking to its contribution, and joining follows the whole track', async () => {
    const theme = `Programmeeronderwijs ${uniqueSlug('t')}`;
    const first = await contribution(theme, 'Programmeren met Python in de onderbouw');
    await contribution(theme, 'Scratch in groep 8');
    const themeGroup = await themeGroupOf(theme);

    const page = await loggedIn(reader, `/groups/${themeGroup}`);
    await page.getByRole('heading', { level: 1, name: theme }).waitFor();
    await expect(page.title()).resolves.toBe(`${theme} · Kennisplein`);
    const workspaces = page.getByRole('region', { name: 'Werkruimtes in dit thema' });
    const link = workspaces.getByRole('link', { name: 'Programmeren met Python in de onderbouw' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`/contributions/${first.id}`);
    expect(await workspaces.getByRole('listitem').count()).toBe(2);
    await page.getByRole('status').getByText('U bent geen lid van deze groep.').waitFor();
    await expectNoAxeViolations(page);

    const join = page.getByRole('button', { name: 'Word lid om het hele spoor te volgen' });
    await join.click();
    await page.getByRole('status').getByText('U bent lid van deze groep.').waitFor();
    // The one button stays, now to leave: the focus stays with it.
    const leave = page.getByRole('button', { name: 'Groep verlaten' });
    expect(await isFocused(page, leave)).toBe(true);
    expect((await t.http().get(`${V1}/groups/${themeGroup}`).set(reader.auth)).body.myRole).toBe('member');
    await page.getByRole('region', { name: 'Leden' }).getByText('Rik Lezer').waitFor();
    await expectNoAxeViolations(page);
    await page.context().close();
  }, 60_000);
});

describe('a group', () => {
  it('lists its threads with their last activity and unread counts, each linking to its thread', async () => {
    const group = await createGroup(t, owner, { name: `Werkgroep ${uniqueSlug('g')}`, description: 'Wij bespreken de lessen.' });
    await t.http().post(`${V1}/groups/${group.id}/join`).set(reader.auth).expect(200);
    const older = await startThread(group.id, owner, 'Eerste bijeenkomst');
    const newer = await startThread(group.id, owner, 'Lesmateriaal delen');
    const page = await loggedIn(reader, `/groups/${group.id}`);
    await page.getByRole('heading', { level: 1, name: group.name }).waitFor();
    await page.getByText('Wij bespreken de lessen.').waitFor();
    await page.getByText('2 leden').waitFor();
    const threads = page.getByRole('region', { name: 'Gesprekken' });
    const items = threads.getByRole('listitem');
    await items.first().waitFor();
    // Most recently active first.
    expect(await items.getByRole('link').allTextContents()).toEqual(['Lesmateriaal delen', 'Eerste bijeenkomst']);
    expect(await threads.getByRole('link', { name: 'Eerste bijeenkomst' }).getAttribute('href')).toBe(`/threads/${older.id}`);
    expect(await threads.getByRole('link', { name: 'Lesmateriaal delen' }).getAttribute('href')).toBe(`/threads/${newer.id}`);
    // Others' messages the reader has not read yet: the first message of each.
    await items.filter({ hasText: 'Lesmateriaal delen' }).getByText('1 ongelezen bericht').waitFor();
    expect(await items.filter({ hasText: 'Lesmateriaal delen' }).locator('time').count()).toBe(1);
    const members = page.getByRole('region', { name: 'Leden' });
    await members.getByText('Olga Eigenaar').waitFor();
    await members.getByText('eigenaar', { exact: true }).waitFor();
    await expectNoAxeViolations(page);
    await page.context().close();
  }, 60_000);

  it('lets a member start a thread, which lands on its page; a stranger is asked to join first', async () => {
    const group = await createGroup(t, owner, { name: `Werkgroep ${uniqueSlug('g')}` });
    const page = await loggedIn(owner, `/groups/${group.id}`);
    await page.getByRole('heading', { level: 1, name: group.name }).waitFor();
    await page.getByRole('button', { name: 'Gesprek beginnen' }).click();
    await page.getByRole('alert').waitFor();
    await expectNoAxeViolations(page);

    await page.getByLabel('Onderwerp').fill('Planning voor het voorjaar');
    await page.getByLabel('Eerste bericht').fill('Wie neemt welke les voor zijn rekening?');
    await page.getByRole('button', { name: 'Gesprek beginnen' }).click();
    await page.waitForURL(/\/threads\/[0-9a-f-]{36}$/);
    const threadId = new URL(page.url()).pathname.split('/').pop();
    const thread = await t.http().get(`${V1}/threads/${threadId}`).set(owner.auth);
    expect(thread.body).toMatchObject({ groupId: group.id, title: 'Planning voor het voorjaar' });
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('heading', { level: 1, name: 'Deze pagina bestaat niet' }).count()).toBe(0);
    await page.context().close();

    const stranger = await loggedIn(reader, `/groups/${group.id}`);
    await stranger.getByText('Leden van de groep kunnen een gesprek beginnen.').waitFor();
    expect(await stranger.getByLabel('Onderwerp').count()).toBe(0);
    await stranger.context().close();
  }, 60_000);

  it("tells the last owner why they cannot leave, in the server's words", async () => {
    const group = await createGroup(t, owner, { name: `Werkgroep ${uniqueSlug('g')}` });
    const page = await loggedIn(owner, `/groups/${group.id}`);
    await page.getByRole('status').getByText('U bent eigenaar van deze groep.').waitFor();
    await page.getByRole('button', { name: 'Groep verlaten' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('group.last_owner');
    expect((await alert.textContent())?.length).toBeGreaterThan(10);
    await expectNoAxeViolations(page);
    expect((await t.http().get(`${V1}/groups/${group.id}`).set(owner.auth)).body.myRole).toBe('owner');
    await page.context().close();
  }, 60_000);

  it('mutes and unmutes its notifications for a member, the button showing the state after a reload', async () => {
    const group = await createGroup(t, owner, { name: `Werkgroep ${uniqueSlug('g')}` });
    await t.http().post(`${V1}/groups/${group.id}/join`).set(reader.auth).expect(200);
    const page = await loggedIn(reader, `/groups/${group.id}`);
    const mute = page.getByRole('button', { name: 'Meldingen van deze groep dempen' });
    await mute.waitFor();
    expect(await mute.getAttribute('aria-pressed')).toBe('false');
    await mute.click();
    await page.getByText('Gedempt: u krijgt geen meldingen', { exact: false }).waitFor();
    expect(await mute.getAttribute('aria-pressed')).toBe('true');
    const mutes = async () => ((await t.http().get(`${V1}/me/group-mutes`).set(reader.auth)).body as { id: string; muted: boolean }[]).find((mine) => mine.id === group.id);
    expect(await mutes()).toMatchObject({ muted: true });
    await page.reload();
    await page.getByRole('button', { name: 'Meldingen van deze groep dempen', pressed: true }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Meldingen van deze groep dempen' }).click();
    await page.getByRole('button', { name: 'Meldingen van deze groep dempen', pressed: false }).waitFor();
    expect(await mutes()).toMatchObject({ muted: false });
    await page.context().close();
  }, 60_000);

  it('sends a request to join a group on request, which its owner admits on the requests page', async () => {
    const group = await createGroup(t, owner, { name: `Besloten groep ${uniqueSlug('g')}`, membership: 'request' });
    const page = await loggedIn(reader, `/groups/${group.id}`);
    await page.getByRole('button', { name: 'Vraag lidmaatschap aan' }).click();
    await page.getByRole('status').getByText('Uw aanvraag om lid te worden is verstuurd.', { exact: false }).waitFor();
    expect(await isFocused(page, page.getByRole('button', { name: 'Aanvraag intrekken' }))).toBe(true);
    await expectNoAxeViolations(page);
    await page.context().close();

    const owners = await loggedIn(owner, `/groups/${group.id}`);
    await owners.getByRole('link', { name: 'Aanvragen om lid te worden bekijken' }).click();
    await owners.waitForURL(`${base}/groups/${group.id}/requests`);
    const requests = owners.getByRole('region', { name: 'Aanvragen om lid te worden' });
    await requests.getByText('Rik Lezer', { exact: true }).waitFor();
    await expect(owners.title()).resolves.toBe(`Aanvragen om lid te worden · ${group.name} · Kennisplein`);
    await expectNoAxeViolations(owners);
    await requests.getByRole('button', { name: 'Rik Lezer toelaten' }).click();
    await requests.getByRole('status').getByText('Rik Lezer is nu lid.').waitFor();
    await requests.getByText('Er wachten geen aanvragen.').waitFor();
    expect((await t.http().get(`${V1}/groups/${group.id}`).set(reader.auth)).body.myRole).toBe('member');
    await owners.getByRole('region', { name: 'Leden' }).getByText('Rik Lezer').waitFor();
    await owners.context().close();
  }, 60_000);

  it('asks a visitor to log in to join, and says so when a group is not there', async () => {
    const group = await createGroup(t, owner, { name: `Open groep ${uniqueSlug('g')}` });
    const { page } = await newReader(browser);
    await page.goto(`${base}/groups/${group.id}`);
    await page.getByRole('heading', { level: 1, name: group.name }).waitFor();
    const login = page.getByRole('link', { name: 'Log in om lid te worden' });
    expect(await login.getAttribute('href')).toBe(`/login?returnTo=${encodeURIComponent(`/groups/${group.id}`)}`);
    await expectNoAxeViolations(page);

    await page.goto(`${base}/groups/00000000-0000-4000-8000-000000000000`);
    await page.getByRole('alert').getByText('Deze groep bestaat niet, of u mag hem niet zien.').waitFor();
    await expectNoAxeViolations(page);
    await page.context().close();
  }, 60_000);
});
