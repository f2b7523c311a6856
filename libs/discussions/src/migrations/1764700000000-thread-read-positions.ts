import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read positions: the highest seq a user marked read in a thread. A row per user and
 * thread they read; none means nothing read yet (0).
 */
export class ThreadReadPositions1764700000000 implements MigrationInterface {
  name = 'ThreadReadPositions1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE thread_reads (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        thread_id uuid NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
        last_read_seq integer NOT NULL CHECK (last_read_seq >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, thread_id)
      )`);
    // A deleted thread (a blog post's comments) takes its read positions with it.
    await queryRunner.query(`CREATE INDEX thread_reads_thread_idx ON thread_reads (thread_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE thread_reads`);
  }
}
