import { defineErrors } from '../errors/domain-error.js';

/** Search terms and highlights of the Dutch full-text search every lib uses (configuration kennisplein_dutch). */

const MAX_QUERY_WORDS = 12;
// Private-use characters mark the matches: the text around them is escaped before they become <mark>.
export const HEADLINE_MARK_START = '\uE000';
export const HEADLINE_MARK_END = '\uE001';

/**
 * A search as PostgreSQL's to_tsquery reads it: every word of the user's text must occur,
 * each as the beginning of a word (netwerken → netwerk:* finds netwerksamenleving), after
 * the same unaccenting and Dutch stemming as the documents. Only letters and digits pass,
 * so the user's text can never be tsquery syntax.
 */
export function toPrefixQuery(text: string, weights = ''): string | null {
  const words = text.normalize('NFC').match(/[\p{L}\p{N}]+/gu)?.slice(0, MAX_QUERY_WORDS) ?? [];
  return words.length > 0 ? words.map((word) => `${word}:*${weights}`).join(' & ') : null;
}

export const SearchErrors = defineErrors('search', {
  no_words: { status: 400, nl: 'q bevat geen woord om te zoeken', en: 'q has no word to search for' },
});

/** toPrefixQuery of a search the user asked for: a text without a word to search for is refused (400 search.no_words). */
export function requirePrefixQuery(text: string): string {
  const query = toPrefixQuery(text);
  if (!query) throw SearchErrors.no_words();
  return query;
}

/** ts_headline's passage, HTML-escaped, with the matches in <mark>. */
export function toHighlightHtml(headline: string): string {
  return headline
    .replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
    .replaceAll(HEADLINE_MARK_START, '<mark>')
    .replaceAll(HEADLINE_MARK_END, '</mark>');
}

