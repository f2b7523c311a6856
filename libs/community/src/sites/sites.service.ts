import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  type AuthUser,
  decodeCursor,
  escapeLike,
  isUniqueViolation,
  type Page,
  type PageQuery,
  pageSize,
  SqlParams,
  toPage,
} from '@kennisplein/core';
import { UsersService } from '@kennisplein/identity';
import { MembershipErrors, SiteErrors } from '../community.errors.js';
import type { MembershipPolicy, SiteRole, SiteVisibility } from '../community.types.js';
import { toMemberUser } from '../groups/member-user.js';
import { PeoplePages } from '../people-page.js';
import { SiteAction } from '../policy/access-decisions.js';
import { AccessPolicy } from '../policy/access-policy.service.js';
import { COLOUR_PAIRS, formatRatio, lowContrast } from './contrast.js';
import type { AddSiteMemberDto, CreateSiteDto, ListSitesQuery, SiteDto, SiteMemberDto, UpdateSiteDto } from './dto/site.dto.js';
import type { ReceivedLogo } from './logo-upload.js';

interface SiteRow {
  id: string;
  slug: string;
  name: string;
  organization: string;
  congress: string | null;
  visibility: SiteVisibility;
  membership: MembershipPolicy;
  created_at: Date;
  my_role: SiteRole | null;
  member_count: number;
  description: string | null;
  primary_color: string | null;
  accent_color: string | null;
  logo_alt: string | null;
  logo_version: string | null;
}

export interface SiteLogo {
  bytes: Buffer;
  contentType: string;
  sha256: string;
}

