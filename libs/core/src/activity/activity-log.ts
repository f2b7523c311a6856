import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { PersonalDataRegistry } from '../personal-data/personal-data.registry.js';
import { ActivityRepository } from './activity.repository.js';
import { isActivityVerb } from './activity-verbs.js';

/**
 * What a notification or a digest shows without reading any other lib's tables: the
 * title of the thing, where it lives (a path of the web client) and a short excerpt.
 */
export interface ActivitySnapshot {
  title: string;
  link: string;
  excerpt?: string;
  [detail: string]: string | undefined;
}

export interface NewActivity {
  /** What happened: a verb its lib declared (defineActivityVerbs). */
  verb: string;
  actorId: string | null;
  /** The group it happened in (its members are concerned), if any. */
  groupId: string | null;
  siteId?: string | null;
  objectType: string;
  objectId: string;
  /** People concerned besides the group's members, e.g. the authors of a contribution that got feedback. */
  recipientIds?: string[];
  snapshot: ActivitySnapshot;
}

/** Which of a group's activities a reader hears of through the group (the recipients always do). */
export interface ReaderAudience {
  /** Verbs only their recipients hear of. */
  addressedOnly: readonly string[];
  /** Verbs only the group's managers hear of… */
  forManagers: readonly string[];
  /** …the groups the reader manages. */
  managedGroupIds: readonly string[];
}

/** A reader's window on the log: after one watermark (or, the first time, from a time) up to another. */
export interface ActivityWindow {
  /** The previous watermark: what was committed by then was told already. */
  after: string | null;
  /** Without a previous watermark: activities from this time on. */
  since: Date | null;
  /** This window's watermark: what had committed by then is told. */
  upTo: string;
}

/** One reader of a batch (ActivityLog.forReaders): their groups, their window and the groups they manage. */
export interface ReaderOfWindow {
  readerId: string;
  groupIds: readonly string[];
  window: ActivityWindow;
  /** Of groupIds, those the reader manages (ReaderAudience.managedGroupIds). */
  managedGroupIds: readonly string[];
}

export interface ActivityRecord extends Required<NewActivity> {
  id: string;
  occurredAt: Date;
}

/**
 * The append-only activity log. Rows are written in the caller's own transaction (like
 * an outbox): an activity exists exactly when the thing it tells of was committed.
 */
@Injectable()
export class ActivityLog implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly activities: ActivityRepository,
    private readonly personalData: PersonalDataRegistry,
  ) {}

  onModuleInit(): void {
    this.personalData.register({ section: 'activity', exportFor: (userId) => this.exportFor(userId) });
  }

  async record(activity: NewActivity, manager: EntityManager): Promise<string> {
    if (!isActivityVerb(activity.verb)) throw new Error(`The activity verb ${activity.verb} is declared by no lib (defineActivityVerbs)`);
    return this.activities.insert(manager, { ...activity, recipientIds: [...new Set(activity.recipientIds ?? [])] });
  }

  /** Many activities at once, in the caller's transaction (a bulk import). */
  async recordMany(activities: NewActivity[], manager: EntityManager): Promise<void> {
    for (const activity of activities) {
      if (!isActivityVerb(activity.verb)) throw new Error(`The activity verb ${activity.verb} is declared by no lib (defineActivityVerbs)`);
    }
    await this.activities.insertMany(
      manager,
      activities.map((activity) => ({ ...activity, recipientIds: [...new Set(activity.recipientIds ?? [])] })),
    );
  }

  /**
   * Takes up to `limit` activities no consumer has taken yet, oldest first, and hands them
   * to `dispatch` inside the same transaction: when dispatch throws, they stay to be taken
   * again. Concurrent dispatchers skip each other's rows (SKIP LOCKED).
   */
  async dispatchNew(limit: number, dispatch: (activities: ActivityRecord[]) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const taken = await this.activities.lockUndispatched(manager, limit);
      if (taken.length === 0) return 0;
      await dispatch(taken);
      await this.activities.markDispatched(manager, taken.map((activity) => activity.id));
      return taken.length;
    });
  }

  async get(id: string): Promise<ActivityRecord | null> {
    const [activity] = await this.activities.findMany([id]);
    return activity ?? null;
  }

  /** Activities by id, for showing notifications (one query). */
  async getMany(ids: readonly string[]): Promise<Map<string, ActivityRecord>> {
    if (ids.length === 0) return new Map();
    const found = await this.activities.findMany([...new Set(ids)]);
    return new Map(found.map((activity) => [activity.id, activity]));
  }

  /**
   * The commit-safe watermark: a snapshot of which transactions have completed, as text
   * (pg_snapshot). An activity is "before" it exactly when its transaction had committed.
   */
  watermark(manager?: EntityManager): Promise<string> {
    return this.activities.currentSnapshot(manager);
  }

  /**
   * What a reader is told (a digest): the activities in these groups, and those addressed
   * to the reader, within the window, not by the reader, oldest first. The window is exact:
   * committed as of `upTo` (a watermark) and not yet as of `after` (the previous one), so
   * consecutive windows tell each activity once however long its transaction ran; without
   * a previous watermark, from the time `since`. Bounded per group in SQL so a busy group
   * cannot make it unbounded. `audience` keeps out of the group branch what the bell
   * tells only to recipients or managers.
   */
  async forReader(groupIds: string[], readerId: string, window: ActivityWindow, perGroup: number, audience: ReaderAudience): Promise<ActivityRecord[]> {
    const told = await this.forReaders([{ readerId, groupIds, window, managedGroupIds: audience.managedGroupIds }], perGroup, audience);
    return told.get(readerId) ?? [];
  }

  /**
   * forReader for a batch of readers in one query (a digest run): each reader's activities,
   * exactly as forReader tells them, by reader id (readers told nothing are left out).
   */
  async forReaders(
    readers: readonly ReaderOfWindow[],
    perGroup: number,
    audience: Pick<ReaderAudience, 'addressedOnly' | 'forManagers'>,
  ): Promise<Map<string, ActivityRecord[]>> {
    const told = new Map<string, ActivityRecord[]>();
    if (readers.length === 0) return told;
    for (const { readerId, activity } of await this.activities.forReaders(readers, perGroup, audience)) {
      const list = told.get(readerId);
      if (list) list.push(activity);
      else told.set(readerId, [activity]);
    }
    return told;
  }

  /** When each of these groups last had an activity of these verbs (groups without one are left out). */
  async lastActivityOf(groupIds: readonly string[], verbs: readonly string[]): Promise<Map<string, Date>> {
    if (groupIds.length === 0) return new Map();
    const rows = await this.activities.lastOfVerbs([...new Set(groupIds)], verbs);
    return new Map(rows.map((row) => [row.groupId, row.occurredAt]));
  }

  /** The activities about one object, oldest first (what a notification or a test looks up). */
  forObject(objectType: string, objectId: string): Promise<ActivityRecord[]> {
    return this.activities.forObject(objectType, objectId);
  }

  private async exportFor(userId: string): Promise<object[]> {
    return (await this.activities.byActor(userId)).map(({ id, verb, occurredAt, objectType, objectId, snapshot }) => ({ id, verb, occurredAt, objectType, objectId, snapshot }));
  }
}
