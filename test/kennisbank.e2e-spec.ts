import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ActivityLog } from '@kennisplein/core';
import { UsersService } from '@kennisplein/identity';
import { KennisbankVerb, SampleDocuments } from '@kennisplein/kennisbank';
import { createSite, uniqueSlug } from './support/community.js';
import { registerUser, type TestUser, uniqueEmail } from './support/factories.js';
import {
  createCongress,
  eventually,
  importFiles,
  makeAdmin,
  pdfOf,
  pdfWithoutText,
  sample,
  SAMPLE_WITH_HEADER,
  SAMPLE_WITHOUT_HEADER,
  SAMPLES_DIR,
} from './support/kennisbank.js';
import { expectError } from './support/errors.js';
import { countQueries } from './support/query-counter.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

let t: TestApp;
let db: DataSource;
let admin: TestUser;
let reader: TestUser;

const MAX_FILE_BYTES = 64 * 1024;
const MAX_FILES = 8;

beforeAll(async () => {
  t = await createTestApp({ env: { IMPORT_MAX_FILE_BYTES: String(MAX_FILE_BYTES), IMPORT_MAX_FILES: String(MAX_FILES) } });
  db = t.app.get(DataSource);
  admin = await makeAdmin(t, await registerUser(t, { displayName: 'Ada Admin' }));
  reader = await registerUser(t, { displayName: 'Rik Reader' });
});
afterAll(() => t.close());

const getContribution = async (id: string) => {
  const response = await t.http().get(`${V1}/contributions/${id}`);
  expect(response.status).toBe(200);
  return response.body;
};

/** Rows that would be left behind by a half-written import. */
const orphans = async () =>
  (
    await db.query<{ count: number }[]>(
      `SELECT ((SELECT count(*) FROM groups g WHERE g.contribution_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM contributions c WHERE c.id = g.contribution_id))
            + (SELECT count(*) FROM threads h WHERE h.subject_type = 'contribution'
                AND NOT EXISTS (SELECT 1 FROM contributions c WHERE c.id = h.subject_id)))::int AS count`,
    )
  )[0].count;

const newContribution = async (congress: string, input: Record<string, unknown> = {}) => {
  const response = await t
    .http()
    .post(`${V1}/contributions`)
    .set(admin.auth)
    .send({ congress, title: `Bijdrage ${randomBytes(4).toString('hex')}`, body: 'Een tekst over informatica-onderwijs.', authors: [], ...input });
  expect(response.status).toBe(201);
  return response.body;
};

