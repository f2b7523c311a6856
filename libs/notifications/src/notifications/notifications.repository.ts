import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SqlParams } from '@kennisplein/core';

/** A user's notification of an activity. */
export interface StoredNotification {
  id: string;
  userId: string;
  activityId: string;
  createdAt: Date;
  readAt: Date | null;
  /** createdAt as text at full (microsecond) precision, for the cursor */
  createdKey: string;
}

/** A notification just made by a fan-out. */
export interface AddedNotification {
  id: string;
  userId: string;
  createdAt: Date;
}

/** A notification as the data export lists it. */
export interface ExportedNotification {
  id: string;
  activityId: string;
  createdAt: Date;
  readAt: Date | null;
}

interface NotificationRow {
  id: string;
  user_id: string;
  activity_id: string;
  created_at: Date;
  read_at: Date | null;
  created_key: string;
}

/** Notifications inserted per statement. */
const INSERT_BATCH = 1000;

/** The SQL of notifications. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One notification of the activity per user, in batched inserts; users who already have it get none. */
  async addMany(activityId: string, userIds: string[]): Promise<AddedNotification[]> {
    const added: AddedNotification[] = [];
    for (let i = 0; i < userIds.length; i += INSERT_BATCH) {
      const rows = await this.dataSource.query<{ id: string; user_id: string; created_at: Date }[]>(
        `INSERT INTO notifications (user_id, activity_id) SELECT unnest($1::uuid[]), $2
         ON CONFLICT DO NOTHING RETURNING id, user_id, created_at`,
        [userIds.slice(i, i + INSERT_BATCH), activityId],
      );
      added.push(...rows.map((row) => ({ id: row.id, userId: row.user_id, createdAt: row.created_at })));
    }
    return added;
  }

  /** `limit` of a user's notifications, newest first, after the (createdAt, id) cursor. */
  async page(userId: string, query: { unreadOnly: boolean; after: (string | number)[] | null }, limit: number): Promise<StoredNotification[]> {
    const params = new SqlParams();
    const conditions = [`n.user_id = ${params.add(userId)}`];
    if (query.unreadOnly) conditions.push('n.read_at IS NULL');
    if (query.after) {
      const [createdAt, id] = query.after;
      conditions.push(`(n.created_at, n.id) < (${params.add(createdAt)}::timestamptz, ${params.add(id)}::uuid)`);
    }
    const rows = await this.dataSource.query<NotificationRow[]>(
      `SELECT n.id, n.user_id, n.activity_id, n.created_at, n.read_at, n.created_at::text AS created_key
       FROM notifications n WHERE ${conditions.join(' AND ')} ORDER BY n.created_at DESC, n.id DESC LIMIT ${limit}`,
      params.values,
    );
    return rows.map((row) => ({
      id: row.id,
      userId: row.user_id,
      activityId: row.activity_id,
      createdAt: row.created_at,
      readAt: row.read_at,
      createdKey: row.created_key,
    }));
  }

  /** Marks these of the user's notifications read; ids of others' are ignored. */
  async markRead(userId: string, ids: string[]): Promise<void> {
    await this.dataSource.query(`UPDATE notifications SET read_at = now() WHERE user_id = $1 AND id = ANY($2) AND read_at IS NULL`, [userId, ids]);
  }

  async markAllRead(userId: string): Promise<void> {
    await this.dataSource.query(`UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, [userId]);
  }

  /** Served by the partial index of unread notifications (notifications_unread_idx). */
  async unreadCount(userId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [
      userId,
    ]);
    return row.count;
  }

  exportOf(userId: string): Promise<ExportedNotification[]> {
    return this.dataSource.query<ExportedNotification[]>(
      `SELECT id, activity_id AS "activityId", created_at AS "createdAt", read_at AS "readAt" FROM notifications WHERE user_id = $1 ORDER BY created_at`,
      [userId],
    );
  }

  async eraseFor(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`DELETE FROM notifications WHERE user_id = $1`, [userId]);
  }
}
