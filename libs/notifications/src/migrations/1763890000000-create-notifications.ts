import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNotifications1763890000000 implements MigrationInterface {
  name = 'CreateNotifications1763890000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        -- a fan-out that runs twice (a retried job) notifies once
        UNIQUE (user_id, activity_id)
      )`);
    await queryRunner.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX notifications_unread_idx ON notifications (user_id, created_at DESC, id DESC) WHERE read_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE group_mutes (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        group_id uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, group_id)
      )`);
    await queryRunner.query(`CREATE INDEX group_mutes_group_idx ON group_mutes (group_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE group_mutes, notifications`);
  }
}
