import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  type AuthUser,
  decodeCursor,
  DomainEvents,
  isUniqueViolation,
  type Page,
  type PageQuery,
  pageSize,
  toPage,
} from '@kennisplein/core';
import { UsersService } from '@kennisplein/identity';
import { MembershipErrors, SiteErrors } from '../community.errors.js';
import type { SiteRole } from '../community.types.js';
import { toMemberUser } from '../groups/member-user.js';
import { PeoplePages } from '../people-page.js';
import { SiteAction } from '../policy/access-decisions.js';
import { AccessPolicy } from '../policy/access-policy.service.js';
import { COLOUR_PAIRS, formatRatio, lowContrast } from './contrast.js';
import type { AddSiteMemberDto, CreateSiteDto, ListSitesQuery, SiteDto, SiteMemberDto, UpdateSiteDto } from './dto/site.dto.js';
import type { ReceivedLogo } from './logo-upload.js';
import { SitesRepository, type SiteSummary, type StoredLogo } from './sites.repository.js';

export type SiteLogo = StoredLogo;

@Injectable()
export class SitesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: AccessPolicy,
    private readonly users: UsersService,
    private readonly people: PeoplePages,
    private readonly sites: SitesRepository,
    private readonly events: DomainEvents,
  ) {}

  /** Opens a deelsite; its creator is its first admin. */
  async create(caller: AuthUser, input: CreateSiteDto): Promise<SiteDto> {
    try {
      await this.dataSource.transaction((manager) =>
        this.sites.insert(manager, {
          slug: input.slug,
          name: input.name,
          organization: input.organization,
          congress: input.congress ?? null,
          visibility: input.visibility,
          membership: input.membership,
          createdBy: caller.id,
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw SiteErrors.slug_taken({ slug: input.slug });
      throw error;
    }
    return this.get(caller, input.slug);
  }

  async list(caller: AuthUser | undefined, query: ListSitesQuery): Promise<Page<SiteDto>> {
    const limit = pageSize(query);
    const after = query.cursor ? decodeCursor(query.cursor, ['text', 'uuid']) : null;
    const sites = await this.sites.page(caller, query.q, after, limit + 1);
    return toPage(sites, limit, (site) => [site.name, site.id], toSiteDto);
  }

  async get(caller: AuthUser | undefined, slug: string): Promise<SiteDto> {
    const site = await this.policy.assertSite(caller, SiteAction.View, slug);
    const summary = await this.sites.findOne(caller?.id ?? null, site.id);
    if (!summary) throw SiteErrors.not_found();
    return toSiteDto(summary);
  }

  /** A site admin changes the name, description and look; a colour pair under 4.5:1 is refused. */
  async update(caller: AuthUser, slug: string, input: UpdateSiteDto): Promise<SiteDto> {
    const site = await this.policy.assertSite(caller, SiteAction.Manage, slug);
    const failure = lowContrast({ primaryColor: input.primaryColor, accentColor: input.accentColor });
    if (failure) {
      throw SiteErrors.low_contrast({
        colour: failure.colour,
        value: failure.value,
        text: COLOUR_PAIRS[failure.colour].text,
        ratio: formatRatio(failure.ratio),
      });
    }
    // An empty text clears a field.
    const cleared = (value: string | null | undefined) => (value === '' ? null : value);
    await this.sites.updateLook(site.id, {
      name: typeof input.name === 'string' ? cleared(input.name) : undefined,
      description: cleared(input.description),
      primaryColor: cleared(input.primaryColor),
      accentColor: cleared(input.accentColor),
      logoAlt: cleared(input.logoAlt),
    });
    return this.get(caller, slug);
  }

  /** A site admin replaces the logo; who may is decided before the body is read. */
  async setLogo(caller: AuthUser, slug: string, receive: () => Promise<ReceivedLogo>): Promise<{ logoUrl: string }> {
    const site = await this.policy.assertSite(caller, SiteAction.Manage, slug);
    const logo = await receive();
    const sha256 = createHash('sha256').update(logo.bytes).digest('hex');
    await this.sites.saveLogo(site.id, { bytes: logo.bytes, contentType: logo.contentType, sha256 });
    return { logoUrl: logoUrlOf(site.slug, sha256) };
  }

  /** The logo, for whoever may see the deelsite. */
  async getLogo(caller: AuthUser | undefined, slug: string): Promise<SiteLogo> {
    const site = await this.policy.assertSite(caller, SiteAction.View, slug);
    const logo = await this.sites.findLogo(site.id);
    if (!logo) throw SiteErrors.logo_not_found();
    return logo;
  }

  async listMembers(caller: AuthUser | undefined, slug: string, query: PageQuery): Promise<Page<SiteMemberDto>> {
    const site = await this.policy.assertSite(caller, SiteAction.View, slug);
    return this.people.page('deelsite_members', site.id, query, (person, user) => ({ user, role: person.role as SiteRole, joinedAt: person.createdAt }));
  }

  /** A site admin adds someone, or changes their role; the last admin stays admin (409). */
  async addMember(caller: AuthUser, slug: string, input: AddSiteMemberDto): Promise<SiteMemberDto> {
    const site = await this.policy.assertSite(caller, SiteAction.Manage, slug);
    if (!(await this.users.findActiveById(input.userId))) throw MembershipErrors.user_not_found();
    const { member, demoted } = await this.dataSource.transaction(async (manager) => {
      await this.sites.lock(manager, site.id);
      let wasAdmin = false;
      if (input.role !== 'admin') {
        const admins = await this.sites.admins(manager, site.id, input.userId);
        if (admins.isAdmin && admins.others === 0) throw SiteErrors.last_admin();
        wasAdmin = admins.isAdmin;
      }
      return { member: await this.sites.saveMember(manager, site.id, input.userId, input.role), demoted: wasAdmin };
    });
    // A former site admin no longer manages the site's groups: they may lose posting, even seeing.
    if (demoted) this.events.emit('site.access-changed', { siteId: site.id, userId: input.userId });
    const users = await this.users.findPublicByIds([input.userId]);
    return { user: toMemberUser(input.userId, users), role: member.role, joinedAt: member.createdAt };
  }

  /** Joining an open deelsite; request and invite sites are joined through their admins. */
  async join(caller: AuthUser, slug: string): Promise<{ role: SiteRole }> {
    const site = await this.policy.assertSite(caller, SiteAction.Join, slug);
    if (site.myRole) return { role: site.myRole };
    await this.sites.join(site.id, caller.id);
    return { role: 'member' };
  }

  /** The members of a deelsite (who hear of its news). */
  memberIdsOf(siteId: string): Promise<string[]> {
    return this.sites.memberIdsOf(siteId);
  }

  /** The deelsite of a congress, if one was opened for it (the kennisbank hangs workspaces there). */
  findIdByCongress(congress: string): Promise<string | null> {
    return this.sites.findIdByCongress(congress);
  }
}

function toSiteDto(site: SiteSummary): SiteDto {
  return {
    id: site.id,
    slug: site.slug,
    name: site.name,
    organization: site.organization,
    congress: site.congress,
    visibility: site.visibility,
    membership: site.membership,
    memberCount: site.memberCount,
    myRole: site.myRole,
    createdAt: site.createdAt,
    description: site.description,
    primaryColor: site.primaryColor,
    accentColor: site.accentColor,
    logoUrl: site.logoVersion ? logoUrlOf(site.slug, site.logoVersion) : null,
    logoAlt: site.logoAlt,
  };
}

/** The version in the query lets the browser keep the logo until it changes. */
function logoUrlOf(slug: string, sha256: string): string {
  return `/api/v1/sites/${slug}/logo?v=${sha256.slice(0, 16)}`;
}
