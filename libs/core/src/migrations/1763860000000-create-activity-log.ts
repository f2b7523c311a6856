import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateActivityLog1763860000000 implements MigrationInterface {
  name = 'CreateActivityLog1763860000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // No foreign keys: core knows no other lib's tables, and the log outlives what it tells of.
    await queryRunner.query(`
      CREATE TABLE activities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        occurred_at timestamptz NOT NULL DEFAULT now(),
        verb varchar(50) NOT NULL,
        actor_id uuid,
        group_id uuid,
        site_id uuid,
        object_type varchar(30) NOT NULL,
        object_id uuid NOT NULL,
        recipient_ids uuid[] NOT NULL DEFAULT '{}',
        snapshot jsonb NOT NULL DEFAULT '{}',
        -- set when a consumer (notifications) has taken it: the log is also an outbox
        dispatched_at timestamptz
      )`);
    // A digest reads a user's groups' activity since a time; fan-out and export read by object and actor.
    await queryRunner.query(`CREATE INDEX activities_group_time_idx ON activities (group_id, occurred_at)`);
    await queryRunner.query(`CREATE INDEX activities_object_idx ON activities (object_type, object_id)`);
    await queryRunner.query(`CREATE INDEX activities_actor_idx ON activities (actor_id)`);
    // Activities addressed to someone (feedback to authors, invitations) are found by their reader.
    await queryRunner.query(`CREATE INDEX activities_recipients_idx ON activities USING gin (recipient_ids)`);
    await queryRunner.query(`CREATE INDEX activities_undispatched_idx ON activities (occurred_at) WHERE dispatched_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE activities`);
  }
}
