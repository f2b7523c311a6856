import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts for people: a verified email (only a verified account is linked as an author),
 * an address waiting for its verification, and the single-use tokens of mails (stored as
 * a sha256 of their secret). Admins of before are taken as verified: an operator made them.
 */
export class VerifiedAccounts1764600000000 implements MigrationInterface {
  name = 'VerifiedAccounts1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users ADD COLUMN email_verified_at timestamptz, ADD COLUMN pending_email varchar(254)`);
    await queryRunner.query(`UPDATE users SET email_verified_at = created_at WHERE is_admin AND deleted_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE account_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        purpose varchar(20) NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
        email varchar(254) NOT NULL,
        token_hash varchar(64) NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX account_tokens_user_purpose_idx ON account_tokens (user_id, purpose)`);
    await queryRunner.query(`CREATE INDEX account_tokens_expires_at_idx ON account_tokens (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE account_tokens`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN pending_email, DROP COLUMN email_verified_at`);
  }
}
