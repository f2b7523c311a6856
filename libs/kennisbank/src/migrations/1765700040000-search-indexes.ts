import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A search ranks only the contributions whose rank vector holds one of its words (see
 * ContributionsRepository.bestMatches): this index finds them without reading the rest.
 * Its facets read the ids of its matches from the search index alone.
 */
export class SearchIndexes1765700040000 implements MigrationInterface {
  name = 'SearchIndexes1765700040000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Without a pending list (fastupdate): after a bulk import every search would read that
    // unsorted list through until autovacuum merges it.
    await queryRunner.query(`CREATE INDEX contributions_rank_idx ON kennisbank.contributions USING gin (rank_vector) WITH (fastupdate = off)`);
    // The ids of a search's matches, found through the GIN index: the planner does not count
    // that a sequential scan decompresses every search vector (some 10 KB each, out of line),
    // picks one for a common word, and the facets of a search take several times as long.
    // The SET makes the function opaque to the planner, so it always plans the index.
    await queryRunner.query(
      `CREATE FUNCTION kennisbank.contributions_matching(tsquery) RETURNS SETOF uuid LANGUAGE sql STABLE PARALLEL SAFE
       SET enable_seqscan = off
       AS $$ SELECT id FROM kennisbank.contributions WHERE search_vector @@ $1 $$`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION kennisbank.contributions_matching(tsquery)`);
    await queryRunner.query(`DROP INDEX kennisbank.contributions_rank_idx`);
  }
}
