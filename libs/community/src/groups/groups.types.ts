import type { GroupRole, GroupVisibility, MembershipPolicy } from '../community.types.js';

/** A group to create. */
export interface NewGroup {
  siteId: string | null;
  parentId: string | null;
  contributionId?: string | null;
  name: string;
  description?: string;
  visibility: GroupVisibility;
  membership: MembershipPolicy;
  createdBy: string | null;
  /** Users who start as owners (the creator; for a workspace, the authors with accounts). */
  owners: string[];
}

/** A group someone is a member of, as their profile lists it. */
export interface MemberGroup {
  id: string;
  name: string;
  /** slug of the deelsite; null on the main site */
  site: string | null;
  /** set when the group is a contribution's workspace */
  contributionId: string | null;
  role: GroupRole;
}

/** Who follows a group: its members, and those who follow it through the group it hangs under. */
export interface GroupFollowers {
  members: string[];
  /** Members of the parent (theme) group who follow the workspace through it, its own members left out. */
  viaParent: string[];
  /** The group `viaParent` follow it through (null: none). */
  parentId: string | null;
}

/** A group a user follows; `via`: the group they follow it through (null: they are its member). */
export interface FollowedGroup {
  id: string;
  name: string;
  via: string | null;
}
