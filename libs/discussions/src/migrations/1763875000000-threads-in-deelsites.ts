import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A deelsite's news is not in a group: the comments on it are a thread of the deelsite. */
export class ThreadsInDeelsites1763875000000 implements MigrationInterface {
  name = 'ThreadsInDeelsites1763875000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE threads ALTER COLUMN group_id DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE threads ADD COLUMN site_id uuid REFERENCES deelsites (id) ON DELETE CASCADE`);
    await queryRunner.query(`ALTER TABLE threads ADD CONSTRAINT threads_one_place CHECK ((group_id IS NULL) <> (site_id IS NULL))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM threads WHERE site_id IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE threads DROP COLUMN site_id`);
    await queryRunner.query(`ALTER TABLE threads ALTER COLUMN group_id SET NOT NULL`);
  }
}
