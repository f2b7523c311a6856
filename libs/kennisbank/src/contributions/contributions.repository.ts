import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { escapeLike, HEADLINE_MARK_END, HEADLINE_MARK_START, type Page, SqlParams, toHighlightHtml, toPage } from '@kennisplein/core';
import type { Language, SourceType } from './contribution.js';
import type { AuthorDto, ContributionDto, ContributionSummaryDto, SearchFacetsDto } from './dto/contribution.dto.js';

interface ContributionRow {
  id: string;
  title: string;
  abstract: string;
  keywords: string[];
  language: Language;
  created_at: Date;
  updated_at: Date;
  created_key: string;
  workspace_group_id: string;
  feedback_thread_id: string;
  congress: string;
  congress_name: string;
  year: number;
  theme: string | null;
  theme_slug: string | null;
  rank_key?: string;
}

interface ContributionDetailRow extends ContributionRow {
  body: string;
  source_name: string | null;
}

interface AuthorRow {
  contribution_id: string;
  id: string;
  name: string;
  affiliation: string | null;
  user_id: string | null;
}

/** What feedback needs of a contribution: its workspace, its feedback thread, the authors with accounts. */
export interface WorkspaceFacts {
  title: string;
  groupId: string;
  feedbackThreadId: string;
  authorUserIds: string[];
}

/** The values of each search filter (trimmed, none empty): any value of a filter matches, all filters together. */
export type ContributionFilters = Record<FacetName, string[]>;

/** A search: the prefix query over the whole search vector, and the one over the abstract's weight (for the highlight). */
export interface ContributionSearchTerms {
  tsquery: string;
  abstractQuery: string;
}

/** A stored contribution as a re-import of its file finds it. */
export interface StoredSource {
  id: string;
  contentHash: string;
  workspaceGroupId: string;
}

/** A contribution's own columns as an import or an admin states them. */
export interface ContributionFields {
  themeId: string | null;
  title: string;
  abstract: string;
  body: string;
  keywords: string[];
  language: Language;
  sourceType: SourceType;
  contentHash: string;
}

export interface NewContribution extends ContributionFields {
  id: string;
  congressId: string;
  sourceName: string | null;
  workspaceGroupId: string;
  feedbackThreadId: string;
  createdBy: string | null;
}

const HEADLINE_OPTIONS = `StartSel=${HEADLINE_MARK_START}, StopSel=${HEADLINE_MARK_END}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`;

const SUMMARY_COLUMNS = `c.id, c.title, c.abstract, c.keywords, c.language, c.created_at, c.updated_at, c.created_at::text AS created_key,
  c.workspace_group_id, c.feedback_thread_id, cg.slug AS congress, cg.name AS congress_name, cg.year,
  t.name AS theme, t.slug AS theme_slug`;
const FROM = `contributions c JOIN congresses cg ON cg.id = c.congress_id LEFT JOIN themes t ON t.id = c.theme_id`;

/** The filters of a search, each a facet; the keyword and author facets show this many values at most. */
const FACETS = ['congress', 'theme', 'keyword', 'author'] as const;
export type FacetName = (typeof FACETS)[number];
const FACET_SIZE = 20;

