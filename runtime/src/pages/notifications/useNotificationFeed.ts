import { useCallback, useEffect, useRef, useState } from 'react';
import type { Notification, NotificationsApi } from '../../api/notifications.ts';
import { announceNotificationsChanged, onNotificationsChanged } from './changes.ts';

/** Every 30 s, and whenever the window regains focus: an urgent reminder should not wait long. */
export const NOTIFICATIONS_POLL_MS = 30_000;
/** How many the bell's panel shows; the rest are on /notifications. */
export const BELL_LATEST = 8;

export interface NotificationFeed {
  latest: Notification[];
  unread: number;
  /** Urgent reminders still to acknowledge, oldest first (the dialog shows the first). */
  urgent: Notification[];
  refresh(): void;
  markRead(id: string): Promise<void>;
  markAllRead(): Promise<void>;
  acknowledge(id: string): Promise<void>;
}

/**
 * The header's view of the caller's notifications: the latest few, the unread count and the urgent
 * reminders waiting for "Got it". A failed poll keeps what was shown: the bell is a hint, and the next
 * poll tries again.
 */
export function useNotificationFeed(api: NotificationsApi | null): NotificationFeed {
  const [latest, setLatest] = useState<Notification[]>([]);
  const [unread, setUnread] = useState(0);
  const [urgent, setUrgent] = useState<Notification[]>([]);
  const round = useRef(0);

  const refresh = useCallback(() => {
    if (!api) return;
    const mine = ++round.current;
    api
      .list({ limit: BELL_LATEST })
      .then(async (page) => {
        const pending = page.urgentPending > 0 ? (await api.list({ urgentPending: true, limit: 20 })).items.reverse() : [];
        if (mine !== round.current) return; // a newer poll answered first
        setLatest(page.items);
        setUnread(page.unread);
        setUrgent(pending);
      })
      .catch(() => undefined);
  }, [api]);

  useEffect(() => {
    if (!api) return;
    refresh();
    const timer = setInterval(refresh, NOTIFICATIONS_POLL_MS);
    const onVisible = () => document.visibilityState === 'visible' && refresh();
    window.addEventListener('focus', refresh);
    document.addEventListener('visibilitychange', onVisible);
    const stopListening = onNotificationsChanged(refresh);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', refresh);
      document.removeEventListener('visibilitychange', onVisible);
      stopListening();
    };
  }, [api, refresh]);

  const markRead = useCallback(
    async (id: string) => {
      if (!api) return;
      setLatest((items) => items.map((n) => (n.id === id && !n.readAt ? { ...n, readAt: new Date().toISOString() } : n)));
      await api.read(id);
      announceNotificationsChanged();
    },
    [api],
  );

  const markAllRead = useCallback(async () => {
    if (!api) return;
    await api.readAll();
    announceNotificationsChanged();
  }, [api]);

  const acknowledge = useCallback(
    async (id: string) => {
      if (!api) return;
      await api.acknowledge(id);
      setUrgent((items) => items.filter((n) => n.id !== id));
      announceNotificationsChanged();
    },
    [api],
  );

  return { latest, unread, urgent, refresh, markRead, markAllRead, acknowledge };
}
