import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A deelsite's own look: a description, two colours, a logo (small: its bytes live here). */
export class DeelsiteBranding1764800000000 implements MigrationInterface {
  name = 'DeelsiteBranding1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE deelsites
        ADD COLUMN description varchar(2000),
        ADD COLUMN primary_color char(7) CHECK (primary_color ~ '^#[0-9a-f]{6}$'),
        ADD COLUMN accent_color char(7) CHECK (accent_color ~ '^#[0-9a-f]{6}$'),
        ADD COLUMN logo_alt varchar(300)`);
    // Apart from deelsites, so listing sites never reads the bytes.
    await queryRunner.query(`
      CREATE TABLE deelsite_logos (
        site_id uuid PRIMARY KEY REFERENCES deelsites (id) ON DELETE CASCADE,
        content_type varchar(40) NOT NULL,
        bytes bytea NOT NULL,
        sha256 char(64) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE deelsite_logos`);
    await queryRunner.query(`
      ALTER TABLE deelsites DROP COLUMN description, DROP COLUMN primary_color, DROP COLUMN accent_color, DROP COLUMN logo_alt`);
  }
}
