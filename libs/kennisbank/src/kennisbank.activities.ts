import { defineActivityVerbs } from '@kennisplein/core';

/** What happens around contributions (the activity log). */
export const KennisbankVerb = {
  FeedbackGiven: 'feedback.given',
  ContributionAdded: 'contribution.added',
} as const;
export type KennisbankVerb = (typeof KennisbankVerb)[keyof typeof KennisbankVerb];

defineActivityVerbs<KennisbankVerb>({
  [KennisbankVerb.FeedbackGiven]: { audience: 'group', madeInGroup: true, nl: (a) => `${a} gaf feedback`, en: (a) => `${a} gave feedback` },
  [KennisbankVerb.ContributionAdded]: { audience: 'group', madeInGroup: true, nl: () => 'Nieuwe bijdrage', en: () => 'New contribution' },
});
