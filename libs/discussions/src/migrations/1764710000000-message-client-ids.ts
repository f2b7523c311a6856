import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotent posting: the id a client gives a message it sends. The same author and
 * client id are one message, however often (or however concurrently) it is sent.
 */
export class MessageClientIds1764710000000 implements MigrationInterface {
  name = 'MessageClientIds1764710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE messages ADD COLUMN client_id uuid`);
    await queryRunner.query(`CREATE UNIQUE INDEX messages_author_client_key ON messages (author_id, client_id) WHERE client_id IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX messages_author_client_key`);
    await queryRunner.query(`ALTER TABLE messages DROP COLUMN client_id`);
  }
}
