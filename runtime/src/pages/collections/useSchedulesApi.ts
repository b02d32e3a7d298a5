import { useMemo } from 'react';
import { useApi } from '../../api/ApiContext.tsx';
import { schedulesApiFor, type SchedulesApi } from '../../api/schedules.ts';

/** The schedules calls, or null with an API client that has no `request` (a test's fake without it). */
export function useSchedulesApi(): SchedulesApi | null {
  const api = useApi();
  return useMemo(() => schedulesApiFor(api), [api]);
}
