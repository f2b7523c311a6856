/** The vocabulary of deelsites and groups. */
export const SITE_VISIBILITIES = ['public', 'members'] as const;
export type SiteVisibility = (typeof SITE_VISIBILITIES)[number];
export const GROUP_VISIBILITIES = ['public', 'site', 'members'] as const;
export type GroupVisibility = (typeof GROUP_VISIBILITIES)[number];
export const MEMBERSHIP_POLICIES = ['open', 'request', 'invite'] as const;
export type MembershipPolicy = (typeof MEMBERSHIP_POLICIES)[number];
export const SITE_ROLES = ['admin', 'member'] as const;
export type SiteRole = (typeof SITE_ROLES)[number];
export const GROUP_ROLES = ['owner', 'admin', 'member'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];
