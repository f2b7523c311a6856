import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SqlParams } from '../database/sql-params.js';
import type { ReaderAudience, ActivityRecord, ActivitySnapshot, NewActivity, ReaderOfWindow } from './activity-log.js';

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

  /**
   * See ActivityLog.forReader for what a window and the audience mean; here for a batch of
   * readers at once. Per reader and group at most perGroup of the newest (an index probe
   * each, newest first, on (group_id, occurred_at)); the reader's own among the recipients
   * by one scan of the recipients' index for the whole batch; then, as for one reader, at
   * most perGroup per group of the two together.
   */
  async forReaders(
    readers: readonly ReaderOfWindow[],
    perGroup: number,
    audience: Pick<ReaderAudience, 'addressedOnly' | 'forManagers'>,
  ): Promise<{ readerId: string; activity: ActivityRecord }[]> {
    const followed = readers.flatMap((reader) => {
      const managed = new Set(reader.managedGroupIds);
      return reader.groupIds.map((groupId) => ({ readerId: reader.readerId, groupId, managed: managed.has(groupId) }));
    });
    // Transaction ids between the two snapshots' bounds narrow the scans; visibility decides.
    const inWindow = `a.xact_id >= coalesce(pg_snapshot_xmin(r.after), '0'::xid8) AND a.xact_id < pg_snapshot_xmax(r.up_to)
      AND pg_visible_in_snapshot(a.xact_id, r.up_to)
      AND (r.after IS NULL OR NOT pg_visible_in_snapshot(a.xact_id, r.after))
      AND (r.since IS NULL OR a.occurred_at >= r.since)
      AND a.actor_id IS DISTINCT FROM r.reader_id`;
    const rows = await this.dataSource.query<(ActivityRow & { reader_id: string })[]>(
      `WITH r AS MATERIALIZED (
         SELECT reader_id, after::pg_snapshot AS after, up_to::pg_snapshot AS up_to, since
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS r (reader_id, after, up_to, since)
       ), told AS (
         SELECT f.reader_id, a.id, a.group_id, a.occurred_at
           FROM unnest($5::uuid[], $6::uuid[], $7::boolean[]) AS f (reader_id, group_id, managed)
           JOIN r ON r.reader_id = f.reader_id
           CROSS JOIN LATERAL (
             SELECT a.id, a.group_id, a.occurred_at FROM activities a
              WHERE a.group_id = f.group_id AND ${inWindow}
                AND NOT a.verb = ANY($8::text[]) AND (f.managed OR NOT a.verb = ANY($9::text[]))
              ORDER BY a.occurred_at DESC LIMIT $10
           ) a
         UNION
         SELECT r.reader_id, a.id, a.group_id, a.occurred_at
           FROM r CROSS JOIN LATERAL (
             SELECT a.id, a.group_id, a.occurred_at FROM activities a WHERE a.recipient_ids @> ARRAY[r.reader_id] AND ${inWindow}
           ) a
       ), ranked AS (
         SELECT reader_id, id, row_number() OVER (PARTITION BY reader_id, coalesce(group_id, id) ORDER BY occurred_at DESC) AS nth FROM told
       )
       -- The rows themselves by primary key, only for what is told.
       SELECT ranked.reader_id, a.* FROM ranked
        CROSS JOIN LATERAL (SELECT ${COLUMNS} FROM activities WHERE id = ranked.id) a
        WHERE ranked.nth <= $10
        ORDER BY ranked.reader_id, a.occurred_at, a.id`,
      [
        readers.map((reader) => reader.readerId),
        readers.map((reader) => reader.window.after),
        readers.map((reader) => reader.window.upTo),
        readers.map((reader) => reader.window.since),
        followed.map((row) => row.readerId),
        followed.map((row) => row.groupId),
        followed.map((row) => row.managed),
        audience.addressedOnly,
        audience.forManagers,
        perGroup,
      ],
    );
    return rows.map((row) => ({ readerId: row.reader_id, activity: toRecord(row) }));
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
