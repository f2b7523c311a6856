import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A search ranks only the contributions whose rank vector holds one of its words (see
 * ContributionsRepository.bestMatches): this index finds them without reading the rest.
 */
export class SearchIndexes1765700040000 implements MigrationInterface {
  name = 'SearchIndexes1765700040000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX contributions_rank_idx ON kennisbank.contributions USING gin (rank_vector)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX kennisbank.contributions_rank_idx`);
  }
}
