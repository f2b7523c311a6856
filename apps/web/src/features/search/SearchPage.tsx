import { useEffect, useOptimistic, useState, useTransition } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { LoadMoreButton, useLoadMore } from '../../components/LoadMore.js';
import { Button, Heading, Paragraph } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { FacetFilters } from './FacetFilters.js';
import { SearchResultItem } from './SearchResultItem.js';
import { SearchForm } from './SearchForm.js';
import { hasFilters, type SearchState, searchParamsOf, searchStateOf } from './search-params.js';
import { useSearch } from './search-query.js';
import './search.css';

/** How long the count waits for the results to settle before it is announced. */
const ANNOUNCE_DELAY_MS = 700;

/**
 * The kennisbank search (/search): Dutch full text with the matching passages highlighted,
 * facets with counts as checkbox groups, all of it in the URL (back and forward restore a
 * search), "load more" over the keyset cursor, the number of results announced politely.
 */
export function Component() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  // The router moves to the new URL in a transition; meanwhile the page shows the search as
  // asked (a checkbox stays checked the moment it is clicked), then the URL's once it is there.
  const [state, showState] = useOptimistic(searchStateOf(params));
  const [, startTransition] = useTransition();
  usePageTitle(state.q ? t('search.titleWithQuery', { q: state.q }) : t('search.title'));
  const search = useSearch(state);
  const { listRef, loadMore } = useLoadMore<HTMLOListElement>(search.results.length, search.fetchNextPage);

  const go = (next: SearchState) => {
    const target = searchParamsOf(next);
    if (target.toString() === searchParamsOf(state).toString()) return;
    startTransition(() => {
      showState(next);
      setParams(target);
    });
  };
  const clearFilters = () => {
    go({ ...state, congress: [], theme: [], keyword: [], author: [] });
    document.getElementById('search-filters')?.focus();
  };

  const settled = search.isSuccess && !search.isPlaceholderData;
  const total = search.total ?? search.results.length;
  const countText = settled ? t(state.q ? 'search.countFor' : 'search.count', { count: total, q: state.q }) : '';
  const announced = useDebounced(countText, ANNOUNCE_DELAY_MS);

  return (
    <>
      <Heading level={1}>{t('search.heading')}</Heading>
      <SearchForm query={state.q} onSearch={(q) => go({ ...state, q })} />
      <p role="status" className="search-count">
        {announced}
      </p>
      <div className="search-layout">
        <FacetFilters state={state} facets={search.facets} onChange={go} onClear={clearFilters} />
        <section aria-labelledby="search-results" className="search-results" aria-busy={search.isFetching && !search.isFetchingNextPage}>
          <Heading level={2} id="search-results">
            {t('search.results')}
          </Heading>
          {search.isPending && <Paragraph>{t('search.loading')}</Paragraph>}
          {search.isError && !search.isFetchNextPageError ? (
            <QueryErrorAlert error={search.error} />
          ) : (
            <>
              {search.isSuccess && search.results.length === 0 && (
                <div className="search-empty">
                  <Paragraph>{state.q ? t('search.emptyFor', { q: state.q }) : t('search.empty')}</Paragraph>
                  <Paragraph>{hasFilters(state) ? t('search.emptyHintFilters') : t('search.emptyHint')}</Paragraph>
                  {hasFilters(state) && (
                    <Button purpose="secondary" onClick={clearFilters}>
                      {t('search.clearFilters')}
                    </Button>
                  )}
                </div>
              )}
              <ol className="search-result-list" ref={listRef}>
                {search.results.map((result) => (
                  <SearchResultItem key={result.id} result={result} />
                ))}
              </ol>
              {search.hasNextPage && (
                <LoadMoreButton loading={search.isFetchingNextPage} onClick={loadMore}>
                  {t('search.loadMore')}
                </LoadMoreButton>
              )}
              {search.isFetchNextPageError && <QueryErrorAlert error={search.error} />}
            </>
          )}
        </section>
      </div>
    </>
  );
}

/** The value once it stopped changing for `delay` ms (a live region then speaks once, not at every step). */
function useDebounced(value: string, delay: number): string {
  const [settled, setSettled] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}
