import { ApiProperty } from '@nestjs/swagger';
import { GROUP_ROLES, type GroupRole } from '@kennisplein/community';
import { ContributionSummaryDto } from '../../contributions/dto/contribution.dto.js';

/** A group on a profile: one the profile's owner is a member of and the caller may see. */
export class ProfileGroupDto {
  id!: string;
  name!: string;
  /** slug of the deelsite; null on the main site */
  site!: string | null;
  /** set when the group is a contribution's workspace */
  contributionId!: string | null;
  /** the profile owner's role in the group */
  @ApiProperty({ enum: GROUP_ROLES })
  role!: GroupRole;
}

/** GET /users/:id: what anyone may read of an account. */
export class PublicProfileDto {
  id!: string;
  displayName!: string;
  affiliation!: string | null;
  bio!: string | null;
  /** the contributions this account is linked to as an author, newest first (at most 100) */
  contributions!: ContributionSummaryDto[];
  /** the groups they are a member of that the caller may see, by name (at most 100) */
  groups!: ProfileGroupDto[];
}
