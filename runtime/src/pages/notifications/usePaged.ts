import { useCallback, useEffect, useRef, useState } from 'react';

/** Notifications and sent reminders per page. */
export const PAGE_SIZE = 20;

export interface Paged<T> {
  items: T[];
  status: 'loading' | 'ok' | 'error';
  error: unknown;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore(): void;
  reload(): void;
  /** Changes items in place (an optimistic "read"), without a round trip. */
  update(change: (items: T[]) => T[]): void;
}

/**
 * A list read a page at a time with "Load more": `load(cursor)` answers `{items, nextCursor}`. A new
 * `key` (another tab) starts over; answers to an older key are dropped.
 */
export function usePaged<T>(key: string, load: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [status, setStatus] = useState<Paged<T>['status']>('loading');
  const [error, setError] = useState<unknown>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [round, setRound] = useState(0);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const mine = ++generation.current;
    setStatus('loading');
    loadRef.current(null).then(
      (page) => {
        if (mine !== generation.current) return;
        setItems(page.items);
        setCursor(page.nextCursor);
        setStatus('ok');
      },
      (err: unknown) => {
        if (mine !== generation.current) return;
        setError(err);
        setStatus('error');
      },
    );
  }, [key, round]);

  const loadMore = useCallback(() => {
    if (!cursor || loadingMore) return;
    const mine = generation.current;
    setLoadingMore(true);
    loadRef
      .current(cursor)
      .then(
        (page) => {
          if (mine !== generation.current) return;
          setItems((prev) => [...prev, ...page.items]);
          setCursor(page.nextCursor);
        },
        (err: unknown) => mine === generation.current && setError(err),
      )
      .finally(() => setLoadingMore(false));
  }, [cursor, loadingMore]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  const update = useCallback((change: (items: T[]) => T[]) => setItems(change), []);
  return { items, status, error, hasMore: cursor !== null, loadingMore, loadMore, reload, update };
}
