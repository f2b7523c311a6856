import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ActivityLog, AppConfig, type JobAttempt, JobName, JobQueue, Mailer } from '@kennisplein/core';
import { MembershipsService } from '@kennisplein/community';
import { UsersService } from '@kennisplein/identity';
import { MutesService } from '../mutes/mutes.service.js';
import { type DigestItem, renderDigest } from './digest-mail.js';
import { type DigestFrequency, firstDigestSince, isDue, periodOf } from './digest-periods.js';
import type { DigestRunDto } from './dto/digest.dto.js';
import { unsubscribeToken } from './unsubscribe-token.js';

/** Readers read per page while the hourly run looks for who is due. */
const PAGE = 1000;
/** Items per group in one digest: a busy group cannot make a digest endless. */
const PER_GROUP = 10;
export const FREQUENCIES: DigestFrequency[] = ['daily', 'weekly'];

export type DigestOutcome = 'sent' | 'empty' | 'skipped' | 'already';

/**
 * Weekly and daily digests. The hourly run finds the readers whose own clock says it is
 * time and enqueues one job each (jobId period:user, so a second run enqueues nothing
 * new); each job claims the reader's row for the period, gathers, sends and marks it in
 * one transaction, so a period's digest goes out once.
 */
@Injectable()
export class DigestsService {
  private readonly logger = new Logger('Digests');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly memberships: MembershipsService,
    private readonly mutes: MutesService,
    private readonly activity: ActivityLog,
    private readonly mailer: Mailer,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  /** The hourly job: who is due at this instant, per period how many were enqueued. */
  async runHour(at: Date = new Date()): Promise<Record<string, number>> {
    const enqueued: Record<string, number> = {};
    for (const frequency of FREQUENCIES) {
      await this.pageDue(frequency, (reader) => isDue(frequency, at, reader.timezone, reader.lastDigestAt), at, enqueued);
    }
    return enqueued;
  }

  /**
   * POST /admin/digests/run: every reader of this frequency who has not had this period's
   * digest gets it now, whatever their clock says.
   */
  async runNow(frequency: DigestFrequency, at: Date = new Date()): Promise<{ period: string; enqueued: number; periods: Record<string, number> }> {
    const periods: Record<string, number> = {};
    await this.pageDue(
      frequency,
      (reader) => reader.lastDigestAt === null || periodOf(frequency, reader.lastDigestAt, reader.timezone) !== periodOf(frequency, at, reader.timezone),
      at,
      periods,
    );
    return {
      period: periodOf(frequency, at, 'Europe/Amsterdam'),
      enqueued: Object.values(periods).reduce((sum, n) => sum + n, 0),
      periods,
    };
  }

  /** A run's report per period: enqueued, and how the jobs ended. */
  async report(period?: string): Promise<DigestRunDto[]> {
    return this.dataSource.query<DigestRunDto[]>(
      `SELECT r.period, r.frequency, r.enqueued,
              count(*) FILTER (WHERE d.status = 'sent')::int AS sent,
              count(*) FILTER (WHERE d.status = 'empty')::int AS empty,
              count(*) FILTER (WHERE d.status = 'failed')::int AS failed
       FROM digest_runs r LEFT JOIN digest_deliveries d ON d.period = r.period AND d.frequency = r.frequency
       WHERE $1::text IS NULL OR r.period = $1
       GROUP BY r.period, r.frequency, r.enqueued ORDER BY r.period DESC LIMIT 100`,
      [period ?? null],
    );
  }

  /**
   * The job of one reader and period. Nothing to tell: no mail. SMTP down: the job fails
   * and Bull retries with backoff; the claim is rolled back with it. On the last attempt
   * the failure is recorded. A reader deleted meanwhile, or who changed frequency, is left alone.
   */
  async send(userId: string, period: string, frequency: DigestFrequency, attempt?: JobAttempt): Promise<DigestOutcome> {
    try {
      return await this.sendOnce(userId, period, frequency);
    } catch (error) {
      if (attempt && attempt.attempt >= attempt.attempts) {
        await this.dataSource.query(
          `INSERT INTO digest_deliveries (user_id, period, frequency, status) VALUES ($1, $2, $3, 'failed') ON CONFLICT DO NOTHING`,
          [userId, period, frequency],
        );
        this.logger.error(`the ${period} digest of ${userId} failed for good: ${String(error)}`);
      }
      throw error;
    }
  }