@Injectable()
export class SitesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: AccessPolicy,
    private readonly users: UsersService,
    private readonly people: PeoplePages,
  ) {}

  /** Opens a deelsite; its creator is its first admin. */
  async create(caller: AuthUser, input: CreateSiteDto): Promise<SiteDto> {
    try {
      await this.dataSource.transaction(async (manager) => {
        const [site] = await manager.query<{ id: string }[]>(
          `INSERT INTO deelsites (slug, name, organization, congress, visibility, membership, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [input.slug, input.name, input.organization, input.congress ?? null, input.visibility, input.membership, caller.id],
        );
        await manager.query(`INSERT INTO deelsite_members (site_id, user_id, role) VALUES ($1, $2, 'admin')`, [site.id, caller.id]);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw SiteErrors.slug_taken({ slug: input.slug });
      throw error;
    }
    return this.get(caller, input.slug);
  }

  async list(caller: AuthUser | undefined, query: ListSitesQuery): Promise<Page<SiteDto>> {
    const limit = pageSize(query);
    const params = new SqlParams();
    const userId = params.add(caller?.id ?? null);
    const conditions = [this.policy.visibleSitesSql(caller)];
    if (query.q) {
      const pattern = params.add(`%${escapeLike(query.q)}%`);
      conditions.push(`(s.name ILIKE ${pattern} OR s.slug ILIKE ${pattern} OR s.organization ILIKE ${pattern})`);
    }
    if (query.cursor) {
      const [name, id] = decodeCursor(query.cursor, ['text', 'uuid']);
      conditions.push(`(s.name, s.id) > (${params.add(name)}, ${params.add(id)}::uuid)`);
    }
    const rows = await this.querySites(userId, conditions, params, limit + 1);
    return toPage(rows, limit, (row) => [row.name, row.id], toSiteDto);
  }

  async get(caller: AuthUser | undefined, slug: string): Promise<SiteDto> {
    const site = await this.policy.assertSite(caller, SiteAction.View, slug);
    const params = new SqlParams();
    const [row] = await this.querySites(params.add(caller?.id ?? null), [`s.id = ${params.add(site.id)}`], params, 1);
    return toSiteDto(row);
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
    const params = new SqlParams();
    const changes: string[] = [];
    const set = (column: string, value: string | null | undefined) => {
      if (value !== undefined) changes.push(`${column} = ${params.add(value === '' ? null : value)}`);
    };
    if (typeof input.name === 'string') set('name', input.name);
    set('description', input.description);
    set('primary_color', input.primaryColor);
    set('accent_color', input.accentColor);
    set('logo_alt', input.logoAlt);
    if (changes.length > 0) {
      await this.dataSource.query(
        `UPDATE deelsites SET ${changes.join(', ')}, updated_at = now() WHERE id = ${params.add(site.id)}`,
        params.values,
      );
    }
    return this.get(caller, slug);
  }

  /** A site admin replaces the logo; who may is decided before the body is read. */
  async setLogo(caller: AuthUser, slug: string, receive: () => Promise<ReceivedLogo>): Promise<{ logoUrl: string }> {
    const site = await this.policy.assertSite(caller, SiteAction.Manage, slug);
    const logo = await receive();
    const sha256 = createHash('sha256').update(logo.bytes).digest('hex');
    await this.dataSource.query(
      `INSERT INTO deelsite_logos (site_id, content_type, bytes, sha256) VALUES ($1, $2, $3, $4)
       ON CONFLICT (site_id) DO UPDATE SET content_type = EXCLUDED.content_type, bytes = EXCLUDED.bytes,
         sha256 = EXCLUDED.sha256, updated_at = now()`,
      [site.id, logo.contentType, logo.bytes, sha256],
    );
    return { logoUrl: logoUrlOf(site.slug, sha256) };
  }

  /** The logo, for whoever may see the deelsite. */
  async getLogo(caller: AuthUser | undefined, slug: string): Promise<SiteLogo> {
    const site = await this.policy.assertSite(caller, SiteAction.View, slug);
    const [row] = await this.dataSource.query<{ bytes: Buffer; content_type: string; sha256: string }[]>(
      `SELECT bytes, content_type, sha256 FROM deelsite_logos WHERE site_id = $1`,
      [site.id],
    );
    if (!row) throw SiteErrors.logo_not_found();
    return { bytes: row.bytes, contentType: row.content_type, sha256: row.sha256 };
  }

  async listMembers(caller: AuthUser | undefined, slug: string, query: PageQuery): Promise<Page<SiteMemberDto>> {
    const site = await this.policy.assertSite(caller, SiteAction.View, slug);
    return this.people.page('deelsite_members', site.id, query, (row, user) => ({ user, role: row.role as SiteRole, joinedAt: row.created_at }));
  }

  /** A site admin adds someone, or changes their role; the last admin stays admin (409). */
  async addMember(caller: AuthUser, slug: string, input: AddSiteMemberDto): Promise<SiteMemberDto> {
    const site = await this.policy.assertSite(caller, SiteAction.Manage, slug);
    if (!(await this.users.findActiveById(input.userId))) throw MembershipErrors.user_not_found();
    const row = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT id FROM deelsites WHERE id = $1 FOR UPDATE`, [site.id]);
      if (input.role !== 'admin') {
        const [admins] = await manager.query<{ others: number; is_admin: boolean }[]>(
          `SELECT count(*) FILTER (WHERE user_id <> $2)::int AS others, bool_or(user_id = $2) AS is_admin
             FROM deelsite_members WHERE site_id = $1 AND role = 'admin'`,
          [site.id, input.userId],
        );
        if (admins.is_admin && admins.others === 0) throw SiteErrors.last_admin();
      }
      const [saved] = await manager.query<{ role: SiteRole; created_at: Date }[]>(
        `INSERT INTO deelsite_members (site_id, user_id, role) VALUES ($1, $2, $3)
         ON CONFLICT (site_id, user_id) DO UPDATE SET role = EXCLUDED.role
         RETURNING role, created_at`,
        [site.id, input.userId, input.role],
      );
      return saved;
    });
    const users = await this.users.findPublicByIds([input.userId]);
    return { user: toMemberUser(input.userId, users), role: row.role, joinedAt: row.created_at };
  }

  /** Joining an open deelsite; request and invite sites are joined through their admins. */
  async join(caller: AuthUser, slug: string): Promise<{ role: SiteRole }> {
    const site = await this.policy.assertSite(caller, SiteAction.Join, slug);
    if (site.myRole) return { role: site.myRole };
    await this.dataSource.query(
      `INSERT INTO deelsite_members (site_id, user_id, role) VALUES ($1, $2, 'member') ON CONFLICT DO NOTHING`,
      [site.id, caller.id],
    );
    return { role: 'member' };
  }

  /** The members of a deelsite (who hear of its news). */
  async memberIdsOf(siteId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ user_id: string }[]>(`SELECT user_id FROM deelsite_members WHERE site_id = $1`, [siteId]);
    return rows.map((row) => row.user_id);
  }

  /** The deelsite of a congress, if one was opened for it (the kennisbank hangs workspaces there). */
  async findIdByCongress(congress: string): Promise<string | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM deelsites WHERE congress = $1 ORDER BY created_at LIMIT 1`,
      [congress],
    );
    return rows[0]?.id ?? null;
  }

  // memberCount and myRole come from the same query as the sites (no query per site).
  private querySites(userParam: string, conditions: string[], params: SqlParams, limit: number): Promise<SiteRow[]> {
    return this.dataSource.query(
      `SELECT s.id, s.slug, s.name, s.organization, s.congress, s.visibility, s.membership, s.created_at,
              s.description, s.primary_color, s.accent_color, s.logo_alt, l.sha256 AS logo_version,
              sm.role AS my_role,
              (SELECT count(*) FROM deelsite_members c WHERE c.site_id = s.id)::int AS member_count
         FROM deelsites s
         LEFT JOIN deelsite_members sm ON sm.site_id = s.id AND sm.user_id = ${userParam}
         LEFT JOIN deelsite_logos l ON l.site_id = s.id
        WHERE ${conditions.join(' AND ')}
        ORDER BY s.name, s.id
        LIMIT ${params.add(limit)}`,
      params.values,
    );
  }
}

function toSiteDto(row: SiteRow): SiteDto {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    organization: row.organization,
    congress: row.congress,
    visibility: row.visibility,
    membership: row.membership,
    memberCount: row.member_count,
    myRole: row.my_role,
    createdAt: row.created_at,
    description: row.description,
    primaryColor: row.primary_color,
    accentColor: row.accent_color,
    logoUrl: row.logo_version ? logoUrlOf(row.slug, row.logo_version) : null,
    logoAlt: row.logo_alt,
  };
}

/** The version in the query lets the browser keep the logo until it changes. */
function logoUrlOf(slug: string, sha256: string): string {
  return `/api/v1/sites/${slug}/logo?v=${sha256.slice(0, 16)}`;
}
