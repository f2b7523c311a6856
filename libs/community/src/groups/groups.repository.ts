import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthUser, escapeLike, SqlParams } from '@kennisplein/core';
import type { GroupRole, GroupVisibility, MembershipPolicy } from '../community.types.js';
import { visibleGroupsFrom, visibleGroupsSql } from '../policy/access-policy.repository.js';
import type { MemberGroup, NewGroup } from './groups.types.js';

/** A group as lists show it, with the caller's part in it. */
export interface GroupSummary {
  id: string;
  /** slug of the deelsite; null on the main site */
  siteSlug: string | null;
  parentId: string | null;
  contributionId: string | null;
  name: string;
  description: string;
  visibility: GroupVisibility;
  membership: MembershipPolicy;
  createdAt: Date;
  myRole: GroupRole | null;
  myRequestPending: boolean;
  memberCount: number;
}

/** Which groups a list is of. */
export interface GroupFilter {
  /** The groups of this deelsite; null: of the main site; undefined: of any. */
  siteId?: string | null;
  parentId?: string;
  /** Part of the name, taken literally. */
  nameContains?: string;
}

export interface GroupSettings {
  name?: string;
  description?: string;
  visibility?: GroupVisibility;
  membership?: MembershipPolicy;
}

interface GroupRow {
  id: string;
  site_slug: string | null;
  parent_id: string | null;
  contribution_id: string | null;
  name: string;
  description: string;
  visibility: GroupVisibility;
  membership: MembershipPolicy;
  created_at: Date;
  my_role: GroupRole | null;
  my_request: boolean;
  member_count: number;
}

