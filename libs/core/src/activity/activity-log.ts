import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { PersonalDataRegistry } from '../personal-data/personal-data.registry.js';
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

/** A digest's window: after one watermark (or, for a first digest, from a time) up to another. */
/** Which of a group's activities a reader hears of through the group (the recipients always do). */
export interface DigestAudience {
  /** Verbs only their recipients hear of. */
  addressedOnly: readonly string[];
  /** Verbs only the group's managers hear of… */
  forManagers: readonly string[];
  /** …the groups the reader manages. */
  managedGroupIds: readonly string[];
}

export interface DigestWindow {
  /** The previous watermark: what was committed by then was told already. */
  after: string | null;
  /** Without a previous watermark: activities from this time on. */
  since: Date | null;
  /** This window's watermark: what had committed by then is told. */
  upTo: string;
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
    private readonly personalData: PersonalDataRegistry,
  ) {}

  onModuleInit(): void {
    this.personalData.register({ section: 'activity', exportFor: (userId) => this.exportFor(userId) });
  }

  async record(activity: NewActivity, manager: EntityManager): Promise<string> {
    if (!isActivityVerb(activity.verb)) throw new Error(`The activity verb ${activity.verb} is declared by no lib (defineActivityVerbs)`);
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO activities (verb, actor_id, group_id, site_id, object_type, object_id, recipient_ids, snapshot)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        activity.verb,
        activity.actorId,
        activity.groupId,
        activity.siteId ?? null,
        activity.objectType,
        activity.objectId,
        [...new Set(activity.recipientIds ?? [])],
        JSON.stringify(activity.snapshot),
      ],
    );
    return row.id;
  }

  /**
   * Takes up to `limit` activities no consumer has taken yet, oldest first, and hands them
   * to `dispatch` inside the same transaction: when dispatch throws, they stay to be taken
   * again. Concurrent dispatchers skip each other's rows (SKIP LOCKED).
   */
  async dispatchNew(limit: number, dispatch: (activities: ActivityRecord[]) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<ActivityRow[]>(
        `SELECT ${COLUMNS} FROM activities WHERE dispatched_at IS NULL ORDER BY occurred_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      await dispatch(rows.map(toRecord));
      await manager.query(`UPDATE activities SET dispatched_at = now() WHERE id = ANY($1)`, [rows.map((row) => row.id)]);
      return rows.length;
    });
  }

  async get(id: string): Promise<ActivityRecord | null> {
    const rows = await this.dataSource.query<ActivityRow[]>(`SELECT ${COLUMNS} FROM activities WHERE id = $1`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Activities by id, for showing notifications (one query). */
  async getMany(ids: readonly string[]): Promise<Map<string, ActivityRecord>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.query<ActivityRow[]>(`SELECT ${COLUMNS} FROM activities WHERE id = ANY($1)`, [[...new Set(ids)]]);
    return new Map(rows.map((row) => [row.id, toRecord(row)]));
  }

  /**
   * The commit-safe watermark: a snapshot of which transactions have completed, as text
   * (pg_snapshot). An activity is "before" it exactly when its transaction had committed.
   */
  async watermark(manager: EntityManager = this.dataSource.manager): Promise<string> {
    const [row] = await manager.query<{ snapshot: string }[]>(`SELECT pg_current_snapshot()::text AS snapshot`);
    return row.snapshot;
  }

  /**
   * What a digest tells: the activities in these groups, and those addressed to the
   * reader, within the window, not by the reader, oldest first. The window is exact:
   * committed as of `upTo` (a watermark) and not yet as of `after` (the previous one), so
   * consecutive windows tell each activity once however long its transaction ran; without
   * a previous watermark, from the time `since`. Bounded per group in SQL so a busy group
   * cannot make a digest unbounded. `audience` keeps out of the group branch what the bell
   * tells only to recipients or managers.
   */
  async forDigest(
    groupIds: string[],
    readerId: string,
    window: DigestWindow,
    perGroup: number,
    audience: DigestAudience,
  ): Promise<ActivityRecord[]> {
    // Transaction ids between the two snapshots' bounds narrow the index scans; visibility decides.
    const inWindow = `xact_id >= coalesce(pg_snapshot_xmin($3::pg_snapshot), '0'::xid8) AND xact_id < pg_snapshot_xmax($4::pg_snapshot)
      AND pg_visible_in_snapshot(xact_id, $4::pg_snapshot)
      AND ($3::pg_snapshot IS NULL OR NOT pg_visible_in_snapshot(xact_id, $3::pg_snapshot))
      AND ($5::timestamptz IS NULL OR occurred_at >= $5)`;
    // Two index scans (groups; the reader among the recipients), not one OR that would
    // read the whole log; then at most perGroup of the newest per group.
    const rows = await this.dataSource.query<ActivityRow[]>(
      `SELECT ${COLUMNS} FROM (
         SELECT a.*, row_number() OVER (PARTITION BY coalesce(a.group_id, a.id) ORDER BY a.occurred_at DESC) AS nth
         FROM (
           SELECT * FROM activities WHERE group_id = ANY($1) AND ${inWindow}
             AND NOT verb = ANY($7::text[]) AND (NOT verb = ANY($8::text[]) OR group_id = ANY($9::uuid[]))
           UNION
           SELECT * FROM activities WHERE recipient_ids @> ARRAY[$2]::uuid[] AND ${inWindow}
         ) a
         WHERE a.actor_id IS DISTINCT FROM $2
       ) a WHERE nth <= $6 ORDER BY occurred_at, id`,
      [groupIds, readerId, window.after, window.upTo, window.since, perGroup, audience.addressedOnly, audience.forManagers, audience.managedGroupIds],
    );
    return rows.map(toRecord);
  }

  /**
   * When each of these groups last had an activity of these verbs (groups without one are
   * left out): one query, an index probe per group on (group_id, occurred_at).
   */
  async lastActivityOf(groupIds: readonly string[], verbs: readonly string[]): Promise<Map<string, Date>> {
    if (groupIds.length === 0) return new Map();
    const rows = await this.dataSource.query<{ group_id: string; occurred_at: Date }[]>(
      `SELECT g.id AS group_id, a.occurred_at
         FROM unnest($1::uuid[]) AS g (id)
         CROSS JOIN LATERAL (SELECT occurred_at FROM activities
                              WHERE group_id = g.id AND verb = ANY($2::text[])
                              ORDER BY occurred_at DESC LIMIT 1) a`,
      [[...new Set(groupIds)], verbs],
    );
    return new Map(rows.map((row) => [row.group_id, row.occurred_at]));
  }

  /** The activities about one object, oldest first (what a notification or a test looks up). */
  async forObject(objectType: string, objectId: string): Promise<ActivityRecord[]> {
    const rows = await this.dataSource.query<ActivityRow[]>(
      `SELECT ${COLUMNS} FROM activities WHERE object_type = $1 AND object_id = $2 ORDER BY occurred_at, id`,
      [objectType, objectId],
    );
    return rows.map(toRecord);
  }

  private async exportFor(userId: string): Promise<object[]> {
    const rows = await this.dataSource.query<ActivityRow[]>(
      `SELECT ${COLUMNS} FROM activities WHERE actor_id = $1 ORDER BY occurred_at, id`,
      [userId],
    );
    return rows.map((row) => {
      const { id, verb, occurredAt, objectType, objectId, snapshot } = toRecord(row);
      return { id, verb, occurredAt, objectType, objectId, snapshot };
    });
  }
}

interface ActivityRow {
  id: string;
  occurred_at: Date;
  verb: string;
  actor_id: string | null;
  group_id: string | null;
  site_id: string | null;
  object_type: string;
  object_id: string;
  recipient_ids: string[];
  snapshot: ActivitySnapshot;
}

const COLUMNS = 'id, occurred_at, verb, actor_id, group_id, site_id, object_type, object_id, recipient_ids, snapshot';

function toRecord(row: ActivityRow): ActivityRecord {
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    verb: row.verb,
    actorId: row.actor_id,
    groupId: row.group_id,
    siteId: row.site_id,
    objectType: row.object_type,
    objectId: row.object_id,
    recipientIds: row.recipient_ids,
    snapshot: row.snapshot,
  };
}
