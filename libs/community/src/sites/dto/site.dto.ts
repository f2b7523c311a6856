import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { PageQuery, trimmed } from '@kennisplein/core';
import { MEMBERSHIP_POLICIES, type MembershipPolicy, SITE_ROLES, SITE_VISIBILITIES, type SiteRole, type SiteVisibility } from '../../community.types.js';
import { MemberUserDto, MembershipDto } from '../../groups/dto/group.dto.js';

export const SLUG_PATTERN = /^[a-z0-9-]{3,63}$/;

export class CreateSiteDto {
  /** 3–63 lowercase letters, digits and hyphens; the deelsite's address */
  @Matches(SLUG_PATTERN, { message: 'slug must be 3–63 lowercase letters, digits and hyphens' })
  slug!: string;

  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  name!: string;

  /** the organisation that runs the deelsite */
  @Transform(trimmed)
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

const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const HEX = /^#[0-9a-f]{6}$/;

/**
 * A site admin changes the deelsite's name, description and look. The colours are checked
 * against WCAG AA (4.5:1) with the text they carry (400 `site.low_contrast`); null clears one.
 */
export class UpdateSiteDto {
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  name?: string;

  /** plain text, shown on the site's home; null clears it */
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  /**
   * #rrggbb: the background of the site's header band and buttons, with white text on it
   * (and the link colour on the white page); needs 4.5:1 against #ffffff
   */
  @IsOptional()
  @Transform(lower)
  @Matches(HEX, { message: 'primaryColor must be a colour such as #01689b' })
  primaryColor?: string | null;

  /** #rrggbb: the background of highlights, with the dark body text (#001a40) on it; needs 4.5:1 against it */
  @IsOptional()
  @Transform(lower)
  @Matches(HEX, { message: 'accentColor must be a colour such as #ffd966' })
  accentColor?: string | null;

  /** what the logo shows, for those who cannot see it */
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(300)
  logoAlt?: string | null;
}

export class SiteLogoDto {
  /** where the logo is served; the query carries its version, so it may be cached for long */
  logoUrl!: string;
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
  description!: string | null;
  /** header band and buttons, white text on it (see UpdateSiteDto) */
  primaryColor!: string | null;
  /** highlights, dark text on it */
  accentColor!: string | null;
  /** e.g. /api/v1/sites/nioc/logo?v=3f2a…; null without a logo */
  logoUrl!: string | null;
  logoAlt!: string | null;
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

/** The group whose invitation brought a site request. */
export class SiteRequestGroupDto {
  id!: string;
  name!: string;
}

/** Someone who accepted an invitation to a group of the deelsite, waiting for a site admin to let them in. */
export class SiteRequestDto {
  user!: MemberUserDto;
  group!: SiteRequestGroupDto;
  /** who sent the invitation; null when that account was deleted */
  invitedBy!: MemberUserDto | null;
  requestedAt!: Date;
}

export class SiteRequestPageDto {
  items!: SiteRequestDto[];
  nextCursor!: string | null;
}

/** An approved site request: the site role, and the group memberships the invitations promised. */
export class SiteAdmissionDto {
  userId!: string;
  role!: SiteRole;
  groups!: MembershipDto[];
}