/** The SQL of groups. Lists show only what the caller may see: the policy's visibleGroupsSql. */
@Injectable()
export class GroupsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts a group and its owners (in the caller's transaction); answers its id. */
  async insert(manager: EntityManager, group: NewGroup): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO groups (site_id, parent_id, contribution_id, name, description, visibility, membership, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        group.siteId,
        group.parentId,
        group.contributionId ?? null,
        group.name,
        group.description ?? '',
        group.visibility,
        group.membership,
        group.createdBy,
      ],
    );
    if (group.owners.length > 0) {
      await manager.query(
        `INSERT INTO group_members (group_id, user_id, role)
         SELECT $1, unnest($2::uuid[]), 'owner' ON CONFLICT DO NOTHING`,
        [row.id, [...new Set(group.owners)]],
      );
    }
    return row.id;
  }

  /**
   * Many groups in two statements (a bulk import's workspaces); the ids are made here so
   * each caller's group is known whatever order the rows come back in.
   */
  async insertMany(manager: EntityManager, groups: NewGroup[]): Promise<string[]> {
    if (groups.length === 0) return [];
    const ids = groups.map(() => randomUUID());
    const params = new SqlParams();
    const rows = groups.map(
      (group, i) =>
        `(${[ids[i], group.siteId, group.parentId, group.contributionId ?? null, group.name, group.description ?? '', group.visibility, group.membership, group.createdBy]
          .map((value) => params.add(value))
          .join(', ')})`,
    );
    await manager.query(
      `INSERT INTO groups (id, site_id, parent_id, contribution_id, name, description, visibility, membership, created_by)
       VALUES ${rows.join(', ')}`,
      params.values,
    );
    const owners = groups.flatMap((group, i) => [...new Set(group.owners)].map((userId) => [ids[i], userId]));
    if (owners.length > 0) {
      await manager.query(
        `INSERT INTO group_members (group_id, user_id, role)
         SELECT o.group_id, o.user_id, 'owner' FROM unnest($1::uuid[], $2::uuid[]) AS o (group_id, user_id) ON CONFLICT DO NOTHING`,
        [owners.map(([groupId]) => groupId), owners.map(([, userId]) => userId)],
      );
    }
    return ids;
  }

  /** Renames a contribution's workspace and hangs it under another group (other groups are left alone). */
  async updateWorkspace(manager: EntityManager, groupId: string, changes: { name: string; parentId: string | null }): Promise<void> {
    await manager.query(`UPDATE groups SET name = $2, parent_id = $3, updated_at = now() WHERE id = $1 AND contribution_id IS NOT NULL`, [
      groupId,
      changes.name,
      changes.parentId,
    ]);
  }

  /** Changes the settings given (undefined: left as they are). */
  async update(groupId: string, settings: GroupSettings): Promise<void> {
    const fields = Object.entries(settings).filter(([, value]) => value !== undefined);
    if (fields.length === 0) return;
    const params = new SqlParams();
    const assignments = fields.map(([column, value]) => `${column} = ${params.add(value)}`).join(', ');
    await this.dataSource.query(`UPDATE groups SET ${assignments}, updated_at = now() WHERE id = ${params.add(groupId)}`, params.values);
  }

  /** One group, whether or not the caller may see it (the caller asked the policy before). */
  async findOne(caller: AuthUser | undefined, groupId: string): Promise<GroupSummary | null> {
    const params = new SqlParams();
    const [group] = await this.summaries(caller, params, [`g.id = ${params.add(groupId)}`], 1, false);
    return group ?? null;
  }

  /** The visible groups of a filter by name, after the (name, id) cursor. */
  page(caller: AuthUser | undefined, filter: GroupFilter, after: (string | number)[] | null, limit: number): Promise<GroupSummary[]> {
    const params = new SqlParams();
    const conditions = filterConditions(filter, params);
    if (after) conditions.push(`(g.name, g.id) > (${params.add(after[0])}, ${params.add(after[1])}::uuid)`);
    return this.summaries(caller, params, conditions, limit, true);
  }

  /** Every visible group of a filter, with when it was made. */
  async visible(caller: AuthUser | undefined, filter: GroupFilter): Promise<{ id: string; createdAt: Date }[]> {
    const params = new SqlParams();
    const conditions = filterConditions(filter, params);
    const userId = params.add(caller?.id ?? null);
    const rows = await this.dataSource.query<{ id: string; created_at: Date }[]>(
      `SELECT g.id, g.created_at FROM ${visibleGroupsFrom(userId)} WHERE ${[...conditions, visibleGroupsSql(caller)].join(' AND ')}`,
      params.values,
    );
    return rows.map((row) => ({ id: row.id, createdAt: row.created_at }));
  }

  /** These groups, those the caller may see, by name. */
  visibleByIds(caller: AuthUser | undefined, groupIds: string[]): Promise<GroupSummary[]> {
    const params = new SqlParams();
    return this.summaries(caller, params, [`g.id = ANY(${params.add(groupIds)}::uuid[])`], groupIds.length, true);
  }

  /**
   * The groups `memberId` is a member of that the caller may see, by name, at most
   * `limit`, with the member's role in each. One query.
   */
  visibleMembershipsOf(caller: AuthUser | undefined, memberId: string, limit: number): Promise<MemberGroup[]> {
    const params = new SqlParams();
    const member = params.add(memberId);
    const userId = params.add(caller?.id ?? null);
    return this.dataSource.query<MemberGroup[]>(
      `SELECT g.id, g.name, s.slug AS site, g.contribution_id AS "contributionId", xm.role
         FROM ${visibleGroupsFrom(userId)}
         JOIN group_members xm ON xm.group_id = g.id AND xm.user_id = ${member}
        WHERE ${visibleGroupsSql(caller)}
        ORDER BY g.name, g.id
        LIMIT ${params.add(limit)}`,
      params.values,
    );
  }

  async findIdByContribution(contributionId: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM groups WHERE contribution_id = $1`, [contributionId]);
    return row?.id ?? null;
  }

  /**
   * One query for a whole page: memberCount and myRole come with the groups (a count
   * subquery on the group_members primary key, and a join on the caller's row), so a
   * list never costs a query per group.
   */
  private async summaries(
    caller: AuthUser | undefined,
    params: SqlParams,
    conditions: string[],
    limit: number,
    onlyVisible: boolean,
  ): Promise<GroupSummary[]> {
    const userId = params.add(caller?.id ?? null);
    const where = [...conditions, onlyVisible ? visibleGroupsSql(caller) : 'TRUE'].join(' AND ');
    const rows = await this.dataSource.query<GroupRow[]>(
      `SELECT g.id, s.slug AS site_slug, g.parent_id, g.contribution_id, g.name, g.description, g.visibility,
              g.membership, g.created_at, gm.role AS my_role,
              EXISTS (SELECT 1 FROM group_requests r WHERE r.group_id = g.id AND r.user_id = ${userId}) AS my_request,
              (SELECT count(*) FROM group_members c WHERE c.group_id = g.id)::int AS member_count
         FROM ${visibleGroupsFrom(userId)}
        WHERE ${where}
        ORDER BY g.name, g.id
        LIMIT ${params.add(limit)}`,
      params.values,
    );
    return rows.map((row) => ({
      id: row.id,
      siteSlug: row.site_slug,
      parentId: row.parent_id,
      contributionId: row.contribution_id,
      name: row.name,
      description: row.description,
      visibility: row.visibility,
      membership: row.membership,
      createdAt: row.created_at,
      myRole: row.my_role,
      myRequestPending: row.my_request,
      memberCount: row.member_count,
    }));
  }
}

function filterConditions(filter: GroupFilter, params: SqlParams): string[] {
  const conditions: string[] = [];
  if (filter.siteId === null) conditions.push('g.site_id IS NULL');
  else if (filter.siteId !== undefined) conditions.push(`g.site_id = ${params.add(filter.siteId)}`);
  if (filter.parentId !== undefined) conditions.push(`g.parent_id = ${params.add(filter.parentId)}`);
  // Served by the trigram index on name; % and _ in the search are taken literally.
  if (filter.nameContains) conditions.push(`g.name ILIKE ${params.add(`%${escapeLike(filter.nameContains)}%`)}`);
  return conditions;
}
