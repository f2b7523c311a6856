import { useInfiniteQuery } from '@tanstack/react-query';
import { api, type Schema, unwrap } from '../../api/client.js';

export type Blog = Schema<'BlogDto'>;

/** Where posts live: a group's blogs, or a deelsite's news (the same posts, the same list). */
export type BlogPlace = { group: string } | { site: string };

export const blogKey = (id: string) => ['blog', id] as const;
export const blogListKey = (place: BlogPlace) => ['blogs', 'group' in place ? `group:${place.group}` : `site:${place.site}`] as const;

export const fetchBlog = (id: string) => unwrap(api.GET('/api/v1/blogs/{id}', { params: { path: { id } } }));

function fetchBlogPage(place: BlogPlace, cursor: string | undefined) {
  const query = { limit: 20, cursor };
  return 'group' in place
    ? unwrap(api.GET('/api/v1/groups/{id}/blogs', { params: { path: { id: place.group }, query } }))
    : unwrap(api.GET('/api/v1/sites/{slug}/blogs', { params: { path: { slug: place.site }, query } }));
}

/** Published posts and the reader's own drafts, newest first, page by page. */
export function useBlogList(place: BlogPlace, readerId: string | null) {
  const query = useInfiniteQuery({
    queryKey: [...blogListKey(place), readerId ?? 'anonymous'],
    queryFn: ({ pageParam }) => fetchBlogPage(place, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { ...query, items: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

/** Where a post's list is: its group's blogs, or its deelsite's home (its news). */
export function placeLink(blog: Pick<Blog, 'groupId' | 'site'>): string {
  return blog.groupId ? `/groups/${blog.groupId}/blogs` : `/s/${blog.site ?? ''}`;
}