describe('congresses', () => {
  it('lets admins add a congress with its organizer, and lists it publicly', async () => {
    const slug = uniqueSlug('nioc');
    const created = await t
      .http()
      .post(`${V1}/congresses`)
      .set(admin.auth)
      .send({ slug, name: 'NIOC 2027', year: 2027, heldOn: '2027-03-25', organizer: 'HAN University of Applied Sciences' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      slug,
      name: 'NIOC 2027',
      year: 2027,
      heldOn: '2027-03-25',
      organizer: 'HAN University of Applied Sciences',
      contributionCount: 0,
    });
    expect((await t.http().get(`${V1}/congresses/${slug}`)).body).toEqual(created.body);
    const list = await t.http().get(`${V1}/congresses?limit=100`);
    expect(list.body.items.map((congress: { slug: string }) => congress.slug)).toContain(slug);
    const again = await t.http().post(`${V1}/congresses`).set(admin.auth).send({ slug, name: 'Dubbel', year: 2027 });
    expectError(again, 409, 'congress.slug_taken');
    expect(again.body.message).toBe(`Congres ${slug} bestaat al`);
  });

  it('names every bad field, refuses non-admins, and answers 404 for an unknown congress', async () => {
    const bad = await t.http().post(`${V1}/congresses`).set(admin.auth).send({ slug: 'X!', name: '', year: 20, heldOn: '27-03-2025', extra: 1 });
    expectError(bad, 400, 'validation.failed');
    const message = (bad.body.message as string[]).join(' | ');
    for (const field of ['slug', 'name', 'year', 'heldOn', 'extra']) expect(message).toContain(field);
    expectError(await t.http().post(`${V1}/congresses`).set(reader.auth).send({ slug: 'nioc2031', name: 'N', year: 2031 }), 403, 'access.platform_admins_only');
    expectError(await t.http().post(`${V1}/congresses`).send({ slug: 'nioc2031', name: 'N', year: 2031 }), 401, 'auth.unauthenticated');
    expectError(await t.http().get(`${V1}/congresses/nioc1999`), 404, 'congress.not_found');
    const impossible = { slug: 'nioc2023b', name: 'N', year: 2023, heldOn: '2023-02-30' };
    const inDutch = await t.http().post(`${V1}/congresses`).set(admin.auth).send(impossible);
    expectError(inDutch, 400, 'validation.failed');
    expect(inDutch.body).toMatchObject({ message: ['heldOn moet een datum in ISO 8601 zijn'], fields: [{ field: 'heldOn', rule: 'isIso8601' }] });
    const inEnglish = await t.http().post(`${V1}/congresses`).set(admin.auth).set('Accept-Language', 'en').send(impossible);
    expect(inEnglish.body.message).toEqual(['heldOn must be a date that exists']);
  });

  it('pages through congresses newest first', async () => {
    for (const year of [2101, 2102, 2103]) await createCongress(t, admin, { year });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { slug: string; year: number }[]; nextCursor: string | null } } = await t
        .http()
        .get(`${V1}/congresses?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((congress) => `${congress.year}:${congress.slug}`));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.map((key) => Number(key.split(':')[0]))).toEqual([...seen.map((key) => Number(key.split(':')[0]))].sort((a, b) => b - a));
  });
});

describe('importing the sample documents', () => {
  let congress: string;
  let withHeaderId: string;
  let withoutHeaderId: string;

  beforeAll(async () => {
    congress = await createCongress(t, admin);
  });

  it('imports both with the right fields, and says which fields were guessed', async () => {
    const response = await importFiles(t, admin, congress, [
      { name: SAMPLE_WITH_HEADER, content: sample(SAMPLE_WITH_HEADER) },
      { name: SAMPLE_WITHOUT_HEADER, content: sample(SAMPLE_WITHOUT_HEADER) },
    ]);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ created: 2, updated: 0, unchanged: 0, failed: [] });
    const documents = response.body.documents as { file: string; contributionId: string; guessed: string[] }[];
    const withHeader = documents.find((document) => document.file === SAMPLE_WITH_HEADER)!;
    const withoutHeader = documents.find((document) => document.file === SAMPLE_WITHOUT_HEADER)!;
    expect(withHeader.guessed).toEqual([]);
    expect(withoutHeader.guessed).toEqual(expect.arrayContaining(['title', 'theme', 'authors', 'keywords']));
    withHeaderId = withHeader.contributionId;
    withoutHeaderId = withoutHeader.contributionId;

    const paper = await getContribution(withHeaderId);
    expect(paper).toMatchObject({
      title: "'Wij, de overheid', co-creatie in de netwerksamenleving",
      authors: [{ name: 'Davied van Berlo', affiliation: 'Ambtenaar 2.0', userId: null }],
      keywords: ['overheid', 'netwerken', 'netwerksamenleving', 'co-creatie'],
      theme: 'ICT en overheid',
      themeSlug: 'ict-en-overheid',
      congress,
      language: 'nl',
      sourceName: SAMPLE_WITH_HEADER,
    });
    expect(paper.abstract).toMatch(/^De netwerksamenleving\. Iedereen heeft het erover/);
    expect(paper.body).toMatch(/^De netwerksamenleving\./);
    // The preamble about Stichting NIOC is not part of the contribution.
    expect(paper.body).not.toContain('Stichting NIOC');
    expect(paper.body).not.toContain('Vermeld bij reacties');

    const untitled = await getContribution(withoutHeaderId);
    expect(untitled.authors).toEqual([]);
    expect(untitled.theme).toBeNull();
    expect(untitled.title).toMatch(/^"de nieuwe overheid" : het gebruik van technologie/);
    expect(untitled.title.length).toBeLessThanOrEqual(200);
  });

  it('gives each contribution a public, open workspace under its theme group, with a feedback thread', async () => {
    const paper = await getContribution(withHeaderId);
    const themes = await t.http().get(`${V1}/themes`);
    const theme = (themes.body as { slug: string; name: string; groupId: string }[]).find((item) => item.slug === 'ict-en-overheid')!;
    expect(theme).toMatchObject({ name: 'ICT en overheid' });

    const themeGroup = await t.http().get(`${V1}/groups/${theme.groupId}`);
    expect(themeGroup.body).toMatchObject({ name: 'ICT en overheid', visibility: 'public', membership: 'open', parentId: null });
    const workspace = await t.http().get(`${V1}/groups/${paper.workspace.groupId}`);
    expect(workspace.body).toMatchObject({
      name: paper.title,
      visibility: 'public',
      membership: 'open',
      parentId: theme.groupId,
      contributionId: withHeaderId,
    });
    const thread = await t.http().get(`${V1}/threads/${paper.workspace.feedbackThreadId}`);
    expect(thread.status).toBe(200);
    expect(thread.body).toMatchObject({ kind: 'feedback', groupId: paper.workspace.groupId });
  });

  it('changes nothing when the same documents are imported again', async () => {
    const counts = () =>
      db.query(`SELECT (SELECT count(*) FROM contributions)::int AS c, (SELECT count(*) FROM groups)::int AS g,
                       (SELECT count(*) FROM threads)::int AS t, (SELECT count(*) FROM contribution_authors)::int AS a,
                       (SELECT max(updated_at) FROM contributions) AS u`);
    const before = await counts();
    const again = await importFiles(t, admin, congress, [
      { name: SAMPLE_WITH_HEADER, content: sample(SAMPLE_WITH_HEADER) },
      { name: SAMPLE_WITHOUT_HEADER, content: sample(SAMPLE_WITHOUT_HEADER) },
    ]);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: [] });
    // The same bytes under another name are the same document too.
    const renamed = await importFiles(t, admin, congress, [{ name: 'kopie.txt', content: sample(SAMPLE_WITH_HEADER) }]);
    expect(renamed.body).toMatchObject({ created: 0, unchanged: 1 });
    expect(await counts()).toEqual(before);
  });

  it('updates a changed document and keeps its workspace, members and discussion', async () => {
    const before = await getContribution(withHeaderId);
    const feedback = await t.http().post(`${V1}/contributions/${withHeaderId}/feedback`).set(reader.auth).send({ body: 'Mooi verhaal!' });
    expect(feedback.status).toBe(201);
    const changed = sample(SAMPLE_WITH_HEADER)
      .toString('utf8')
      .replace("'Wij, de overheid', co-creatie in de netwerksamenleving", 'Wij, de overheid: co-creatie herzien')
      .replace('Door: Davied van Berlo; Ambtenaar 2.0', 'Door: Davied van Berlo en Anna de Vries; Ambtenaar 2.0');
    const response = await importFiles(t, admin, congress, [{ name: SAMPLE_WITH_HEADER, content: changed }]);
    expect(response.body).toMatchObject({ created: 0, updated: 1, unchanged: 0, failed: [] });
    const after = await getContribution(withHeaderId);
    expect(after.title).toBe('Wij, de overheid: co-creatie herzien');
    expect(after.authors.map((author: { name: string }) => author.name)).toEqual(['Davied van Berlo', 'Anna de Vries']);
    expect(after.workspace).toEqual(before.workspace);
    expect((await t.http().get(`${V1}/groups/${after.workspace.groupId}`)).body.name).toBe('Wij, de overheid: co-creatie herzien');
    const messages = await t.http().get(`${V1}/threads/${after.workspace.feedbackThreadId}/messages`);
    expect(messages.body.items.map((message: { body: string }) => message.body)).toContain('Mooi verhaal!');
  });
});

describe('importing PDF and Markdown', () => {
  it('reads a PDF made from a sample to the same fields as the text', async () => {
    const congress = await createCongress(t, admin);
    const text = sample(SAMPLE_WITH_HEADER).toString('utf8');
    const response = await importFiles(t, admin, congress, [
      { name: 'wij-de-overheid.pdf', content: await pdfOf(text, { titleSize: 16 }) },
      { name: SAMPLE_WITH_HEADER, content: text },
    ]);
    expect(response.body).toMatchObject({ created: 2, failed: [] });
    const [fromPdf, fromText] = await Promise.all(
      ['wij-de-overheid.pdf', SAMPLE_WITH_HEADER].map((file) =>
        getContribution((response.body.documents as { file: string; contributionId: string }[]).find((document) => document.file === file)!.contributionId),
      ),
    );
    for (const field of ['title', 'authors', 'keywords', 'theme', 'abstract', 'language'] as const) {
      const strip = (value: unknown) => JSON.parse(JSON.stringify(value, (key, inner: unknown) => (key === 'id' ? undefined : inner))) as unknown;
      expect(strip(fromPdf[field])).toEqual(strip(fromText[field]));
    }
    expect(fromPdf.body).toContain('Reorganisatie van de publieke zaak');
    expect(fromPdf.body).not.toContain('Stichting NIOC');
  });

  it('reads a Markdown document with its header in Markdown, and links authors by the email it gives', async () => {
    const congress = await createCongress(t, admin);
    const author = await registerUser(t, { email: uniqueEmail('auteur'), displayName: 'Bea Bakker', verified: true });
    const markdown = [
      '# Informatica-didactiek',
      '',
      '## Programmeren leren met *Parsons-puzzels*',
      '',
      `**Door:** Bea Bakker (${author.email.toUpperCase()}); HAN en Carl Claes; Windesheim`,
      '',
      '**Trefwoorden:** programmeren, didactiek, Parsons',
      '',
      'Parsons-puzzels laten leerlingen **code ordenen** in plaats van schrijven.',
      '',
      '- eerste punt',
    ].join('\n');
    const response = await importFiles(t, admin, congress, [{ name: 'parsons.md', content: markdown }]);
    expect(response.body).toMatchObject({ created: 1, failed: [] });
    const paper = await getContribution(response.body.documents[0].contributionId);
    expect(paper).toMatchObject({
      title: 'Programmeren leren met *Parsons-puzzels*',
      theme: 'Informatica-didactiek',
      keywords: ['programmeren', 'didactiek', 'Parsons'],
      authors: [
        { name: 'Bea Bakker', affiliation: 'HAN', userId: author.id },
        { name: 'Carl Claes', affiliation: 'Windesheim', userId: null },
      ],
    });
    expect(paper.body).toContain('**code ordenen**');
    const members = await t.http().get(`${V1}/groups/${paper.workspace.groupId}/members`);
    expect(members.body.items).toEqual([expect.objectContaining({ role: 'owner', user: expect.objectContaining({ id: author.id }) })]);
  });
});

describe('bad documents', () => {
  it('lists each bad file with its reason, imports the good one, and leaves nothing half-written', async () => {
    const congress = await createCongress(t, admin);
    const binary = Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0x00]), randomBytes(2000)]);
    const response = await importFiles(t, admin, congress, [
      { name: 'leeg.txt', content: Buffer.alloc(0) },
      { name: 'alleen-witruimte.txt', content: ' \n\n \t ' },
      { name: 'programma.exe', content: binary },
      { name: 'te-groot.txt', content: `Door: A; B\n\n${'lang '.repeat(MAX_FILE_BYTES / 4)}` },
      { name: 'scan.pdf', content: await pdfWithoutText() },
      { name: 'kapot.pdf', content: '%PDF-1.7\nthis is no pdf at all\n%%EOF' },
      { name: SAMPLE_WITH_HEADER, content: sample(SAMPLE_WITH_HEADER) },
    ]);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ created: 1, updated: 0, unchanged: 0 });
    const reasons = Object.fromEntries((response.body.failed as { file: string; reason: string }[]).map((failure) => [failure.file, failure.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['alleen-witruimte.txt', 'kapot.pdf', 'leeg.txt', 'programma.exe', 'scan.pdf', 'te-groot.txt']);
    expect(reasons['leeg.txt']).toMatch(/empty/);
    expect(reasons['alleen-witruimte.txt']).toMatch(/no text/);
    expect(reasons['programma.exe']).toMatch(/binary/);
    expect(reasons['te-groot.txt']).toMatch(/too large/);
    expect(reasons['scan.pdf']).toMatch(/no text layer/);
    expect(reasons['kapot.pdf']).toMatch(/could not be read/);
    const [{ count }] = await db.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM contributions c JOIN congresses g ON g.id = c.congress_id WHERE g.slug = $1`,
      [congress],
    );
    expect(count).toBe(1);
    expect(await orphans()).toBe(0);
  });

  it('stores the rest of a batch when one document cannot be stored, and leaves nothing of that one', async () => {
    const congress = await createCongress(t, admin);
    const text = sample(SAMPLE_WITH_HEADER).toString('utf8');
    // A NUL byte past the first 8 KiB passes the binary sniff; PostgreSQL refuses it in text.
    const refused = `${text}\n\n${'x'.repeat(9000)}\u0000 einde.\n`;
    const variant = (n: number) => text.replace('co-creatie in de netwerksamenleving', `co-creatie in de netwerksamenleving ${n}`);
    const response = await importFiles(t, admin, congress, [
      { name: 'een.txt', content: variant(1) },
      { name: 'geweigerd.txt', content: refused },
      { name: 'twee.txt', content: variant(2) },
      // The same bytes under two names in one import: stored once.
      { name: 'drie.txt', content: variant(3) },
      { name: 'drie-kopie.txt', content: variant(3) },
    ]);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ created: 3, updated: 0, unchanged: 1 });
    expect(response.body.failed).toEqual([{ file: 'geweigerd.txt', reason: expect.stringMatching(/could not be stored \(error id [0-9a-f-]{36}\)/) }]);
    const documents = response.body.documents as { file: string; contributionId: string }[];
    const idOf = (file: string) => documents.find((document) => document.file === file)?.contributionId;
    expect(idOf('drie-kopie.txt')).toBe(idOf('drie.txt'));
    const [row] = await db.query<{ contributions: number; groups: number; threads: number; activities: number }[]>(
      `SELECT (SELECT count(*) FROM contributions c JOIN congresses g ON g.id = c.congress_id WHERE g.slug = $1)::int AS contributions,
              (SELECT count(*) FROM groups WHERE contribution_id = ANY($2::uuid[]))::int AS groups,
              (SELECT count(*) FROM threads WHERE subject_type = 'contribution' AND subject_id = ANY($2::uuid[]))::int AS threads,
              (SELECT count(*) FROM activities WHERE verb = $3 AND object_id = ANY($2::uuid[]))::int AS activities`,
      [congress, [...new Set(documents.map((document) => document.contributionId))], KennisbankVerb.ContributionAdded],
    );
    expect(row).toEqual({ contributions: 3, groups: 3, threads: 3, activities: 3 });
    expect(await orphans()).toBe(0);
    // A batch that stores: known files are unchanged, a copy within it is the same contribution.
    const again = await importFiles(t, admin, congress, [
      { name: 'een.txt', content: variant(1) },
      { name: 'twee.txt', content: variant(2) },
      { name: 'vier.txt', content: variant(4) },
      { name: 'vier-kopie.txt', content: variant(4) },
    ]);
    expect(again.body).toMatchObject({ created: 1, updated: 0, unchanged: 3, failed: [] });
    const stored = again.body.documents as { file: string; contributionId: string }[];
    expect(stored.find((document) => document.file === 'vier-kopie.txt')?.contributionId).toBe(stored.find((document) => document.file === 'vier.txt')?.contributionId);
    expect(stored.find((document) => document.file === 'een.txt')?.contributionId).toBe(idOf('een.txt'));
    expect(await orphans()).toBe(0);
  });

  it('keeps only the base name of a file, without control characters', async () => {
    const congress = await createCongress(t, admin);
    const response = await importFiles(t, admin, congress, [{ name: '..\\..\\map\\ver\u200Bslag.txt', content: 'Een korte tekst.' }]);
    expect(response.body).toMatchObject({ created: 1 });
    expect(response.body.documents[0].file).toBe('verslag.txt');
  });

  it('answers 4xx for a request that is not an import', async () => {
    const congress = await createCongress(t, admin);
    const one = [{ name: 'a.txt', content: 'Een tekst.' }];
    expectError(await importFiles(t, undefined, congress, one), 401, 'auth.unauthenticated');
    expectError(await importFiles(t, reader, congress, one), 403, 'access.platform_admins_only');
    const noCongress = await importFiles(t, admin, undefined, one);
    expectError(noCongress, 400, 'import.congress_required');
    expect(noCongress.body.message).toMatch(/^congress ontbreekt/);
    const unknown = await importFiles(t, admin, 'nioc1899', one).set('Accept-Language', 'en');
    expectError(unknown, 400, 'congress.unknown');
    expect(unknown.body.message).toBe('congress nioc1899 does not exist; create it with POST /congresses first');
    const noFiles = await importFiles(t, admin, congress, []);
    expectError(noFiles, 400, 'import.no_documents');
    const json = await t.http().post(`${V1}/contributions/import`).set(admin.auth).set('Accept-Language', 'en-GB,en;q=0.8').send({ congress });
    expectError(json, 400, 'import.not_multipart');
    expect(json.body.message).toBe('Send multipart/form-data with the documents as files[]');
    const strayField = await importFiles(t, admin, congress, one).field('extra', 'x');
    expectError(strayField, 400, 'multipart.unknown_field');
    const tooMany = await importFiles(
      t,
      admin,
      congress,
      Array.from({ length: MAX_FILES + 1 }, (_, i) => ({ name: `d${i}.txt`, content: `Document ${i}.` })),
    );
    expectError(tooMany, 413, 'import.too_many_documents');
    expect(tooMany.body.message).toBe(`Hooguit ${MAX_FILES} documenten per import`);
    expect(await orphans()).toBe(0);
  });
});

