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
  type Page,
  pageSize,
  toPage,
} from '@kennisplein/core';
import { GroupErrors } from '../community.errors.js';
import { GroupAction, SiteAction } from '../policy/access-decisions.js';
import { AccessPolicy } from '../policy/access-policy.service.js';
import type { CreateGroupDto, GroupDto, ListGroupsQuery, UpdateGroupDto } from './dto/group.dto.js';
import { type GroupFilter, GroupsRepository, type GroupSummary } from './groups.repository.js';
import type { MemberGroup, NewGroup } from './groups.types.js';


@Injectable()
export class GroupsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: AccessPolicy,
    private readonly events: DomainEvents,
    private readonly activity: ActivityLog,
    private readonly groups: GroupsRepository,
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
    const work = (tx: EntityManager) => this.groups.insert(tx, group);
    return manager.queryRunner?.isTransactionActive ? work(manager) : manager.transaction(work);
  }

  /** Many groups at once, in the caller's transaction (a bulk import's workspaces): their ids, in order. */
  createMany(groups: NewGroup[], manager: EntityManager): Promise<string[]> {
    return this.groups.insertMany(manager, groups);
  }

  /** A workspace follows its contribution: a new title renames it, a new theme moves it under that theme's group. */
  updateWorkspace(groupId: string, changes: { name: string; parentId: string | null }, manager: EntityManager): Promise<void> {
    return this.groups.updateWorkspace(manager, groupId, changes);
  }

  async get(caller: AuthUser | undefined, groupId: string): Promise<GroupDto> {
    await this.policy.assertGroup(caller, GroupAction.View, groupId);
    const group = await this.groups.findOne(caller, groupId);
    if (!group) throw GroupErrors.not_found();
    const latest = await this.lastActivityOf([group]);
    return toGroupDto(group, latest);
  }

  /**
   * GET /groups: the visible groups of a site (or the main site), or under a parent, by name;
   * with sort=active the most recently active first.
   */
  async list(caller: AuthUser | undefined, query: ListGroupsQuery): Promise<Page<GroupDto>> {
    const filter: GroupFilter = { nameContains: query.q };
    if (query.site) filter.siteId = (await this.policy.assertSite(caller, SiteAction.View, query.site)).id;
    else if (!query.parent) filter.siteId = null;
    if (query.parent) {
      await this.policy.assertGroup(caller, GroupAction.View, query.parent);
      filter.parentId = query.parent;
    }
    const limit = pageSize(query);
    if (query.sort === 'active') return this.listByActivity(caller, filter, limit, query.cursor);
    const after = query.cursor ? decodeCursor(query.cursor, ['text', 'uuid']) : null;
    const groups = await this.groups.page(caller, filter, after, limit + 1);
    const latest = await this.lastActivityOf(groups.slice(0, limit));
    return toPage(groups, limit, (group) => [group.name, group.id], (group) => toGroupDto(group, latest));
  }

  /** Owners and admins change the settings; who may see the group is re-checked at once. */
  async update(caller: AuthUser, groupId: string, changes: UpdateGroupDto): Promise<GroupDto> {
    const group = await this.policy.assertGroup(caller, GroupAction.Manage, groupId);
    await this.groups.update(groupId, {
      name: changes.name,
      description: changes.description,
      visibility: changes.visibility,
      membership: changes.membership,
    });
    if (changes.visibility && changes.visibility !== group.visibility) this.events.emit('group.access-changed', { groupId });
    return this.get(caller, groupId);
  }

  /**
   * The groups `memberId` is a member of that the caller may see (the policy's own SQL),
   * by name, at most `limit`, with the member's role in each: a profile's list. One query.
   */
  visibleMembershipsOf(caller: AuthUser | undefined, memberId: string, limit: number): Promise<MemberGroup[]> {
    return this.groups.visibleMembershipsOf(caller, memberId, limit);
  }

  /** The workspace group of a contribution, if it has one. */
  findIdByContribution(contributionId: string): Promise<string | null> {
    return this.groups.findIdByContribution(contributionId);
  }

  /**
   * sort=active: the matching visible groups' ids (one query), when each was last active
   * (one query to the activity log, an index probe per group), ordered here, newest
   * first; then the page's groups (one query). Three queries, whatever the number of
   * groups; the cursor is the last item's (lastActivityAt, id).
   */
  private async listByActivity(
    caller: AuthUser | undefined,
    filter: GroupFilter,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<GroupDto>> {
    const after = cursor ? decodeCursor(cursor, ['text', 'timestamp', 'uuid']) : null;
    if (after && after[0] !== 'active') throw CommonErrors.invalid_cursor();
    const candidates = await this.groups.visible(caller, filter);
    const latest = await this.lastActivityOf(candidates);
    const [afterAt, afterId] = after ? [Date.parse(String(after[1])), String(after[2])] : [Infinity, ''];
    const ordered = candidates
      .map((group) => ({ id: group.id, at: (latest.get(group.id) ?? group.createdAt).getTime() }))
      .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1))
      .filter((group) => group.at < afterAt || (group.at === afterAt && group.id < afterId));
    const pageIds = ordered.slice(0, limit).map((group) => group.id);
    const groups = await this.groups.visibleByIds(caller, pageIds);
    const byId = new Map(groups.map((group) => [group.id, toGroupDto(group, latest)]));
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
}

/** A group as clients see it; `latest` holds when groups were last active (a group without activity: its creation). */
function toGroupDto(group: GroupSummary, latest: Map<string, Date>): GroupDto {
  return {
    id: group.id,
    site: group.siteSlug,
    parentId: group.parentId,
    contributionId: group.contributionId,
    name: group.name,
    description: group.description,
    visibility: group.visibility,
    membership: group.membership,
    memberCount: group.memberCount,
    myRole: group.myRole,
    myRequestPending: group.myRequestPending,
    myRequest: group.myRequestPending ? 'pending' : null,
    createdAt: group.createdAt,
    lastActivityAt: latest.get(group.id) ?? group.createdAt,
  };
}
