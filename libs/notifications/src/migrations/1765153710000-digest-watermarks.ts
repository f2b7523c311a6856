import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exact digest windows. A reader's watermark is the snapshot their last digest was made
 * with: the next digest tells the activities visible in its own snapshot and not in that
 * one, so each activity is told once however long its transaction ran. A delivery keeps
 * the window it claimed, so that its retries tell the same activities.
 */
export class DigestWatermarks1765153710000 implements MigrationInterface {
  name = 'DigestWatermarks1765153710000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE digest_watermarks (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        -- null until the reader's first digest by snapshot: that one starts from a time
        snapshot pg_snapshot,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      ALTER TABLE digest_deliveries
        ADD COLUMN window_after pg_snapshot,
        ADD COLUMN window_since timestamptz,
        ADD COLUMN window_up_to pg_snapshot`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE digest_deliveries DROP COLUMN window_after, DROP COLUMN window_since, DROP COLUMN window_up_to`);
    await queryRunner.query(`DROP TABLE digest_watermarks`);
  }
}
