import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCommunity1763840000000 implements MigrationInterface {
  name = 'CreateCommunity1763840000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`
      CREATE TABLE deelsites (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug varchar(63) NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]{3,63}$'),
        name varchar(200) NOT NULL,
        organization varchar(200) NOT NULL,
        congress varchar(63),
        visibility varchar(10) NOT NULL CHECK (visibility IN ('public', 'members')),
        membership varchar(10) NOT NULL CHECK (membership IN ('open', 'request', 'invite')),
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX deelsites_congress_idx ON deelsites (congress)`);
    await queryRunner.query(`
      CREATE TABLE deelsite_members (
        site_id uuid NOT NULL REFERENCES deelsites (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role varchar(10) NOT NULL CHECK (role IN ('admin', 'member')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (site_id, user_id)
      )`);
    await queryRunner.query(`CREATE INDEX deelsite_members_user_idx ON deelsite_members (user_id)`);
    await queryRunner.query(`
      CREATE TABLE groups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        site_id uuid REFERENCES deelsites (id) ON DELETE CASCADE,
        parent_id uuid REFERENCES groups (id) ON DELETE SET NULL,
        contribution_id uuid UNIQUE,
        name varchar(200) NOT NULL,
        description text NOT NULL DEFAULT '',
        visibility varchar(10) NOT NULL CHECK (visibility IN ('public', 'site', 'members')),
        membership varchar(10) NOT NULL CHECK (membership IN ('open', 'request', 'invite')),
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX groups_site_name_idx ON groups (site_id, name, id)`);
    await queryRunner.query(`CREATE INDEX groups_parent_idx ON groups (parent_id)`);
    // ?q= searches names with ILIKE '%…%', which only a trigram index can serve.
    await queryRunner.query(`CREATE INDEX groups_name_trgm_idx ON groups USING gin (name gin_trgm_ops)`);
    await queryRunner.query(`
      CREATE TABLE group_members (
        group_id uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role varchar(10) NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, user_id)
      )`);
    await queryRunner.query(`CREATE INDEX group_members_user_idx ON group_members (user_id)`);
    await queryRunner.query(`
      CREATE TABLE group_requests (
        group_id uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, user_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE group_invites (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        group_id uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        email varchar(254) NOT NULL,
        token_hash varchar(64) NOT NULL UNIQUE,
        invited_by uuid REFERENCES users (id),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX group_invites_group_idx ON group_invites (group_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['group_invites', 'group_requests', 'group_members', 'groups', 'deelsite_members', 'deelsites']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
