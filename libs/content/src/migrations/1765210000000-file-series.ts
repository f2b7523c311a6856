import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A file's versions are a series of their own, no longer every upload of a name in a
 * folder: another member's upload with the same name is a file of its own (only the
 * uploader and group admins add versions). Existing versions keep their series: the id
 * of version 1 of their name.
 */
export class FileSeries1765210000000 implements MigrationInterface {
  name = 'FileSeries1765210000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE files ADD COLUMN series_id uuid`);
    await queryRunner.query(`
      UPDATE files f SET series_id = first.id
        FROM (SELECT DISTINCT ON (group_id, folder, name) id, group_id, folder, name
                FROM files ORDER BY group_id, folder, name, version) first
       WHERE first.group_id = f.group_id AND first.folder = f.folder AND first.name = f.name`);
    await queryRunner.query(`ALTER TABLE files ALTER COLUMN series_id SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE files DROP CONSTRAINT files_group_id_folder_name_version_key`);
    await queryRunner.query(`ALTER TABLE files ADD CONSTRAINT files_series_version_key UNIQUE (series_id, version)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE files DROP CONSTRAINT files_series_version_key`);
    await queryRunner.query(`ALTER TABLE files DROP COLUMN series_id`);
    await queryRunner.query(`ALTER TABLE files ADD CONSTRAINT files_group_id_folder_name_version_key UNIQUE (group_id, folder, name, version)`);
  }
}
