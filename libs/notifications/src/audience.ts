import { ActivityVerb } from '@kennisplein/core';

/**
 * Who hears of an activity beyond the people it names (its recipients): the one rule for
 * the bell and for the digest, so a digest never tells a member what the bell keeps from them.
 */

/** Verbs that concern whoever manages the group, not all its members. */
export const FOR_MANAGERS: readonly ActivityVerb[] = [ActivityVerb.MembershipRequested, ActivityVerb.MemberJoined];

/** Verbs told only to the people the activity names (its recipients), not where it happened. */
export const ADDRESSED_ONLY: readonly ActivityVerb[] = [ActivityVerb.Invited, ActivityVerb.SiteRequested, ActivityVerb.SiteRequestApproved];
