import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { DigestFrequency } from './digest-periods.js';

/** How a delivery ended: sent, or nothing to tell. */
export type DeliveryOutcome = 'sent' | 'empty';

/**
 * A reader's delivery of a period, as a claim found it: the window it recorded when an
 * earlier attempt claimed it (all null on a first claim).
 */
export interface ClaimedDelivery {
  after: string | null;
  since: Date | null;
  upTo: string | null;
}

/** A run's report of one period: how many were enqueued, and how their deliveries ended. */
export interface DigestRunReport {
  period: string;
  frequency: string;
  enqueued: number;
  sent: number;
  empty: number;
  failed: number;
}

/** A delivery as the data export lists it. */
export interface ExportedDelivery {
  period: string;
  frequency: DigestFrequency;
  status: string;
  items: number;
  sentAt: Date | null;
}

/**
 * The SQL of digests: deliveries (one row per reader and period, the claim that makes a
 * period's digest go out once), the readers' watermarks, the runs' counts and the clock
 * of the hourly run.
 */
@Injectable()
export class DigestsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async report(period: string | null): Promise<DigestRunReport[]> {
    return this.dataSource.query<DigestRunReport[]>(
      `SELECT r.period, r.frequency, r.enqueued,
              count(*) FILTER (WHERE d.status = 'sent')::int AS sent,
              count(*) FILTER (WHERE d.status = 'empty')::int AS empty,
              count(*) FILTER (WHERE d.status = 'failed')::int AS failed
       FROM digest_runs r LEFT JOIN digest_deliveries d ON d.period = r.period AND d.frequency = r.frequency
       WHERE $1::text IS NULL OR r.period = $1
       GROUP BY r.period, r.frequency, r.enqueued ORDER BY r.period DESC LIMIT 100`,
      [period],
    );
  }

  /** The last hour the hourly run served; null before its first run. */
  async lastServedHour(): Promise<Date | null> {
    const [clock] = await this.dataSource.query<{ last_hour: Date }[]>(`SELECT last_hour FROM digest_clock`);
    return clock?.last_hour ?? null;
  }

  /** The clock never goes back: a late run of an earlier hour leaves a later one standing. */
  async markHourServed(hour: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO digest_clock (id, last_hour) VALUES (true, $1)
       ON CONFLICT (id) DO UPDATE SET last_hour = greatest(digest_clock.last_hour, $1)`,
      [hour],
    );
  }

  async countEnqueued(period: string, frequency: DigestFrequency, enqueued: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO digest_runs (period, frequency, enqueued) VALUES ($1, $2, $3)
       ON CONFLICT (period) DO UPDATE SET enqueued = digest_runs.enqueued + $3, updated_at = now()`,
      [period, frequency, enqueued],
    );
  }

  /**
   * Takes these readers' deliveries of the period, each when it is new, given back by a
   * failed attempt, or held by a job whose lease lapsed; by reader, the ones taken (another
   * job has the others, or they went out). Taken in id order, so two batches that share
   * readers wait for each other rather than deadlock.
   */
  async claim(manager: EntityManager, userIds: readonly string[], period: string, frequency: DigestFrequency, leaseSeconds: number): Promise<Map<string, ClaimedDelivery>> {
    const claimed = await manager.query<(ClaimedDelivery & { userId: string })[]>(
      `INSERT INTO digest_deliveries (user_id, period, frequency, status, claimed_at)
       SELECT user_id, $2, $3, 'sending', now() FROM unnest($1::uuid[]) AS u (user_id) ORDER BY user_id
       ON CONFLICT (user_id, period) DO UPDATE SET status = 'sending', claimed_at = now()
       WHERE digest_deliveries.status IN ('sending', 'failed')
         AND (digest_deliveries.claimed_at IS NULL OR digest_deliveries.claimed_at < now() - make_interval(secs => $4))
       RETURNING user_id AS "userId", window_after::text AS after, window_since AS since, window_up_to::text AS "upTo"`,
      [[...userIds].sort(), period, frequency, leaseSeconds],
    );
    return new Map(claimed.map(({ userId, ...delivery }) => [userId, delivery]));
  }

  /** The readers' watermarks (null before their first digest by snapshot), by reader, locked until the transaction ends. */
  async lockWatermarks(manager: EntityManager, userIds: readonly string[]): Promise<Map<string, string | null>> {
    const sorted = [...userIds].sort();
    await manager.query(`INSERT INTO digest_watermarks (user_id) SELECT unnest($1::uuid[]) ORDER BY 1 ON CONFLICT (user_id) DO NOTHING`, [sorted]);
    const marks = await manager.query<{ userId: string; snapshot: string | null }[]>(
      `SELECT user_id AS "userId", snapshot::text AS snapshot FROM digest_watermarks WHERE user_id = ANY($1::uuid[]) ORDER BY user_id FOR UPDATE`,
      [sorted],
    );
    return new Map(marks.map((mark) => [mark.userId, mark.snapshot]));
  }

  /**
   * The windows these deliveries tell (kept so that their retries tell the same activities),
   * all up to one snapshot, and the readers' watermarks moved on to it.
   */
  async recordWindows(manager: EntityManager, period: string, windows: { userId: string; after: string | null; since: Date | null }[], upTo: string): Promise<void> {
    await manager.query(
      `WITH w AS (SELECT * FROM unnest($2::uuid[], $3::text[], $4::timestamptz[]) AS w (user_id, after, since)),
            deliveries AS (
              UPDATE digest_deliveries d SET window_after = w.after::pg_snapshot, window_since = w.since, window_up_to = $5::pg_snapshot
                FROM w WHERE d.user_id = w.user_id AND d.period = $1)
       UPDATE digest_watermarks m SET snapshot = $5::pg_snapshot, updated_at = now() FROM w WHERE m.user_id = w.user_id`,
      [period, windows.map((w) => w.userId), windows.map((w) => w.after), windows.map((w) => w.since), upTo],
    );
  }

  /** Of these readers, those whose delivery of the period is still being sent (by whichever job holds it). */
  async sendingAmong(userIds: readonly string[], period: string): Promise<Set<string>> {
    const rows = await this.dataSource.query<{ userId: string }[]>(
      `SELECT user_id AS "userId" FROM digest_deliveries WHERE user_id = ANY($1::uuid[]) AND period = $2 AND status = 'sending'`,
      [userIds, period],
    );
    return new Set(rows.map((row) => row.userId));
  }

  /** The claims still being sent are renewed, as a job's lock is: a long batch keeps them. */
  async renewClaims(userIds: readonly string[], period: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE digest_deliveries SET claimed_at = now() WHERE user_id = ANY($1::uuid[]) AND period = $2 AND status = 'sending' AND claimed_at IS NOT NULL`,
      [userIds, period],
    );
  }

  /** The window of a delivery still being sent, locked; null when it is not being sent. */
  async lockSending(manager: EntityManager, userId: string, period: string): Promise<{ after: string | null; upTo: string | null } | null> {
    const [sending] = await manager.query<{ after: string | null; upTo: string | null }[]>(
      `SELECT window_after::text AS after, window_up_to::text AS "upTo" FROM digest_deliveries
       WHERE user_id = $1 AND period = $2 AND status = 'sending' FOR UPDATE`,
      [userId, period],
    );
    return sending ?? null;
  }

  /** The watermark goes back from `from` to `to`, unless a later digest moved it on meanwhile. */
  async restoreWatermark(manager: EntityManager, userId: string, from: string, to: string | null): Promise<void> {
    await manager.query(`UPDATE digest_watermarks SET snapshot = $3::pg_snapshot, updated_at = now() WHERE user_id = $1 AND snapshot::text = $2`, [
      userId,
      from,
      to,
    ]);
  }

  /** A delivery being sent (or none yet) failed for good: a rerun of the period claims a fresh window. */
  async markFailed(manager: EntityManager, userId: string, period: string, frequency: DigestFrequency): Promise<void> {
    await manager.query(
      `INSERT INTO digest_deliveries (user_id, period, frequency, status) VALUES ($1, $2, $3, 'failed')
       ON CONFLICT (user_id, period) DO UPDATE SET status = 'failed', claimed_at = NULL, window_after = NULL, window_since = NULL, window_up_to = NULL
       WHERE digest_deliveries.status = 'sending'`,
      [userId, period, frequency],
    );
  }

  /** These deliveries went out (or had nothing to tell), each with its number of items. */
  async markDone(userIds: readonly string[], period: string, outcome: DeliveryOutcome, items: readonly number[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE digest_deliveries d SET status = $3, items = done.items, sent_at = now(), claimed_at = NULL
         FROM unnest($1::uuid[], $4::int[]) AS done (user_id, items) WHERE d.user_id = done.user_id AND d.period = $2`,
      [userIds, period, outcome, items],
    );
  }

  /** Attempts give their claims back: the retry claims them at once, with the same windows. */
  async release(userIds: readonly string[], period: string): Promise<void> {
    await this.dataSource.query(`UPDATE digest_deliveries SET claimed_at = NULL WHERE user_id = ANY($1::uuid[]) AND period = $2 AND status = 'sending'`, [
      userIds,
      period,
    ]);
  }

  exportOf(userId: string): Promise<ExportedDelivery[]> {
    return this.dataSource.query<ExportedDelivery[]>(
      `SELECT period, frequency, status, items, sent_at AS "sentAt" FROM digest_deliveries WHERE user_id = $1 ORDER BY created_at, period`,
      [userId],
    );
  }

  async eraseFor(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`DELETE FROM digest_deliveries WHERE user_id = $1`, [userId]);
  }
}
