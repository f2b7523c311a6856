import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { GroupRole, SiteRole } from './community.types.js';

/** Community's part of a user's data export. */
export interface CommunityExport {
  groups: { groupId: string; name: string; role: GroupRole; joinedAt: Date }[];
  requests: { groupId: string; name: string; requestedAt: Date }[];
  deelsites: { slug: string; name: string; role: SiteRole; joinedAt: Date }[];
  /** Waiting for a site admin: the deelsite, and the group whose invitation brought them there. */
  deelsiteRequests: { slug: string; name: string; groupId: string; groupName: string; requestedAt: Date }[];
  groupsCreated: { groupId: string; name: string; description: string; createdAt: Date }[];
  deelsitesCreated: { slug: string; name: string; organization: string; createdAt: Date }[];
  /** The invitations they sent, to the addresses they typed. */
  invitesSent: { groupId: string; email: string; sentAt: Date; expiresAt: Date; acceptedAt: Date | null }[];
}

/** The SQL of a user's personal data in community's tables: what the export shows and what deletion erases. */
@Injectable()
export class CommunityPersonalDataRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // The columns are named as the export shows them.
  async exportFor(userId: string): Promise<CommunityExport> {
    const query = <Row>(sql: string) => this.dataSource.query<Row[]>(sql, [userId]);
    return {
      groups: await query(
        `SELECT g.id AS "groupId", g.name, m.role, m.created_at AS "joinedAt"
           FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.user_id = $1 ORDER BY m.created_at`,
      ),
      requests: await query(
        `SELECT g.id AS "groupId", g.name, r.created_at AS "requestedAt"
           FROM group_requests r JOIN groups g ON g.id = r.group_id WHERE r.user_id = $1 ORDER BY r.created_at`,
      ),
      deelsites: await query(
        `SELECT s.slug, s.name, m.role, m.created_at AS "joinedAt"
           FROM deelsite_members m JOIN deelsites s ON s.id = m.site_id WHERE m.user_id = $1 ORDER BY m.created_at`,
      ),
      deelsiteRequests: await query(
        `SELECT s.slug, s.name, r.group_id AS "groupId", g.name AS "groupName", r.created_at AS "requestedAt"
           FROM deelsite_requests r JOIN deelsites s ON s.id = r.site_id JOIN groups g ON g.id = r.group_id
          WHERE r.user_id = $1 ORDER BY r.created_at`,
      ),
      groupsCreated: await query(
        `SELECT id AS "groupId", name, description, created_at AS "createdAt" FROM groups WHERE created_by = $1 ORDER BY created_at, id`,
      ),
      deelsitesCreated: await query(
        `SELECT slug, name, organization, created_at AS "createdAt" FROM deelsites WHERE created_by = $1 ORDER BY created_at, id`,
      ),
      invitesSent: await query(
        `SELECT group_id AS "groupId", email, created_at AS "sentAt", expires_at AS "expiresAt", accepted_at AS "acceptedAt"
           FROM group_invites WHERE invited_by = $1 ORDER BY created_at, id`,
      ),
    };
  }

  /** A group whose only owner leaves gets a new one: its longest-standing admin, else member. */
  async passOnOwnership(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(
      `UPDATE group_members m SET role = 'owner'
         FROM (SELECT DISTINCT ON (o.group_id) o.group_id, o.user_id
                 FROM group_members mine
                 JOIN group_members o ON o.group_id = mine.group_id AND o.user_id <> mine.user_id
                WHERE mine.user_id = $1 AND mine.role = 'owner'
                  AND NOT EXISTS (SELECT 1 FROM group_members x
                                   WHERE x.group_id = mine.group_id AND x.role = 'owner' AND x.user_id <> $1)
                ORDER BY o.group_id, (o.role = 'admin') DESC, o.created_at) heir
        WHERE m.group_id = heir.group_id AND m.user_id = heir.user_id`,
      [userId],
    );
  }

  /** Removes the user from every group and deelsite, with their requests. */
  async removeEverywhere(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`DELETE FROM group_members WHERE user_id = $1`, [userId]);
    await manager.query(`DELETE FROM group_requests WHERE user_id = $1`, [userId]);
    await manager.query(`DELETE FROM deelsite_requests WHERE user_id = $1`, [userId]);
    await manager.query(`DELETE FROM deelsite_members WHERE user_id = $1`, [userId]);
  }
}