describe('search', () => {
  let congress: string;
  let otherCongress: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    congress = await createCongress(t, admin);
    otherCongress = await createCongress(t, admin);
    const imported = await importFiles(t, admin, congress, [{ name: SAMPLE_WITH_HEADER, content: sample(SAMPLE_WITH_HEADER) }]);
    ids.network = imported.body.documents[0].contributionId;
    ids.creeren = (
      await newContribution(congress, {
        title: 'Samen lesmateriaal creëren',
        theme: 'Informatica-didactiek',
        keywords: ['lesmateriaal', 'Open Educational Resources'],
        body: 'Docenten creëren samen <script>alert(1)</script> <img src=x onerror=alert(2)> open lesmateriaal, want 3 < 4.',
        authors: [{ name: 'Zoë Zwart', affiliation: 'Hogeschool Windesheim' }],
      })
    ).id;
    ids.bodyOnly = (
      await newContribution(otherCongress, {
        title: 'Toetsen in het hoger onderwijs',
        body: 'Over toetsing. Ook het creëren van toetsvragen komt aan bod, en lesmateriaal.',
        authors: [{ name: 'Piet Pieters' }],
      })
    ).id;
  });

  const search = async (query: string) => {
    const response = await t.http().get(`${V1}/contributions?${query}`);
    expect(response.status).toBe(200);
    return response.body as { items: { id: string; highlight?: string | null }[]; nextCursor: string | null };
  };

  it('finds the contribution about de netwerksamenleving with "netwerken", with a highlighted passage', async () => {
    const found = await search(`q=netwerken&congress=${congress}`);
    expect(found.items.map((item) => item.id)).toEqual([ids.network]);
    expect(found.items[0].highlight).toMatch(/<mark>netwerksamenleving<\/mark>/i);
  });

  it('ignores accents: creeren finds creëren, and marks it in the body when it is not in the abstract', async () => {
    const found = await search('q=creeren');
    expect(found.items.map((item) => item.id)).toEqual(expect.arrayContaining([ids.creeren, ids.bodyOnly]));
    expect(found.items.find((item) => item.id === ids.bodyOnly)!.highlight).toContain('<mark>creëren</mark>');
  });

  it('ranks a title match above a match in the body only', async () => {
    const found = await search('q=creeren lesmateriaal');
    const order = found.items.map((item) => item.id).filter((id) => id === ids.creeren || id === ids.bodyOnly);
    expect(order).toEqual([ids.creeren, ids.bodyOnly]);
  });

  it('orders every match by its rank, ties by id, at the floor rank and under it too, page by page as at once', async () => {
    // The ranked tier, the floor tier (no ranking, by id) and the tier under the floor.
    const own = await createCongress(t, admin);
    const body = (words: string) => `Een inleiding zonder die woorden.\n\n${words} komen pas later in de tekst voor.`;
    const made = {
      title: await newContribution(own, { title: 'Sneeuwuilen en kwikstaarten', body: body('Sneeuwuil en kwikstaart') }),
      keyword: await newContribution(own, { keywords: ['sneeuwuil', 'kwikstaart'], body: body('Sneeuwuil en kwikstaart') }),
      oneWord: await newContribution(own, { title: 'Over de sneeuwuil', body: body('Kwikstaarten') }),
      bodyA: await newContribution(own, { body: body('Sneeuwuil, kwikstaart') }),
      bodyB: await newContribution(own, { body: body('Kwikstaart, sneeuwuil') }),
      bodyC: await newContribution(own, { body: body('De sneeuwuil en de kwikstaart') }),
      // Title and abstract of stop words alone: an empty rank vector ranks 0, under the floor of two words.
      empty: await newContribution(own, { title: 'Wat is dat', abstract: 'Dat is het', body: body('Sneeuwuil en kwikstaart') }),
    };
    // The order the API promises, by its definition: every match ranked, ties by id.
    const definition = async (words: string) =>
      (
        await db.query<{ id: string }[]>(
          `SELECT c.id FROM kennisbank.contributions c, kennisbank.congresses g, to_tsquery('kennisplein_dutch', $2) q
           WHERE g.id = c.congress_id AND g.slug = $1 AND c.search_vector @@ q ORDER BY ts_rank(c.rank_vector, q) DESC, c.id`,
          [own, words],
        )
      ).map((row) => row.id);
    const pages = async (words: string, limit: number) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await search(`q=${words}&congress=${own}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        ids.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
      } while (cursor);
      return ids;
    };
    const bodyOnly = [made.bodyA.id, made.bodyB.id, made.bodyC.id].sort();
    // Two words: the floor is 1e-20, where a rank vector with one of them ranks too; the empty one under it.
    const two = await definition('sneeuwuil:* & kwikstaart:*');
    expect(two.slice(2)).toEqual([...[made.oneWord.id, ...bodyOnly].sort(), made.empty.id]);
    for (const limit of [50, 2, 1]) expect(await pages('sneeuwuil kwikstaart', limit)).toEqual(two);
    // One word, a floor of 0: the empty rank vector ties with the body's matches, by id.
    const one = await definition('kwikstaart:*');
    expect(one.slice(2)).toEqual([made.oneWord.id, ...bodyOnly, made.empty.id].sort());
    for (const limit of [50, 3]) expect(await pages('kwikstaart', limit)).toEqual(one);
  });

  it('escapes the text of a highlight: only <mark> is markup', async () => {
    const found = await search(`q=creeren&congress=${congress}`);
    const highlight = found.items.find((item) => item.id === ids.creeren)!.highlight!;
    expect(highlight).toContain('<mark>creëren</mark>');
    expect(highlight.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });

  it('combines the filters congress, theme, keyword and author with q', async () => {
    const idsOf = async (query: string) => (await search(query)).items.map((item) => item.id);
    expect(await idsOf(`q=creeren&congress=${otherCongress}`)).toEqual([ids.bodyOnly]);
    expect(await idsOf('q=creeren&theme=informatica-didactiek')).toContain(ids.creeren);
    expect(await idsOf('q=creeren&theme=informatica-didactiek')).not.toContain(ids.bodyOnly);
    expect(await idsOf(`keyword=open educational resources&congress=${congress}`)).toEqual([ids.creeren]);
    expect(await idsOf('q=creeren&author=zoë')).toEqual([ids.creeren]);
    expect(await idsOf(`author=pieters&congress=${otherCongress}`)).toEqual([ids.bodyOnly]);
    expect(await idsOf(`q=netwerken&congress=${otherCongress}`)).toEqual([]);
  });

  it('pages through ranked results without repeats or gaps, and refuses a bad cursor or a q without words', async () => {
    for (let i = 0; i < 5; i++) await newContribution(otherCongress, { title: `Lesmateriaal ${i}`, body: `lesmateriaal ${'tekst '.repeat(i)}` });
    const all = (await search(`q=lesmateriaal&congress=${otherCongress}&limit=100`)).items.map((item) => item.id);
    expect(all.length).toBe(6);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await search(`q=lesmateriaal&congress=${otherCongress}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
    expectError(await t.http().get(`${V1}/contributions?q=x&cursor=bm9wZQ`), 400, 'common.invalid_cursor');
    expectError(await t.http().get(`${V1}/contributions?q=%3F%3F%21`), 400, 'search.no_words');
  });

  it('lists a page with its authors in a fixed number of queries, whatever the page size', async () => {
    for (let i = 0; i < 6; i++) await newContribution(congress, { authors: [{ name: `Auteur ${i}` }, { name: `Tweede ${i}` }] });
    const small = await countQueries(db, () => t.http().get(`${V1}/contributions?limit=2&q=informatica`));
    const large = await countQueries(db, () => t.http().get(`${V1}/contributions?limit=50&q=informatica`));
    expect(large).toBe(small);
  });
});

