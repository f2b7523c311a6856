import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateContent1763880000000 implements MigrationInterface {
  name = 'CreateContent1763880000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE blog_posts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        group_id uuid REFERENCES groups (id) ON DELETE CASCADE,
        site_id uuid REFERENCES deelsites (id) ON DELETE CASCADE,
        author_id uuid REFERENCES users (id),
        title varchar(300) NOT NULL,
        body text NOT NULL,
        html text NOT NULL,
        status varchar(10) NOT NULL CHECK (status IN ('draft', 'published')),
        published_at timestamptz,
        comment_thread_id uuid REFERENCES threads (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((group_id IS NULL) <> (site_id IS NULL))
      )`);
    // Lists: a group's or deelsite's posts, newest first (drafts by their creation).
    await queryRunner.query(`CREATE INDEX blog_posts_group_idx ON blog_posts (group_id, created_at DESC, id DESC) WHERE group_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX blog_posts_site_idx ON blog_posts (site_id, created_at DESC, id DESC) WHERE site_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX blog_posts_author_idx ON blog_posts (author_id)`);

    await queryRunner.query(`
      CREATE TABLE files (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        group_id uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        folder varchar(1000) NOT NULL DEFAULT '',
        name varchar(255) NOT NULL,
        version integer NOT NULL,
        uploader_id uuid REFERENCES users (id),
        mime varchar(255) NOT NULL,
        size bigint NOT NULL,
        sha256 char(64) NOT NULL,
        storage_key varchar(300) NOT NULL,
        text_status varchar(10) NOT NULL DEFAULT 'none' CHECK (text_status IN ('none', 'pending', 'done', 'failed')),
        extracted_text text,
        created_at timestamptz NOT NULL DEFAULT now(),
        search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('kennisplein_dutch', name), 'A')
          || setweight(to_tsvector('kennisplein_dutch', left(coalesce(extracted_text, ''), 200000)), 'D')
        ) STORED,
        UNIQUE (group_id, folder, name, version)
      )`);
    await queryRunner.query(`CREATE INDEX files_folder_idx ON files (group_id, folder, name, version DESC)`);
    await queryRunner.query(`CREATE INDEX files_search_idx ON files USING gin (search_vector)`);
    await queryRunner.query(`CREATE INDEX files_uploader_idx ON files (uploader_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE files, blog_posts`);
  }
}
