import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'kennisplein.language';

/**
 * The catalogues: one file per area and language (i18n/nl/search.json holds the keys
 * `search.*`), so features add their strings without touching each other's. Each is its own
 * chunk: a page load fetches only the reader's language, and the areas of pages few readers
 * open (LAZY_AREAS) come with those pages (see `loadAreas` and routes.tsx), which keeps a
 * contribution page within its JS budget.
 */
type CatalogueFile = { default: Record<string, unknown> };
const files = import.meta.glob<CatalogueFile>('./*/*.json');
const LAZY_AREAS = new Set(['accessibility', 'admin', 'blogs', 'files', 'groupAdmin', 'newGroup', 'profile', 'sites']);
const areaOf = (path: string) => path.replace(/^.*\/(.+)\.json$/, '$1');
const languageOf = (path: string) => path.split('/')[1];
/** The lazy areas some page asked for: a change of language loads them too. */
const requestedAreas = new Set<string>();

async function catalogue(language: string, wanted: (area: string) => boolean): Promise<Record<string, unknown>> {
  const paths = Object.keys(files).filter((path) => languageOf(path) === language && wanted(areaOf(path)));
  const contents = await Promise.all(paths.map((path) => files[path]()));
  return Object.fromEntries(paths.map((path, index) => [areaOf(path), contents[index].default]));
}

/** An i18next backend over the chunks: the eager areas and the requested lazy ones of a language. */
const catalogueBackend = {
  type: 'backend' as const,
  init() {},
  read(language: string, _namespace: string, callback: (error: unknown, data: Record<string, unknown> | null) => void) {
    catalogue(language, (area) => !LAZY_AREAS.has(area) || requestedAreas.has(area)).then(
      (data) => callback(null, data),
      (error: unknown) => callback(error, null),
    );
  },
};

/** Loads lazy areas for the current language before their page renders. */
export async function loadAreas(areas: string[]): Promise<void> {
  const missing = areas.filter((area) => !requestedAreas.has(area));
  if (missing.length === 0) return;
  missing.forEach((area) => requestedAreas.add(area));
  const language = i18next.language;
  i18next.addResourceBundle(language, 'translation', await catalogue(language, (area) => missing.includes(area)), true, true);
}

/** Dutch first; a reader's own choice is kept in this browser. */
function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'nl';
}

/** Resolves once the reader's language is loaded: the app renders after it. */
export const i18nReady = i18next
  .use(catalogueBackend)
  .use(initReactI18next)
  .init({
    lng: initialLanguage(),
    // The catalogues are complete in both languages (test/web/catalogues checks it): no fallback to fetch.
    fallbackLng: false,
    interpolation: { escapeValue: false },
  });

/** The page's language follows the chosen one (screen readers read by it). */
i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language;
  localStorage.setItem(STORAGE_KEY, language);
});
void i18nReady.then(() => {
  document.documentElement.lang = i18next.language;
});

export default i18next;
