import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { returnedRows } from '@kennisplein/core';
import type { GroupRole, GroupVisibility, SiteVisibility } from '../community.types.js';
import type { WorkspaceFacts } from '../policy/access-decisions.js';
import type { FollowedGroup } from './groups.types.js';
import { followedThroughParentSql } from '../policy/access-policy.repository.js';

/** A group's members, with what the policy needs to decide who follows it through its parent. */
export interface GroupWithMembers extends WorkspaceFacts {
  memberIds: string[];
}

interface GroupWithMembersRow {
  contribution_id: string | null;
  parent_id: string | null;
  visibility: GroupVisibility;
  site_visibility: SiteVisibility | null;
  member_ids: string[];
}

/** The SQL of group_members and group_requests: who is in a group, in which role, and who asked to be. */
@Injectable()
export class MembershipsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Membership changes of one group happen one at a time: the owner count stays true. */
  async lockGroup(manager: EntityManager, groupId: string): Promise<void> {
    await manager.query(`SELECT id FROM groups WHERE id = $1 FOR UPDATE`, [groupId]);
  }

  async roleOf(manager: EntityManager, groupId: string, userId: string): Promise<GroupRole | null> {
    const [row] = await manager.query<{ role: GroupRole }[]>(`SELECT role FROM group_members WHERE group_id = $1 AND user_id = $2`, [
      groupId,
      userId,
    ]);
    return row?.role ?? null;
  }

  /** Whether the user is an owner of the group, and how many owners it has. */
  async owners(manager: EntityManager, groupId: string, userId: string): Promise<{ isOwner: boolean; count: number }> {
    const [row] = await manager.query<{ is_owner: boolean | null; owners: number }[]>(
      `SELECT bool_or(user_id = $2) AS is_owner, count(*)::int AS owners
         FROM group_members WHERE group_id = $1 AND role = 'owner'`,
      [groupId, userId],
    );
    return { isOwner: row.is_owner === true, count: row.owners };
  }

  /**
   * Adds a member once, whatever happens concurrently (the primary key and ON CONFLICT),
   * and settles a request of theirs. Answers the group's name when they became a member
   * now, null when they were one already.
   */
  async add(manager: EntityManager, groupId: string, userId: string, role: GroupRole): Promise<string | null> {
    const joined = await manager.query<{ name: string }[]>(
      `INSERT INTO group_members (group_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
       RETURNING (SELECT name FROM groups WHERE id = $1) AS name`,
      [groupId, userId, role],
    );
    await this.removeRequest(manager, groupId, userId);
    return joined[0]?.name ?? null;
  }

  /** Makes someone an owner whatever their role was, and settles a request of theirs. */
  async makeOwner(manager: EntityManager, groupId: string, userId: string): Promise<void> {
    await manager.query(
      `INSERT INTO group_members (group_id, user_id, role) VALUES ($1, $2, 'owner')
       ON CONFLICT (group_id, user_id) DO UPDATE SET role = 'owner'`,
      [groupId, userId],
    );
    await this.removeRequest(manager, groupId, userId);
  }

  async setRole(manager: EntityManager, groupId: string, userId: string, role: GroupRole): Promise<void> {
    await manager.query(`UPDATE group_members SET role = $3 WHERE group_id = $1 AND user_id = $2`, [groupId, userId, role]);
  }

  async remove(manager: EntityManager, groupId: string, userId: string): Promise<void> {
    await manager.query(`DELETE FROM group_members WHERE group_id = $1 AND user_id = $2`, [groupId, userId]);
  }

  /** A join request, once; answers whether this one made it. */
  async addRequest(manager: EntityManager, groupId: string, userId: string): Promise<boolean> {
    const asked = await manager.query<unknown[]>(
      `INSERT INTO group_requests (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING user_id`,
      [groupId, userId],
    );
    return asked.length > 0;
  }

  async removeRequest(manager: EntityManager, groupId: string, userId: string): Promise<void> {
    await manager.query(`DELETE FROM group_requests WHERE group_id = $1 AND user_id = $2`, [groupId, userId]);
  }

  /** Removes a join request; answers whether there was one. */
  async takeRequest(manager: EntityManager, groupId: string, userId: string): Promise<boolean> {
    const rows = returnedRows(
      await manager.query(`DELETE FROM group_requests WHERE group_id = $1 AND user_id = $2 RETURNING user_id`, [groupId, userId]),
    );
    return rows.length > 0;
  }

  /** A group's members, with its workspace facts (null: no such group). */
  async groupWithMembers(groupId: string): Promise<GroupWithMembers | null> {
    const [row] = await this.dataSource.query<GroupWithMembersRow[]>(
      `SELECT g.contribution_id, g.parent_id, g.visibility, s.visibility AS site_visibility,
              ARRAY(SELECT gm.user_id FROM group_members gm WHERE gm.group_id = g.id) AS member_ids
         FROM groups g LEFT JOIN deelsites s ON s.id = g.site_id
        WHERE g.id = $1`,
      [groupId],
    );
    if (!row) return null;
    return {
      contributionId: row.contribution_id,
      parentId: row.parent_id,
      visibility: row.visibility,
      siteVisibility: row.site_visibility,
      memberIds: row.member_ids,
    };
  }

  async memberIdsOf(groupId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ user_id: string }[]>(`SELECT user_id FROM group_members WHERE group_id = $1`, [groupId]);
    return rows.map((row) => row.user_id);
  }

  /**
   * The groups each of these users is a member of, and the workspaces under those that they
   * follow through them (the policy's followedThroughParentSql), with their names, a row per
   * user and group. A workspace may come twice: as a member's and through its parent.
   */
  followedByEach(userIds: readonly string[]): Promise<(FollowedGroup & { userId: string })[]> {
    return this.dataSource.query<(FollowedGroup & { userId: string })[]>(
      `SELECT gm.user_id AS "userId", g.id, g.name, NULL::uuid AS via FROM group_members gm JOIN groups g ON g.id = gm.group_id
        WHERE gm.user_id = ANY($1::uuid[])
       UNION ALL
       SELECT gm.user_id AS "userId", w.id, w.name, gm.group_id AS via FROM group_members gm
         JOIN groups w ON w.parent_id = gm.group_id
         LEFT JOIN deelsites ws ON ws.id = w.site_id
        WHERE gm.user_id = ANY($1::uuid[]) AND ${followedThroughParentSql('w', 'ws')}`,
      [userIds],
    );
  }

  /** The owners and admins of a group, and the admins of its deelsite. */
  async managersOf(groupId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ user_id: string }[]>(
      `SELECT user_id FROM group_members WHERE group_id = $1 AND role IN ('owner', 'admin')
       UNION
       SELECT sm.user_id FROM groups g JOIN deelsite_members sm ON sm.site_id = g.site_id AND sm.role = 'admin' WHERE g.id = $1`,
      [groupId],
    );
    return rows.map((row) => row.user_id);
  }

  /** managersOf the other way round: the pairs of a user and a group of these that they are an owner or admin of, or an admin of its deelsite. */
  managedAmongEach(userIds: readonly string[], groupIds: readonly string[]): Promise<{ userId: string; groupId: string }[]> {
    return this.dataSource.query<{ userId: string; groupId: string }[]>(
      `SELECT user_id AS "userId", group_id AS "groupId" FROM group_members
        WHERE user_id = ANY($1::uuid[]) AND group_id = ANY($2::uuid[]) AND role IN ('owner', 'admin')
       UNION
       SELECT sm.user_id, g.id FROM groups g JOIN deelsite_members sm ON sm.site_id = g.site_id AND sm.role = 'admin' AND sm.user_id = ANY($1::uuid[])
        WHERE g.id = ANY($2::uuid[])`,
      [userIds, groupIds],
    );
  }
}
