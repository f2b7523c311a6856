import type { AuthUser } from '@kennisplein/core';
import type { GroupRole, GroupVisibility, MembershipPolicy, SiteRole, SiteVisibility } from '../community.types.js';

/** What a caller may do with a deelsite. */
export enum SiteAction {
  View = 'site.view',
  Join = 'site.join',
  CreateGroup = 'site.create-group',
  Manage = 'site.manage',
  /** Let someone in through an invitation to one of its groups. */
  Admit = 'site.admit',
}

/** What a caller may do with a group and everything in it (threads, blogs, files). */
export enum GroupAction {
  View = 'group.view',
  Join = 'group.join',
  Leave = 'group.leave',
  /** Post messages, blogs and files. */
  Participate = 'group.participate',
  /** Give feedback on what the group is about (a contribution's workspace) without joining it. */
  GiveFeedback = 'group.give-feedback',
  /** Delete what others wrote. */
  Moderate = 'group.moderate',
  /** Members, requests, invites, subgroups. */
  Manage = 'group.manage',
  /** Make or unmake owners, remove an owner. */
  ManageOwners = 'group.manage-owners',
}

/** What only platform admins do: congresses, contributions, imports, linking authors. */
export enum PlatformAction {
  ManageKennisbank = 'platform.manage-kennisbank',
  /** Run digests by hand, read their reports. */
  Operate = 'platform.operate',
}

/** allow; hidden → 404 (the caller may not know it exists); forbidden → 403. */
export type Decision = 'allow' | 'hidden' | 'forbidden';

export interface SiteFacts {
  visibility: SiteVisibility;
  membership: MembershipPolicy;
  /** The caller's role in the deelsite. */
  myRole: SiteRole | null;
}

export interface GroupFacts {
  visibility: GroupVisibility;
  membership: MembershipPolicy;
  /** The caller's role in the group. */
  myRole: GroupRole | null;
  /** The deelsite the group is in; null on the main site. */
  site: SiteFacts | null;
}

export function canSeeSite(caller: AuthUser | undefined, site: SiteFacts): boolean {
  return site.visibility === 'public' || caller?.isAdmin === true || site.myRole !== null;
}

/** A site that anyone may see and join on their own: nothing to guard at its door. */
export function isSiteOpenToAll(site: SiteFacts): boolean {
  return site.visibility === 'public' && site.membership === 'open';
}

export function decideSite(caller: AuthUser | undefined, action: SiteAction, site: SiteFacts): Decision {
  // Inviting into a site everyone may join lets in no one who could not come anyway.
  if (action === SiteAction.Admit && isSiteOpenToAll(site)) return 'allow';
  if (!canSeeSite(caller, site)) return 'hidden';
  if (!caller) return action === SiteAction.View ? 'allow' : 'forbidden';
  const isSiteAdmin = caller.isAdmin || site.myRole === 'admin';
  switch (action) {
    case SiteAction.View:
      return 'allow';
    case SiteAction.Join:
      // Request and invite deelsites are joined through their admins.
      return site.membership === 'open' || isSiteAdmin || site.myRole !== null ? 'allow' : 'forbidden';
    case SiteAction.CreateGroup:
      return isSiteAdmin || site.myRole !== null ? 'allow' : 'forbidden';
    case SiteAction.Manage:
    case SiteAction.Admit:
      // Only a site admin lets someone into a closed site (members-only, or joined on request or invitation).
      return isSiteAdmin ? 'allow' : 'forbidden';
  }
}

/** Site admins and platform admins act as owners of every group they oversee. */
export function isGroupManager(caller: AuthUser | undefined, group: GroupFacts): boolean {
  if (!caller) return false;
  return caller.isAdmin || group.site?.myRole === 'admin' || group.myRole === 'owner' || group.myRole === 'admin';
}

/** Owners, and those who act as owners: they may make and unmake owners. */
export function actsAsOwner(caller: AuthUser | undefined, group: GroupFacts): boolean {
  if (!caller) return false;
  return caller.isAdmin || group.site?.myRole === 'admin' || group.myRole === 'owner';
}

export function canSeeGroup(caller: AuthUser | undefined, group: GroupFacts): boolean {
  if (group.site && !canSeeSite(caller, group.site)) return false;
  if (isGroupManager(caller, group) || group.myRole !== null) return true;
  switch (group.visibility) {
    case 'public':
      return true;
    case 'site':
      // Main site: every logged-in user. A deelsite: its members.
      return caller !== undefined && (group.site === null || group.site.myRole !== null);
    case 'members':
      return false;
  }
}

export function decideGroup(caller: AuthUser | undefined, action: GroupAction, group: GroupFacts): Decision {
  if (!canSeeGroup(caller, group)) return 'hidden';
  if (action === GroupAction.View) return 'allow';
  if (!caller) return 'forbidden';
  const manager = isGroupManager(caller, group);
  switch (action) {
    case GroupAction.Join:
      return group.membership === 'invite' && !manager && group.myRole === null ? 'forbidden' : 'allow';
    case GroupAction.Leave:
      return 'allow';
    case GroupAction.Participate:
      return manager || group.myRole !== null ? 'allow' : 'forbidden';
    case GroupAction.GiveFeedback:
      return 'allow';
    case GroupAction.Moderate:
    case GroupAction.Manage:
      return manager ? 'allow' : 'forbidden';
    case GroupAction.ManageOwners:
      return actsAsOwner(caller, group) ? 'allow' : 'forbidden';
  }
}

/** Platform actions are visible to everyone (the routes are public knowledge); only admins may do them. */
export function decidePlatform(caller: AuthUser | undefined, _action: PlatformAction): Decision {
  return caller?.isAdmin === true ? 'allow' : 'forbidden';
}

/** What anyone may know of a group without being in it or in its deelsite. */
export interface OutsiderGroupFacts {
  visibility: GroupVisibility;
  /** The visibility of the deelsite the group is in; null on the main site. */
  siteVisibility: SiteVisibility | null;
}

/** Everyone may see the group, logged in or not, member of its deelsite or not. */
export function isOpenToEveryone(group: OutsiderGroupFacts): boolean {
  // Asked as someone logged out, in no role anywhere; membership decides joining, not seeing.
  const site = group.siteVisibility === null ? null : { visibility: group.siteVisibility, membership: 'open' as const, myRole: null };
  return canSeeGroup(undefined, { visibility: group.visibility, membership: 'open', myRole: null, site });
}

export interface WorkspaceFacts extends OutsiderGroupFacts {
  /** Set when the group is a contribution's workspace. */
  contributionId: string | null;
  /** The (theme) group it hangs under. */
  parentId: string | null;
}

/**
 * Whether the members of the theme group a contribution's workspace hangs under follow
 * the workspace (its activity reaches them without making them members): only while
 * everyone may see it, so following never opens what the workspace's visibility closes.
 * Its SQL form for sets of groups: followedThroughParentSql (access-policy.repository.ts).
 */
export function isFollowedThroughParent(group: WorkspaceFacts): boolean {
  return group.contributionId !== null && group.parentId !== null && isOpenToEveryone(group);
}
