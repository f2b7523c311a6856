import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '@kennisplein/core';
import { MEMBERSHIP_POLICIES, type MembershipPolicy, SITE_ROLES, SITE_VISIBILITIES, type SiteRole, type SiteVisibility } from '../../community.types.js';
import { MemberUserDto } from '../../groups/dto/group.dto.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
export const SLUG_PATTERN = /^[a-z0-9-]{3,63}$/;

export class CreateSiteDto {
  /** 3–63 lowercase letters, digits and hyphens; the deelsite's address */
  @Matches(SLUG_PATTERN, { message: 'slug must be 3–63 lowercase letters, digits and hyphens' })
  slug!: string;

  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name!: string;

  /** the organisation that runs the deelsite */
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  organization!: string;

  /** slug of the congress the deelsite is for, e.g. nioc2025 */
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,63}$/, { message: 'congress must be a congress slug such as nioc2025' })
  congress?: string;

  @IsIn(SITE_VISIBILITIES)
  visibility!: SiteVisibility;

  @IsIn(MEMBERSHIP_POLICIES)
  membership!: MembershipPolicy;
}

export class ListSitesQuery extends PageQuery {
  /** part of the name, slug or organisation */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class AddSiteMemberDto {
  @IsUUID()
  userId!: string;

  @IsIn(SITE_ROLES)
  role!: SiteRole;
}

export class SiteDto {
  id!: string;
  slug!: string;
  name!: string;
  organization!: string;
  congress!: string | null;
  visibility!: SiteVisibility;
  membership!: MembershipPolicy;
  memberCount!: number;
  /** the caller's role; null when not a member */
  myRole!: SiteRole | null;
  createdAt!: Date;
}

export class SiteMemberDto {
  user!: MemberUserDto;
  role!: SiteRole;
  joinedAt!: Date;
}

export class SitePageDto {
  items!: SiteDto[];
  nextCursor!: string | null;
}

export class SiteMemberPageDto {
  items!: SiteMemberDto[];
  nextCursor!: string | null;
}
