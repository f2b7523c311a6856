import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthUser, escapeLike, SqlParams } from '@kennisplein/core';
import type { MembershipPolicy, SiteRole, SiteVisibility } from '../community.types.js';
import { visibleSitesSql } from '../policy/access-policy.repository.js';

/** A deelsite as clients see it, with the caller's role and how many members it has. */
export interface SiteSummary {
  id: string;
  slug: string;
  name: string;
  organization: string;
  /** slug of the kennisbank congress it is for, if any */
  congress: string | null;
  visibility: SiteVisibility;
  membership: MembershipPolicy;
  createdAt: Date;
  myRole: SiteRole | null;
  memberCount: number;
  description: string | null;
  primaryColor: string | null;
  accentColor: string | null;
  logoAlt: string | null;
  /** sha256 of the logo, null without one */
  logoVersion: string | null;
}

export interface NewSite {
  slug: string;
  name: string;
  organization: string;
  congress: string | null;
  visibility: SiteVisibility;
  membership: MembershipPolicy;
  createdBy: string;
}

/** What a site admin changes: undefined leaves a field, null clears it. */
export interface SiteLook {
  name?: string | null;
  description?: string | null;
  primaryColor?: string | null;
  accentColor?: string | null;
  logoAlt?: string | null;
}

export interface StoredLogo {
  bytes: Buffer;
  contentType: string;
  sha256: string;
}

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

const LOOK_COLUMNS: Record<keyof SiteLook, string> = {
  name: 'name',
  description: 'description',
  primaryColor: 'primary_color',
  accentColor: 'accent_color',
  logoAlt: 'logo_alt',
};

/** The SQL of deelsites, their members and their logos. */
@Injectable()
export class SitesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts a deelsite with its creator as its first admin (in the caller's transaction). */
  async insert(manager: EntityManager, site: NewSite): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO deelsites (slug, name, organization, congress, visibility, membership, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [site.slug, site.name, site.organization, site.congress, site.visibility, site.membership, site.createdBy],
    );
    await manager.query(`INSERT INTO deelsite_members (site_id, user_id, role) VALUES ($1, $2, 'admin')`, [row.id, site.createdBy]);
    return row.id;
  }

  /** The sites the caller may see (the policy's visibleSitesSql), by name, after the (name, id) cursor. */
  page(caller: AuthUser | undefined, search: string | undefined, after: (string | number)[] | null, limit: number): Promise<SiteSummary[]> {
    const params = new SqlParams();
    const userId = params.add(caller?.id ?? null);
    const conditions = [visibleSitesSql(caller)];
    if (search) {
      const pattern = params.add(`%${escapeLike(search)}%`);
      conditions.push(`(s.name ILIKE ${pattern} OR s.slug ILIKE ${pattern} OR s.organization ILIKE ${pattern})`);
    }
    if (after) conditions.push(`(s.name, s.id) > (${params.add(after[0])}, ${params.add(after[1])}::uuid)`);
    return this.summaries(userId, conditions, params, limit);
  }

  /** One site, whether or not the caller may see it (the caller asked the policy before). */
  async findOne(callerId: string | null, siteId: string): Promise<SiteSummary | null> {
    const params = new SqlParams();
    const [site] = await this.summaries(params.add(callerId), [`s.id = ${params.add(siteId)}`], params, 1);
    return site ?? null;
  }

  async updateLook(siteId: string, look: SiteLook): Promise<void> {
    const params = new SqlParams();
    const changes = (Object.keys(LOOK_COLUMNS) as (keyof SiteLook)[])
      .filter((field) => look[field] !== undefined)
      .map((field) => `${LOOK_COLUMNS[field]} = ${params.add(look[field])}`);
    if (changes.length === 0) return;
    await this.dataSource.query(`UPDATE deelsites SET ${changes.join(', ')}, updated_at = now() WHERE id = ${params.add(siteId)}`, params.values);
  }

  async saveLogo(siteId: string, logo: StoredLogo): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO deelsite_logos (site_id, content_type, bytes, sha256) VALUES ($1, $2, $3, $4)
       ON CONFLICT (site_id) DO UPDATE SET content_type = EXCLUDED.content_type, bytes = EXCLUDED.bytes,
         sha256 = EXCLUDED.sha256, updated_at = now()`,
      [siteId, logo.contentType, logo.bytes, logo.sha256],
    );
  }

  async findLogo(siteId: string): Promise<StoredLogo | null> {
    const [row] = await this.dataSource.query<{ bytes: Buffer; content_type: string; sha256: string }[]>(
      `SELECT bytes, content_type, sha256 FROM deelsite_logos WHERE site_id = $1`,
      [siteId],
    );
    return row ? { bytes: row.bytes, contentType: row.content_type, sha256: row.sha256 } : null;
  }

  /** Member changes of one site happen one at a time: the admin count stays true. */
  async lock(manager: EntityManager, siteId: string): Promise<void> {
    await manager.query(`SELECT id FROM deelsites WHERE id = $1 FOR UPDATE`, [siteId]);
  }

  /** Whether the user is an admin of the site, and how many other admins it has. */
  async admins(manager: EntityManager, siteId: string, userId: string): Promise<{ isAdmin: boolean; others: number }> {
    const [row] = await manager.query<{ others: number; is_admin: boolean | null }[]>(
      `SELECT count(*) FILTER (WHERE user_id <> $2)::int AS others, bool_or(user_id = $2) AS is_admin
         FROM deelsite_members WHERE site_id = $1 AND role = 'admin'`,
      [siteId, userId],
    );
    return { isAdmin: row.is_admin === true, others: row.others };
  }

  /** Adds a member or changes their role; answers the role and since when they are a member. */
  async saveMember(manager: EntityManager, siteId: string, userId: string, role: SiteRole): Promise<{ role: SiteRole; createdAt: Date }> {
    const [row] = await manager.query<{ role: SiteRole; created_at: Date }[]>(
      `INSERT INTO deelsite_members (site_id, user_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (site_id, user_id) DO UPDATE SET role = EXCLUDED.role
       RETURNING role, created_at`,
      [siteId, userId, role],
    );
    return { role: row.role, createdAt: row.created_at };
  }

  /** Adds a member, once (someone who is one keeps their role). */
  async join(siteId: string, userId: string): Promise<void> {
    await this.dataSource.query(`INSERT INTO deelsite_members (site_id, user_id, role) VALUES ($1, $2, 'member') ON CONFLICT DO NOTHING`, [
      siteId,
      userId,
    ]);
  }

  async memberIdsOf(siteId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ user_id: string }[]>(`SELECT user_id FROM deelsite_members WHERE site_id = $1`, [siteId]);
    return rows.map((row) => row.user_id);
  }

  /** The first deelsite opened for a congress. */
  async findIdByCongress(congress: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM deelsites WHERE congress = $1 ORDER BY created_at LIMIT 1`, [
      congress,
    ]);
    return row?.id ?? null;
  }

  // memberCount and myRole come from the same query as the sites (no query per site).
  private async summaries(userParam: string, conditions: string[], params: SqlParams, limit: number): Promise<SiteSummary[]> {
    const rows = await this.dataSource.query<SiteRow[]>(
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
    return rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      name: row.name,
      organization: row.organization,
      congress: row.congress,
      visibility: row.visibility,
      membership: row.membership,
      createdAt: row.created_at,
      myRole: row.my_role,
      memberCount: row.member_count,
      description: row.description,
      primaryColor: row.primary_color,
      accentColor: row.accent_color,
      logoAlt: row.logo_alt,
      logoVersion: row.logo_version,
    }));
  }
}
