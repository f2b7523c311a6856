import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SqlParams } from '../database/sql-params.js';
import type { ReaderAudience, ActivityRecord, ActivitySnapshot, ActivityWindow, NewActivity } from './activity-log.js';

/** The SQL of the activity log (core.activities). */
@Injectable()
export class ActivityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, activity: NewActivity & { recipientIds: string[] }): Promise<string> {
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
        activity.recipientIds,
        JSON.stringify(activity.snapshot),
      ],
    );
    return row.id;
  }

  /** Many activities in one statement (a bulk import's). */
  async insertMany(manager: EntityManager, activities: (NewActivity & { recipientIds: string[] })[]): Promise<void> {
    if (activities.length === 0) return;
    const params = new SqlParams();
    const rows = activities.map(
      (activity) =>
        `(${[activity.verb, activity.actorId, activity.groupId, activity.siteId ?? null, activity.objectType, activity.objectId, activity.recipientIds, JSON.stringify(activity.snapshot)]
          .map((value) => params.add(value))
          .join(', ')})`,
    );
    await manager.query(
      `INSERT INTO activities (verb, actor_id, group_id, site_id, object_type, object_id, recipient_ids, snapshot) VALUES ${rows.join(', ')}`,
      params.values,
    );
  }

  /** Up to `limit` activities not yet dispatched, oldest first, locked; concurrent dispatchers skip each other's rows. */
  async lockUndispatched(manager: EntityManager, limit: number): Promise<ActivityRecord[]> {
    const rows = await manager.query<ActivityRow[]>(
      `SELECT ${COLUMNS} FROM activities WHERE dispatched_at IS NULL ORDER BY occurred_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map(toRecord);
  }

  async markDispatched(manager: EntityManager, ids: readonly string[]): Promise<void> {
    await manager.query(`UPDATE activities SET dispatched_at = now() WHERE id = ANY($1)`, [ids]);
  }

  async findMany(ids: readonly string[]): Promise<ActivityRecord[]> {
    const rows = await this.dataSource.query<ActivityRow[]>(`SELECT ${COLUMNS} FROM activities WHERE id = ANY($1)`, [ids]);
    return rows.map(toRecord);
  }

  /** pg_current_snapshot() as text: which transactions have completed. */
  async currentSnapshot(manager: EntityManager = this.dataSource.manager): Promise<string> {
    const [row] = await manager.query<{ snapshot: string }[]>(`SELECT pg_current_snapshot()::text AS snapshot`);
    return row.snapshot;
  }

  /** See ActivityLog.forReader for what the window and the audience mean. */
  async forReader(groupIds: string[], readerId: string, window: ActivityWindow, perGroup: number, audience: ReaderAudience): Promise<ActivityRecord[]> {
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

  /** One query, an index probe per group on (group_id, occurred_at). */
  async lastOfVerbs(groupIds: readonly string[], verbs: readonly string[]): Promise<{ groupId: string; occurredAt: Date }[]> {
    const rows = await this.dataSource.query<{ group_id: string; occurred_at: Date }[]>(
      `SELECT g.id AS group_id, a.occurred_at
         FROM unnest($1::uuid[]) AS g (id)
         CROSS JOIN LATERAL (SELECT occurred_at FROM activities
                              WHERE group_id = g.id AND verb = ANY($2::text[])
                              ORDER BY occurred_at DESC LIMIT 1) a`,
      [groupIds, verbs],
    );
    return rows.map((row) => ({ groupId: row.group_id, occurredAt: row.occurred_at }));
  }

  async forObject(objectType: string, objectId: string): Promise<ActivityRecord[]> {
    const rows = await this.dataSource.query<ActivityRow[]>(
      `SELECT ${COLUMNS} FROM activities WHERE object_type = $1 AND object_id = $2 ORDER BY occurred_at, id`,
      [objectType, objectId],
    );
    return rows.map(toRecord);
  }

  async byActor(userId: string): Promise<ActivityRecord[]> {
    const rows = await this.dataSource.query<ActivityRow[]>(`SELECT ${COLUMNS} FROM activities WHERE actor_id = $1 ORDER BY occurred_at, id`, [userId]);
    return rows.map(toRecord);
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
