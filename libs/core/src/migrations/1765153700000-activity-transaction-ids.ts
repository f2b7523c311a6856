import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each activity carries the id of the transaction that wrote it, so that a consumer can
 * tell committed activities from those still in flight by a snapshot (a commit-safe
 * watermark) rather than by a time margin. Existing rows get this migration's id: they
 * are all committed, and visible in every snapshot taken after it.
 */
export class ActivityTransactionIds1765153700000 implements MigrationInterface {
  name = 'ActivityTransactionIds1765153700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE activities ADD COLUMN xact_id xid8 NOT NULL DEFAULT pg_current_xact_id()`);
    // A digest reads a user's groups' activity between two snapshots: a range of transaction ids per group.
    await queryRunner.query(`CREATE INDEX activities_group_xact_idx ON activities (group_id, xact_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX activities_group_xact_idx`);
    await queryRunner.query(`ALTER TABLE activities DROP COLUMN xact_id`);
  }
}
