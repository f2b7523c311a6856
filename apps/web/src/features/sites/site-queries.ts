import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, type Schema, unwrap } from '../../api/client.js';

export type Site = Schema<'SiteDto'>;

/** Every query of one deelsite starts with this key, so a change refreshes them all. */
export const siteKey = (slug: string) => ['site', slug] as const;
export const SITES = ['sites'] as const;

export function useSite(slug: string) {
  return useQuery({ queryKey: siteKey(slug), queryFn: () => unwrap(api.GET('/api/v1/sites/{slug}', { params: { path: { slug } } })) });
}

/** A list over the server's keyset cursor ({items, nextCursor}). */
function useCursorList<Item>(key: readonly unknown[], fetchPage: (cursor: string | undefined) => Promise<{ items: Item[]; nextCursor: string | null }>) {
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { ...query, items: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

export function useSites() {
  return useCursorList(SITES, (cursor) => unwrap(api.GET('/api/v1/sites', { params: { query: { limit: 50, cursor } } })));
}

export function useSiteGroups(slug: string) {
  return useCursorList([...siteKey(slug), 'groups'], (cursor) =>
    unwrap(api.GET('/api/v1/groups', { params: { query: { site: slug, limit: 50, cursor } } })),
  );
}

export function useSiteNews(slug: string) {
  return useCursorList([...siteKey(slug), 'news'], (cursor) =>
    unwrap(api.GET('/api/v1/sites/{slug}/blogs', { params: { path: { slug }, query: { limit: 10, cursor } } })),
  );
}

export function useSiteMembers(slug: string) {
  return useCursorList([...siteKey(slug), 'members'], (cursor) =>
    unwrap(api.GET('/api/v1/sites/{slug}/members', { params: { path: { slug }, query: { limit: 50, cursor } } })),
  );
}

/** Who waits for a site admin to let them in (site admins only). */
export function useSiteRequests(slug: string) {
  return useCursorList([...siteKey(slug), 'requests'], (cursor) =>
    unwrap(api.GET('/api/v1/sites/{slug}/requests', { params: { path: { slug }, query: { limit: 50, cursor } } })),
  );
}
