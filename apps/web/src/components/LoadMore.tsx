import { type RefObject, useCallback, useEffect, useRef } from 'react';
import { Button } from './nl-design-system.js';

/**
 * "Load more" over a keyset cursor without losing the focus: once the next page is there,
 * the focus moves to the first new item of the list (its first link or button, else the
 * item itself); while the page loads, and when it fails, the focus stays on the button
 * (which is only aria-disabled meanwhile, so it keeps the focus).
 */
export function useLoadMore<List extends HTMLElement>(count: number, fetchNextPage: () => Promise<unknown>) {
  const listRef = useRef<List>(null);
  const firstNew = useRef<number | null>(null);

  useEffect(() => {
    const index = firstNew.current;
    if (index === null || count <= index) return;
    firstNew.current = null;
    const item = listRef.current?.children[index];
    if (!(item instanceof HTMLElement)) return;
    const target = item.querySelector<HTMLElement>('a[href], button, input, [tabindex]');
    if (target) return target.focus();
    item.tabIndex = -1;
    item.focus();
  }, [count]);

  const loadMore = useCallback(() => {
    firstNew.current = count;
    void fetchNextPage();
  }, [count, fetchNextPage]);

  return { listRef: listRef as RefObject<List>, loadMore };
}

export function LoadMoreButton({ loading, onClick, children }: { loading: boolean; onClick: () => void; children: string }) {
  return (
    <Button purpose="secondary" busy={loading} disabled={loading} onClick={() => !loading && onClick()} className="load-more">
      {children}
    </Button>
  );
}
