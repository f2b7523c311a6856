import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDigests1763891000000 implements MigrationInterface {
  name = 'CreateDigests1763891000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // One row per reader and period: the claim that makes a second digest for a period impossible.
    await queryRunner.query(`
      CREATE TABLE digest_deliveries (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        period varchar(10) NOT NULL,
        frequency varchar(10) NOT NULL CHECK (frequency IN ('weekly', 'daily')),
        status varchar(10) NOT NULL CHECK (status IN ('sending', 'sent', 'empty', 'failed')),
        items integer NOT NULL DEFAULT 0,
        sent_at timestamptz,
        -- while a job is sending: who holds it is the job that claimed it last, until the lease lapses
        claimed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, period)
      )`);
    await queryRunner.query(`CREATE INDEX digest_deliveries_period_idx ON digest_deliveries (period, status)`);
    await queryRunner.query(`
      CREATE TABLE digest_runs (
        period varchar(10) PRIMARY KEY,
        frequency varchar(10) NOT NULL,
        enqueued integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The last hour the hourly run served: a run after an outage also serves the hours it missed.
    await queryRunner.query(`CREATE TABLE digest_clock (id boolean PRIMARY KEY DEFAULT true CHECK (id), last_hour timestamptz NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE digest_clock, digest_runs, digest_deliveries`);
  }
}
