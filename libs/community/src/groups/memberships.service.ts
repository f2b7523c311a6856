import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ActivityLog,
  ActivityVerb,
  type AuthUser,
  DomainEvents,
  type Page,
  type PageQuery,
  returnedRows,
} from '@kennisplein/core';
import { UsersService } from '@kennisplein/identity';
import { GroupErrors, MembershipErrors, RequestErrors } from '../community.errors.js';
import type { GroupRole } from '../community.types.js';
import { GroupAction, isGroupManager } from '../policy/access-decisions.js';
import { AccessPolicy } from '../policy/access-policy.service.js';
import type { JoinRequestDto, JoinResultDto, MemberDto, MembershipDto } from './dto/group.dto.js';
import { PeoplePages } from '../people-page.js';

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
      const asked = await manager.query<unknown[]>(
        `INSERT INTO group_requests (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING user_id`,
        [group.id, caller.id],
      );
      if (asked.length > 0) {
        await this.activity.record(
          {
            verb: ActivityVerb.MembershipRequested,
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
      await this.lockGroup(manager, groupId);
      await this.assertNotLastOwner(manager, groupId, caller.id);
      await manager.query(`DELETE FROM group_members WHERE group_id = $1 AND user_id = $2`, [groupId, caller.id]);
      await manager.query(`DELETE FROM group_requests WHERE group_id = $1 AND user_id = $2`, [groupId, caller.id]);
    });
    await this.announceAccessChange(groupId, caller.id);
  }

  async listMembers(caller: AuthUser | undefined, groupId: string, query: PageQuery): Promise<Page<MemberDto>> {
    await this.policy.assertGroup(caller, GroupAction.View, groupId);
    return this.people.page('group_members', groupId, query, (row, user) => ({ user, role: row.role as GroupRole, joinedAt: row.created_at }));
  }

  /**
   * Owners/admins change roles. Making or unmaking an owner takes an owner (or a site or
   * platform admin); the last owner cannot be demoted (409).
   */
  async changeRole(caller: AuthUser, groupId: string, userId: string, role: GroupRole): Promise<MembershipDto> {
    await this.dataSource.transaction(async (manager) => {
      // The caller's rights are read after the lock: a concurrent change cannot slip between.
      await this.lockGroup(manager, groupId);
      const group = await this.policy.assertGroup(caller, GroupAction.Manage, groupId, manager);
      const current = await this.roleOf(manager, groupId, userId);
      if (!current) throw MembershipErrors.member_not_found();
      if (current === 'owner' || role === 'owner') this.policy.checkGroup(caller, GroupAction.ManageOwners, group);
      if (current === 'owner' && role !== 'owner') await this.assertNotLastOwner(manager, groupId, userId);
      await manager.query(`UPDATE group_members SET role = $3 WHERE group_id = $1 AND user_id = $2`, [groupId, userId, role]);
    });
    return { groupId, userId, role };
  }

  /** Removal by owners/admins; removing oneself is leaving. A removed member loses access at once. */
  async removeMember(caller: AuthUser, groupId: string, userId: string): Promise<void> {
    if (userId === caller.id) return this.leave(caller, groupId);
    await this.dataSource.transaction(async (manager) => {
      await this.lockGroup(manager, groupId);
      const group = await this.policy.assertGroup(caller, GroupAction.Manage, groupId, manager);
      const current = await this.roleOf(manager, groupId, userId);
      if (!current) throw MembershipErrors.member_not_found();
      if (current === 'owner') this.policy.checkGroup(caller, GroupAction.ManageOwners, group);
      await this.assertNotLastOwner(manager, groupId, userId);
      await manager.query(`DELETE FROM group_members WHERE group_id = $1 AND user_id = $2`, [groupId, userId]);
    });
    await this.announceAccessChange(groupId, userId);
  }

  async listRequests(caller: AuthUser, groupId: string, query: PageQuery): Promise<Page<JoinRequestDto>> {
    await this.policy.assertGroup(caller, GroupAction.Manage, groupId);
    return this.people.page('group_requests', groupId, query, (row, user) => ({ user, requestedAt: row.created_at }));
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
      const joined = await tx.query<{ name: string }[]>(
        `INSERT INTO group_members (group_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
         RETURNING (SELECT name FROM groups WHERE id = $1) AS name`,
        [groupId, userId, role],
      );
      await tx.query(`DELETE FROM group_requests WHERE group_id = $1 AND user_id = $2`, [groupId, userId]);
      if (joined.length > 0) {
        await this.activity.record(
          {
            verb: ActivityVerb.MemberJoined,
            actorId: userId,
            groupId,
            objectType: 'group',
            objectId: groupId,
            snapshot: { title: joined[0].name, link: `/groups/${groupId}` },
          },
          tx,
        );
      }
      return (await this.roleOf(tx, groupId, userId)) ?? role;
    };
    return manager.queryRunner?.isTransactionActive ? work(manager) : this.dataSource.transaction(work);
  }

  /** Makes someone an owner whatever their role was: an author linked to their contribution's workspace. */
  async makeOwner(groupId: string, userId: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO group_members (group_id, user_id, role) VALUES ($1, $2, 'owner')
       ON CONFLICT (group_id, user_id) DO UPDATE SET role = 'owner'`,
      [groupId, userId],
    );
    await manager.query(`DELETE FROM group_requests WHERE group_id = $1 AND user_id = $2`, [groupId, userId]);
  }

  /**
   * Who hears of what happens in a group: its members, and for a contribution's workspace
   * also the members of the theme group it hangs under (`viaParent`, with `parentId`, so
   * that muting the theme group mutes its workspaces), as long as the workspace is open
   * to them to see (public, not in a members-only deelsite).
   */
  async audienceOf(groupId: string): Promise<{ members: string[]; viaParent: string[]; parentId: string | null }> {
    const rows = await this.dataSource.query<{ user_id: string; parent_id: string | null }[]>(
      `SELECT gm.user_id, NULL::uuid AS parent_id FROM group_members gm WHERE gm.group_id = $1
       UNION ALL
       SELECT pm.user_id, g.parent_id FROM groups g
         JOIN group_members pm ON pm.group_id = g.parent_id
         LEFT JOIN deelsites s ON s.id = g.site_id
        WHERE g.id = $1 AND g.contribution_id IS NOT NULL AND g.visibility = 'public' AND (s.id IS NULL OR s.visibility = 'public')`,
      [groupId],
    );
    const members = rows.filter((row) => row.parent_id === null).map((row) => row.user_id);
    const direct = new Set(members);
    const viaParent = rows.filter((row) => row.parent_id !== null && !direct.has(row.user_id)).map((row) => row.user_id);
    return { members, viaParent, parentId: rows.find((row) => row.parent_id !== null)?.parent_id ?? null };
  }

  /**
   * The groups whose activity a user follows, with their names: the groups they are a
   * member of, and the workspaces that hang under those (theme groups), when open to
   * them; `via` is the theme group a workspace is followed through.
   */
  async groupsFollowedBy(userId: string): Promise<{ id: string; name: string; via: string | null }[]> {
    const rows = await this.dataSource.query<{ id: string; name: string; via: string | null }[]>(
      `SELECT g.id, g.name, NULL::uuid AS via FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE gm.user_id = $1
       UNION ALL
       SELECT w.id, w.name, gm.group_id AS via FROM group_members gm
         JOIN groups w ON w.parent_id = gm.group_id AND w.contribution_id IS NOT NULL AND w.visibility = 'public'
         LEFT JOIN deelsites s ON s.id = w.site_id
        WHERE gm.user_id = $1 AND (s.id IS NULL OR s.visibility = 'public')`,
      [userId],
    );
    // A workspace one is a member of counts as such, not through its theme group.
    const direct = new Set(rows.filter((row) => row.via === null).map((row) => row.id));
    return rows.filter((row) => row.via === null || !direct.has(row.id));
  }

  /** Who manages a group: its owners and admins, and the admins of its deelsite. */
  async managersOf(groupId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ user_id: string }[]>(
      `SELECT user_id FROM group_members WHERE group_id = $1 AND role IN ('owner', 'admin')
       UNION
       SELECT sm.user_id FROM groups g JOIN deelsite_members sm ON sm.site_id = g.site_id AND sm.role = 'admin' WHERE g.id = $1`,
      [groupId],
    );
    return rows.map((row) => row.user_id);
  }

  /** Which of these groups the user manages (as owner or admin, or as an admin of its deelsite): managersOf, the other way round. */
  async managedAmong(userId: string, groupIds: readonly string[]): Promise<string[]> {
    if (groupIds.length === 0) return [];
    const rows = await this.dataSource.query<{ group_id: string }[]>(
      `SELECT group_id FROM group_members WHERE user_id = $1 AND group_id = ANY($2::uuid[]) AND role IN ('owner', 'admin')
       UNION
       SELECT g.id FROM groups g JOIN deelsite_members sm ON sm.site_id = g.site_id AND sm.role = 'admin' AND sm.user_id = $1
        WHERE g.id = ANY($2::uuid[])`,
      [userId, groupIds],
    );
    return rows.map((row) => row.group_id);
  }

  /** The caller's role, for other libs that show it (null: not a member). */
  async roleOf(manager: EntityManager, groupId: string, userId: string): Promise<GroupRole | null> {
    const rows: { role: GroupRole }[] = await manager.query(
      `SELECT role FROM group_members WHERE group_id = $1 AND user_id = $2`,
      [groupId, userId],
    );
    return rows[0]?.role ?? null;
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

  /** Membership changes of one group happen one at a time: the owner count stays true. */
  private async lockGroup(manager: EntityManager, groupId: string): Promise<void> {
    await manager.query(`SELECT id FROM groups WHERE id = $1 FOR UPDATE`, [groupId]);
  }

  private async assertNotLastOwner(manager: EntityManager, groupId: string, userId: string): Promise<void> {
    const [row] = await manager.query<{ is_owner: boolean | null; owners: number }[]>(
      `SELECT bool_or(user_id = $2) AS is_owner, count(*)::int AS owners
         FROM group_members WHERE group_id = $1 AND role = 'owner'`,
      [groupId, userId],
    );
    if (row.is_owner && row.owners <= 1) throw GroupErrors.last_owner();
  }

  private async takeRequest(manager: EntityManager, groupId: string, userId: string): Promise<void> {
    const rows = returnedRows(
      await manager.query(`DELETE FROM group_requests WHERE group_id = $1 AND user_id = $2 RETURNING user_id`, [groupId, userId]),
    );
    if (rows.length === 0) throw RequestErrors.not_found();
  }
}

