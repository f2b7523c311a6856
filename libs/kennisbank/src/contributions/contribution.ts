export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
/** Where a contribution came from: an imported file of this kind, or the API. */
export type SourceType = 'text' | 'markdown' | 'pdf' | 'api';

/** An author as a document or an admin names them; an email links them to its verified account. */
export interface AuthorInput {
  name: string;
  affiliation: string | null;
  email?: string;
}

/** A contribution as an import or an admin states it. */
export interface ContributionInput {
  congressId: string;
  congressSlug: string;
  theme: string | null;
  title: string;
  abstract: string;
  body: string;
  keywords: string[];
  language: Language;
  authors: AuthorInput[];
  /** The file it came from: the same name in the same congress is the same contribution. */
  sourceName: string | null;
  sourceType: SourceType;
  contentHash: string;
  createdBy: string | null;
}

export type StoreStatus = 'created' | 'updated' | 'unchanged';
