import { ActivityVerb } from '@kennisplein/core';

/**
 * Who hears of an activity beyond the people it names (its recipients), for the bell and
 * the digest alike: what is addressed to someone, or the managers' to decide, reaches no
 * other member by either way.
 */

/** Verbs that concern whoever manages the group, not all its members. */
export const FOR_MANAGERS: readonly ActivityVerb[] = [ActivityVerb.MembershipRequested, ActivityVerb.MemberJoined];

/** Verbs told only to the people the activity names (its recipients), not where it happened. */
export const ADDRESSED_ONLY: readonly ActivityVerb[] = [ActivityVerb.Invited, ActivityVerb.SiteRequested, ActivityVerb.SiteRequestApproved];

/** In the weekly digest a join is news for the whole group (a line, not a ping); a request stays the managers'. */
export const DIGEST_FOR_MANAGERS: readonly ActivityVerb[] = [ActivityVerb.MembershipRequested];
