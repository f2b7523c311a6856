import { defineActivityVerbs } from '@kennisplein/core';

/** What happens to blogs and files (the activity log). */
export const ContentVerb = {
  BlogPublished: 'blog.published',
  FileUploaded: 'file.uploaded',
} as const;
export type ContentVerb = (typeof ContentVerb)[keyof typeof ContentVerb];

defineActivityVerbs<ContentVerb>({
  [ContentVerb.BlogPublished]: {
    audience: 'group',
    madeInGroup: true,
    nl: (a) => `${a} publiceerde een blog`,
    en: (a) => `${a} published a blog post`,
  },
  [ContentVerb.FileUploaded]: { audience: 'group', madeInGroup: true, nl: (a) => `${a} deelde een bestand`, en: (a) => `${a} shared a file` },
});
