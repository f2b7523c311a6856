import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { OptionalNotNull, PageQuery, trimmed } from '@kennisplein/core';
import {
  GROUP_ROLES,
  GROUP_VISIBILITIES,
  type GroupRole,
  type GroupVisibility,
  MEMBERSHIP_POLICIES,
  type MembershipPolicy,
} from '../../community.types.js';

export class CreateGroupDto {
  /** slug of the deelsite; leave out for the main site */
  @IsOptional()
  @Matches(/^[a-z0-9-]{3,63}$/, { message: 'site must be a deelsite slug' })
  site?: string;

  /** the group this one hangs under (you must manage it) */
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @IsIn(GROUP_VISIBILITIES)
  visibility!: GroupVisibility;

  @IsIn(MEMBERSHIP_POLICIES)
  membership!: MembershipPolicy;
}

/** PATCH /groups/:id: the settings owners and admins change. */
export class UpdateGroupDto {
  @OptionalNotNull()
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  name?: string;

  @OptionalNotNull()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @OptionalNotNull()
  @IsIn(GROUP_VISIBILITIES)
  visibility?: GroupVisibility;

  @OptionalNotNull()
  @IsIn(MEMBERSHIP_POLICIES)
  membership?: MembershipPolicy;
}

export const GROUP_SORTS = ['name', 'active'] as const;
export type GroupSort = (typeof GROUP_SORTS)[number];

export class ListGroupsQuery extends PageQuery {
  /** deelsite slug; without it, the groups of the main site (an unknown one: 404) */
  @IsOptional()
  @IsString()
  @MaxLength(63)
  site?: string;

  /** part of the name */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  /** only the groups under this one (an unknown one: 404) */
  @IsOptional()
  @IsString()
  @MaxLength(36)
  parent?: string;

  /**
   * name (default): by name. active: most recently active first (lastActivityAt), e.g.
   * `?sort=active&limit=6` for the home page's recently active workspaces.
   */
  @ApiPropertyOptional({ enum: GROUP_SORTS, default: 'name' })
  @IsOptional()
  @IsIn(GROUP_SORTS)
  sort?: GroupSort;
}

export class ChangeRoleDto {
  @IsIn(GROUP_ROLES)
  role!: GroupRole;
}

export class InviteDto {
  @Transform(trimmed)
  @IsEmail()
  @MaxLength(254)
  email!: string;
}

export class GroupDto {
  id!: string;
  /** slug of the deelsite; null on the main site */
  site!: string | null;
  parentId!: string | null;
  /** the kennisbank contribution whose workspace this is */
  contributionId!: string | null;
  name!: string;
  description!: string;
  visibility!: GroupVisibility;
  membership!: MembershipPolicy;
  memberCount!: number;
  /** the caller's role; null when not a member */
  myRole!: GroupRole | null;
  /** true while the caller's request to join waits for approval */
  myRequestPending!: boolean;
  /** 'pending' while the caller's request to join waits for approval (the join button says "request sent"); else null */
  @ApiProperty({ enum: ['pending'], nullable: true, type: String })
  myRequest!: 'pending' | null;
  createdAt!: Date;
  /**
   * When something last happened in the group: a message, feedback, a published blog post,
   * an uploaded file, or (for a theme group) a contribution added to the theme; the
   * group's creation when nothing did yet.
   */
  lastActivityAt!: Date;
}

export class GroupPageDto {
  items!: GroupDto[];
  nextCursor!: string | null;
}

export class MemberUserDto {
  id!: string;
  displayName!: string;
  affiliation!: string | null;
}

export class MemberDto {
  user!: MemberUserDto;
  role!: GroupRole;
  joinedAt!: Date;
}

export class MemberPageDto {
  items!: MemberDto[];
  nextCursor!: string | null;
}

export class JoinRequestDto {
  user!: MemberUserDto;
  requestedAt!: Date;
}

export class JoinRequestPageDto {
  items!: JoinRequestDto[];
  nextCursor!: string | null;
}

/** The answer of POST /groups/:id/join: a role (200), or a pending request (202). */
export class JoinResultDto {
  role?: GroupRole;
  status?: 'pending';
}

export class MembershipDto {
  groupId!: string;
  userId!: string;
  role!: GroupRole;
}

export class InviteCreatedDto {
  id!: string;
  /** single-use; also sent to the email address */
  token!: string;
  email!: string;
  expiresAt!: Date;
}
