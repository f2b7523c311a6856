import { defineActivityVerbs } from '@kennisplein/core';

/** What happens in discussions (the activity log). */
export const DiscussionsVerb = {
  MessagePosted: 'message.posted',
} as const;
export type DiscussionsVerb = (typeof DiscussionsVerb)[keyof typeof DiscussionsVerb];

defineActivityVerbs<DiscussionsVerb>({
  [DiscussionsVerb.MessagePosted]: {
    audience: 'group',
    madeInGroup: true,
    nl: (a) => `${a} schreef een bericht`,
    en: (a) => `${a} posted a message`,
  },
});
