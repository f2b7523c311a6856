import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadMoreButton, useLoadMore } from '../../components/LoadMore.js';
import { Heading, Paragraph } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';

export interface CursorList<Item> {
  items: Item[];
  isPending: boolean;
  isSuccess: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
  error: unknown;
}

/**
 * A section of the group page over one of its cursor lists: its heading, what comes before
 * the list, the list (each item an <li>), a line when it is empty, "load more" (the focus
 * moves to the first new item) and the list's error.
 */
export function ListSection<Item>({
  id,
  heading,
  list,
  empty,
  before,
  after,
  children,
}: {
  id: string;
  heading: string;
  list: CursorList<Item>;
  empty?: string;
  before?: ReactNode;
  after?: ReactNode;
  children: (item: Item) => ReactNode;
}) {
  const { t } = useTranslation();
  const { listRef, loadMore } = useLoadMore<HTMLUListElement>(list.items.length, list.fetchNextPage);
  return (
    <section aria-labelledby={id} className="group-section">
      {/* Focusable from script: where the focus goes when the item it was on goes away. */}
      <Heading level={2} id={id} tabIndex={-1}>
        {heading}
      </Heading>
      {before}
      {list.isPending && <Paragraph>{t('app.loading')}</Paragraph>}
      {empty && list.isSuccess && list.items.length === 0 && <Paragraph>{empty}</Paragraph>}
      <ul className="group-list" ref={listRef}>
        {list.items.map(children)}
      </ul>
      {list.hasNextPage && (
        <LoadMoreButton loading={list.isFetchingNextPage} onClick={loadMore}>
          {t('groups.loadMore')}
        </LoadMoreButton>
      )}
      <QueryErrorAlert error={list.error} />
      {after}
    </section>
  );
}
