import { type InfiniteData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schema, unwrap } from '../../api/client.js';

export type Notification = Schema<'NotificationDto'>;
type NotificationPage = Schema<'NotificationPageDto'>;
type UnreadCount = Schema<'UnreadCountDto'>;

/** Every notification query starts with this key: a new notification refreshes them all. */
export const NOTIFICATIONS = ['notifications'] as const;
const UNREAD_COUNT = [...NOTIFICATIONS, 'unread-count'] as const;
const RECENT = [...NOTIFICATIONS, 'recent'] as const;
const ALL = [...NOTIFICATIONS, 'all'] as const;
/** How many the bell's panel shows; the page /notifications has them all. */
const RECENT_LIMIT = 8;
const PAGE_LIMIT = 20;

/** What the activity's snapshot carries: its title, the client path it happened at, and an excerpt. */
export function snapshotOf(notification: Notification): { title: string; link: string; excerpt?: string } {
  const { title, link, excerpt } = notification.activity.snapshot;
  return {
    title: typeof title === 'string' ? title : '',
    // Only a path of this site (the snapshot's link is one: /threads/:id#seq, /groups/:id …).
    link: typeof link === 'string' && link.startsWith('/') && !link.startsWith('//') ? link : '/notifications',
    excerpt: typeof excerpt === 'string' && excerpt ? excerpt : undefined,
  };
}

/** My unread notifications: the number on the bell (GET /me/notifications/unread-count). */
export function useUnreadCount() {
  return useQuery<UnreadCount>({
    queryKey: UNREAD_COUNT,
    queryFn: () => unwrap(api.GET('/api/v1/me/notifications/unread-count')),
  });
}

/** The newest few, for the bell's panel. */
export function useRecentNotifications(enabled: boolean) {
  return useQuery({
    queryKey: RECENT,
    enabled,
    queryFn: () => unwrap(api.GET('/api/v1/me/notifications', { params: { query: { limit: RECENT_LIMIT } } })),
  });
}

/** All of them, newest first, a page at a time (the keyset cursor). */
export function useAllNotifications() {
  return useInfiniteQuery({
    queryKey: ALL,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/me/notifications', { params: { query: { limit: PAGE_LIMIT, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Marks these read in every list and the count at once (the server follows), so the bell drops at the click. */
function markInCaches(queryClient: ReturnType<typeof useQueryClient>, read: (notification: Notification) => boolean, count: (before: number) => number): void {
  queryClient.setQueryData<UnreadCount>(UNREAD_COUNT, (before) => before && { count: Math.max(0, count(before.count)) });
  const now = new Date().toISOString();
  const mark = (page: NotificationPage): NotificationPage => ({
    ...page,
    items: page.items.map((item) => (item.readAt === null && read(item) ? { ...item, readAt: now } : item)),
  });
  queryClient.setQueryData<NotificationPage>(RECENT, (page) => page && mark(page));
  queryClient.setQueryData<InfiniteData<NotificationPage>>(ALL, (data) => data && { ...data, pages: data.pages.map(mark) });
}

/** POST /me/notifications/read: when an item is opened (only unread ones are given). */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => unwrap(api.POST('/api/v1/me/notifications/read', { body: { ids } })),
    onMutate: (ids) => markInCaches(queryClient, (item) => ids.includes(item.id), (before) => before - ids.length),
    onSettled: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS }),
  });
}

/** POST /me/notifications/read-all: every unread one (one that arrives meanwhile stays unread). */
export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/me/notifications/read-all')),
    onMutate: () => markInCaches(queryClient, () => true, () => 0),
    onSettled: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS }),
  });
}
