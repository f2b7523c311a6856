import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { returnedRows } from '@kennisplein/core';

/** Someone waiting to be let into a deelsite, with the group and inviter whose invitation brought them. */
export interface SiteRequest {
  userId: string;
  groupId: string;
  groupName: string;
  invitedBy: string | null;
  createdAt: Date;
  /** createdAt as text at full (microsecond) precision, for the cursor */
  createdKey: string;
}

interface SiteRequestRow {
  user_id: string;
  group_id: string;
  group_name: string;
  invited_by: string | null;
  created_at: Date;
  created_key: string;
}

/** The SQL of deelsite_requests: people let into a closed deelsite's group by a non-admin, waiting for a site admin. */
@Injectable()
export class SiteRequestsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One request per person and site: a second invitation while one waits adds nothing here
   * (see promisedGroups). Answers whether this one made the request.
   */
  async add(manager: EntityManager, request: { siteId: string; userId: string; groupId: string; inviteId: string }): Promise<boolean> {
    const added = await manager.query<unknown[]>(
      `INSERT INTO deelsite_requests (site_id, user_id, group_id, invite_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING user_id`,
      [request.siteId, request.userId, request.groupId, request.inviteId],
    );
    return added.length > 0;
  }

  /** What a notification of a request names: the site, and its admins (who decide it). */
  async siteOf(manager: EntityManager, siteId: string): Promise<{ slug: string; name: string; adminIds: string[] }> {
    const [row] = await manager.query<{ slug: string; name: string; admin_ids: string[] }[]>(
      `SELECT s.slug, s.name, ARRAY(SELECT sm.user_id FROM deelsite_members sm WHERE sm.site_id = s.id AND sm.role = 'admin' ORDER BY sm.user_id) AS admin_ids
         FROM deelsites s WHERE s.id = $1`,
      [siteId],
    );
    return { slug: row.slug, name: row.name, adminIds: row.admin_ids };
  }

  /** A page in the order they came, after the (created_at, user_id) cursor, with the group and inviter of each. */
  async page(siteId: string, after: (string | number)[] | null, limit: number): Promise<SiteRequest[]> {
    const rows = await this.dataSource.query<SiteRequestRow[]>(
      `SELECT r.user_id, r.group_id, g.name AS group_name, gi.invited_by, r.created_at, r.created_at::text AS created_key
         FROM deelsite_requests r
         JOIN groups g ON g.id = r.group_id
         LEFT JOIN group_invites gi ON gi.id = r.invite_id
        WHERE r.site_id = $1 AND ($2::timestamptz IS NULL OR (r.created_at, r.user_id) > ($2::timestamptz, $3::uuid))
        ORDER BY r.created_at, r.user_id LIMIT $4`,
      [siteId, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
    return rows.map((row) => ({
      userId: row.user_id,
      groupId: row.group_id,
      groupName: row.group_name,
      invitedBy: row.invited_by,
      createdAt: row.created_at,
      createdKey: row.created_key,
    }));
  }

  /** Removes a request and answers its group and when it was made (null: there was none). */
  async take(manager: EntityManager, siteId: string, userId: string): Promise<{ groupId: string; groupName: string; createdAt: Date } | null> {
    const [row] = returnedRows<{ group_id: string; group_name: string; created_at: Date }>(
      await manager.query(
        `DELETE FROM deelsite_requests r WHERE r.site_id = $1 AND r.user_id = $2
         RETURNING r.group_id, (SELECT name FROM groups WHERE id = r.group_id) AS group_name, r.created_at`,
        [siteId, userId],
      ),
    );
    return row ? { groupId: row.group_id, groupName: row.group_name, createdAt: row.created_at } : null;
  }

  /**
   * The groups of the site whose invitations the person accepted while the request waited
   * (the first one made the request; any later one joined it).
   */
  async promisedGroups(manager: EntityManager, siteId: string, userId: string, since: Date): Promise<string[]> {
    const rows = await manager.query<{ group_id: string }[]>(
      `SELECT DISTINCT gi.group_id FROM group_invites gi JOIN groups g ON g.id = gi.group_id
        WHERE gi.accepted_by = $2 AND g.site_id = $1 AND gi.accepted_at >= $3
        ORDER BY gi.group_id`,
      [siteId, userId, since],
    );
    return rows.map((row) => row.group_id);
  }

  /** Makes the person a site member (keeping a role they already have) and answers their role. */
  async admit(manager: EntityManager, siteId: string, userId: string): Promise<'admin' | 'member'> {
    const [row] = await manager.query<{ role: 'admin' | 'member' }[]>(
      `INSERT INTO deelsite_members (site_id, user_id, role) VALUES ($1, $2, 'member')
       ON CONFLICT (site_id, user_id) DO UPDATE SET role = deelsite_members.role RETURNING role`,
      [siteId, userId],
    );
    return row.role;
  }
}
