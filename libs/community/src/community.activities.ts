import { defineActivityVerbs } from '@kennisplein/core';

/** What happens among the people of groups and deelsites (the activity log). */
export const CommunityVerb = {
  MemberJoined: 'member.joined',
  MembershipRequested: 'membership.requested',
  Invited: 'member.invited',
  /** Someone waits to be let into a closed deelsite (told to its admins). */
  SiteRequested: 'site.requested',
  /** A site admin let them in (told to who waited). */
  SiteRequestApproved: 'site.request_approved',
} as const;
export type CommunityVerb = (typeof CommunityVerb)[keyof typeof CommunityVerb];

defineActivityVerbs<CommunityVerb>({
  [CommunityVerb.MemberJoined]: { audience: 'managers', nl: (a) => `${a} werd lid`, en: (a) => `${a} joined` },
  [CommunityVerb.MembershipRequested]: { audience: 'managers', nl: (a) => `${a} vroeg om lid te worden`, en: (a) => `${a} asked to join` },
  [CommunityVerb.Invited]: { audience: 'recipients', nl: (a) => `${a} nodigde je uit`, en: (a) => `${a} invited you` },
  [CommunityVerb.SiteRequested]: {
    audience: 'recipients',
    nl: (a) => `${a} wacht op toelating tot de deelsite`,
    en: (a) => `${a} is waiting to be let into the deelsite`,
  },
  [CommunityVerb.SiteRequestApproved]: {
    audience: 'recipients',
    nl: (a) => `${a} liet je toe tot de deelsite`,
    en: (a) => `${a} let you into the deelsite`,
  },
});