/** The SQL of contributions: reading one, a page, a search with its facets; storing and updating them. */
@Injectable()
export class ContributionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findById(id: string): Promise<ContributionDto | null> {
    const [row] = await this.dataSource.query<ContributionDetailRow[]>(
      `SELECT ${SUMMARY_COLUMNS}, c.body, c.source_name FROM ${FROM} WHERE c.id = $1`,
      [id],
    );
    if (!row) return null;
    const authors = await this.authorsOf([id]);
    return { ...toSummary(row, authors.get(id) ?? []), body: row.body, sourceName: row.source_name };
  }

  async findWorkspace(id: string): Promise<WorkspaceFacts | null> {
    const [row] = await this.dataSource.query<WorkspaceFacts[]>(
      `SELECT c.title, c.workspace_group_id AS "groupId", c.feedback_thread_id AS "feedbackThreadId",
              array(SELECT DISTINCT a.user_id FROM contribution_authors a WHERE a.contribution_id = c.id AND a.user_id IS NOT NULL) AS "authorUserIds"
       FROM contributions c WHERE c.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /**
   * The contributions an account is linked to as an author, newest first, at most `limit`
   * (a profile's list): one query for the rows, one for all their authors.
   */
  async byAuthorAccount(userId: string, limit: number): Promise<ContributionSummaryDto[]> {
    const rows = await this.dataSource.query<ContributionRow[]>(
      `SELECT ${SUMMARY_COLUMNS} FROM ${FROM}
       WHERE c.id IN (SELECT a.contribution_id FROM contribution_authors a WHERE a.user_id = $1)
       ORDER BY c.created_at DESC, c.id DESC
       LIMIT $2`,
      [userId, limit],
    );
    const authors = await this.authorsOf(rows.map((row) => row.id));
    return rows.map((row) => toSummary(row, authors.get(row.id) ?? []));
  }

  /**
   * The matches of the whole search vector (title A, keywords B, abstract C, body D) with
   * the filters, ranked by title, keywords and abstract (see rank_vector in the migration),
   * after the (rank, id) of the last one seen; each with a highlighted passage. Authors and
   * highlights come for the whole page in one query each, never one per row.
   *
   * Ranking every match costs some 5 µs a row: a frequent word at 50,000 contributions
   * would spend a quarter second in ts_rank alone. Yet a contribution whose rank vector
   * holds none of the query's words has one and the same rank, the floor (0 for one word,
   * 1e-20 for several: ts_rank of a vector without them); so the page is read in tiers,
   * each only while the page is not full, and the rank is computed for the first alone:
   *   1. above the floor: the rank vector holds a word (its GIN index), ranked;
   *   2. at the floor: by id, no ranking (an empty rank vector ranks 0: at a floor of 0);
   *   3. below it (an empty rank vector under a floor of 1e-20, a rank under the floor): ranked.
   * The order is the same as ORDER BY rank DESC, id over all matches.
   */
  async bestMatches(
    filters: ContributionFilters,
    search: ContributionSearchTerms,
    after: { rank: string; id: string } | null,
    limit: number,
  ): Promise<Page<ContributionSummaryDto>> {
    const rank = `ts_rank(c.rank_vector, query)`;
    const holdsAWord = `c.rank_vector @@ any_word`;
    const tiers = [
      { where: `${holdsAWord} AND ${rank} > floor_rank`, rank },
      { where: `((NOT ${holdsAWord} AND (length(c.rank_vector) > 0 OR floor_rank = 0)) OR (${holdsAWord} AND ${rank} = floor_rank))`, rank: 'floor_rank' },
      { where: `((length(c.rank_vector) = 0 AND floor_rank > 0) OR (${holdsAWord} AND ${rank} < floor_rank))`, rank },
    ];
    // One word: a rank vector holding it matches the search vector, which holds all of it.
    const oneWord = !search.tsquery.includes(' & ');
    const params = new SqlParams();
    const filterConditions: string[] = Object.values(filterSql(filters, params));
    const q = params.add(search.tsquery);
    // toPrefixQuery joins its words with " & " and they are letters and digits only.
    const anyWord = params.add(search.tsquery.split(' & ').join(' | '));
    const r = after ? params.add(after.rank) : null;
    const a = after ? params.add(after.id) : null;
    const selects = tiers.map((tier, i) => {
      const conditions = [...filterConditions, tier.where];
      if (!(oneWord && i === 0)) conditions.push(`c.search_vector @@ query`);
      if (r) conditions.push(`(${tier.rank} < ${r}::real OR (${tier.rank} = ${r}::real AND c.id > ${a}))`);
      // to_tsquery in FROM is parsed once; in WHERE it would be parsed again for every row.
      // The floor tier's matches are found through the index (OFFSET 0 keeps them apart) and
      // then sorted: walking the primary key instead would read the search vector of every
      // contribution until the page is full, all of them for a word that is rare.
      const matches = `SELECT c.id, (${tier.rank})::text AS rank_key${tier.rank === rank ? `, ${rank} AS rank` : ''}
               FROM contributions c, to_tsquery('kennisplein_dutch', ${q}) AS query, to_tsquery('kennisplein_dutch', ${anyWord}) AS any_word,
                    ts_rank('~'::tsvector, query) AS floor_rank
               WHERE ${conditions.join(' AND ')}`;
      return tier.rank === rank
        ? `(SELECT ${i} AS tier, id, rank_key FROM (${matches}) m ORDER BY rank DESC, id LIMIT ${limit + 1})`
        : `(SELECT ${i} AS tier, id, rank_key FROM (${matches} OFFSET 0) m ORDER BY id LIMIT ${limit + 1})`;
    });
    // One query, whatever the page needs: the outer LIMIT stops the Append, which reads its
    // parts one after another, once the page is full, so a later tier is not read at all.
    const found = (
      await this.searchQuery<{ tier: number; id: string; rank_key: string }[]>(
        `SELECT * FROM (${selects.join(' UNION ALL ')}) tiers LIMIT ${limit + 1}`,
        params.values,
      )
    ).sort((x, y) => x.tier - y.tier);
    const ids = found.map((row) => row.id);
    const byId = new Map(
      (await this.dataSource.query<ContributionRow[]>(`SELECT ${SUMMARY_COLUMNS} FROM ${FROM} WHERE c.id = ANY($1)`, [ids])).map((row) => [row.id, row]),
    );
    const rows = found.flatMap((row) => {
      const stored = byId.get(row.id);
      return stored ? [{ ...stored, rank_key: row.rank_key }] : [];
    });
    const page = rows.slice(0, limit);
    const [authors, highlights] = await Promise.all([
      this.authorsOf(page.map((row) => row.id)),
      this.highlights(page, search.tsquery, search.abstractQuery),
    ]);
    return toPage(
      rows,
      limit,
      (row) => [row.rank_key, row.id],
      (row) => ({ ...toSummary(row, authors.get(row.id) ?? []), highlight: highlights.get(row.id) ?? null }),
    );
  }

  /**
   * The facets and the total of a search, in one query. The matches of q (all contributions
   * without q) are read once with a flag per filter; each facet counts the matches of
   * every filter but its own, the total those of all. The page's cursor plays no part.
   */
  async facets(filters: ContributionFilters, tsquery: string | null): Promise<{ facets: SearchFacetsDto; total: number }> {
    const params = new SqlParams();
    const conditions = filterSql(filters, params);
    const flag = (facet: FacetName) => conditions[facet] ?? 'TRUE';
    const others = (facet: FacetName | null) =>
      FACETS.filter((other) => other !== facet)
        .map((other) => `m.in_${other}`)
        .join(' AND ');
    const picked = (facet: FacetName) => params.add(filters[facet]);
    // The matches come from the GIN index alone (contributions_matching, see its migration):
    // the rows are then read without their search vectors.
    const search = tsquery === null ? '' : ` WHERE c.id IN (SELECT contributions_matching(to_tsquery('kennisplein_dutch', ${params.add(tsquery)})))`;
    const [row] = await this.dataSource.query<(SearchFacetsDto & { total: number })[]>(
      `WITH matched AS MATERIALIZED (
         SELECT c.id, c.congress_id, c.theme_id, c.keywords,
                ${FACETS.map((facet) => `${flag(facet)} AS in_${facet}`).join(', ')}
           FROM contributions c${search}
       ), keyword_counts AS (
         SELECT lower(k) AS folded, mode() WITHIN GROUP (ORDER BY k) AS value, count(DISTINCT m.id)::int AS count
           FROM matched m CROSS JOIN LATERAL unnest(m.keywords) AS k
          WHERE ${others('keyword')} GROUP BY lower(k)
       ), author_counts AS (
         SELECT lower(a.name) AS folded, mode() WITHIN GROUP (ORDER BY a.name) AS name, count(DISTINCT m.id)::int AS count
           FROM matched m JOIN contribution_authors a ON a.contribution_id = m.id
          WHERE ${others('author')} GROUP BY lower(a.name)
       )
       SELECT
         (SELECT count(*) FROM matched m WHERE ${others(null)})::int AS total,
         (SELECT coalesce(json_agg(json_build_object('slug', slug, 'name', name, 'count', count) ORDER BY year DESC, name, slug), '[]')
            FROM (SELECT cg.slug, cg.name, cg.year, count(m.id)::int AS count
                    FROM congresses cg LEFT JOIN matched m ON m.congress_id = cg.id AND ${others('congress')}
                   GROUP BY cg.id HAVING count(m.id) > 0 OR cg.slug = ANY(${picked('congress')}::text[])) f) AS congress,
         (SELECT coalesce(json_agg(json_build_object('slug', slug, 'name', name, 'count', count) ORDER BY name, slug), '[]')
            FROM (SELECT t.slug, t.name, count(m.id)::int AS count
                    FROM themes t LEFT JOIN matched m ON m.theme_id = t.id AND ${others('theme')}
                   GROUP BY t.id HAVING count(m.id) > 0 OR t.slug = ANY(${picked('theme')}::text[])) f) AS theme,
         (SELECT coalesce(json_agg(json_build_object('value', value, 'count', count) ORDER BY count DESC, folded), '[]')
            FROM (SELECT value, count, folded FROM (SELECT *, row_number() OVER (ORDER BY count DESC, folded) AS nth FROM keyword_counts) r
                   WHERE nth <= ${FACET_SIZE} OR folded = ANY(kennisbank_keywords_folded(${picked('keyword')}::text[]))
                  UNION ALL
                  SELECT min(k), 0, lower(k) FROM unnest(${picked('keyword')}::text[]) AS k
                   WHERE lower(k) NOT IN (SELECT folded FROM keyword_counts) GROUP BY lower(k)) f) AS keyword,
         (SELECT coalesce(json_agg(json_build_object('name', name, 'count', count) ORDER BY count DESC, folded), '[]')
            FROM (SELECT *, row_number() OVER (ORDER BY count DESC, folded) AS nth FROM author_counts) r
           WHERE nth <= ${FACET_SIZE} OR folded IN (SELECT lower(name) FROM unnest(${picked('author')}::text[]) AS name)) AS author`,
      params.values,
    );
    const { total, ...facets } = row;
    return { total, facets };
  }

  /** The contributions with the filters, newest first, after the (created_at, id) of the last one seen. */
  async newestFirst(filters: ContributionFilters, after: { createdAt: string; id: string } | null, limit: number): Promise<Page<ContributionSummaryDto>> {
    const params = new SqlParams();
    const conditions: string[] = Object.values(filterSql(filters, params));
    if (after) {
      conditions.push(`(c.created_at, c.id) < (${params.add(after.createdAt)}::timestamptz, ${params.add(after.id)}::uuid)`);
    }
    const rows = await this.dataSource.query<ContributionRow[]>(
      `SELECT ${SUMMARY_COLUMNS} FROM ${FROM}
       ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY c.created_at DESC, c.id DESC
       LIMIT ${limit + 1}`,
      params.values,
    );
    const authors = await this.authorsOf(rows.slice(0, limit).map((row) => row.id));
    return toPage(rows, limit, (row) => [row.created_key, row.id], (row) => toSummary(row, authors.get(row.id) ?? []));
  }

  async isEmpty(): Promise<boolean> {
    const [{ empty }] = await this.dataSource.query<{ empty: boolean }[]>(`SELECT NOT EXISTS (SELECT 1 FROM contributions) AS empty`);
    return empty;
  }

  /** Until the end of the caller's transaction: concurrent stores of one document (by file name or by content hash) in a congress wait here. */
  async lockDocument(manager: EntityManager, congressId: string, key: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))`, [congressId, key]);
  }

  /**
   * The locks of many documents (a bulk import's batch), taken in the order of their lock
   * ids, so two batches that share documents wait for each other and never deadlock.
   */
  async lockDocuments(manager: EntityManager, congressId: string, keys: string[]): Promise<void> {
    await manager.query(
      `SELECT pg_advisory_xact_lock(hashtext($1), key_hash)
       FROM (SELECT DISTINCT hashtext(key) AS key_hash FROM unnest($2::text[]) AS key ORDER BY 1) AS keys`,
      [congressId, keys],
    );
  }

  /** Which of these file names a congress has already. */
  async existingSources(manager: EntityManager, congressId: string, sourceNames: string[]): Promise<Set<string>> {
    const rows = await manager.query<{ source_name: string }[]>(
      `SELECT source_name FROM contributions WHERE congress_id = $1 AND source_name = ANY($2::text[])`,
      [congressId, sourceNames],
    );
    return new Set(rows.map((row) => row.source_name));
  }

  /** A contribution of the congress for each of these hashes it has: hash → id. */
  async findIdsByHashes(manager: EntityManager, congressId: string, contentHashes: string[]): Promise<Map<string, string>> {
    const rows = await manager.query<{ content_hash: string; id: string }[]>(
      `SELECT DISTINCT ON (content_hash) content_hash, id FROM contributions WHERE congress_id = $1 AND content_hash = ANY($2::text[])`,
      [congressId, contentHashes],
    );
    return new Map(rows.map((row) => [row.content_hash, row.id]));
  }

  async findBySource(manager: EntityManager, congressId: string, sourceName: string): Promise<StoredSource | null> {
    const [row] = await manager.query<{ id: string; content_hash: string; workspace_group_id: string }[]>(
      `SELECT id, content_hash, workspace_group_id FROM contributions WHERE congress_id = $1 AND source_name = $2`,
      [congressId, sourceName],
    );
    return row ? { id: row.id, contentHash: row.content_hash, workspaceGroupId: row.workspace_group_id } : null;
  }

  async findIdByHash(manager: EntityManager, congressId: string, contentHash: string): Promise<string | null> {
    const [row] = await manager.query<{ id: string }[]>(`SELECT id FROM contributions WHERE congress_id = $1 AND content_hash = $2 LIMIT 1`, [
      congressId,
      contentHash,
    ]);
    return row?.id ?? null;
  }

  async insert(manager: EntityManager, contribution: NewContribution): Promise<void> {
    await manager.query(
      `INSERT INTO contributions (id, congress_id, theme_id, title, abstract, body, keywords, language, source_name, source_type,
                                  content_hash, workspace_group_id, feedback_thread_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        contribution.id,
        contribution.congressId,
        contribution.themeId,
        contribution.title,
        contribution.abstract,
        contribution.body,
        contribution.keywords,
        contribution.language,
        contribution.sourceName,
        contribution.sourceType,
        contribution.contentHash,
        contribution.workspaceGroupId,
        contribution.feedbackThreadId,
        contribution.createdBy,
      ],
    );
  }

  /** Many new contributions in one statement (a bulk import's batch); the search vectors are generated columns. */
  async insertMany(manager: EntityManager, contributions: NewContribution[]): Promise<void> {
    if (contributions.length === 0) return;
    const params = new SqlParams();
    const rows = contributions.map(
      (c) =>
        `(${[c.id, c.congressId, c.themeId, c.title, c.abstract, c.body, c.keywords, c.language, c.sourceName, c.sourceType, c.contentHash, c.workspaceGroupId, c.feedbackThreadId, c.createdBy]
          .map((value) => params.add(value))
          .join(', ')})`,
    );
    await manager.query(
      `INSERT INTO contributions (id, congress_id, theme_id, title, abstract, body, keywords, language, source_name, source_type,
                                  content_hash, workspace_group_id, feedback_thread_id, created_by)
       VALUES ${rows.join(', ')}`,
      params.values,
    );
  }

  async update(manager: EntityManager, id: string, fields: ContributionFields): Promise<void> {
    await manager.query(
      `UPDATE contributions SET theme_id = $2, title = $3, abstract = $4, body = $5, keywords = $6, language = $7,
                                source_type = $8, content_hash = $9, updated_at = now()
       WHERE id = $1`,
      [id, fields.themeId, fields.title, fields.abstract, fields.body, fields.keywords, fields.language, fields.sourceType, fields.contentHash],
    );
  }

  /**
   * A search's statement with sequential scans off. The planner does not count what a
   * sequential scan with `search_vector @@` costs: it decompresses every contribution's
   * search vector (some 10 KB each, out of line), which the GIN index never reads: on a
   * kennisbank of 1,500 it picks the scan and a search takes several times as long.
   */
  private searchQuery<T>(sql: string, params: unknown[]): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL enable_seqscan = off`);
      return manager.query<T>(sql, params);
    });
  }

  private async authorsOf(ids: string[]): Promise<Map<string, AuthorDto[]>> {
    const byContribution = new Map<string, AuthorDto[]>();
    if (ids.length === 0) return byContribution;
    const rows = await this.dataSource.query<AuthorRow[]>(
      `SELECT contribution_id, id, name, affiliation, user_id FROM contribution_authors
       WHERE contribution_id = ANY($1) ORDER BY contribution_id, position`,
      [ids],
    );
    for (const row of rows) {
      const list = byContribution.get(row.contribution_id) ?? [];
      list.push({ id: row.id, name: row.name, affiliation: row.affiliation, userId: row.user_id });
      byContribution.set(row.contribution_id, list);
    }
    return byContribution;
  }

  /**
   * ts_headline parses all the text it is given, which is most of a search's time: so
   * the short abstract when every word is in it (the rank vector holds it as weight C,
   * so no parsing tells), else the body's first 10,000 characters (a few pages). Only the
   * page's rows, in two halves at once: PostgreSQL parses each query on one core.
   */
  private async highlights(rows: ContributionRow[], tsquery: string, abstractQuery: string): Promise<Map<string, string>> {
    const ids = rows.map((row) => row.id);
    const halves = [ids.slice(0, Math.ceil(ids.length / 2)), ids.slice(Math.ceil(ids.length / 2))].filter((half) => half.length > 0);
    const found = await Promise.all(
      halves.map((half) =>
        this.dataSource.query<{ id: string; headline: string }[]>(
          `SELECT id, CASE WHEN rank_vector @@ to_tsquery('kennisplein_dutch', $4)
                           THEN ts_headline('kennisplein_dutch', abstract, query, $3)
                           ELSE ts_headline('kennisplein_dutch', left(body, 10000), query, $3) END AS headline
           FROM contributions, to_tsquery('kennisplein_dutch', $2) AS query WHERE id = ANY($1)`,
          [half, tsquery, HEADLINE_OPTIONS, abstractQuery],
        ),
      ),
    );
    return new Map(found.flat().map((row) => [row.id, toHighlightHtml(row.headline)]));
  }
}

