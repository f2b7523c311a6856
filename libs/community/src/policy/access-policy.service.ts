import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthUser, CommonErrors, type ErrorFactory, isUuid } from '@kennisplein/core';
import { AccessErrors, GroupErrors, SiteErrors } from '../community.errors.js';
import type { GroupRole, GroupVisibility, MembershipPolicy, SiteRole, SiteVisibility } from '../community.types.js';
import {
  decideGroup,
  decidePlatform,
  decideSite,
  type Decision,
  GroupAction,
  type GroupFacts,
  PlatformAction,
  SiteAction,
  type SiteFacts,
} from './access-decisions.js';

export interface SiteContext extends SiteFacts {
  id: string;
  slug: string;
}

export interface GroupContext extends GroupFacts {
  id: string;
  siteId: string | null;
  parentId: string | null;
  name: string;
  site: (SiteFacts & { id: string; slug: string }) | null;
  /** 'site': the deelsite itself, as the place of its news (assertSiteScope). */
  scope?: 'site';
}

/** What a caller who may see but not act is told (403), per action: what they could do about it. */
const FORBIDDEN: Record<string, ErrorFactory> = {
  [GroupAction.Join]: GroupErrors.invite_only,
  [GroupAction.Participate]: GroupErrors.members_only,
  [GroupAction.Moderate]: GroupErrors.admins_only,
  [GroupAction.Manage]: GroupErrors.admins_only,
  [GroupAction.ManageOwners]: GroupErrors.owners_only,
  [PlatformAction.ManageKennisbank]: AccessErrors.platform_admins_only,
  [PlatformAction.Operate]: AccessErrors.platform_admins_only,
  [SiteAction.Join]: SiteErrors.join_through_admins,
  [SiteAction.Manage]: SiteErrors.admins_only,
  [SiteAction.CreateGroup]: SiteErrors.create_group_members_only,
};

/** The same for a deelsite as the place of its news: its members take part, its admins moderate. */
const FORBIDDEN_IN_SITE: Record<string, ErrorFactory> = {
  ...FORBIDDEN,
  [GroupAction.Participate]: SiteErrors.members_only,
  [GroupAction.Moderate]: SiteErrors.admins_only,
  [GroupAction.Manage]: SiteErrors.admins_only,
};

/**
 * The one place that answers "may this user do this to this object". Every route asks
 * it; a caller who may not see an object gets 404, one who may see but not act 403.
 * The rules themselves are the pure functions in access-decisions.ts; this service loads
 * the facts they need in one query and turns a decision into an error.
 */
@Injectable()
export class AccessPolicy {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async assertSite(caller: AuthUser | undefined, action: SiteAction, slug: string): Promise<SiteContext> {
    const site = await this.siteContext(caller, slug);
    if (!site) throw SiteErrors.not_found();
    this.enforce(decideSite(caller, action, site), action, SiteErrors.not_found);
    return site;
  }

  /**
   * Whether an invitation sent by `inviter` lets its invitee into the deelsite: always for
   * a site open to all, otherwise only when the inviter is (still) a site or platform
   * admin. Undefined: the inviter's account is gone. Read in the caller's transaction.
   */
  async admits(inviter: AuthUser | undefined, siteId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const site = await this.siteContext(inviter, siteId, 'id', manager);
    return site !== null && decideSite(inviter, SiteAction.Admit, site) === 'allow';
  }

  assertPlatform(caller: AuthUser | undefined, action: PlatformAction): void {
    this.enforce(decidePlatform(caller, action), action, CommonErrors.not_found);
  }

