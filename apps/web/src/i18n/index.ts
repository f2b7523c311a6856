import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'kennisplein.language';

/**
 * The catalogues: one file per area and language (i18n/nl/search.json holds the keys
 * `search.*`), so features add their strings without touching each other's.
 */
function catalogue(files: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(files).map(([path, content]) => [path.replace(/^.*\/(.+)\.json$/, '$1'), (content as { default: unknown }).default]),
  );
}
const nl = catalogue(import.meta.glob('./nl/*.json', { eager: true }));
const en = catalogue(import.meta.glob('./en/*.json', { eager: true }));

/** Dutch first; a reader's own choice is kept in this browser. */
function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'nl';
}

void i18next.use(initReactI18next).init({
  resources: { nl: { translation: nl }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: 'nl',
  interpolation: { escapeValue: false },
});

/** The page's language follows the chosen one (screen readers read by it). */
i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language;
  localStorage.setItem(STORAGE_KEY, language);
});
document.documentElement.lang = i18next.language;

export default i18next;
