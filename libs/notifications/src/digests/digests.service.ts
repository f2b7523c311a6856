import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ActivityLog, type ActivityRecord, AppConfig, type ActivityWindow, type JobAttempt, JobQueue, Mailer, type OutgoingMail } from '@kennisplein/core';
import { NotificationsConfig } from '../notifications.config.js';
import { type FollowedGroup, MembershipsService } from '@kennisplein/community';
import { type User as DigestRecipient, UsersService } from '@kennisplein/identity';
import { addressedOnly, digestForManagers } from '../audience.js';
import { MutesService } from '../mutes/mutes.service.js';
import { NotificationsJob } from '../notifications.jobs.js';
import { type DigestItem, DigestMail } from './digest-mail.js';
import { type DigestFrequency, firstDigestSince, isDue, periodOf } from './digest-periods.js';
import { DigestsRepository } from './digests.repository.js';
import type { DigestRunDto } from './dto/digest.dto.js';
import { unsubscribeToken } from './unsubscribe-token.js';

/** Readers read per page while the hourly run looks for who is due. */
const PAGE = 1000;
/** Readers per digest job: their groups, mutes and activities are read together, in a few queries. */
export const DIGEST_BATCH = 100;
/** Items per group in one digest: a busy group cannot make a digest endless. */
const PER_GROUP = 10;
export const FREQUENCIES: DigestFrequency[] = ['daily', 'weekly'];
const HOUR_MS = 3_600_000;

export type DigestOutcome = 'sent' | 'empty' | 'skipped' | 'already';

/** How a batch's readers ended: by reader, for the readers that are done with (the others failed). */
export type DigestOutcomes = Map<string, DigestOutcome>;

/** Mails of one batch on their way at once: enough to keep the mailer's SMTP pool busy, few enough to keep memory flat. */
const SENDS_IN_FLIGHT = 16;

/** One attempt at a batch: how its readers ended, and the deliveries it holds (claimed and not done). */
interface BatchAttempt {
  outcomes: DigestOutcomes;
  held: Set<string>;
  /** whether it got as far as claiming */
  claimed: boolean;
}

/** A claimed reader's digest, gathered: what it tells (nothing: no mail) and how to render it. */
interface GatheredDigest {
  reader: DigestRecipient;
  items: number;
  render: () => OutgoingMail;
}

/**
 * Weekly and daily digests. The hourly run finds the readers whose own clock says it is
 * time and enqueues them in batches, one job each (its jobId made of the period and the
 * batch's readers, so a second run of the same readers enqueues nothing new). A job claims
 * each reader's row for the period, gathers the whole batch's groups, mutes and activities
 * in a few queries, sends each mail and marks each reader done as soon as it went out, so
 * a period's digest goes out once, whatever attempt of whichever job sends it.
 */
@Injectable()
export class DigestsService implements OnModuleInit {
  private readonly logger = new Logger('Digests');
  private mail!: DigestMail;

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

  /** The mail's templates, compiled once, when every lib has declared its verbs. */
  onModuleInit(): void {
    this.mail = new DigestMail();
  }

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
   * The job of one reader and period (a batch of one). Nothing to tell: no mail. SMTP
   * down: it throws, and the job is retried with backoff. On the last attempt the failure
   * is recorded. A reader deleted meanwhile, or who changed frequency, is left alone.
   */
  async send(userId: string, period: string, frequency: DigestFrequency, attempt?: JobAttempt): Promise<DigestOutcome> {
    return (await this.sendBatch([userId], period, frequency, attempt)).get(userId) ?? 'skipped';
  }

