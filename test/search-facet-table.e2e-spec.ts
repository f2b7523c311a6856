import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { registerUser, type TestUser } from './support/factories.js';
import { createCongress, createContribution, importFiles, makeAdmin } from './support/kennisbank.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

// The search's facets are counted from kennisbank.contribution_facets, which triggers keep
// (see its migration): these check it after every kind of write.
let t: TestApp;
let admin: TestUser;
let db: DataSource;

interface Facets {
  keyword: { value: string; count: number }[];
  author: { name: string; count: number }[];
  theme: { slug: string; name: string; count: number }[];
}

async function facetsOf(congress: string, query = ''): Promise<Facets> {
  const response = await t.http().get(`${V1}/contributions?facets=true&congress=${congress}${query}`);
  expect(response.status).toBe(200);
  return response.body.facets as Facets;
}

/** The contributions whose facet row is missing or differs from what their stored fields give, and facet rows without a contribution. */
async function drift(): Promise<string[]> {
  const rows = await db.query<{ id: string }[]>(
    `SELECT c.id FROM kennisbank.contributions c LEFT JOIN kennisbank.contribution_facets f ON f.id = c.id
      WHERE f.id IS NULL OR f.congress_id <> c.congress_id OR f.theme_id IS DISTINCT FROM c.theme_id OR f.keywords_folded <> c.keywords_folded
         OR f.keyword_ids <> kennisbank.facet_keyword_ids(c.keywords) OR f.author_ids <> kennisbank.facet_author_ids(c.id)
     UNION ALL
     SELECT f.id FROM kennisbank.contribution_facets f WHERE NOT EXISTS (SELECT 1 FROM kennisbank.contributions c WHERE c.id = f.id)`,
  );
  return rows.map((row) => row.id);
}

function markdown(title: string, authors: string, keywords: string): string {
  return [`# Didactiek`, '', `## ${title}`, '', `**Door:** ${authors}`, '', `**Trefwoorden:** ${keywords}`, '', `Over ${title}.`].join('\n');
}

beforeAll(async () => {
  // The rows are changed behind the api's back (a DELETE in SQL): no anonymous cache in between.
  t = await createTestApp({ env: { ANONYMOUS_CACHE_ENABLED: 'false' } });
  db = t.app.get(DataSource);
  admin = await makeAdmin(t, await registerUser(t, { displayName: 'Ada Admin' }));
});

afterAll(async () => {
  await t.close();
});

describe('the facet table behind GET /contributions?facets=true', () => {
  let congress: string;
  let ids: Record<string, string>;

  it('counts the documents of an import, one per contribution whatever the spelling', async () => {
    congress = await createCongress(t, admin);
    const response = await importFiles(t, admin, congress, [
      { name: 'a.md', content: markdown('Eerste', 'Anna Jansen; HAN', 'Programmeren, Didactiek') },
      { name: 'b.md', content: markdown('Tweede', 'anna jansen; HAN en Bram Bos; UT', 'didactiek, Python') },
      { name: 'c.md', content: markdown('Derde', 'Anna Jansen; HAN', 'Didactiek, AI, ai') },
    ]);
    expect(response.body).toMatchObject({ created: 3, failed: [] });
    ids = Object.fromEntries((response.body.documents as { file: string; contributionId: string }[]).map((d) => [d.file, d.contributionId]));
    expect(await drift()).toEqual([]);
    const facets = await facetsOf(congress);
    // The most frequent spelling is shown; a contribution with "AI" and "ai" counts once.
    expect(facets.keyword).toEqual([
      { value: 'Didactiek', count: 3 },
      { value: 'AI', count: 1 },
      { value: 'Programmeren', count: 1 },
      { value: 'Python', count: 1 },
    ]);
    expect(facets.author).toEqual([
      { name: 'Anna Jansen', count: 3 },
      { name: 'Bram Bos', count: 1 },
    ]);
    // Filtered by keyword and by a search, through the same table.
    expect((await facetsOf(congress, '&keyword=python')).author).toEqual([
      { name: 'anna jansen', count: 1 },
      { name: 'Bram Bos', count: 1 },
    ]);
    expect((await facetsOf(congress, '&q=derde')).keyword).toEqual([
      { value: 'AI', count: 1 },
      { value: 'Didactiek', count: 1 },
    ]);
  });

  it('follows an edit of a document: its keywords, authors and theme', async () => {
    const response = await importFiles(t, admin, congress, [
      { name: 'b.md', content: markdown('Tweede', 'Carla Smit; UT', 'Python, Scratch').replace('# Didactiek', '# Beleid') },
    ]);
    expect(response.body).toMatchObject({ updated: 1, failed: [] });
    expect(await drift()).toEqual([]);
    const facets = await facetsOf(congress);
    expect(facets.keyword).toEqual([
      { value: 'Didactiek', count: 2 },
      { value: 'AI', count: 1 },
      { value: 'Programmeren', count: 1 },
      { value: 'Python', count: 1 },
      { value: 'Scratch', count: 1 },
    ]);
    expect(facets.author).toEqual([
      { name: 'Anna Jansen', count: 2 },
      { name: 'Carla Smit', count: 1 },
    ]);
    expect(facets.theme.map((theme) => [theme.name, theme.count])).toEqual([
      ['Beleid', 1],
      ['Didactiek', 2],
    ]);
  });

  it('follows a contribution made through the API, and a delete', async () => {
    await createContribution(t, admin, { congress, title: 'Vierde', keywords: ['Scratch'], authors: [{ name: 'Carla Smit' }] });
    expect(await drift()).toEqual([]);
    expect((await facetsOf(congress)).keyword).toContainEqual({ value: 'Scratch', count: 2 });

    await db.query(`DELETE FROM kennisbank.contributions WHERE id = $1`, [ids['c.md']]);
    expect(await drift()).toEqual([]);
    const facets = await facetsOf(congress);
    expect(facets.keyword).toEqual([
      { value: 'Scratch', count: 2 },
      { value: 'Didactiek', count: 1 },
      { value: 'Programmeren', count: 1 },
      { value: 'Python', count: 1 },
    ]);
    expect(facets.author).toEqual([
      { name: 'Carla Smit', count: 2 },
      { name: 'Anna Jansen', count: 1 },
    ]);
  });
});
