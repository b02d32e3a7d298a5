import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../../api/workflow.ts';

export const PAGE_SIZE = 20;

type State<T> =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'ok'; items: T[]; nextCursor: string | null; more: 'idle' | 'loading' | 'error' };

/**
 * A list read a page at a time ("Load more"). `load` runs again from the first page when `key`
 * changes; a late answer for an older key is dropped.
 */
export function usePagedList<T>(load: (cursor: string | null) => Promise<Page<T>>, key: string) {
  const [state, setState] = useState<State<T>>({ status: 'loading' });
  const [round, setRound] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  useEffect(() => {
    const mine = ++generation.current;
    setState({ status: 'loading' });
    loadRef.current(null).then(
      (page) => mine === generation.current && setState({ status: 'ok', items: page.items, nextCursor: page.nextCursor, more: 'idle' }),
      (error: unknown) => mine === generation.current && setState({ status: 'error', error }),
    );
  }, [key, round]);

  const stateRef = useRef(state);
  stateRef.current = state;
  const loadMore = useCallback(() => {
    const s = stateRef.current;
    if (s.status !== 'ok' || !s.nextCursor || s.more === 'loading') return;
    const mine = generation.current;
    setState({ ...s, more: 'loading' });
    loadRef.current(s.nextCursor).then(
      (page) =>
        mine === generation.current &&
        setState((cur) =>
          cur.status === 'ok' ? { status: 'ok', items: [...cur.items, ...page.items], nextCursor: page.nextCursor, more: 'idle' } : cur,
        ),
      () => mine === generation.current && setState((cur) => (cur.status === 'ok' ? { ...cur, more: 'error' } : cur)),
    );
  }, []);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { state, loadMore, reload };
}
