import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** A mute as the data export lists it. */
export interface ExportedMute {
  groupId: string;
  mutedAt: Date;
}

/** The SQL of group_mutes. */
@Injectable()
export class MutesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async add(userId: string, groupId: string): Promise<void> {
    await this.dataSource.query(`INSERT INTO group_mutes (user_id, group_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [userId, groupId]);
  }

  async remove(userId: string, groupId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM group_mutes WHERE user_id = $1 AND group_id = $2`, [userId, groupId]);
  }

  async isMuted(userId: string, groupId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM group_mutes WHERE user_id = $1 AND group_id = $2`, [userId, groupId]);
    return rows.length > 0;
  }

  /** The groups each of these users muted, a row per user and group. */
  groupsMutedByEach(userIds: readonly string[]): Promise<{ userId: string; groupId: string }[]> {
    return this.dataSource.query<{ userId: string; groupId: string }[]>(
      `SELECT user_id AS "userId", group_id AS "groupId" FROM group_mutes WHERE user_id = ANY($1::uuid[])`,
      [userIds],
    );
  }

  /** Of these users, those who muted the group. */
  async mutedAmong(groupId: string, userIds: string[]): Promise<string[]> {
    const rows = await this.dataSource.query<{ user_id: string }[]>(
      `SELECT user_id FROM group_mutes WHERE group_id = $1 AND user_id = ANY($2)`,
      [groupId, userIds],
    );
    return rows.map((row) => row.user_id);
  }

  exportOf(userId: string): Promise<ExportedMute[]> {
    return this.dataSource.query<ExportedMute[]>(
      `SELECT group_id AS "groupId", created_at AS "mutedAt" FROM group_mutes WHERE user_id = $1 ORDER BY created_at, group_id`,
      [userId],
    );
  }

  async eraseFor(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`DELETE FROM group_mutes WHERE user_id = $1`, [userId]);
  }
}
