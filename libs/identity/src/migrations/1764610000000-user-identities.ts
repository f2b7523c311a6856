import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Institution sign-in (OpenID Connect): the identities of an issuer linked to an account.
 * One identity (issuer + subject) belongs to one account; an account may have several.
 */
export class UserIdentities1764610000000 implements MigrationInterface {
  name = 'UserIdentities1764610000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE user_identities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        issuer text NOT NULL,
        subject varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT user_identities_issuer_subject_key UNIQUE (issuer, subject)
      )`);
    await queryRunner.query(`CREATE INDEX user_identities_user_id_idx ON user_identities (user_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE user_identities`);
  }
}
