import { useCallback, useId, useRef, useState } from 'react';
import { useDismiss } from './useDismiss.ts';
import { useTranslation } from 'react-i18next';
import type { Notification } from '../api/notifications.ts';
import { Link, useNavigate } from '../router/Router.tsx';
import { timeAgo } from '../pages/notifications/format.ts';
import { BellIcon, UrgentDialog } from '../pages/notifications/UrgentDialog.tsx';
import { useNotificationFeed } from '../pages/notifications/useNotificationFeed.ts';
import { useNotificationsApi } from '../pages/notifications/useNotificationsApi.ts';
import '../pages/notifications/notifications.css';

/**
 * The header's bell: the unread count, a small panel of the latest notifications, and the urgent
 * reminder dialog (DING), which lives here so it appears on any page the header is on.
 */
export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const api = useNotificationsApi();
  const feed = useNotificationFeed(api);
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  const hide = useCallback(() => setOpen(false), []);
  useDismiss(open, hide, rootRef, buttonRef);

  if (!api) return null;

  const toggle = () => {
    if (!open) feed.refresh();
    setOpen(!open);
  };
  const openItem = (n: Notification) => {
    setOpen(false);
    if (!n.readAt) void feed.markRead(n.id).catch(() => undefined);
    navigate(n.link ?? '/notifications');
  };
  const now = Date.now();
  const count = feed.unread;
  const [first, ...behind] = feed.urgent;

  return (
    <div className="fl-bell" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="fl-bell__button"
        aria-label={count > 0 ? t('notifications.bellWithCount', { count }) : t('notifications.bell')}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={toggle}
        data-testid="notification-bell"
      >
        <BellIcon size={22} />
        {count > 0 && (
          <span className="fl-bell__count" aria-hidden="true" data-testid="notification-count">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      {open && (
        <section id={panelId} className="fl-bell__panel" aria-label={t('notifications.panelTitle')}>
          <header className="fl-bell__head">
            <h2>{t('notifications.panelTitle')}</h2>
            <button
              type="button"
              className="fl-btn fl-btn--ghost fl-bell__mark"
              disabled={count === 0}
              onClick={() => void feed.markAllRead().catch(() => undefined)}
            >
              {t('notifications.markAllRead')}
            </button>
          </header>
          {feed.latest.length === 0 ? (
            <p className="fl-bell__empty">{t('notifications.empty')}</p>
          ) : (
            <ul className="fl-bell__list">
              {feed.latest.map((n) => (
                <li key={n.id}>
                  <button type="button" className={`fl-notif-item${n.readAt ? '' : ' fl-notif-item--unread'}`} onClick={() => openItem(n)}>
                    <span className="fl-notif-item__title">
                      {!n.readAt && <span className="fl-visually-hidden">{t('notifications.unreadLabel')} </span>}
                      {n.urgent && <span className="fl-notif-urgent">{t('notifications.urgentBadge')}</span>}
                      {n.title}
                    </span>
                    <span className="fl-notif-item__body">{n.body}</span>
                    <time className="fl-notif-item__time" dateTime={n.createdAt}>
                      {timeAgo(n.createdAt, i18n.language, now)}
                    </time>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <Link to="/notifications" className="fl-bell__all" onClick={() => setOpen(false)}>
            {t('notifications.seeAll')}
          </Link>
        </section>
      )}
      {first && (
        <UrgentDialog notification={first} waiting={behind.length} onAcknowledge={feed.acknowledge} onOpen={(link) => navigate(link)} />
      )}
    </div>
  );
}
