import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectNoAxeViolations } from '../support/browser-chromium.js';
import { openPageAs } from '../support/browser-session.js';
import { createGroup, createSite } from '../support/community.js';
import { registerUser, type TestUser } from '../support/factories.js';
import { eventually } from '../support/kennisbank.js';
import { capturePage } from '../support/screenshots.js';
import { type TestApp, V1 } from '../support/test-app.js';
import { startWebApp, type WebApp } from '../support/web-app.js';

// Blogs in a real browser: an author drafts a post with the markdown preview, publishes
// it, and a member who followed the notification's link comments live (each sees the
// other's comment arrive without a reload); the author deletes it after a confirmation;
// a deelsite's admin writes its news; what is typed survives a reload.
let app: WebApp;
let t: TestApp;
let base: string;
let browser: Browser;
let author: TestUser;
let member: TestUser;
let group: { id: string; name: string };
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  app = await startWebApp({ WORKER_INLINE: 'true' });
  ({ t, base, browser } = app);
  author = await registerUser(t, { verified: true, displayName: 'Anna Auteur' });
  member = await registerUser(t, { verified: true, displayName: 'Mats Lid' });
  group = await createGroup(t, author, { name: 'Werkgroep informatica', visibility: 'public', membership: 'open' });
  await t.http().post(`${V1}/groups/${group.id}/join`).set(member.auth).expect(200);
}, 60_000);
afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await app?.close();
});

async function loggedIn(user: TestUser, path: string): Promise<Page> {
  const page = await openPageAs(browser, base, user, path);
  contexts.push(page.context());
  return page;
}