  /**
   * The job of a batch of readers and a period. A reader whose mail could not go out makes
   * the job throw once the others are done, so that it is retried with backoff; the retry
   * finds the others done and sends only what is left. On the last attempt, the failures
   * of the deliveries this attempt held are recorded.
   */
  async sendBatch(userIds: readonly string[], period: string, frequency: DigestFrequency, attempt?: JobAttempt): Promise<DigestOutcomes> {
    const run: BatchAttempt = { outcomes: new Map(), held: new Set(), claimed: false };
    try {
      await this.sendOnce(userIds, period, frequency, run);
    } catch (error) {
      if (attempt && attempt.attempt >= attempt.attempts) {
        // Failed before it could claim anything (the database away): every reader's delivery, as for a job of one.
        const unfinished = run.claimed ? [...run.held] : userIds.filter((userId) => !run.outcomes.has(userId));
        for (const userId of unfinished) await this.giveUp(userId, period, frequency);
        this.logger.error(`${unfinished.length} ${period} digest(s) failed for good (${unfinished.join(', ')}): ${String(error)}`);
      }
      throw error;
    }
    return run.outcomes;
  }

  /** Counts of a batch's outcomes (what its job answers). */
  static count(outcomes: DigestOutcomes): Record<DigestOutcome, number> {
    const counts: Record<DigestOutcome, number> = { sent: 0, empty: 0, skipped: 0, already: 0 };
    for (const outcome of outcomes.values()) counts[outcome]++;
    return counts;
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
   * lease, JOB_LOCK_SECONDS, lapsed; the job renews it while it runs). A delivery another
   * job holds is waited for, not passed over: done by that job, or taken over once its
   * lease lapses (that job's worker died), it is never left unsent.
   */
  private async sendOnce(userIds: readonly string[], period: string, frequency: DigestFrequency, run: BatchAttempt): Promise<void> {
    const readers = (await this.users.findActiveByIds(userIds)).filter((reader) => reader.digestFrequency === frequency);
    const current = new Set(readers.map((reader) => reader.id));
    for (const userId of userIds) if (!current.has(userId)) run.outcomes.set(userId, 'skipped');
    let pending = readers;
    while (pending.length > 0) {
      const windows = await this.claim(pending, period, frequency);
      run.claimed = true;
      const claimed = pending.filter((reader) => windows.has(reader.id));
      if (claimed.length > 0) await this.deliver(claimed, windows, period, frequency, run);
      const others = pending.filter((reader) => !windows.has(reader.id));
      if (others.length === 0) return;
      const stillSending = await this.digests.sendingAmong(
        others.map((reader) => reader.id),
        period,
      );
      for (const reader of others) if (!stillSending.has(reader.id)) run.outcomes.set(reader.id, 'already');
      pending = others.filter((reader) => stillSending.has(reader.id));
      if (pending.length > 0) await sleep(Math.min(1000, (this.config.JOB_LOCK_SECONDS * 1000) / 3));
    }
  }

  /**
   * Gathers, sends and marks the readers this attempt claimed. Each reader is marked done
   * right after their mail went out, so a worker that dies mid-batch leaves the rest, and
   * only the rest, to the retry. Nothing is held open while mail is sent: no transaction,
   * no lock, no pooled connection.
   */
  private async deliver(claimed: DigestRecipient[], windows: Map<string, ActivityWindow>, period: string, frequency: DigestFrequency, run: BatchAttempt): Promise<void> {
    const sending = run.held;
    for (const reader of claimed) sending.add(reader.id);
    const renewal = setInterval(
      () => void this.digests.renewClaims([...sending], period).catch((error: Error) => this.logger.warn(`renewing digest claims: ${error.message}`)),
      (this.config.JOB_LOCK_SECONDS * 1000) / 3,
    );
    const done: string[] = [];
    let failure: Error | null = null;
    try {
      const gathered = await this.gather(claimed, windows, frequency);
      const empty = gathered.filter((digest) => digest.items === 0).map((digest) => digest.reader.id);
      if (empty.length > 0) {
        await this.digests.markDone(empty, period, 'empty', empty.map(() => 0));
        for (const userId of empty) {
          sending.delete(userId);
          run.outcomes.set(userId, 'empty');
          done.push(userId);
        }
      }
      // Marked as soon as it went out; marks that come while one is being written go in the next write, together.
      const marks = new Coalesced<{ userId: string; items: number }>((sent) =>
        this.digests.markDone(
          sent.map((mark) => mark.userId),
          period,
          'sent',
          sent.map((mark) => mark.items),
        ),
      );
      await inParallel(
        gathered.filter((digest) => digest.items > 0),
        SENDS_IN_FLIGHT,
        async ({ reader, items, render }) => {
          try {
            await this.mailer.send(render());
            await marks.add({ userId: reader.id, items });
          } catch (error) {
            failure ??= asError(error);
            return;
          }
          sending.delete(reader.id);
          run.outcomes.set(reader.id, 'sent');
          done.push(reader.id);
        },
      );
    } catch (error) {
      failure ??= asError(error);
    } finally {
      clearInterval(renewal);
    }
    // Informational (who is due is decided by it; the claim keeps a period's digest once): one update for the batch.
    if (done.length > 0) await this.users.setLastDigestAt(done, new Date());
    if (failure) {
      // Given back: the retry claims them at once, with the same windows.
      await this.digests.release([...sending], period);
      this.logger.warn(`${sending.size} of ${claimed.length} ${period} digest(s) not sent, left to the retry: ${String(failure)}`);
      throw failure;
    }
  }

  /**
   * Takes the readers' deliveries of this period, and the window each tells; readers another
   * job has, or whose digest went out, are left out. A first claim moves the reader's
   * watermark to a snapshot taken now (everything committed before this digest began is in
   * it; what is still in flight comes in the next one) and records the window on the
   * delivery, so its retries tell the same activities. The watermark rows are locked while
   * they move: two digests of one reader take consecutive windows, never overlapping ones.
   */
  private async claim(readers: DigestRecipient[], period: string, frequency: DigestFrequency): Promise<Map<string, ActivityWindow>> {
    return this.dataSource.transaction(async (manager) => {
      const previous = await this.digests.claim(manager, readers.map((reader) => reader.id), period, frequency, this.config.JOB_LOCK_SECONDS);
      const windows = new Map<string, ActivityWindow>();
      const first: DigestRecipient[] = [];
      for (const reader of readers) {
        const delivery = previous.get(reader.id);
        if (!delivery) continue;
        if (delivery.upTo) windows.set(reader.id, { after: delivery.after, since: delivery.since, upTo: delivery.upTo });
        else first.push(reader);
      }
      if (first.length === 0) return windows;
      const marks = await this.digests.lockWatermarks(manager, first.map((reader) => reader.id));
      // Taken after the lock: later than the snapshot of any digest of these readers before it.
      const upTo = await this.activity.watermark(manager);
      const started = new Date();
      const recorded = first.map((reader) => {
        const after = marks.get(reader.id) ?? null;
        const window: ActivityWindow = { after, since: after ? null : (reader.lastDigestAt ?? firstDigestSince(frequency, started)), upTo };
        windows.set(reader.id, window);
        return { userId: reader.id, after: window.after, since: window.since };
      });
      await this.digests.recordWindows(manager, period, recorded, upTo);
      return windows;
    });
  }

  /** The batch's groups, mutes, activities and actors, a query each; each reader's mail is rendered when it is sent. */
  private async gather(readers: DigestRecipient[], windows: Map<string, ActivityWindow>, frequency: DigestFrequency): Promise<GatheredDigest[]> {
    const ids = readers.map((reader) => reader.id);
    const [followed, muted] = await Promise.all([this.memberships.groupsFollowedByEach(ids), this.mutes.mutedGroupsOfEach(ids)]);
    const groupsOf = new Map<string, FollowedGroup[]>();
    for (const reader of readers) {
      const mutedByReader = muted.get(reader.id);
      const groups = followed.get(reader.id) ?? [];
      groupsOf.set(reader.id, mutedByReader ? groups.filter((group) => !mutedByReader.has(group.id) && !(group.via && mutedByReader.has(group.via))) : groups);
    }
    const managed = await this.memberships.managedAmongEach(ids, [...groupsOf.values()].flatMap((groups) => groups.map((group) => group.id)));
    const told = await this.activity.forReaders(
      readers.map((reader) => {
        const groupIds = groupsOf.get(reader.id)!.map((group) => group.id);
        const manages = managed.get(reader.id);
        return { readerId: reader.id, groupIds, window: windows.get(reader.id)!, managedGroupIds: manages ? groupIds.filter((id) => manages.has(id)) : [] };
      }),
      PER_GROUP,
      { addressedOnly: addressedOnly(), forManagers: digestForManagers() },
    );
    const actors = await this.users.findPublicByIds([...told.values()].flatMap((activities) => activities.flatMap((a) => (a.actorId ? [a.actorId] : []))));
    return readers.map((reader) => {
      const activities = told.get(reader.id) ?? [];
      return { reader, items: activities.length, render: () => this.render(reader, frequency, groupsOf.get(reader.id)!, activities, actors) };
    });
  }

  private render(
    reader: DigestRecipient,
    frequency: DigestFrequency,
    groups: { id: string; name: string }[],
    activities: ActivityRecord[],
    actors: Map<string, { displayName: string }>,
  ): OutgoingMail {
    const names = new Map(groups.map((group) => [group.id, group.name]));
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
    const token = encodeURIComponent(unsubscribeToken(reader.id, reader.digestSubscription, this.config.jwtSecret));
    return this.mail.render({
      to: reader.email,
      locale: reader.locale,
      displayName: reader.displayName,
      frequency,
      groups: [...byGroup.values()],
      unsubscribeUrl: `${this.config.PUBLIC_URL}/digests/unsubscribe?token=${token}`,
      oneClickUnsubscribeUrl: `${this.config.PUBLIC_URL}/api/v1/digests/unsubscribe?token=${token}`,
      settingsUrl: `${this.config.PUBLIC_URL}/settings`,
    });
  }

  /**
   * Pages through the readers of a frequency by keyset and enqueues the due ones in batches
   * of DIGEST_BATCH per period, never holding more than a page and a batch per period;
   * counts readers per period, also in digest_runs.
   */
  private async pageDue(
    frequency: DigestFrequency,
    due: (reader: { timezone: string; lastDigestAt: Date | null }) => boolean,
    at: Date,
    counts: Record<string, number>,
  ): Promise<void> {
    const batches = new Map<string, string[]>();
    const flush = async (period: string, userIds: string[]) => {
      await this.jobs.enqueue(
        NotificationsJob.SendDigests,
        { userIds, period, frequency },
        {
          // The same readers of the same period: the same job, enqueued once.
          jobId: `${period}:${createHash('sha256').update(userIds.join(',')).digest('base64url').slice(0, 22)}`,
          // SMTP trouble: the digests wait, with backoff, rather than fail within a minute.
          attempts: this.settings.DIGEST_SEND_ATTEMPTS,
          backoff: { type: 'exponential', delay: this.settings.DIGEST_RETRY_DELAY_MS },
        },
      );
      counts[period] = (counts[period] ?? 0) + userIds.length;
      await this.digests.countEnqueued(period, frequency, userIds.length);
    };
    let after: string | null = null;
    for (;;) {
      const page = await this.users.pageActiveByDigestFrequency(frequency, after, PAGE);
      for (const reader of page) {
        if (!due(reader)) continue;
        const period = periodOf(frequency, at, reader.timezone);
        const batch = batches.get(period) ?? [];
        batch.push(reader.id);
        batches.set(period, batch);
        if (batch.length === DIGEST_BATCH) {
          batches.delete(period);
          await flush(period, batch);
        }
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1].id;
    }
    for (const [period, batch] of batches) await flush(period, batch);
  }
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/** Runs `task` for each item, at most `limit` at a time. */
async function inParallel<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/**
 * Writes coalesced without waiting for more: an item added while a write is in flight goes
 * in the next write, with every other item added meanwhile; each add resolves once the
 * write that carried it is done.
 */
class Coalesced<T> {
  private pending: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private writing = false;

  constructor(private readonly write: (items: T[]) => Promise<void>) {}

  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.pending.length > 0) {
      const taken = this.pending.splice(0);
      try {
        await this.write(taken.map((entry) => entry.item));
        for (const entry of taken) entry.resolve();
      } catch (error) {
        for (const entry of taken) entry.reject(error);
      }
    }
    this.writing = false;
  }
}
