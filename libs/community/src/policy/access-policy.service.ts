import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type AuthUser, CommonErrors, type ErrorFactory, isUuid } from '@kennisplein/core';
import { AccessErrors, GroupErrors, SiteErrors } from '../community.errors.js';
import {
  decideGroup,
  decidePlatform,
  decideSite,
  type Decision,
  GroupAction,
  PlatformAction,
  SiteAction,
} from './access-decisions.js';
import { AccessPolicyRepository, type GroupRecord, type SiteRecord } from './access-policy.repository.js';

export type SiteContext = SiteRecord;

export interface GroupContext extends GroupRecord {
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
  constructor(private readonly facts: AccessPolicyRepository) {}

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
  async admits(inviter: AuthUser | undefined, siteId: string, manager?: EntityManager): Promise<boolean> {
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
    manager?: EntityManager,
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
    const site = await this.siteContext(caller, siteId, 'id');
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

  /** hidden → the 404 of the object's kind; forbidden → the 403 of the action. */
  private enforce(decision: Decision, action: string, hidden: ErrorFactory, forbidden = FORBIDDEN): void {
    if (decision === 'hidden') throw hidden();
    if (decision === 'forbidden') throw (forbidden[action] ?? AccessErrors.forbidden)();
  }

  private siteContext(
    caller: AuthUser | undefined,
    key: string,
    by: 'slug' | 'id' = 'slug',
    manager?: EntityManager,
  ): Promise<SiteContext | null> {
    if (by === 'slug' ? !/^[a-z0-9-]{3,63}$/.test(key) : !isUuid(key)) return Promise.resolve(null);
    return this.facts.site(caller?.id ?? null, key, by, manager);
  }

  private groupContext(caller: AuthUser | undefined, groupId: string, manager?: EntityManager): Promise<GroupContext | null> {
    if (!isUuid(groupId)) return Promise.resolve(null);
    return this.facts.group(caller?.id ?? null, groupId, manager);
  }
}
