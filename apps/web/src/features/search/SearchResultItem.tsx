import { useTranslation } from 'react-i18next';
import { AppLink } from '../../components/AppLink.js';
import { Heading } from '../../components/nl-design-system.js';
import type { SearchResult } from './search-query.js';

/**
 * The server's highlight is its passage HTML-escaped (& < > " ' as character references,
 * core's toHighlightHtml) with only the matches in <mark>…</mark>. It becomes HTML only
 * when it is exactly that shape; anything else is left out rather than trusted.
 */
const HIGHLIGHT_SHAPE = /^(?:[^<>]|<mark>|<\/mark>)*$/;
export const safeHighlight = (html: string | null | undefined): string | null => (html && HIGHLIGHT_SHAPE.test(html) ? html : null);

/** One contribution found: its title linking to its page, who and where, the passage that matched (or the abstract). */
export function SearchResultItem({ result }: { result: SearchResult }) {
  const { t } = useTranslation();
  const passage = safeHighlight(result.highlight);
  const where = [`${result.congressName} (${result.year})`, result.theme].filter(Boolean).join(' · ');
  return (
    <li className="search-result">
      <article aria-labelledby={`result-${result.id}`}>
        <Heading level={3} id={`result-${result.id}`} appearance="level-4">
          <AppLink to={`/contributions/${result.id}`}>{result.title}</AppLink>
        </Heading>
        <p className="search-result-meta">
          {result.authors.length > 0 && <span>{result.authors.map((author) => author.name).join(', ')}</span>}
          <span>{where}</span>
        </p>
        {passage ? (
          <p className="search-passage" dangerouslySetInnerHTML={{ __html: passage }} />
        ) : (
          result.abstract && <p className="search-passage search-abstract">{result.abstract}</p>
        )}
        {result.keywords.length > 0 && (
          <p className="search-result-meta">
            {t('search.keywords')}: {result.keywords.join(', ')}
          </p>
        )}
      </article>
    </li>
  );
}
