import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ActivityLog, type ActivityRecord, AppConfig, type ActivityWindow, type JobAttempt, JobQueue, Mailer, type OutgoingMail } from '@kennisplein/core';
import { NotificationsConfig } from '../notifications.config.js';
import { MembershipsService } from '@kennisplein/community';
import { type User as DigestRecipient, UsersService } from '@kennisplein/identity';
import { addressedOnly, digestForManagers } from '../audience.js';
import { MutesService } from '../mutes/mutes.service.js';
import { NotificationsJob } from '../notifications.jobs.js';
import { type DigestItem, renderDigest } from './digest-mail.js';
import { type DigestFrequency, firstDigestSince, isDue, periodOf } from './digest-periods.js';
import { DigestsRepository } from './digests.repository.js';
import type { DigestRunDto } from './dto/digest.dto.js';
import { unsubscribeToken } from './unsubscribe-token.js';

/** Readers read per page while the hourly run looks for who is due. */
const PAGE = 1000;
/** Items per group in one digest: a busy group cannot make a digest endless. */
const PER_GROUP = 10;
export const FREQUENCIES: DigestFrequency[] = ['daily', 'weekly'];
const HOUR_MS = 3_600_000;

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
    private readonly digests: DigestsRepository,
    private readonly users: UsersService,
    private readonly memberships: MembershipsService,
    private readonly mutes: MutesService,
    private readonly activity: ActivityLog,
    private readonly mailer: Mailer,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    private readonly settings: NotificationsConfig,
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
    return this.digests.report(period ?? null);
  }

  /**
   * The hourly job, for the hour it was scheduled for, and for the hours before it that no
   * run served (a worker down for hours), up to a day back: no due reader is skipped.
   */
  async runScheduled(hour: Date): Promise<Record<string, number>> {
    const lastServed = await this.digests.lastServedHour();
    const first = Math.max(lastServed ? lastServed.getTime() + HOUR_MS : hour.getTime(), hour.getTime() - 23 * HOUR_MS);
    const enqueued: Record<string, number> = {};
    for (let at = first; at <= hour.getTime(); at += HOUR_MS) {
      for (const [period, n] of Object.entries(await this.runHour(new Date(at)))) enqueued[period] = (enqueued[period] ?? 0) + n;
    }
    await this.digests.markHourServed(hour);
    return enqueued;
  }

  /**
   * The job of one reader and period. Nothing to tell: no mail. SMTP down: the job fails
   * and Bull retries with backoff. On the last attempt the failure is recorded. A reader
   * deleted meanwhile, or who changed frequency, is left alone.
   */
  async send(userId: string, period: string, frequency: DigestFrequency, attempt?: JobAttempt): Promise<DigestOutcome> {
    try {
      return await this.sendOnce(userId, period, frequency);
    } catch (error) {
      if (attempt && attempt.attempt >= attempt.attempts) {
        await this.giveUp(userId, period, frequency);
        this.logger.error(`the ${period} digest of ${userId} failed for good: ${String(error)}`);
      }
      throw error;
    }
  }

  /**
   * A delivery that failed for good hands its window back: the reader's watermark returns
   * to where it was (unless a later digest moved it on), so the next digest tells what
   * this one could not; a rerun of this period claims a fresh window.
   */
  private async giveUp(userId: string, period: string, frequency: DigestFrequency): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const failed = await this.digests.lockSending(manager, userId, period);
      if (failed?.upTo) await this.digests.restoreWatermark(manager, userId, failed.upTo, failed.after);
      await this.digests.markFailed(manager, userId, period, frequency);
    });
  }

  /**
   * Claim, gather, send, mark. The claim is a row per reader and period: a job takes it
   * when it is new, given back by a failed attempt, or left by a worker that died (its
   * lease, JOB_LOCK_SECONDS, lapsed); a second job meanwhile finds it taken. Nothing is
   * held open while the mail is sent: no transaction, no lock, no pooled connection.
   */
  private async sendOnce(userId: string, period: string, frequency: DigestFrequency): Promise<DigestOutcome> {
    const reader = await this.users.findActiveById(userId);
    if (!reader || reader.digestFrequency !== frequency) return 'skipped';
    const window = await this.claim(reader, period, frequency);
    if (!window) return 'already';
    try {
      const muted = await this.mutes.mutedGroupsOf(userId);
      const groups = (await this.memberships.groupsFollowedBy(userId)).filter(
        (group) => !muted.has(group.id) && !(group.via && muted.has(group.via)),
      );
      const groupIds = groups.map((group) => group.id);
      const activities = await this.activity.forReader(groupIds, userId, window, PER_GROUP, {
        addressedOnly: addressedOnly(),
        forManagers: digestForManagers(),
        managedGroupIds: await this.memberships.managedAmong(userId, groupIds),
      });
      if (activities.length > 0) await this.mailer.send(await this.render(reader, frequency, groups, activities));
      const outcome = activities.length > 0 ? 'sent' : 'empty';
      await this.dataSource.transaction(async (manager) => {
        await this.digests.markDone(manager, userId, period, outcome, activities.length);
        await this.users.setLastDigestAt(userId, new Date(), manager);
      });
      return outcome;
    } catch (error) {
      // Given back: the retry claims it at once, with the same window.
      await this.digests.release(userId, period);
      throw error;
    }
  }

  /**
   * Takes the reader's delivery of this period and the window it tells, or null when
   * another job has it or it went out. A first claim moves the reader's watermark to a
   * snapshot taken now (everything committed before this digest began is in it; what is
   * still in flight comes in the next one) and records the window on the delivery, so its
   * retries tell the same activities. The watermark row is locked while it moves: two
   * digests of one reader take consecutive windows, never overlapping ones.
   */
  private async claim(reader: DigestRecipient, period: string, frequency: DigestFrequency): Promise<ActivityWindow | null> {
    return this.dataSource.transaction(async (manager) => {
      const previous = await this.digests.claim(manager, reader.id, period, frequency, this.config.JOB_LOCK_SECONDS);
      if (!previous) return null;
      if (previous.upTo) return { after: previous.after, since: previous.since, upTo: previous.upTo };
      const mark = await this.digests.lockWatermark(manager, reader.id);
      // Taken after the lock: later than the snapshot of any digest of this reader before it.
      const upTo = await this.activity.watermark(manager);
      const window: ActivityWindow = {
        after: mark,
        since: mark ? null : (reader.lastDigestAt ?? firstDigestSince(frequency, new Date())),
        upTo,
      };
      await this.digests.recordWindow(manager, reader.id, period, window);
      await this.digests.moveWatermark(manager, reader.id, upTo);
      return window;
    });
  }

  private async render(
    reader: DigestRecipient,
    frequency: DigestFrequency,
    groups: { id: string; name: string }[],
    activities: ActivityRecord[],
  ): Promise<OutgoingMail> {
    const names = new Map(groups.map((group) => [group.id, group.name]));
    const actors = await this.users.findPublicByIds(activities.flatMap((a) => (a.actorId ? [a.actorId] : [])));
    const byGroup = new Map<string, { name: string; items: DigestItem[] }>();
    const direct = reader.locale === 'en' ? 'For you' : 'Voor jou';
    for (const a of activities) {
      const key = a.groupId ?? 'direct';
      const group = byGroup.get(key) ?? { name: (a.groupId ? names.get(a.groupId) : undefined) ?? direct, items: [] };
      group.items.push({
        verb: a.verb,
        actorName: a.actorId ? (actors.get(a.actorId)?.displayName ?? null) : null,
        title: a.snapshot.title,
        excerpt: a.snapshot.excerpt,
        url: `${this.config.PUBLIC_URL}${a.snapshot.link}`,
      });
      byGroup.set(key, group);
    }
    const token = unsubscribeToken(reader.id, reader.digestSubscription, this.config.jwtSecret);
    return renderDigest({
      to: reader.email,
      locale: reader.locale,
      displayName: reader.displayName,
      frequency,
      groups: [...byGroup.values()],
      unsubscribeUrl: `${this.config.PUBLIC_URL}/digests/unsubscribe?token=${encodeURIComponent(token)}`,
      oneClickUnsubscribeUrl: `${this.config.PUBLIC_URL}/api/v1/digests/unsubscribe?token=${encodeURIComponent(token)}`,
      settingsUrl: `${this.config.PUBLIC_URL}/settings`,
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
      const page = await this.users.pageActiveByDigestFrequency(frequency, after, PAGE);
      const jobs = page
        .filter((reader) => due(reader))
        .map((reader) => ({ userId: reader.id, period: periodOf(frequency, at, reader.timezone) }));
      await Promise.all(
        jobs.map(({ userId, period }) =>
          this.jobs.enqueue(
            NotificationsJob.SendDigest,
            { userId, period, frequency },
            {
              jobId: `${period}:${userId}`,
              // SMTP trouble: the digest waits, with backoff, rather than fail within a minute.
              attempts: this.settings.DIGEST_SEND_ATTEMPTS,
              backoff: { type: 'exponential', delay: this.settings.DIGEST_RETRY_DELAY_MS },
            },
          ),
        ),
      );
      const perPeriod: Record<string, number> = {};
      for (const { period } of jobs) perPeriod[period] = (perPeriod[period] ?? 0) + 1;
      for (const [period, n] of Object.entries(perPeriod)) {
        counts[period] = (counts[period] ?? 0) + n;
        await this.digests.countEnqueued(period, frequency, n);
      }
      if (page.length < PAGE) return;
      after = page[page.length - 1].id;
    }
  }
}
