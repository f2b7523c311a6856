import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@kennisplein/core';
import { AccessPolicy, GroupAction, MembershipsService } from '@kennisplein/community';
import type { GroupMuteDto, MuteStateDto } from './dto/group-mute.dto.js';
import { MutesRepository } from './mutes.repository.js';

/** A muted group stays a group of the user, but is left out of their notifications and digests. */
@Injectable()
export class MutesService {
  constructor(
    private readonly mutes: MutesRepository,
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
    await this.mutes.add(caller.id, groupId);
  }

  async unmute(caller: AuthUser, groupId: string): Promise<void> {
    await this.policy.assertGroup(caller, GroupAction.View, groupId);
    await this.mutes.remove(caller.id, groupId);
  }

  async state(caller: AuthUser, groupId: string): Promise<MuteStateDto> {
    await this.policy.assertGroup(caller, GroupAction.View, groupId);
    return { muted: await this.mutes.isMuted(caller.id, groupId) };
  }

  /** The groups a user muted. */
  async mutedGroupsOf(userId: string): Promise<Set<string>> {
    return (await this.mutedGroupsOfEach([userId])).get(userId) ?? new Set();
  }

  /** The groups each of these users muted, by user (users who muted none are left out). One query. */
  async mutedGroupsOfEach(userIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const byUser = new Map<string, Set<string>>();
    if (userIds.length === 0) return byUser;
    for (const { userId, groupId } of await this.mutes.groupsMutedByEach(userIds)) byUser.set(userId, (byUser.get(userId) ?? new Set<string>()).add(groupId));
    return byUser;
  }

  /** Of these users, those who muted the group. */
  async mutedAmong(groupId: string, userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    return new Set(await this.mutes.mutedAmong(groupId, userIds));
  }
}
