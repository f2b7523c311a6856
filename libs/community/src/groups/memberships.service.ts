import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ActivityLog,
  type AuthUser,
  DomainEvents,
  type Page,
  type PageQuery,
} from '@kennisplein/core';
import { UsersService } from '@kennisplein/identity';
import { CommunityVerb } from '../community.activities.js';
import { GroupErrors, MembershipErrors, RequestErrors } from '../community.errors.js';
import type { GroupRole } from '../community.types.js';
import { GroupAction, isFollowedThroughParent, isGroupManager } from '../policy/access-decisions.js';
import { AccessPolicy } from '../policy/access-policy.service.js';
import type { JoinRequestDto, JoinResultDto, MemberDto, MembershipDto } from './dto/group.dto.js';
import { PeoplePages } from '../people-page.js';
import type { FollowedGroup, GroupFollowers } from './groups.types.js';
import { MembershipsRepository } from './memberships.repository.js';

/** Joining, leaving, roles and join requests. */
@Injectable()
export class MembershipsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: AccessPolicy,
    private readonly users: UsersService,
    private readonly events: DomainEvents,
    private readonly people: PeoplePages,
    private readonly activity: ActivityLog,
    private readonly memberships: MembershipsRepository,
  ) {}

  /**
   * Open groups: member at once. Request groups: a pending request. Invite-only: 403
   * (the policy). Joining twice changes nothing and answers the same.
   */
  async join(caller: AuthUser, groupId: string): Promise<{ pending: boolean; result: JoinResultDto }> {
    const group = await this.policy.assertGroup(caller, GroupAction.Join, groupId);
    if (group.myRole) return { pending: false, result: { role: group.myRole } };
    if (group.membership === 'open' || isGroupManager(caller, group)) {
      const role = await this.addMember(group.id, caller.id, 'member');
      return { pending: false, result: { role } };
    }
    await this.dataSource.transaction(async (manager) => {
      if (await this.memberships.addRequest(manager, group.id, caller.id)) {
        await this.activity.record(
          {
            verb: CommunityVerb.MembershipRequested,
            actorId: caller.id,
            groupId: group.id,
            objectType: 'group',
            objectId: group.id,
            snapshot: { title: group.name, link: `/groups/${group.id}/requests` },
          },
          manager,
        );
      }
    });
    return { pending: true, result: { status: 'pending' } };
  }

  /** Leaving, or withdrawing a request. The last owner cannot leave (409). */
  async leave(caller: AuthUser, groupId: string): Promise<void> {
    await this.policy.assertGroup(caller, GroupAction.Leave, groupId);
    await this.dataSource.transaction(async (manager) => {
      await this.memberships.lockGroup(manager, groupId);
      await this.assertNotLastOwner(manager, groupId, caller.id);
      await this.memberships.remove(manager, groupId, caller.id);
      await this.memberships.removeRequest(manager, groupId, caller.id);
    });
    await this.announceAccessChange(groupId, caller.id);
  }

  async listMembers(caller: AuthUser | undefined, groupId: string, query: PageQuery): Promise<Page<MemberDto>> {
    await this.policy.assertGroup(caller, GroupAction.View, groupId);
    return this.people.page('group_members', groupId, query, (person, user) => ({ user, role: person.role as GroupRole, joinedAt: person.createdAt }));
  }

  /**
   * Owners/admins change roles. Making or unmaking an owner takes an owner (or a site or
   * platform admin); the last owner cannot be demoted (409).
   */
  async changeRole(caller: AuthUser, groupId: string, userId: string, role: GroupRole): Promise<MembershipDto> {
    await this.dataSource.transaction(async (manager) => {
      // The caller's rights are read after the lock: a concurrent change cannot slip between.
      await this.memberships.lockGroup(manager, groupId);
      const group = await this.policy.assertGroup(caller, GroupAction.Manage, groupId, manager);
      const current = await this.memberships.roleOf(manager, groupId, userId);
      if (!current) throw MembershipErrors.member_not_found();
      if (current === 'owner' || role === 'owner') this.policy.checkGroup(caller, GroupAction.ManageOwners, group);
      if (current === 'owner' && role !== 'owner') await this.assertNotLastOwner(manager, groupId, userId);
      await this.memberships.setRole(manager, groupId, userId, role);
    });
    return { groupId, userId, role };
  }

  /** Removal by owners/admins; removing oneself is leaving. A removed member loses access at once. */
  async removeMember(caller: AuthUser, groupId: string, userId: string): Promise<void> {
    if (userId === caller.id) return this.leave(caller, groupId);
    await this.dataSource.transaction(async (manager) => {
      await this.memberships.lockGroup(manager, groupId);
      const group = await this.policy.assertGroup(caller, GroupAction.Manage, groupId, manager);
      const current = await this.memberships.roleOf(manager, groupId, userId);
      if (!current) throw MembershipErrors.member_not_found();
      if (current === 'owner') this.policy.checkGroup(caller, GroupAction.ManageOwners, group);
      await this.assertNotLastOwner(manager, groupId, userId);
      await this.memberships.remove(manager, groupId, userId);
    });
    await this.announceAccessChange(groupId, userId);
  }

  async listRequests(caller: AuthUser, groupId: string, query: PageQuery): Promise<Page<JoinRequestDto>> {
    await this.policy.assertGroup(caller, GroupAction.Manage, groupId);
    return this.people.page('group_requests', groupId, query, (person, user) => ({ user, requestedAt: person.createdAt }));
  }

  async approve(caller: AuthUser, groupId: string, userId: string): Promise<MembershipDto> {
    await this.policy.assertGroup(caller, GroupAction.Manage, groupId);
    const role = await this.dataSource.transaction(async (manager) => {
      await this.takeRequest(manager, groupId, userId);
      return this.addMember(groupId, userId, 'member', manager);
    });
    return { groupId, userId, role };
  }

  async reject(caller: AuthUser, groupId: string, userId: string): Promise<void> {
    await this.policy.assertGroup(caller, GroupAction.Manage, groupId);
    await this.dataSource.transaction((manager) => this.takeRequest(manager, groupId, userId));
  }

  /**
   * Adds a member once, whatever happens concurrently (the primary key and ON CONFLICT);
   * answers the role they have. A pending request of theirs is settled by it.
   */
  async addMember(groupId: string, userId: string, role: GroupRole, manager: EntityManager = this.dataSource.manager): Promise<GroupRole> {
    const work = async (tx: EntityManager) => {
      const joinedName = await this.memberships.add(tx, groupId, userId, role);
      if (joinedName !== null) {
        await this.activity.record(
          {
            verb: CommunityVerb.MemberJoined,
            actorId: userId,
            groupId,
            objectType: 'group',
            objectId: groupId,
            snapshot: { title: joinedName, link: `/groups/${groupId}` },
          },
          tx,
        );
      }
      return (await this.memberships.roleOf(tx, groupId, userId)) ?? role;
    };
    return manager.queryRunner?.isTransactionActive ? work(manager) : this.dataSource.transaction(work);
  }

  /** Makes someone an owner whatever their role was: an author linked to their contribution's workspace. */
  makeOwner(groupId: string, userId: string, manager: EntityManager): Promise<void> {
    return this.memberships.makeOwner(manager, groupId, userId);
  }

  /**
   * The followers of a group: its members, and for a contribution's workspace that the
   * policy lets be followed through the theme group it hangs under, the members of that
   * group (`viaParent`, members of the workspace left out; `parentId` names the group).
   */
  async followersOf(groupId: string): Promise<GroupFollowers> {
    const group = await this.memberships.groupWithMembers(groupId);
    if (!group) return { members: [], viaParent: [], parentId: null };
    if (!group.parentId || !isFollowedThroughParent(group)) return { members: group.memberIds, viaParent: [], parentId: null };
    const parentMembers = await this.memberships.memberIdsOf(group.parentId);
    const direct = new Set(group.memberIds);
    const viaParent = parentMembers.filter((userId) => !direct.has(userId));
    return { members: group.memberIds, viaParent, parentId: parentMembers.length > 0 ? group.parentId : null };
  }

  /**
   * The groups a user follows, with their names: the groups they are a member of, and the
   * workspaces they follow through a theme group they are a member of (`via`: that group).
   * A workspace they are a member of counts as such, not through its theme group.
   */
  async groupsFollowedBy(userId: string): Promise<FollowedGroup[]> {
    return (await this.groupsFollowedByEach([userId])).get(userId) ?? [];
  }

  /** groupsFollowedBy for several users in one query, by user (users who follow none are left out). */
  async groupsFollowedByEach(userIds: readonly string[]): Promise<Map<string, FollowedGroup[]>> {
    const byUser = new Map<string, FollowedGroup[]>();
    if (userIds.length === 0) return byUser;
    for (const { userId, ...group } of await this.memberships.followedByEach(userIds)) {
      const groups = byUser.get(userId);
      if (groups) groups.push(group);
      else byUser.set(userId, [group]);
    }
    for (const [userId, groups] of byUser) {
      const direct = new Set(groups.filter((group) => group.via === null).map((group) => group.id));
      byUser.set(
        userId,
        groups.filter((group) => group.via === null || !direct.has(group.id)),
      );
    }
    return byUser;
  }

  /** Who manages a group: its owners and admins, and the admins of its deelsite. */
  managersOf(groupId: string): Promise<string[]> {
    return this.memberships.managersOf(groupId);
  }

  /** Which of these groups the user manages (as owner or admin, or as an admin of its deelsite): managersOf, the other way round. */
  async managedAmong(userId: string, groupIds: readonly string[]): Promise<string[]> {
    return [...((await this.managedAmongEach([userId], groupIds)).get(userId) ?? [])];
  }

  /** managedAmong for several users in one query: by user, which of these groups they manage (users who manage none are left out). */
  async managedAmongEach(userIds: readonly string[], groupIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const byUser = new Map<string, Set<string>>();
    if (userIds.length === 0 || groupIds.length === 0) return byUser;
    for (const { userId, groupId } of await this.memberships.managedAmongEach(userIds, [...new Set(groupIds)])) {
      const groups = byUser.get(userId) ?? new Set<string>();
      byUser.set(userId, groups.add(groupId));
    }
    return byUser;
  }

  /** The caller's role, for other libs that show it (null: not a member). */
  roleOf(manager: EntityManager, groupId: string, userId: string): Promise<GroupRole | null> {
    return this.memberships.roleOf(manager, groupId, userId);
  }

  /** Tells the libs above whether someone who left a group can still see it (a public group: yes). */
  private async announceAccessChange(groupId: string, userId: string): Promise<void> {
    const user = await this.users.findActiveById(userId);
    let revoked = true;
    if (user) {
      try {
        await this.policy.assertGroup({ id: user.id, isAdmin: user.isAdmin }, GroupAction.View, groupId);
        revoked = false;
      } catch {
        revoked = true;
      }
    }
    this.events.emit('group.access-changed', { groupId, userId, revoked });
  }

  private async assertNotLastOwner(manager: EntityManager, groupId: string, userId: string): Promise<void> {
    const owners = await this.memberships.owners(manager, groupId, userId);
    if (owners.isOwner && owners.count <= 1) throw GroupErrors.last_owner();
  }

  private async takeRequest(manager: EntityManager, groupId: string, userId: string): Promise<void> {
    if (!(await this.memberships.takeRequest(manager, groupId, userId))) throw RequestErrors.not_found();
  }
}
