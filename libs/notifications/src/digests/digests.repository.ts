import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ActivityWindow } from '@kennisplein/core';
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
   * Takes the reader's delivery of the period: when it is new, given back by a failed
   * attempt, or held by a job whose lease lapsed. Null: another job has it, or it went out.
   */
  async claim(manager: EntityManager, userId: string, period: string, frequency: DigestFrequency, leaseSeconds: number): Promise<ClaimedDelivery | null> {
    const [claimed] = await manager.query<ClaimedDelivery[]>(
      `INSERT INTO digest_deliveries (user_id, period, frequency, status, claimed_at) VALUES ($1, $2, $3, 'sending', now())
       ON CONFLICT (user_id, period) DO UPDATE SET status = 'sending', claimed_at = now()
       WHERE digest_deliveries.status IN ('sending', 'failed')
         AND (digest_deliveries.claimed_at IS NULL OR digest_deliveries.claimed_at < now() - make_interval(secs => $4))
       RETURNING window_after::text AS after, window_since AS since, window_up_to::text AS "upTo"`,
      [userId, period, frequency, leaseSeconds],
    );
    return claimed ?? null;
  }

  /** The reader's watermark (null before their first digest by snapshot), locked until the transaction ends. */
  async lockWatermark(manager: EntityManager, userId: string): Promise<string | null> {
    await manager.query(`INSERT INTO digest_watermarks (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING`, [userId]);
    const [mark] = await manager.query<{ snapshot: string | null }[]>(`SELECT snapshot::text AS snapshot FROM digest_watermarks WHERE user_id = $1 FOR UPDATE`, [
      userId,
    ]);
    return mark.snapshot;
  }

  /** The window a delivery tells, kept so that its retries tell the same activities. */
  async recordWindow(manager: EntityManager, userId: string, period: string, window: ActivityWindow): Promise<void> {
    await manager.query(
      `UPDATE digest_deliveries SET window_after = $3::pg_snapshot, window_since = $4, window_up_to = $5::pg_snapshot WHERE user_id = $1 AND period = $2`,
      [userId, period, window.after, window.since, window.upTo],
    );
  }

  async moveWatermark(manager: EntityManager, userId: string, snapshot: string): Promise<void> {
    await manager.query(`UPDATE digest_watermarks SET snapshot = $2::pg_snapshot, updated_at = now() WHERE user_id = $1`, [userId, snapshot]);
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

  async markDone(manager: EntityManager, userId: string, period: string, outcome: DeliveryOutcome, items: number): Promise<void> {
    await manager.query(`UPDATE digest_deliveries SET status = $3, items = $4, sent_at = now(), claimed_at = NULL WHERE user_id = $1 AND period = $2`, [
      userId,
      period,
      outcome,
      items,
    ]);
  }

  /** An attempt gives its claim back: the retry claims it at once, with the same window. */
  async release(userId: string, period: string): Promise<void> {
    await this.dataSource.query(`UPDATE digest_deliveries SET claimed_at = NULL WHERE user_id = $1 AND period = $2 AND status = 'sending'`, [userId, period]);
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