  private async sendOnce(userId: string, period: string, frequency: DigestFrequency): Promise<DigestOutcome> {
    const reader = await this.users.findDigestRecipient(userId);
    if (!reader || reader.digestFrequency !== frequency) return 'skipped';
    const now = new Date();
    const followed = await this.memberships.groupsFollowedBy(userId);
    const muted = await this.mutes.mutedGroupsOf(userId);
    const groups = followed.filter((group) => !muted.has(group.id));
    const since = reader.lastDigestAt ?? firstDigestSince(frequency, now);
    return this.dataSource.transaction(async (manager) => {
      // The claim: of two jobs for one period, the second waits here and then finds it done.
      await manager.query(
        `INSERT INTO digest_deliveries (user_id, period, frequency, status) VALUES ($1, $2, $3, 'sending') ON CONFLICT DO NOTHING`,
        [userId, period, frequency],
      );
      const [claim] = await manager.query<{ status: string }[]>(
        `SELECT status FROM digest_deliveries WHERE user_id = $1 AND period = $2 FOR UPDATE`,
        [userId, period],
      );
      if (claim.status !== 'sending') return 'already';
      const activities = await this.activity.forDigest(
        groups.map((group) => group.id),
        userId,
        since,
        now,
        PER_GROUP,
      );
      if (activities.length > 0) {
        const names = new Map(groups.map((group) => [group.id, group.name]));
        const actors = await this.users.findPublicByIds(activities.flatMap((a) => (a.actorId ? [a.actorId] : [])));
        const toItem = (a: (typeof activities)[number]): DigestItem => ({
          verb: a.verb,
          actorName: a.actorId ? (actors.get(a.actorId)?.displayName ?? null) : null,
          title: a.snapshot.title,
          excerpt: a.snapshot.excerpt,
          url: `${this.config.PUBLIC_URL}${a.snapshot.link}`,
        });
        const byGroup = new Map<string, { name: string; items: DigestItem[] }>();
        const direct = reader.locale === 'en' ? 'For you' : 'Voor jou';
        for (const a of activities) {
          const key = a.groupId ?? 'direct';
          const name = (a.groupId ? names.get(a.groupId) : undefined) ?? direct;
          const group = byGroup.get(key) ?? { name, items: [] };
          group.items.push(toItem(a));
          byGroup.set(key, group);
        }
        const token = unsubscribeToken(userId, this.config.jwtSecret);
        await this.mailer.send(
          renderDigest({
            to: reader.email,
            locale: reader.locale,
            displayName: reader.displayName,
            frequency,
            groups: [...byGroup.values()],
            unsubscribeUrl: `${this.config.PUBLIC_URL}/api/v1/digests/unsubscribe?token=${encodeURIComponent(token)}`,
            settingsUrl: `${this.config.PUBLIC_URL}/settings`,
          }),
        );
      }
      const outcome = activities.length > 0 ? 'sent' : 'empty';
      await manager.query(`UPDATE digest_deliveries SET status = $3, items = $4, sent_at = now() WHERE user_id = $1 AND period = $2`, [
        userId,
        period,
        outcome,
        activities.length,
      ]);
      await this.users.markDigestSent(userId, now, manager);
      return outcome;
    });
  }

  /** Pages through the readers of a frequency and enqueues the due ones; counts per period, also in digest_runs. */
  private async pageDue(
    frequency: DigestFrequency,
    due: (reader: { timezone: string; lastDigestAt: Date | null }) => boolean,
    at: Date,
    counts: Record<string, number>,
  ): Promise<void> {
    let after: string | null = null;
    for (;;) {
      const page = await this.users.pageDigestRecipients(frequency, after, PAGE);
      const jobs = page
        .filter((reader) => due(reader))
        .map((reader) => ({ userId: reader.id, period: periodOf(frequency, at, reader.timezone) }));
      await Promise.all(
        jobs.map(({ userId, period }) =>
          this.jobs.enqueue(JobName.SendDigest, { userId, period, frequency }, { jobId: `${period}:${userId}` }),
        ),
      );
      const perPeriod: Record<string, number> = {};
      for (const { period } of jobs) perPeriod[period] = (perPeriod[period] ?? 0) + 1;
      for (const [period, n] of Object.entries(perPeriod)) {
        counts[period] = (counts[period] ?? 0) + n;
        await this.dataSource.query(
          `INSERT INTO digest_runs (period, frequency, enqueued) VALUES ($1, $2, $3)
           ON CONFLICT (period) DO UPDATE SET enqueued = digest_runs.enqueued + $3, updated_at = now()`,
          [period, frequency, n],
        );
      }
      if (page.length < PAGE) return;
      after = page[page.length - 1].id;
    }
  }
}
