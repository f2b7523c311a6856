import { ERROR_LOCALES, type ErrorLocale } from './domain-error.js';

export const DEFAULT_LOCALE: ErrorLocale = 'nl';

/**
 * The language of an answer: the first of nl/en the Accept-Language header asks for (by
 * its q-values), else the caller's own locale, else Dutch.
 */
export function pickLocale(acceptLanguage: string | undefined, userLocale?: string | null): ErrorLocale {
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(',')
      .map((part, index) => {
        const [tag = '', ...params] = part.trim().split(';');
        const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
        return { language: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
      })
      .filter((entry) => entry.q > 0)
      .sort((a, b) => b.q - a.q || a.index - b.index);
    const match = ranked.find((entry) => (ERROR_LOCALES as readonly string[]).includes(entry.language));
    if (match) return match.language as ErrorLocale;
  }
  return (ERROR_LOCALES as readonly (string | null | undefined)[]).includes(userLocale) ? (userLocale as ErrorLocale) : DEFAULT_LOCALE;
}
