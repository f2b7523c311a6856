import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which subscription to digests a reader has: counts up each time they subscribe again
 * after unsubscribing. An unsubscribe link names the subscription it was sent for, so a
 * link from an old digest cannot end a subscription made later.
 */
export class DigestSubscription1765153720000 implements MigrationInterface {
  name = 'DigestSubscription1765153720000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users ADD COLUMN digest_subscription integer NOT NULL DEFAULT 1`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users DROP COLUMN digest_subscription`);
  }
}
