import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '@kennisplein/core';
import type { GroupRole, GroupVisibility, MembershipPolicy, SiteRole, SiteVisibility } from '../community.types.js';
import type { GroupFacts, SiteFacts } from './access-decisions.js';

/** A deelsite with the facts its decisions need. */
export interface SiteRecord extends SiteFacts {
  id: string;
  slug: string;
}

/** A group with the facts its decisions need, and its deelsite's. */
export interface GroupRecord extends GroupFacts {
  id: string;
  siteId: string | null;
  parentId: string | null;
  name: string;
  site: SiteRecord | null;
}

interface SiteRow {
  id: string;
  slug: string;
  visibility: SiteVisibility;
  membership: MembershipPolicy;
  my_role: SiteRole | null;
}

interface GroupRow {
  id: string;
  site_id: string | null;
  parent_id: string | null;
  name: string;
  visibility: GroupVisibility;
  membership: MembershipPolicy;
  my_role: GroupRole | null;
  site_slug: string | null;
  site_visibility: SiteVisibility | null;
  site_membership: MembershipPolicy | null;
  my_site_role: SiteRole | null;
}

/**
 * The SQL of the access policy: the facts of one object for its decision (one query), and
 * the SQL forms of the decisions that lists and sets filter by. Each SQL form sits here
 * beside the loading of the facts so that it stays the same as its decision in
 * access-decisions.ts; the decisions' matrix and the authorization tests check both.
 */
@Injectable()
export class AccessPolicyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A deelsite by slug or id, with the caller's role in it. */
  async site(callerId: string | null, key: string, by: 'slug' | 'id', manager: EntityManager = this.dataSource.manager): Promise<SiteRecord | null> {
    const [row] = await manager.query<SiteRow[]>(
      `SELECT s.id, s.slug, s.visibility, s.membership, sm.role AS my_role
         FROM deelsites s
         LEFT JOIN deelsite_members sm ON sm.site_id = s.id AND sm.user_id = $2
        WHERE s.${by === 'slug' ? 'slug' : 'id'} = $1`,
      [key, callerId],
    );
    return row ? { id: row.id, slug: row.slug, visibility: row.visibility, membership: row.membership, myRole: row.my_role } : null;
  }

  /** A group with its deelsite, and the caller's roles in both. */
  async group(callerId: string | null, groupId: string, manager: EntityManager = this.dataSource.manager): Promise<GroupRecord | null> {
    const [row] = await manager.query<GroupRow[]>(
      `SELECT g.id, g.site_id, g.parent_id, g.name, g.visibility, g.membership, gm.role AS my_role,
              s.slug AS site_slug, s.visibility AS site_visibility, s.membership AS site_membership,
              sm.role AS my_site_role
         FROM groups g
         LEFT JOIN deelsites s ON s.id = g.site_id
         LEFT JOIN group_members gm ON gm.group_id = g.id AND gm.user_id = $2
         LEFT JOIN deelsite_members sm ON sm.site_id = g.site_id AND sm.user_id = $2
        WHERE g.id = $1`,
      [groupId, callerId],
    );
    if (!row) return null;
    return {
      id: row.id,
      siteId: row.site_id,
      parentId: row.parent_id,
      name: row.name,
      visibility: row.visibility,
      membership: row.membership,
      myRole: row.my_role,
      site:
        row.site_id && row.site_slug && row.site_visibility && row.site_membership
          ? { id: row.site_id, slug: row.site_slug, visibility: row.site_visibility, membership: row.site_membership, myRole: row.my_site_role }
          : null,
    };
  }
}

/**
 * The groups with the rows visibleGroupsSql reads: their deelsite and the caller's
 * memberships (aliases g, s, gm, sm). `userParam` is the placeholder of the caller's id.
 */
export function visibleGroupsFrom(userParam: string): string {
  return `groups g
         LEFT JOIN deelsites s ON s.id = g.site_id
         LEFT JOIN group_members gm ON gm.group_id = g.id AND gm.user_id = ${userParam}
         LEFT JOIN deelsite_members sm ON sm.site_id = g.site_id AND sm.user_id = ${userParam}`;
}

/**
 * The SQL form of canSeeGroup (with canSeeSite), over the aliases of visibleGroupsFrom:
 * g (groups), s (deelsites), gm (the caller's group_members row), sm (the caller's
 * deelsite_members row).
 */
export function visibleGroupsSql(caller: AuthUser | undefined): string {
  if (caller?.isAdmin) return 'TRUE';
  const loggedIn = caller ? 'TRUE' : 'FALSE';
  return `((s.id IS NULL OR s.visibility = 'public' OR sm.role IS NOT NULL)
      AND (sm.role = 'admin' OR gm.role IS NOT NULL OR g.visibility = 'public'
           OR (g.visibility = 'site' AND ${loggedIn} AND (g.site_id IS NULL OR sm.role IS NOT NULL))))`;
}

/** The SQL form of canSeeSite, over s (deelsites) and sm (the caller's deelsite_members row). */
export function visibleSitesSql(caller: AuthUser | undefined): string {
  if (caller?.isAdmin) return 'TRUE';
  return `(s.visibility = 'public' OR sm.role IS NOT NULL)`;
}

/**
 * The SQL form of isFollowedThroughParent, over a workspace's groups row (alias
 * `workspace`) and its deelsite (alias `site`, left joined): the members of the group it
 * hangs under follow it only while everyone may see it.
 */
export function followedThroughParentSql(workspace: string, site: string): string {
  return `(${workspace}.contribution_id IS NOT NULL AND ${workspace}.parent_id IS NOT NULL AND ${workspace}.visibility = 'public'
      AND (${site}.id IS NULL OR ${site}.visibility = 'public'))`;
}
