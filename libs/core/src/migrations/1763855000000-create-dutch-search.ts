import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The full-text search configuration every lib searches with (the kennisbank, files):
 * Dutch stemming after unaccent, so creeren finds creëren. A configuration, not a call to
 * unaccent(): unaccent() is not immutable, and generated search columns need immutable
 * expressions.
 */
export class CreateDutchSearch1763855000000 implements MigrationInterface {
  name = 'CreateDutchSearch1763855000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await queryRunner.query(`CREATE TEXT SEARCH CONFIGURATION kennisplein_dutch (COPY = pg_catalog.dutch)`);
    await queryRunner.query(
      `ALTER TEXT SEARCH CONFIGURATION kennisplein_dutch ALTER MAPPING FOR hword, hword_part, word WITH unaccent, dutch_stem`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TEXT SEARCH CONFIGURATION kennisplein_dutch`);
  }
}