  async assertGroup(
    caller: AuthUser | undefined,
    action: GroupAction,
    groupId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<GroupContext> {
    const group = await this.groupContext(caller, groupId, manager);
    if (!group) throw GroupErrors.not_found();
    this.checkGroup(caller, action, group);
    return group;
  }

  /**
   * The deelsite as the place of its own news and the comments on it, decided by the group
   * rules: a public deelsite reads like a public group, a members-only one like a group
   * of its members; its members take part, its admins moderate.
   */
  async assertSiteScope(caller: AuthUser | undefined, action: GroupAction, siteId: string): Promise<GroupContext> {
    const rows = isUuid(siteId)
      ? await this.dataSource.query<{ slug: string }[]>(`SELECT slug FROM deelsites WHERE id = $1`, [siteId])
      : [];
    const site = rows[0] ? await this.siteContext(caller, rows[0].slug) : null;
    if (!site) throw SiteErrors.not_found();
    const scope: GroupContext = {
      id: site.id,
      siteId: site.id,
      parentId: null,
      name: site.slug,
      visibility: site.visibility === 'public' ? 'public' : 'site',
      membership: site.membership,
      myRole: site.myRole,
      site,
      scope: 'site',
    };
    this.checkGroup(caller, action, scope);
    return scope;
  }

  /** A further action on a group whose context was already loaded (and may be locked). */
  checkGroup(caller: AuthUser | undefined, action: GroupAction, group: GroupContext): void {
    const decision = decideGroup(caller, action, group);
    if (group.scope === 'site') this.enforce(decision, action, SiteErrors.not_found, FORBIDDEN_IN_SITE);
    else this.enforce(decision, action, GroupErrors.not_found);
  }

  /**
   * The SQL twin of canSeeGroup/canSeeSite for list queries, over aliases g (groups),
   * s (deelsites), gm (the caller's group_members row) and sm (the caller's
   * deelsite_members row). Kept beside the rules so that the two stay the same; the
   * authorization matrix test checks both.
   */
  visibleGroupsSql(caller: AuthUser | undefined): string {
    if (caller?.isAdmin) return 'TRUE';
    const loggedIn = caller ? 'TRUE' : 'FALSE';
    return `((s.id IS NULL OR s.visibility = 'public' OR sm.role IS NOT NULL)
      AND (sm.role = 'admin' OR gm.role IS NOT NULL OR g.visibility = 'public'
           OR (g.visibility = 'site' AND ${loggedIn} AND (g.site_id IS NULL OR sm.role IS NOT NULL))))`;
  }

  visibleSitesSql(caller: AuthUser | undefined): string {
    if (caller?.isAdmin) return 'TRUE';
    return `(s.visibility = 'public' OR sm.role IS NOT NULL)`;
  }

  /** hidden → the 404 of the object's kind; forbidden → the 403 of the action. */
  private enforce(decision: Decision, action: string, hidden: ErrorFactory, forbidden = FORBIDDEN): void {
    if (decision === 'hidden') throw hidden();
    if (decision === 'forbidden') throw (forbidden[action] ?? AccessErrors.forbidden)();
  }

  private async siteContext(
    caller: AuthUser | undefined,
    slug: string,
    by: 'slug' | 'id' = 'slug',
    manager: EntityManager = this.dataSource.manager,
  ): Promise<SiteContext | null> {
    if (by === 'slug' ? !/^[a-z0-9-]{3,63}$/.test(slug) : !isUuid(slug)) return null;
    const rows: { id: string; slug: string; visibility: SiteVisibility; membership: MembershipPolicy; my_role: SiteRole | null }[] =
      await manager.query(
        `SELECT s.id, s.slug, s.visibility, s.membership, sm.role AS my_role
           FROM deelsites s
           LEFT JOIN deelsite_members sm ON sm.site_id = s.id AND sm.user_id = $2
          WHERE s.${by === 'slug' ? 'slug' : 'id'} = $1`,
        [slug, caller?.id ?? null],
      );
    const row = rows[0];
    return row ? { id: row.id, slug: row.slug, visibility: row.visibility, membership: row.membership, myRole: row.my_role } : null;
  }

  private async groupContext(caller: AuthUser | undefined, groupId: string, manager: EntityManager): Promise<GroupContext | null> {
    if (!isUuid(groupId)) return null;
    const rows: {
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
    }[] = await manager.query(
      `SELECT g.id, g.site_id, g.parent_id, g.name, g.visibility, g.membership, gm.role AS my_role,
              s.slug AS site_slug, s.visibility AS site_visibility, s.membership AS site_membership,
              sm.role AS my_site_role
         FROM groups g
         LEFT JOIN deelsites s ON s.id = g.site_id
         LEFT JOIN group_members gm ON gm.group_id = g.id AND gm.user_id = $2
         LEFT JOIN deelsite_members sm ON sm.site_id = g.site_id AND sm.user_id = $2
        WHERE g.id = $1`,
      [groupId, caller?.id ?? null],
    );
    const row = rows[0];
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