/**
 * The SQL condition of each filter given, over contributions c: any of its values (OR),
 * the filters together all (AND). Slugs become ids in a subquery, so the ranking needs
 * no join; keywords match case-insensitively through the GIN index on keywords_folded;
 * an author is part of a name (the trigram index on names).
 */
function filterSql(values: ContributionFilters, params: SqlParams): Partial<Record<FacetName, string>> {
  const filters: Partial<Record<FacetName, string>> = {};
  const congresses = values.congress;
  if (congresses.length > 0) filters.congress = `c.congress_id IN (SELECT id FROM congresses WHERE slug = ANY(${params.add(congresses)}::text[]))`;
  const themes = values.theme;
  if (themes.length > 0) filters.theme = `c.theme_id IN (SELECT id FROM themes WHERE slug = ANY(${params.add(themes)}::text[]))`;
  const keywords = values.keyword;
  if (keywords.length > 0) filters.keyword = `c.keywords_folded && kennisbank_keywords_folded(${params.add(keywords)}::text[])`;
  const authors = values.author;
  if (authors.length > 0) {
    const names = authors.map((author) => `a.name ILIKE ${params.add(`%${escapeLike(author)}%`)}`).join(' OR ');
    filters.author = `c.id IN (SELECT a.contribution_id FROM contribution_authors a WHERE ${names})`;
  }
  return filters;
}

function toSummary(row: ContributionRow, authors: AuthorDto[]): ContributionSummaryDto {
  return {
    id: row.id,
    title: row.title,
    abstract: row.abstract,
    keywords: row.keywords,
    language: row.language,
    authors,
    congress: row.congress,
    congressName: row.congress_name,
    year: row.year,
    theme: row.theme,
    themeSlug: row.theme_slug,
    workspace: { groupId: row.workspace_group_id, feedbackThreadId: row.feedback_thread_id },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
