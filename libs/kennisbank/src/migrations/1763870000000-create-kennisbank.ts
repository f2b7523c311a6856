import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateKennisbank1763870000000 implements MigrationInterface {
  name = 'CreateKennisbank1763870000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // kennisplein_dutch (core's migration): Dutch stemming after unaccent.
    // array_to_string and lower() over an array are not marked immutable for every array
    // type; over text[] they are, which these wrappers state so generated columns may use them.
    await queryRunner.query(
      `CREATE FUNCTION kennisbank_keywords_text(text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT array_to_string($1, ' ') $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION kennisbank_keywords_folded(text[]) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT coalesce(array_agg(lower(keyword)), '{}') FROM unnest($1) AS keyword $$`,
    );

    await queryRunner.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX organizations_name_key ON organizations (lower(name))`);
    await queryRunner.query(`
      CREATE TABLE congresses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug varchar(63) NOT NULL UNIQUE,
        name varchar(200) NOT NULL,
        year integer NOT NULL CHECK (year BETWEEN 1900 AND 2200),
        held_on date,
        organizer_id uuid REFERENCES organizations (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE themes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug varchar(120) NOT NULL UNIQUE,
        name varchar(200) NOT NULL,
        group_id uuid NOT NULL UNIQUE REFERENCES groups (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX themes_name_key ON themes (lower(name))`);

    // The body is indexed up to 200,000 characters: a tsvector holds at most 1 MB.
    await queryRunner.query(`
      CREATE TABLE contributions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        congress_id uuid NOT NULL REFERENCES congresses (id),
        theme_id uuid REFERENCES themes (id),
        title varchar(500) NOT NULL,
        abstract text NOT NULL DEFAULT '',
        body text NOT NULL,
        keywords text[] NOT NULL DEFAULT '{}',
        keywords_folded text[] GENERATED ALWAYS AS (kennisbank_keywords_folded(keywords)) STORED,
        language varchar(2) NOT NULL CHECK (language IN ('nl', 'en')),
        source_name varchar(255),
        source_type varchar(20) NOT NULL CHECK (source_type IN ('text', 'markdown', 'pdf', 'api')),
        content_hash char(64) NOT NULL,
        -- The workspace is made with the contribution; kept here so lists need no lookup per row.
        workspace_group_id uuid NOT NULL UNIQUE REFERENCES groups (id),
        feedback_thread_id uuid NOT NULL UNIQUE REFERENCES threads (id),
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('kennisplein_dutch', title), 'A')
          || setweight(to_tsvector('kennisplein_dutch', kennisbank_keywords_text(keywords)), 'B')
          || setweight(to_tsvector('kennisplein_dutch', abstract), 'C')
          || setweight(to_tsvector('kennisplein_dutch', left(body, 200000)), 'D')
        ) STORED,
        -- Ranking reads the vector of every match. Without the body it is small enough to
        -- stay in the row (no TOAST), which makes ranking a common word over 50,000
        -- contributions several times cheaper; a match in the body alone ranks last.
        rank_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('kennisplein_dutch', title), 'A')
          || setweight(to_tsvector('kennisplein_dutch', kennisbank_keywords_text(keywords)), 'B')
          || setweight(to_tsvector('kennisplein_dutch', abstract), 'C')
        ) STORED,
        UNIQUE (congress_id, source_name)
      )`);
    await queryRunner.query(`CREATE INDEX contributions_search_idx ON contributions USING gin (search_vector)`);
    await queryRunner.query(`CREATE INDEX contributions_keywords_idx ON contributions USING gin (keywords_folded)`);
    // Re-import finds a document by its hash when its file was renamed.
    await queryRunner.query(`CREATE INDEX contributions_hash_idx ON contributions (congress_id, content_hash)`);
    await queryRunner.query(`CREATE INDEX contributions_recent_idx ON contributions (created_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX contributions_theme_idx ON contributions (theme_id)`);

    await queryRunner.query(`
      CREATE TABLE contribution_authors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contribution_id uuid NOT NULL REFERENCES contributions (id) ON DELETE CASCADE,
        position smallint NOT NULL,
        name varchar(200) NOT NULL,
        affiliation varchar(200),
        email varchar(320),
        user_id uuid REFERENCES users (id),
        UNIQUE (contribution_id, position)
      )`);
    await queryRunner.query(
      `CREATE INDEX contribution_authors_unlinked_email_idx ON contribution_authors (lower(email)) WHERE user_id IS NULL AND email IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX contribution_authors_user_idx ON contribution_authors (user_id)`);
    // ?author= matches part of a name with ILIKE, which only a trigram index serves.
    await queryRunner.query(`CREATE INDEX contribution_authors_name_trgm_idx ON contribution_authors USING gin (name gin_trgm_ops)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE contribution_authors, contributions, themes, congresses, organizations`);
    await queryRunner.query(`DROP FUNCTION kennisbank_keywords_text(text[]), kennisbank_keywords_folded(text[])`);
  }
}
