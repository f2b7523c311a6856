import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Waiting for a site admin: someone who accepted an invitation to a group of a closed
 * deelsite from an inviter who is not its admin. One per person and site; the group and
 * invitation it came from say what the approval grants.
 */
export class DeelsiteRequests1765400000000 implements MigrationInterface {
  name = 'DeelsiteRequests1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE deelsite_requests (
        site_id uuid NOT NULL REFERENCES deelsites (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        group_id uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        invite_id uuid REFERENCES group_invites (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (site_id, user_id)
      )`);
    await queryRunner.query(`CREATE INDEX deelsite_requests_user_idx ON deelsite_requests (user_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE deelsite_requests`);
  }
}
