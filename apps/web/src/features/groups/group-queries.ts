import { useInfiniteQuery } from '@tanstack/react-query';
import { api, type Schema, unwrap } from '../../api/client.js';

export type Group = Schema<'GroupDto'>;

/** Every query of one group starts with this key, so a change of membership refreshes them all at once. */
export const groupKey = (id: string) => ['group', id] as const;

export const fetchGroup = (id: string) => unwrap(api.GET('/api/v1/groups/{id}', { params: { path: { id } } }));

/** The lists of a group page run over the server's keyset cursor ({items, nextCursor}). */
function useCursorList<Item>(
  key: readonly unknown[],
  fetchPage: (cursor: string | undefined) => Promise<{ items: Item[]; nextCursor: string | null }>,
  enabled = true,
) {
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
  return { ...query, items: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

/** The groups under this one: a theme group's workspaces. */
export function useChildGroups(id: string) {
  return useCursorList([...groupKey(id), 'children'], (cursor) =>
    unwrap(api.GET('/api/v1/groups', { params: { query: { parent: id, limit: 50, cursor } } })),
  );
}

export function useThreads(id: string, enabled: boolean) {
  return useCursorList(
    [...groupKey(id), 'threads'],
    (cursor) => unwrap(api.GET('/api/v1/groups/{id}/threads', { params: { path: { id }, query: { limit: 20, cursor } } })),
    enabled,
  );
}

export function useMembers(id: string, enabled: boolean) {
  return useCursorList(
    [...groupKey(id), 'members'],
    (cursor) => unwrap(api.GET('/api/v1/groups/{id}/members', { params: { path: { id }, query: { limit: 50, cursor } } })),
    enabled,
  );
}

export function useJoinRequests(id: string, enabled: boolean) {
  return useCursorList(
    [...groupKey(id), 'requests'],
    (cursor) => unwrap(api.GET('/api/v1/groups/{id}/requests', { params: { path: { id }, query: { limit: 50, cursor } } })),
    enabled,
  );
}
