import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@kennisplein/core';
import { AccessPolicy, GroupAction, MembershipsService } from '@kennisplein/community';
import type { GroupMuteDto, MuteStateDto } from './dto/group-mute.dto.js';

/** A muted group stays a group of the user, but is left out of their notifications and digests. */
@Injectable()
export class MutesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: AccessPolicy,
    private readonly memberships: MembershipsService,
  ) {}

  /** GET /me/group-mutes: the caller's own memberships (community's), each with its mute. */
  async groupsOf(caller: AuthUser): Promise<GroupMuteDto[]> {
    const groups = (await this.memberships.groupsFollowedBy(caller.id)).filter((group) => group.via === null);
    const muted = await this.mutedGroupsOf(caller.id);
    return groups
      .map((group) => ({ id: group.id, name: group.name, muted: muted.has(group.id) }))
      .sort((a, b) => a.name.localeCompare(b.name, 'nl') || a.id.localeCompare(b.id));
  }

  async mute(caller: AuthUser, groupId: string): Promise<void> {
    await this.policy.assertGroup(caller, GroupAction.View, groupId);
    await this.dataSource.query(`INSERT INTO group_mutes (user_id, group_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [caller.id, groupId]);
  }

  async unmute(caller: AuthUser, groupId: string): Promise<void> {
    await this.policy.assertGroup(caller, GroupAction.View, groupId);
    await this.dataSource.query(`DELETE FROM group_mutes WHERE user_id = $1 AND group_id = $2`, [caller.id, groupId]);
  }

  async state(caller: AuthUser, groupId: string): Promise<MuteStateDto> {
    await this.policy.assertGroup(caller, GroupAction.View, groupId);
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM group_mutes WHERE user_id = $1 AND group_id = $2`, [caller.id, groupId]);
    return { muted: rows.length > 0 };
  }

  /** The groups a user muted. */
  async mutedGroupsOf(userId: string): Promise<Set<string>> {
    const rows = await this.dataSource.query<{ group_id: string }[]>(`SELECT group_id FROM group_mutes WHERE user_id = $1`, [userId]);
    return new Set(rows.map((row) => row.group_id));
  }

  /** Of these users, those who muted the group. */
  async mutedAmong(groupId: string, userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.dataSource.query<{ user_id: string }[]>(
      `SELECT user_id FROM group_mutes WHERE group_id = $1 AND user_id = ANY($2)`,
      [groupId, userIds],
    );
    return new Set(rows.map((row) => row.user_id));
  }
}
