import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api, type Schema, unwrap } from '../../api/client.js';
import type { SearchState } from './search-params.js';

export type SearchResult = Schema<'ContributionSummaryDto'>;
export type SearchFacets = Schema<'SearchFacetsDto'>;

const PAGE_SIZE = 20;

/**
 * GET /contributions for the URL's search, page by page over the keyset cursor. The first
 * page asks for the facets and the total (they hold for every page). While a changed search
 * loads, the previous answer stays on screen, so the checkbox just clicked (and the focus
 * on it) stays where it was.
 */
export function useSearch(state: SearchState) {
  const query = useInfiniteQuery({
    queryKey: ['contributions', 'search', state],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/contributions', {
          params: {
            query: {
              q: state.q || undefined,
              congress: state.congress,
              theme: state.theme,
              keyword: state.keyword,
              author: state.author,
              facets: pageParam === undefined ? true : undefined,
              cursor: pageParam,
              limit: PAGE_SIZE,
            },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const first = query.data?.pages[0];
  return {
    ...query,
    results: query.data?.pages.flatMap((page) => page.items) ?? [],
    facets: first?.facets,
    total: first?.total,
  };
}
