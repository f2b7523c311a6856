import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a search's facets count, one narrow row per contribution (see
 * ContributionsRepository.facets): keywords and author names as integer ids, so a frequent
 * word's 48,000 matches are counted by hashing integers instead of sorting 250,000 keyword
 * uses and 120,000 author rows as text, and without reading the wide contributions rows.
 *
 * Triggers keep it, in the statement that changes a contribution or its authors: every
 * path that writes (the API, the import's batches, a delete's cascade) is covered, and
 * nothing is half-written. Statement triggers: a batch of contributions costs one
 * statement more, not one per row. Each array holds one spelling per keyword or name
 * (case-insensitively, the first one), so a count of ids is a count of contributions.
 */
export class ContributionFacets1765700050000 implements MigrationInterface {
  name = 'ContributionFacets1765700050000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A keyword (an author) is counted by its lower-case form; each spelling of it has an id
    // of its own, so the most frequent spelling among a search's matches can be shown.
    // Only ever added to: an unused one costs a row and counts nothing.
    await queryRunner.query(`CREATE TABLE kennisbank.facet_keywords (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, folded text NOT NULL UNIQUE)`);
    await queryRunner.query(
      `CREATE TABLE kennisbank.facet_keyword_spellings (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, value text NOT NULL UNIQUE,
                                                        keyword_id int NOT NULL REFERENCES kennisbank.facet_keywords (id))`,
    );
    await queryRunner.query(`CREATE INDEX facet_keyword_spellings_keyword_idx ON kennisbank.facet_keyword_spellings (keyword_id)`);
    await queryRunner.query(`CREATE TABLE kennisbank.facet_authors (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, folded text NOT NULL UNIQUE)`);
    await queryRunner.query(
      `CREATE TABLE kennisbank.facet_author_spellings (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL UNIQUE,
                                                       author_id int NOT NULL REFERENCES kennisbank.facet_authors (id))`,
    );
    await queryRunner.query(`CREATE INDEX facet_author_spellings_author_idx ON kennisbank.facet_author_spellings (author_id)`);
    // Named like contributions' columns, so the search's filters apply to it unchanged.
    await queryRunner.query(`
      CREATE TABLE kennisbank.contribution_facets (
        id uuid PRIMARY KEY REFERENCES kennisbank.contributions (id) ON DELETE CASCADE,
        congress_id uuid NOT NULL,
        theme_id uuid,
        keywords_folded text[] NOT NULL,
        keyword_ids bigint[] NOT NULL,
        author_ids bigint[] NOT NULL DEFAULT '{}'
      )`);
    // An element of keyword_ids (author_ids) is the keyword's id << 32 | its spelling's id:
    // the facets count spellings and then keywords without a lookup (a hash over integers).
    // Sorted, so concurrent writers take the dictionary's row locks in one order.
    await queryRunner.query(`
      CREATE FUNCTION kennisbank.facet_keyword_ids(keywords text[]) RETURNS bigint[] LANGUAGE sql STABLE
      AS $$ SELECT coalesce(array_agg(f.keyword_id::bigint << 32 | f.id ORDER BY d.position), '{}')
              FROM (SELECT DISTINCT ON (lower(k)) k, position FROM unnest(keywords) WITH ORDINALITY AS u (k, position) ORDER BY lower(k), position) d
              JOIN kennisbank.facet_keyword_spellings f ON f.value = d.k $$`);
    await queryRunner.query(`
      CREATE FUNCTION kennisbank.facet_author_ids(contribution uuid) RETURNS bigint[] LANGUAGE sql STABLE
      AS $$ SELECT coalesce(array_agg(f.author_id::bigint << 32 | f.id ORDER BY d.position), '{}')
              FROM (SELECT DISTINCT ON (lower(a.name)) a.name, a.position FROM kennisbank.contribution_authors a
                     WHERE a.contribution_id = contribution ORDER BY lower(a.name), a.position) d
              JOIN kennisbank.facet_author_spellings f ON f.name = d.name $$`);
    await queryRunner.query(`
      CREATE FUNCTION kennisbank.contribution_facets_written() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO kennisbank.facet_keywords (folded)
          SELECT DISTINCT lower(k) FROM changed, unnest(changed.keywords) AS k ORDER BY 1 ON CONFLICT (folded) DO NOTHING;
        INSERT INTO kennisbank.facet_keyword_spellings (value, keyword_id)
          SELECT DISTINCT k, f.id FROM changed, unnest(changed.keywords) AS k JOIN kennisbank.facet_keywords f ON f.folded = lower(k)
           ORDER BY k ON CONFLICT (value) DO NOTHING;
        IF TG_OP = 'INSERT' THEN
          INSERT INTO kennisbank.contribution_facets (id, congress_id, theme_id, keywords_folded, keyword_ids)
            SELECT c.id, c.congress_id, c.theme_id, c.keywords_folded, kennisbank.facet_keyword_ids(c.keywords) FROM changed c;
        ELSE
          UPDATE kennisbank.contribution_facets f
             SET congress_id = c.congress_id, theme_id = c.theme_id, keywords_folded = c.keywords_folded, keyword_ids = kennisbank.facet_keyword_ids(c.keywords)
            FROM changed c WHERE f.id = c.id;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION kennisbank.contribution_facets_authors_written() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          UPDATE kennisbank.contribution_facets f SET author_ids = kennisbank.facet_author_ids(f.id)
           WHERE f.id IN (SELECT contribution_id FROM removed);
        ELSE
          INSERT INTO kennisbank.facet_authors (folded)
            SELECT DISTINCT lower(name) FROM changed ORDER BY 1 ON CONFLICT (folded) DO NOTHING;
          INSERT INTO kennisbank.facet_author_spellings (name, author_id)
            SELECT DISTINCT c.name, f.id FROM changed c JOIN kennisbank.facet_authors f ON f.folded = lower(c.name)
             ORDER BY c.name ON CONFLICT (name) DO NOTHING;
          UPDATE kennisbank.contribution_facets f SET author_ids = kennisbank.facet_author_ids(f.id)
           WHERE f.id IN (SELECT contribution_id FROM changed);
        END IF;
        RETURN NULL;
      END $$`);
    for (const event of ['INSERT', 'UPDATE']) {
      await queryRunner.query(
        `CREATE TRIGGER contribution_facets_${event.toLowerCase()} AFTER ${event} ON kennisbank.contributions
         REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kennisbank.contribution_facets_written()`,
      );
      // An author's account being linked (user_id) changes no facet, but a statement
      // trigger cannot name columns; recounting a contribution's few names is cheap.
      await queryRunner.query(
        `CREATE TRIGGER contribution_facets_authors_${event.toLowerCase()} AFTER ${event} ON kennisbank.contribution_authors
         REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kennisbank.contribution_facets_authors_written()`,
      );
    }
    await queryRunner.query(
      `CREATE TRIGGER contribution_facets_authors_delete AFTER DELETE ON kennisbank.contribution_authors
       REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION kennisbank.contribution_facets_authors_written()`,
    );

