import { useCallback, useEffect, useState } from 'react';
import type { TaskCounts, WorkflowApi } from '../../api/workflow.ts';

export const COUNTS_POLL_MS = 60_000;

/**
 * The inbox counts, read now, every minute and whenever the window regains focus (someone coming back
 * to the tab expects the badge to be current). A failed read keeps the last counts: a badge is a hint.
 */
export function useTaskCounts(api: WorkflowApi | null): { counts: TaskCounts | null; refresh: () => void } {
  const [counts, setCounts] = useState<TaskCounts | null>(null);
  const refresh = useCallback(() => {
    api?.counts().then(setCounts, () => undefined);
  }, [api]);

  useEffect(() => {
    if (!api) return;
    refresh();
    const timer = setInterval(refresh, COUNTS_POLL_MS);
    const onVisible = () => document.visibilityState === 'visible' && refresh();
    window.addEventListener('focus', refresh);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', refresh);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [api, refresh]);

  return { counts, refresh };
}