describe('contributions by admins, authors and feedback', () => {
  it('makes a contribution with its workspace in the congress deelsite, its known authors as owners', async () => {
    const congress = await createCongress(t, admin);
    const site = await createSite(t, admin, { congress });
    const author = await registerUser(t, { email: uniqueEmail('known'), displayName: 'Kees Known', verified: true });
    const paper = await newContribution(congress, {
      theme: 'ICT en overheid',
      authors: [{ name: 'Kees Known', affiliation: 'HAN', email: author.email }, { name: 'Onbekende Auteur' }],
    });
    expect(paper.authors).toEqual([
      expect.objectContaining({ name: 'Kees Known', affiliation: 'HAN', userId: author.id }),
      expect.objectContaining({ name: 'Onbekende Auteur', affiliation: null, userId: null }),
    ]);
    const workspace = await t.http().get(`${V1}/groups/${paper.workspace.groupId}`).set(author.auth);
    expect(workspace.body).toMatchObject({ site: site.slug, myRole: 'owner', visibility: 'public', membership: 'open' });
  });

  it('makes an author who registers later with the known email an owner', async () => {
    const congress = await createCongress(t, admin);
    const email = uniqueEmail('later');
    const paper = await newContribution(congress, { authors: [{ name: 'Lotte Later', email }] });
    const author = await registerUser(t, { email: email.toUpperCase(), displayName: 'Lotte Later', verified: true });
    const linked = await eventually(
      () => getContribution(paper.id),
      (body: { authors: { userId: string | null }[] }) => body.authors[0].userId !== null,
    );
    expect(linked.authors[0].userId).toBe(author.id);
    const workspace = await t.http().get(`${V1}/groups/${paper.workspace.groupId}`).set(author.auth);
    expect(workspace.body.myRole).toBe('owner');
  });

  it('lets an admin link an author to an account, which then owns the workspace', async () => {
    const congress = await createCongress(t, admin);
    const paper = await newContribution(congress, { authors: [{ name: 'Mo Manual' }] });
    const account = await registerUser(t, { displayName: 'Mo Manual' });
    const path = `${V1}/contributions/${paper.id}/authors/${paper.authors[0].id}/user`;
    // Until the account has verified its address, it is no author.
    expectError(await t.http().put(path).set(admin.auth).send({ userId: account.id }), 409, 'author.account_unverified');
    await t.app.get(UsersService).markEmailVerified(account.id);
    expectError(await t.http().put(path).set(reader.auth).send({ userId: account.id }), 403, 'access.platform_admins_only');
    expectError(await t.http().put(path).set(admin.auth).send({ userId: '00000000-0000-4000-8000-000000000000' }), 400, 'author.account_not_active');
    expectError(await t.http().put(`${V1}/contributions/${paper.id}/authors/${paper.id}/user`).set(admin.auth).send({ userId: account.id }), 404, 'author.not_found');
    const linked = await t.http().put(path).set(admin.auth).send({ userId: account.id });
    expect(linked.status).toBe(200);
    expect(linked.body.authors[0].userId).toBe(account.id);
    expect((await t.http().get(`${V1}/groups/${paper.workspace.groupId}`).set(account.auth)).body.myRole).toBe('owner');
  });

  it('takes feedback from any logged-in reader and records an activity for the authors', async () => {
    const congress = await createCongress(t, admin);
    const author = await registerUser(t, { email: uniqueEmail('fb'), displayName: 'Fien Feedback', verified: true });
    const paper = await newContribution(congress, { title: 'Feedback graag', authors: [{ name: 'Fien Feedback', email: author.email }] });
    const response = await t.http().post(`${V1}/contributions/${paper.id}/feedback`).set(reader.auth).send({ body: 'Heldere **opzet**.' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ threadId: paper.workspace.feedbackThreadId, seq: 1, body: 'Heldere **opzet**.' });
    expect(response.body.author).toMatchObject({ id: reader.id });

    const [activity] = await t.app.get(ActivityLog).forObject('message', response.body.id);
    expect(activity).toMatchObject({
      verb: KennisbankVerb.FeedbackGiven,
      actorId: reader.id,
      groupId: paper.workspace.groupId,
      recipientIds: [author.id],
      snapshot: expect.objectContaining({ title: 'Feedback graag', link: `/contributions/${paper.id}#feedback-1` }),
    });
    // Authors answering their own feedback thread are not told of their own words.
    const own = await t.http().post(`${V1}/contributions/${paper.id}/feedback`).set(author.auth).send({ body: 'Dank!' });
    expect((await t.app.get(ActivityLog).forObject('message', own.body.id))[0].recipientIds).toEqual([]);
  });

  it('answers 401, 404, 400 and 413 where feedback cannot be given', async () => {
    const congress = await createCongress(t, admin);
    const paper = await newContribution(congress);
    const post = (id: string, body: unknown, user?: TestUser) => {
      const request = t.http().post(`${V1}/contributions/${id}/feedback`);
      return (user ? request.set(user.auth) : request).send(body as object);
    };
    expectError(await post(paper.id, { body: 'Hoi' }), 401, 'auth.unauthenticated');
    expectError(await post('00000000-0000-4000-8000-000000000000', { body: 'Hoi' }, reader), 404, 'contribution.not_found');
    expectError(await post('not-a-uuid', { body: 'Hoi' }, reader), 404, 'contribution.not_found');
    expectError(await post(paper.id, { body: '   ' }, reader), 400, 'validation.failed');
    expectError(await post(paper.id, { body: 'x'.repeat(10_001) }, reader), 413, 'message.too_long');
  });

  it('hides the feedback of a workspace in a members-only deelsite from outsiders (404), and takes it from its members', async () => {
    const congress = await createCongress(t, admin);
    const site = await createSite(t, admin, { congress, visibility: 'members' });
    const paper = await newContribution(congress);
    expectError(await t.http().post(`${V1}/contributions/${paper.id}/feedback`).set(reader.auth).send({ body: 'Hoi' }), 404, 'group.not_found');
    await t.http().post(`${V1}/sites/${site.slug}/members`).set(admin.auth).send({ userId: reader.id, role: 'member' }).expect(201);
    expect((await t.http().post(`${V1}/contributions/${paper.id}/feedback`).set(reader.auth).send({ body: 'Hoi' })).status).toBe(201);
  });

  it('gives themes whose names share a slug a slug each, and finds a theme by name or slug', async () => {
    const congress = await createCongress(t, admin);
    const plus = await newContribution(congress, { theme: 'C++' });
    const sharp = await newContribution(congress, { theme: 'C#' });
    const again = await newContribution(congress, { theme: 'c++' });
    const bySlug = await newContribution(congress, { theme: plus.themeSlug });
    expect(plus.theme).toBe('C++');
    expect(sharp.theme).toBe('C#');
    expect(sharp.themeSlug).not.toBe(plus.themeSlug);
    expect(again.themeSlug).toBe(plus.themeSlug);
    expect(bySlug.themeSlug).toBe(plus.themeSlug);
  });

  it('stores a contribution posted twice once, and a corrected one anew', async () => {
    const congress = await createCongress(t, admin);
    const input = { title: 'Tweemaal', body: 'Dezelfde tekst.', keywords: ['a'] };
    const first = await newContribution(congress, input);
    expect((await newContribution(congress, input)).id).toBe(first.id);
    const corrected = await newContribution(congress, { ...input, keywords: ['a', 'b'] });
    expect(corrected.id).not.toBe(first.id);
    expect(corrected.keywords).toEqual(['a', 'b']);
  });

  it('names every bad field of a new contribution and refuses non-admins', async () => {
    const bad = await t
      .http()
      .post(`${V1}/contributions`)
      .set(admin.auth)
      .send({ congress: 'X', title: '', body: '', keywords: 'a', authors: [{ name: '' }], language: 'de' });
    expectError(bad, 400, 'validation.failed');
    const message = (bad.body.message as string[]).join(' | ');
    for (const field of ['congress', 'title', 'body', 'keywords', 'authors.0.name', 'language']) expect(message).toContain(field);
    const congress = await createCongress(t, admin);
    const body = { congress, title: 'T', body: 'B', authors: [] };
    expectError(await t.http().post(`${V1}/contributions`).set(reader.auth).send(body), 403, 'access.platform_admins_only');
    expectError(await t.http().post(`${V1}/contributions`).send(body), 401, 'auth.unauthenticated');
    expectError(await t.http().post(`${V1}/contributions`).set(admin.auth).send({ ...body, congress: 'nioc1899' }), 400, 'congress.unknown');
    expectError(await t.http().get(`${V1}/contributions/00000000-0000-4000-8000-000000000000`), 404, 'contribution.not_found');
  });
});

describe('the sample documents of a new installation', () => {
  it('are imported on an empty kennisbank, once', async () => {
    const fresh = await createTestApp({ env: { SAMPLE_DOCUMENTS_DIR: SAMPLES_DIR } });
    try {
      const samples = fresh.app.get(SampleDocuments);
      await samples.importIfEmpty();
      await samples.importIfEmpty();
      const list = await fresh.http().get(`${V1}/contributions?congress=nioc2013`);
      expect(list.body.items.map((item: { title: string }) => item.title)).toContain("'Wij, de overheid', co-creatie in de netwerksamenleving");
      expect(list.body.items).toHaveLength(2);
    } finally {
      await fresh.close();
    }
  });
});