    await queryRunner.query(`INSERT INTO kennisbank.facet_keywords (folded) SELECT DISTINCT lower(k) FROM kennisbank.contributions, unnest(keywords) AS k`);
    await queryRunner.query(
      `INSERT INTO kennisbank.facet_keyword_spellings (value, keyword_id)
       SELECT DISTINCT k, f.id FROM kennisbank.contributions, unnest(keywords) AS k JOIN kennisbank.facet_keywords f ON f.folded = lower(k)`,
    );
    await queryRunner.query(`INSERT INTO kennisbank.facet_authors (folded) SELECT DISTINCT lower(name) FROM kennisbank.contribution_authors`);
    await queryRunner.query(
      `INSERT INTO kennisbank.facet_author_spellings (name, author_id)
       SELECT DISTINCT a.name, f.id FROM kennisbank.contribution_authors a JOIN kennisbank.facet_authors f ON f.folded = lower(a.name)`,
    );
    await queryRunner.query(`
      INSERT INTO kennisbank.contribution_facets (id, congress_id, theme_id, keywords_folded, keyword_ids, author_ids)
      SELECT c.id, c.congress_id, c.theme_id, c.keywords_folded, kennisbank.facet_keyword_ids(c.keywords), coalesce(a.ids, '{}')
        FROM kennisbank.contributions c
        LEFT JOIN (SELECT d.contribution_id, array_agg(f.author_id::bigint << 32 | f.id ORDER BY d.position) AS ids
                     FROM (SELECT DISTINCT ON (contribution_id, lower(name)) contribution_id, name, position FROM kennisbank.contribution_authors
                            ORDER BY contribution_id, lower(name), position) d
                     JOIN kennisbank.facet_author_spellings f ON f.name = d.name GROUP BY d.contribution_id) a ON a.contribution_id = c.id`);
    // The facets join the matches to this table: a hash join for a common word's tens of
    // thousands, which the planner only picks when it does not expect a few (1000, the default).
    await queryRunner.query(`ALTER FUNCTION kennisbank.contributions_matching(tsquery) ROWS 10000`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER FUNCTION kennisbank.contributions_matching(tsquery) ROWS 1000`);
    await queryRunner.query(`DROP TRIGGER contribution_facets_insert ON kennisbank.contributions`);
    await queryRunner.query(`DROP TRIGGER contribution_facets_update ON kennisbank.contributions`);
    for (const event of ['insert', 'update', 'delete']) {
      await queryRunner.query(`DROP TRIGGER contribution_facets_authors_${event} ON kennisbank.contribution_authors`);
    }
    await queryRunner.query(`DROP FUNCTION kennisbank.contribution_facets_written(), kennisbank.contribution_facets_authors_written()`);
    await queryRunner.query(`DROP FUNCTION kennisbank.facet_keyword_ids(text[]), kennisbank.facet_author_ids(uuid)`);
    await queryRunner.query(`DROP TABLE kennisbank.contribution_facets, kennisbank.facet_keyword_spellings, kennisbank.facet_keywords, kennisbank.facet_author_spellings, kennisbank.facet_authors`);
  }
}