describe('a group’s blog', () => {
  it('is drafted with a preview, published, and commented live by another member', async () => {
    const page = await loggedIn(author, `/groups/${group.id}`);
    await page.getByRole('link', { name: 'Blogs van deze groep' }).click();
    await page.getByRole('heading', { level: 1, name: 'Blogs van Werkgroep informatica' }).waitFor();
    await page.getByText('Er zijn nog geen blogs.').waitFor();
    await page.getByRole('link', { name: 'Een blog schrijven' }).click();
    await page.getByRole('heading', { level: 1, name: 'Een blog schrijven' }).waitFor();
    await expect(page.title()).resolves.toBe('Een blog schrijven · Kennisplein');
    await page.getByLabel('Titel').fill('Terugblik op de studiedag');
    await page.getByLabel('Tekst', { exact: true }).fill('## Wat we leerden\n\nProgrammeren met **Python** werkt in de onderbouw.');
    await page.getByRole('tab', { name: 'Voorbeeld' }).click();
    const preview = page.getByRole('tabpanel', { name: 'Voorbeeld' });
    await preview.getByRole('heading', { level: 2, name: 'Wat we leerden' }).waitFor();
    expect(await preview.getByText('Python', { exact: true }).evaluate((element) => element.tagName)).toBe('STRONG');
    await capturePage(page, 'blog-editor-preview');
    await page.getByRole('tab', { name: 'Schrijven' }).click();
    await page.getByRole('button', { name: 'Opslaan als concept' }).click();

    await page.getByRole('heading', { level: 1, name: 'Terugblik op de studiedag' }).waitFor();
    const blogId = new URL(page.url()).pathname.split('/')[2];
    await page.getByText('Dit is een concept: alleen u ziet het.').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Wat we leerden' }).waitFor();
    await capturePage(page, 'blog-draft');
    // The draft is the author's alone: in their list marked as such, in nobody else's.
    const others = await t.http().get(`${V1}/groups/${group.id}/blogs`).set(member.auth).expect(200);
    expect(others.body.items).toEqual([]);
    await page.getByRole('link', { name: 'Alle blogs van Werkgroep informatica' }).click();
    await page.getByRole('listitem').filter({ hasText: 'Terugblik op de studiedag' }).getByText('Concept').waitFor();
    await capturePage(page, 'blog-list');

    await page.getByRole('link', { name: 'Terugblik op de studiedag' }).click();
    await page.getByRole('button', { name: 'Publiceren' }).click();
    await page.getByRole('heading', { level: 2, name: 'Reacties' }).waitFor();
    await page.getByText(/^Door Anna Auteur · gepubliceerd op/).waitFor();
    expect(await page.getByText('Dit is een concept').count()).toBe(0);

    // The member follows the notification's link, and they comment to each other live.
    const notifications = await eventually(
      async () => (await t.http().get(`${V1}/me/notifications`).set(member.auth)).body.items as { activity: { snapshot: { link: string } } }[],
      (items) => items.some((item) => item.activity.snapshot.link === `/blogs/${blogId}`),
    );
    expect(notifications.some((item) => item.activity.snapshot.link === `/blogs/${blogId}`)).toBe(true);
    const reader = await loggedIn(member, `/blogs/${blogId}`);
    await reader.getByRole('heading', { level: 1, name: 'Terugblik op de studiedag' }).waitFor();
    const readerLog = reader.getByRole('log', { name: 'Reacties' });
    const authorLog = page.getByRole('log', { name: 'Reacties' });
    await readerLog.waitFor();
    await reader.getByLabel('Uw reactie', { exact: true }).fill('Mooi verslag! Welke **opdrachten** gebruikten jullie?');
    await reader.getByRole('button', { name: 'Versturen' }).click();
    await authorLog.getByText('Mooi verslag! Welke opdrachten gebruikten jullie?').waitFor();
    await page.getByLabel('Uw reactie', { exact: true }).fill('Die van de Scratch-les, ik deel ze in de groep.');
    await page.getByRole('button', { name: 'Versturen' }).click();
    await readerLog.getByText('Die van de Scratch-les, ik deel ze in de groep.').waitFor();
    // The reader is no author: no edit or delete of the post.
    expect(await reader.getByRole('link', { name: 'Bewerken', exact: true }).count()).toBe(0);
    await capturePage(reader, 'blog-published-comments');

    // The author edits the published post: only "Opslaan", and the text is the post's.
    await page.getByRole('link', { name: 'Bewerken', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Blog bewerken' }).waitFor();
    expect(await page.getByLabel('Titel').inputValue()).toBe('Terugblik op de studiedag');
    expect(await page.getByRole('button', { name: 'Opslaan als concept' }).count()).toBe(0);
    await page.getByLabel('Titel').fill('Terugblik op de studiedag in Arnhem');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Terugblik op de studiedag in Arnhem' }).waitFor();

    // Deleting asks first, and says the comments go too.
    await page.getByRole('button', { name: 'Blog verwijderen' }).click();
    await page.getByText('Deze blog verwijderen? De reacties erop worden ook verwijderd.').waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Ja, verwijderen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Blogs van Werkgroep informatica' }).waitFor();
    await page.getByText('Er zijn nog geen blogs.').waitFor();
    expect((await t.http().get(`${V1}/blogs/${blogId}`).set(author.auth)).status).toBe(404);
  }, 120_000);

  it('keeps what the writer typed across a reload, until it is saved', async () => {
    const page = await loggedIn(author, `/groups/${group.id}/blogs/new`);
    await page.getByLabel('Titel').fill('Half af');
    await page.getByLabel('Tekst', { exact: true }).fill('Nog een alinea te gaan.');
    await page.reload();
    await page.getByText('Wat u eerder typte en nog niet opsloeg, staat weer in het formulier.').waitFor();
    expect(await page.getByLabel('Titel').inputValue()).toBe('Half af');
    expect(await page.getByLabel('Tekst', { exact: true }).inputValue()).toBe('Nog een alinea te gaan.');
    // Empty fields are said before anything is sent.
    await page.getByLabel('Titel').fill('');
    await page.getByRole('button', { name: 'Publiceren' }).click();
    await page.getByText('Geef de blog een titel.').waitFor();
    expect(await page.getByLabel('Titel').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page);
  }, 60_000);
});

describe('a deelsite’s news', () => {
  it('is written by its admin at /s/:slug/news/new and commented by its members', async () => {
    const site = await createSite(t, author, { name: 'NIOC 2027' });
    await t.http().post(`${V1}/sites/${site.slug}/members`).set(author.auth).send({ userId: member.id, role: 'member' }).expect(201);
    const page = await loggedIn(author, `/s/${site.slug}/news/new`);
    await page.getByRole('heading', { level: 1, name: 'Een nieuwsbericht schrijven' }).waitFor();
    await page.getByLabel('Titel').fill('Het programma staat online');
    await page.getByLabel('Tekst', { exact: true }).fill('Bekijk de **workshops** van NIOC 2027.');
    await capturePage(page, 'site-news-editor');
    await page.getByRole('button', { name: 'Publiceren' }).click();
    await page.getByRole('heading', { level: 1, name: 'Het programma staat online' }).waitFor();
    await page.getByRole('link', { name: 'Al het nieuws van NIOC 2027' }).waitFor();

    const reader = await loggedIn(member, new URL(page.url()).pathname);
    await reader.getByRole('heading', { level: 1, name: 'Het programma staat online' }).waitFor();
    await reader.getByLabel('Uw reactie', { exact: true }).fill('Ik kom!');
    await reader.getByRole('button', { name: 'Versturen' }).click();
    await page.getByRole('log', { name: 'Reacties' }).getByText('Ik kom!').waitFor();
    await expectNoAxeViolations(reader);
  }, 60_000);
});
