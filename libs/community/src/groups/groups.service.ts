import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ActivityLog,
  activityVerbs,
  type AuthUser,
  CommonErrors,
  decodeCursor,
  DomainEvents,
  encodeCursor,
  escapeLike,
  type Page,
  pageSize,
  SqlParams,
  toPage,
} from '@kennisplein/core';
import { GroupErrors } from '../community.errors.js';
import type { GroupRole, GroupVisibility, MembershipPolicy } from '../community.types.js';
import { GroupAction, SiteAction } from '../policy/access-decisions.js';
import { AccessPolicy } from '../policy/access-policy.service.js';
import type { CreateGroupDto, GroupDto, ListGroupsQuery, UpdateGroupDto } from './dto/group.dto.js';

export interface NewGroup {
  siteId: string | null;
  parentId: string | null;
  contributionId?: string | null;
  name: string;
  description?: string;
  visibility: GroupVisibility;
  membership: MembershipPolicy;
  createdBy: string | null;
  /** Users who start as owners (the creator; for a workspace, the authors with accounts). */
  owners: string[];
}

/** A group someone is a member of, as their profile lists it. */
export interface MemberGroup {
  id: string;
  name: string;
  /** slug of the deelsite; null on the main site */
  site: string | null;
  /** set when the group is a contribution's workspace */
  contributionId: string | null;
  role: GroupRole;
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

@Injectable()
export class GroupsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: AccessPolicy,
    private readonly events: DomainEvents,
    private readonly activity: ActivityLog,
  ) {}

  /**
   * POST /groups: on the main site or in a deelsite, or under a group the caller manages
   * (then in that group's site).
   */
  async createFor(caller: AuthUser, input: CreateGroupDto): Promise<GroupDto> {
    let siteId: string | null = null;
    if (input.parentId) {
      const parent = await this.policy.assertGroup(caller, GroupAction.Manage, input.parentId);
      if (input.site !== undefined && input.site !== parent.site?.slug) throw GroupErrors.parent_site_mismatch();
      siteId = parent.siteId;
    } else if (input.site) {
      siteId = (await this.policy.assertSite(caller, SiteAction.CreateGroup, input.site)).id;
    }
    const id = await this.create({
      siteId,
      parentId: input.parentId ?? null,
      name: input.name,
      description: input.description,
      visibility: input.visibility,
      membership: input.membership,
      createdBy: caller.id,
      owners: [caller.id],
    });
    return this.get(caller, id);
  }

  /**
   * Creates a group with its owners, inside the caller's transaction when one is given
   * (the kennisbank makes a contribution and its workspace in one).
   */
  async create(group: NewGroup, manager: EntityManager = this.dataSource.manager): Promise<string> {
    const work = async (tx: EntityManager) => {
      const [row] = await tx.query<{ id: string }[]>(
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
        await tx.query(
          `INSERT INTO group_members (group_id, user_id, role)
           SELECT $1, unnest($2::uuid[]), 'owner' ON CONFLICT DO NOTHING`,
          [row.id, [...new Set(group.owners)]],
        );
      }
      return row.id;
    };
    return manager.queryRunner?.isTransactionActive ? work(manager) : manager.transaction(work);
  }

  /** A workspace follows its contribution: a new title renames it, a new theme moves it under that theme's group. */
  async updateWorkspace(groupId: string, changes: { name: string; parentId: string | null }, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE groups SET name = $2, parent_id = $3, updated_at = now() WHERE id = $1 AND contribution_id IS NOT NULL`, [
      groupId,
      changes.name,
      changes.parentId,
    ]);
  }

  async get(caller: AuthUser | undefined, groupId: string): Promise<GroupDto> {
    await this.policy.assertGroup(caller, GroupAction.View, groupId);
    const params = new SqlParams();
    const [row] = await this.queryGroups(caller, params, [`g.id = ${params.add(groupId)}`], 1, false);
    const latest = await this.lastActivityOf([row]);
    return toGroupDto(row, latest);
  }

  /**
   * GET /groups: the visible groups of a site (or the main site), or under a parent, by name;
   * with sort=active the most recently active first.
   */
  async list(caller: AuthUser | undefined, query: ListGroupsQuery): Promise<Page<GroupDto>> {
    const params = new SqlParams();
    const conditions: string[] = [];
    if (query.site) {
      const site = await this.policy.assertSite(caller, SiteAction.View, query.site);
      conditions.push(`g.site_id = ${params.add(site.id)}`);
    } else if (!query.parent) {
      conditions.push('g.site_id IS NULL');
    }
    if (query.parent) {
      await this.policy.assertGroup(caller, GroupAction.View, query.parent);
      conditions.push(`g.parent_id = ${params.add(query.parent)}`);
    }
    if (query.q) {
      // Served by the trigram index on name; % and _ in the search are taken literally.
      conditions.push(`g.name ILIKE ${params.add(`%${escapeLike(query.q)}%`)}`);
    }
    const limit = pageSize(query);
    if (query.sort === 'active') return this.listByActivity(caller, params, conditions, limit, query.cursor);
    if (query.cursor) {
      const [name, id] = decodeCursor(query.cursor, ['text', 'uuid']);
      conditions.push(`(g.name, g.id) > (${params.add(name)}, ${params.add(id)}::uuid)`);
    }
    const rows = await this.queryGroups(caller, params, conditions, limit + 1, true);
    const latest = await this.lastActivityOf(rows.slice(0, limit));
    return toPage(rows, limit, (row) => [row.name, row.id], (row) => toGroupDto(row, latest));
  }

  /** Owners and admins change the settings; who may see the group is re-checked at once. */
  async update(caller: AuthUser, groupId: string, changes: UpdateGroupDto): Promise<GroupDto> {
    const group = await this.policy.assertGroup(caller, GroupAction.Manage, groupId);
    const fields = Object.entries({
      name: changes.name,
      description: changes.description,
      visibility: changes.visibility,
      membership: changes.membership,
    }).filter(([, value]) => value !== undefined);
    if (fields.length > 0) {
      const params = new SqlParams();
      const assignments = fields.map(([column, value]) => `${column} = ${params.add(value)}`).join(', ');
      await this.dataSource.query(`UPDATE groups SET ${assignments}, updated_at = now() WHERE id = ${params.add(groupId)}`, params.values);
    }
    if (changes.visibility && changes.visibility !== group.visibility) this.events.emit('group.access-changed', { groupId });
    return this.get(caller, groupId);
  }

  /**
   * The groups `memberId` is a member of that the caller may see (the policy's own SQL),
   * by name, at most `limit`, with the member's role in each: a profile's list. One query.
   */
  async visibleMembershipsOf(caller: AuthUser | undefined, memberId: string, limit: number): Promise<MemberGroup[]> {
    const params = new SqlParams();
    const member = params.add(memberId);
    const userId = params.add(caller?.id ?? null);
    return this.dataSource.query<MemberGroup[]>(
      `SELECT g.id, g.name, s.slug AS site, g.contribution_id AS "contributionId", xm.role
         FROM ${visibleGroupsFrom(userId)}
         JOIN group_members xm ON xm.group_id = g.id AND xm.user_id = ${member}
        WHERE ${this.policy.visibleGroupsSql(caller)}
        ORDER BY g.name, g.id
        LIMIT ${params.add(limit)}`,
      params.values,
    );
  }

  /** The workspace group of a contribution, if it has one. */
  async findIdByContribution(contributionId: string): Promise<string | null> {
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM groups WHERE contribution_id = $1`, [contributionId]);
    return rows[0]?.id ?? null;
  }

  /**
   * sort=active: the matching visible groups' ids (one query), when each was last active
   * (one query to the activity log, an index probe per group), ordered here, newest
   * first; then the page's groups (one query). Three queries, whatever the number of
   * groups; the cursor is the last item's (lastActivityAt, id).
   */
  private async listByActivity(
    caller: AuthUser | undefined,
    params: SqlParams,
    conditions: string[],
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<GroupDto>> {
    const after = cursor ? decodeCursor(cursor, ['text', 'timestamp', 'uuid']) : null;
    if (after && after[0] !== 'active') throw CommonErrors.invalid_cursor();
    const userId = params.add(caller?.id ?? null);
    const candidates = await this.dataSource.query<{ id: string; created_at: Date }[]>(
      `SELECT g.id, g.created_at FROM ${visibleGroupsFrom(userId)} WHERE ${[...conditions, this.policy.visibleGroupsSql(caller)].join(' AND ')}`,
      params.values,
    );
    const latest = await this.lastActivityOf(candidates);
    const [afterAt, afterId] = after ? [Date.parse(String(after[1])), String(after[2])] : [Infinity, ''];
    const ordered = candidates
      .map((group) => ({ id: group.id, at: (latest.get(group.id) ?? group.created_at).getTime() }))
      .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1))
      .filter((group) => group.at < afterAt || (group.at === afterAt && group.id < afterId));
    const pageIds = ordered.slice(0, limit).map((group) => group.id);
    const pageParams = new SqlParams();
    const rows = await this.queryGroups(caller, pageParams, [`g.id = ANY(${pageParams.add(pageIds)}::uuid[])`], limit, true);
    const byId = new Map(rows.map((row) => [row.id, toGroupDto(row, latest)]));
    const items = pageIds.flatMap((id) => byId.get(id) ?? []);
    const last = items.at(-1);
    return {
      items,
      nextCursor: ordered.length > limit && last ? encodeCursor(['active', last.lastActivityAt.toISOString(), last.id]) : null,
    };
  }

  /**
   * When each of these groups was last active (one query for all of them): what was made
   * in it (the verbs their libs declare madeInGroup), not who joined.
   */
  private lastActivityOf(groups: { id: string }[]): Promise<Map<string, Date>> {
    return this.activity.lastActivityOf(
      groups.map((group) => group.id),
      activityVerbs()
        .filter((verb) => verb.madeInGroup)
        .map(({ verb }) => verb),
    );
  }

  /**
   * One query for a whole page: memberCount and myRole come with the groups (a count
   * subquery on the group_members primary key, and a join on the caller's row), so a
   * list never costs a query per group.
   */
  private queryGroups(
    caller: AuthUser | undefined,
    params: SqlParams,
    conditions: string[],
    limit: number,
    onlyVisible: boolean,
  ): Promise<GroupRow[]> {
    const userId = params.add(caller?.id ?? null);
    const where = [...conditions, onlyVisible ? this.policy.visibleGroupsSql(caller) : 'TRUE'].join(' AND ');
    return this.dataSource.query(
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
  }
}

/** Groups with the rows AccessPolicy.visibleGroupsSql reads: their deelsite and the caller's memberships (s, gm, sm). */
function visibleGroupsFrom(userId: string): string {
  return `groups g
         LEFT JOIN deelsites s ON s.id = g.site_id
         LEFT JOIN group_members gm ON gm.group_id = g.id AND gm.user_id = ${userId}
         LEFT JOIN deelsite_members sm ON sm.site_id = g.site_id AND sm.user_id = ${userId}`;
}

/** A group as clients see it; `latest` holds when groups were last active (a group without activity: its creation). */
function toGroupDto(row: GroupRow, latest: Map<string, Date>): GroupDto {
  return {
    id: row.id,
    site: row.site_slug,
    parentId: row.parent_id,
    contributionId: row.contribution_id,
    name: row.name,
    description: row.description,
    visibility: row.visibility,
    membership: row.membership,
    memberCount: row.member_count,
    myRole: row.my_role,
    myRequestPending: row.my_request,
    myRequest: row.my_request ? 'pending' : null,
    createdAt: row.created_at,
    lastActivityAt: latest.get(row.id) ?? row.created_at,
  };
}
