/**
 * The search's state is its URL (/search?q=…&congress=…&theme=…): back and forward restore
 * it, and a link shares it. A facet may hold several values (congress=a&congress=b: any of them).
 */
export const FACETS = ['congress', 'theme', 'keyword', 'author'] as const;
export type Facet = (typeof FACETS)[number];

export interface SearchState {
  q: string;
  congress: string[];
  theme: string[];
  keyword: string[];
  author: string[];
}

export function searchStateOf(params: URLSearchParams): SearchState {
  const values = (facet: Facet) => [...new Set(params.getAll(facet).filter((value) => value.trim() !== ''))];
  return { q: params.get('q') ?? '', congress: values('congress'), theme: values('theme'), keyword: values('keyword'), author: values('author') };
}

export function searchParamsOf(state: Partial<SearchState>): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const facet of FACETS) for (const value of state[facet] ?? []) params.append(facet, value);
  return params;
}

/** The search page's path for this state, e.g. a congress's link on the home page. */
export function searchPath(state: Partial<SearchState>): string {
  const query = searchParamsOf(state).toString();
  return query ? `/search?${query}` : '/search';
}

export const hasFilters = (state: SearchState) => FACETS.some((facet) => state[facet].length > 0);
