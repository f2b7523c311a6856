import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { registerUser, type TestUser } from './support/factories.js';
import { expectError } from './support/errors.js';
import { createCongress, createContribution, makeAdmin } from './support/kennisbank.js';
import { countQueries } from './support/query-counter.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

let t: TestApp;
let admin: TestUser;
let older: string;
let newer: string;
const ids: Record<string, string> = {};

interface Facets {
  congress: { slug: string; name: string; count: number }[];
  theme: { slug: string; name: string; count: number }[];
  keyword: { value: string; count: number }[];
  author: { name: string; count: number }[];
}
interface SearchPage {
  items: { id: string }[];
  nextCursor: string | null;
  facets?: Facets;
  total?: number;
}

async function contribution(congress: string, input: { title: string; theme?: string; keywords: string[]; authors: string[]; body: string }) {
  return (await createContribution(t, admin, { congress, ...input, authors: input.authors.map((name) => ({ name })) })).id;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await makeAdmin(t, await registerUser(t, { displayName: 'Ada Admin' }));
  older = await createCongress(t, admin, { name: 'NIOC 2023', year: 2023 });
  newer = await createCongress(t, admin, { name: 'NIOC 2025', year: 2025 });
  ids.klas = await contribution(older, {
    title: 'Programmeren in de klas',
    theme: 'Didactiek',
    keywords: ['Programmeren', 'Onderwijs'],
    authors: ['Anna Jansen'],
    body: 'Informatica in de onderbouw.',
  });
  ids.overheid = await contribution(older, {
    title: 'De overheid en AI',
    theme: 'ICT en overheid',
    keywords: ['Onderwijs', 'AI'],
    authors: ['Bram de Vries', 'Anna Jansen'],
    body: 'Informatica en beleid.',
  });
  ids.ai = await contribution(newer, {
    title: 'AI in het examen',
    theme: 'Didactiek',
    keywords: ['AI'],
    authors: ['Carla Smit'],
    body: 'Informatica-examens met AI.',
  });
  ids.zonderThema = await contribution(newer, {
    title: 'Scratch en Python',
    keywords: ['Programmeren'],
    authors: ['anna jansen'],
    body: 'Een les met blokken.',
  });
});
afterAll(() => t.close());

async function search(query: string): Promise<SearchPage> {
  const response = await t.http().get(`${V1}/contributions?${query}`);
  expect(response.status).toBe(200);
  return response.body;
}
const idsOf = async (query: string) => (await search(query)).items.map((item) => item.id).sort();
const sorted = (...names: string[]) => names.map((name) => ids[name]).sort();

describe('filters with several values', () => {
  it('takes any of the values of one filter, and all of the filters together', async () => {
    expect(await idsOf(`congress=${older}&congress=${newer}`)).toEqual(sorted('klas', 'overheid', 'ai', 'zonderThema'));
    expect(await idsOf('theme=didactiek&theme=ict-en-overheid')).toEqual(sorted('klas', 'overheid', 'ai'));
    expect(await idsOf(`congress=${newer}&theme=didactiek`)).toEqual(sorted('ai'));
    expect(await idsOf('keyword=ai&keyword=PROGRAMMEREN')).toEqual(sorted('klas', 'overheid', 'ai', 'zonderThema'));
    expect(await idsOf(`keyword=ai&keyword=programmeren&congress=${older}`)).toEqual(sorted('klas', 'overheid'));
    expect(await idsOf('author=carla&author=bram')).toEqual(sorted('overheid', 'ai'));
    expect(await idsOf(`q=informatica&congress=${older}&congress=${newer}&author=jansen`)).toEqual(sorted('klas', 'overheid'));
  });

  it('keeps one value as before, and refuses bad values and too many of them', async () => {
    expect(await idsOf(`congress=${newer}`)).toEqual(sorted('ai', 'zonderThema'));
    expect(await idsOf('keyword=onderwijs')).toEqual(sorted('klas', 'overheid'));
    // An empty value filters nothing, as it did.
    expect(await idsOf('keyword=&theme=')).toHaveLength(4);
    const bad = expectError(await t.http().get(`${V1}/contributions?congress=${older}&congress=Geen%20Slug`), 400, 'validation.failed');
    expect(bad.body.message).toEqual(expect.arrayContaining([expect.stringContaining('congress')]));
    const many = Array.from({ length: 21 }, (_, i) => `keyword=k${i}`).join('&');
    expectError(await t.http().get(`${V1}/contributions?${many}`), 400, 'validation.failed');
    expectError(await t.http().get(`${V1}/contributions?author=a`), 400, 'validation.failed');
    expectError(await t.http().get(`${V1}/contributions?facets=misschien`), 400, 'validation.failed');
  });
});

