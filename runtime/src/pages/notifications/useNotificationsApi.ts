import { useMemo } from 'react';
import { useApi } from '../../api/ApiContext.tsx';
import { notificationsApiOf, type NotificationsApi } from '../../api/notifications.ts';

/** The notifications calls, or null when the app's client cannot make them (a test's fake without `request`). */
export function useNotificationsApi(): NotificationsApi | null {
  const api = useApi();
  return useMemo(() => notificationsApiOf(api), [api]);
}
