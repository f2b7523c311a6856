import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDiscussions1763850000000 implements MigrationInterface {
  name = 'CreateDiscussions1763850000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE threads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        group_id uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        title varchar(200) NOT NULL,
        kind varchar(12) NOT NULL CHECK (kind IN ('discussion', 'feedback', 'comments')),
        subject_type varchar(20) CHECK (subject_type IN ('contribution', 'blog_post')),
        subject_id uuid,
        created_by uuid REFERENCES users (id),
        last_seq integer NOT NULL DEFAULT 0,
        last_message_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((subject_type IS NULL) = (subject_id IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX threads_group_activity_idx ON threads (group_id, last_message_at DESC, id DESC)`);
    // One feedback thread per contribution, one comment thread per blog post.
    await queryRunner.query(`CREATE UNIQUE INDEX threads_subject_key ON threads (subject_type, subject_id, kind) WHERE subject_id IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        thread_id uuid NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        author_id uuid REFERENCES users (id),
        parent_id uuid REFERENCES messages (id),
        body text NOT NULL,
        html text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_at timestamptz,
        deleted_at timestamptz,
        UNIQUE (thread_id, seq)
      )`);
    await queryRunner.query(`CREATE INDEX messages_author_idx ON messages (author_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE messages`);
    await queryRunner.query(`DROP TABLE threads`);
  }
}