describe('GET /contributions?facets=true', () => {
  it('answers no facets and no total unless asked', async () => {
    const page = await search('limit=2');
    expect(page).not.toHaveProperty('facets');
    expect(page).not.toHaveProperty('total');
    expect(page.items).toHaveLength(2);
  });

  it('counts every facet of the whole kennisbank, and the total of every page', async () => {
    const page = await search('facets=true&limit=1');
    expect(page.items).toHaveLength(1);
    expect(page.total).toBe(4);
    expect(page.facets).toEqual({
      // Congresses newest first, themes by name: a list that does not reorder as counts change.
      congress: [
        { slug: newer, name: 'NIOC 2025', count: 2 },
        { slug: older, name: 'NIOC 2023', count: 2 },
      ],
      theme: [
        { slug: 'didactiek', name: 'Didactiek', count: 2 },
        { slug: 'ict-en-overheid', name: 'ICT en overheid', count: 1 },
      ],
      keyword: [
        { value: 'AI', count: 2 },
        { value: 'Onderwijs', count: 2 },
        { value: 'Programmeren', count: 2 },
      ],
      // Names are one author whatever their case; most matches first.
      author: [
        { name: 'Anna Jansen', count: 3 },
        { name: 'Bram de Vries', count: 1 },
        { name: 'Carla Smit', count: 1 },
      ],
    });
    // The cursor moves the page, not the counts.
    const next = await search(`facets=true&limit=1&cursor=${page.nextCursor}`);
    expect(next.items[0].id).not.toBe(page.items[0].id);
    expect(next.total).toBe(4);
    expect(next.facets).toEqual(page.facets);
  });

  it('lets each facet ignore its own filter, and counts the others within it', async () => {
    const page = await search(`facets=true&congress=${older}`);
    expect(page.total).toBe(2);
    expect(page.items.map((item) => item.id).sort()).toEqual(sorted('klas', 'overheid'));
    // Picking a congress still shows what the other congress holds.
    expect(page.facets!.congress).toEqual([
      { slug: newer, name: 'NIOC 2025', count: 2 },
      { slug: older, name: 'NIOC 2023', count: 2 },
    ]);
    expect(page.facets!.theme).toEqual([
      { slug: 'didactiek', name: 'Didactiek', count: 1 },
      { slug: 'ict-en-overheid', name: 'ICT en overheid', count: 1 },
    ]);
    expect(page.facets!.keyword).toEqual([
      { value: 'Onderwijs', count: 2 },
      { value: 'AI', count: 1 },
      { value: 'Programmeren', count: 1 },
    ]);
    expect(page.facets!.author).toEqual([
      { name: 'Anna Jansen', count: 2 },
      { name: 'Bram de Vries', count: 1 },
    ]);

    const two = await search(`facets=true&keyword=ai&theme=didactiek`);
    expect(two.total).toBe(1);
    // The keyword facet counts within the theme, the theme facet within the keyword.
    expect(two.facets!.keyword).toEqual([
      { value: 'AI', count: 1 },
      { value: 'Onderwijs', count: 1 },
      { value: 'Programmeren', count: 1 },
    ]);
    expect(two.facets!.theme).toEqual([
      { slug: 'didactiek', name: 'Didactiek', count: 1 },
      { slug: 'ict-en-overheid', name: 'ICT en overheid', count: 1 },
    ]);
    expect(two.facets!.congress).toEqual([{ slug: newer, name: 'NIOC 2025', count: 1 }]);
  });

  it('counts the matches of a search', async () => {
    const page = await search('q=informatica&facets=true');
    expect(page.total).toBe(3);
    expect(page.facets!.congress).toEqual([
      { slug: newer, name: 'NIOC 2025', count: 1 },
      { slug: older, name: 'NIOC 2023', count: 2 },
    ]);
    expect(page.facets!.author.map((author) => author.name)).toEqual(['Anna Jansen', 'Bram de Vries', 'Carla Smit']);
    expect((await search('q=blokken&facets=true')).facets!.keyword).toEqual([{ value: 'Programmeren', count: 1 }]);
  });

  it('keeps a picked value in its facet, with count 0 when nothing matches it', async () => {
    const page = await search(`facets=true&congress=${newer}&theme=ict-en-overheid&keyword=Onbekend`);
    expect(page.total).toBe(0);
    expect(page.items).toEqual([]);
    expect(page.facets!.congress).toEqual([{ slug: newer, name: 'NIOC 2025', count: 0 }]);
    expect(page.facets!.theme).toEqual([{ slug: 'ict-en-overheid', name: 'ICT en overheid', count: 0 }]);
    expect(page.facets!.keyword).toEqual([{ value: 'Onbekend', count: 0 }]);
    expect(page.facets!.author).toEqual([]);
  });

  it('costs one query more than the page, whatever the number of contributions', async () => {
    const db = t.app.get(DataSource);
    const plain = await countQueries(db, () => t.http().get(`${V1}/contributions?q=informatica&congress=${older}`).expect(200));
    const faceted = await countQueries(db, () => t.http().get(`${V1}/contributions?q=informatica&congress=${older}&facets=true`).expect(200));
    expect(faceted).toBe(plain + 1);
    const recent = await countQueries(db, () => t.http().get(`${V1}/contributions?facets=true`).expect(200));
    expect(recent).toBe((await countQueries(db, () => t.http().get(`${V1}/contributions`).expect(200))) + 1);
  });

  it('shows the 20 keywords and authors with most matches, and a picked one beside them', async () => {
    const many = await createCongress(t, admin, { name: 'Veel trefwoorden', year: 2027 });
    const keywords = Array.from({ length: 25 }, (_, i) => `Trefwoord ${String(i + 1).padStart(2, '0')}`);
    const authors = Array.from({ length: 25 }, (_, i) => `Auteur ${String(i + 1).padStart(2, '0')}`);
    await contribution(many, { title: 'Veel', keywords, authors, body: 'Een lange lijst.' });
    await contribution(many, { title: 'Nog een', keywords: ['Trefwoord 25'], authors: ['Auteur 25'], body: 'Kort.' });
    const page = await search(`facets=true&congress=${many}`);
    expect(page.facets!.keyword).toHaveLength(20);
    expect(page.facets!.keyword[0]).toEqual({ value: 'Trefwoord 25', count: 2 });
    expect(page.facets!.keyword.slice(1).map((keyword) => keyword.value)).toEqual(keywords.slice(0, 19));
    expect(page.facets!.author).toHaveLength(20);
    expect(page.facets!.author[0]).toEqual({ name: 'Auteur 25', count: 2 });

    const picked = await search(`facets=true&congress=${many}&keyword=trefwoord 24&author=Auteur 23`);
    expect(picked.facets!.keyword).toHaveLength(21);
    expect(picked.facets!.keyword).toContainEqual({ value: 'Trefwoord 24', count: 1 });
    expect(picked.facets!.author).toHaveLength(21);
    expect(picked.facets!.author).toContainEqual({ name: 'Auteur 23', count: 1 });
  });
});
