import { type ActivityAudience, activityVerbs } from '@kennisplein/core';
import { CommunityVerb } from '@kennisplein/community';

/**
 * Who hears of an activity beyond the people it names (its recipients), for the bell and
 * the digest alike, as each verb's lib declared it: what is addressed to someone, or the
 * managers' to decide, reaches no other member by either way. Read from the catalogue when
 * asked, so every lib loaded by then has declared its verbs.
 */
const verbsFor = (audience: ActivityAudience): string[] =>
  activityVerbs()
    .filter((verb) => verb.audience === audience)
    .map(({ verb }) => verb);

/** Verbs that concern whoever manages the group, not all its members. */
export const forManagers = (): string[] => verbsFor('managers');

/** Verbs told only to the people the activity names (its recipients), not where it happened. */
export const addressedOnly = (): string[] => verbsFor('recipients');

/** In the weekly digest a join is news for the whole group (a line, not a ping); a request stays the managers'. */
export const digestForManagers = (): string[] => forManagers().filter((verb) => verb !== CommunityVerb.MemberJoined);
