import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Notification, NotificationsApi } from '../../api/notifications.ts';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useLocation, useNavigate } from '../../router/Router.tsx';
import { announceNotificationsChanged, onNotificationsChanged } from './changes.ts';
import { dateTime, timeAgo } from './format.ts';
import { SentReminders } from './SentReminders.tsx';
import { PAGE_SIZE, usePaged } from './usePaged.ts';
import { useNotificationsApi } from './useNotificationsApi.ts';
import './notifications.css';

export const NOTIFICATION_TABS = ['all', 'unread', 'sent'] as const;
export type NotificationTab = (typeof NOTIFICATION_TABS)[number];
const isTab = (v: string | null): v is NotificationTab => NOTIFICATION_TABS.includes(v as NotificationTab);

/** /notifications: everything the person was told (all or unread), and the urgent reminders they sent. */
export default function NotificationsPage() {
  const { t } = useTranslation();
  const api = useNotificationsApi();
  const navigate = useNavigate();
  const { search } = useLocation();
  const requested = new URLSearchParams(search).get('tab');
  const tab: NotificationTab = isTab(requested) ? requested : 'all';
  const tabRefs = useRef(new Map<NotificationTab, HTMLButtonElement>());

  const select = (next: NotificationTab) => navigate(next === 'all' ? '/notifications' : `/notifications?tab=${next}`, { replace: true });
  const onKeyDown = (e: React.KeyboardEvent) => {
    const i = NOTIFICATION_TABS.indexOf(tab);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = NOTIFICATION_TABS[(i + step + NOTIFICATION_TABS.length) % NOTIFICATION_TABS.length];
    select(next);
    tabRefs.current.get(next)?.focus();
  };

  return (
    <main className="fl-main fl-main--narrow fl-notifs">
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{t('notifications.title')}</h1>
        </div>
      </div>
      <div className="fl-notif-tabs" role="tablist" aria-label={t('notifications.tabsLabel')} onKeyDown={onKeyDown}>
        {NOTIFICATION_TABS.map((id) => (
          <button
            key={id}
            ref={(el) => void (el ? tabRefs.current.set(id, el) : tabRefs.current.delete(id))}
            type="button"
            role="tab"
            id={`fl-notif-tab-${id}`}
            aria-selected={id === tab}
            aria-controls="fl-notif-panel"
            tabIndex={id === tab ? 0 : -1}
            className="fl-notif-tabs__tab"
            onClick={() => select(id)}
          >
            {t(`notifications.tabs.${id}`)}
          </button>
        ))}
      </div>
      <div id="fl-notif-panel" role="tabpanel" aria-labelledby={`fl-notif-tab-${tab}`}>
        {!api ? null : tab === 'sent' ? (
          <SentReminders api={api} />
        ) : (
          <NotificationList key={tab} api={api} unreadOnly={tab === 'unread'} />
        )}
      </div>
    </main>
  );
}

function NotificationList({ api, unreadOnly }: { api: NotificationsApi; unreadOnly: boolean }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [unread, setUnread] = useState(0);
  const load = useCallback(
    async (cursor: string | null) => {
      const page = await api.list({ unread: unreadOnly, limit: PAGE_SIZE, cursor });
      setUnread(page.unread);
      return page;
    },
    [api, unreadOnly],
  );
  const list = usePaged<Notification>(unreadOnly ? 'unread' : 'all', load);
  const { reload } = list;
  // Acknowledged in the dialog or read from the bell: show it here too.
  useEffect(() => onNotificationsChanged(reload), [reload]);

  if (list.status === 'loading') return <Loading />;
  if (list.status === 'error') return <ErrorState error={list.error} onRetry={list.reload} />;

  const open = (n: Notification) => {
    if (!n.readAt) {
      const at = new Date().toISOString();
      list.update((items) => items.map((i) => (i.id === n.id ? { ...i, readAt: at } : i)));
      void api.read(n.id).then(announceNotificationsChanged, () => undefined);
    }
    if (n.link) navigate(n.link);
  };
  const readAll = async () => {
    await api.readAll().catch(() => undefined);
    announceNotificationsChanged();
  };
  const now = Date.now();

  return (
    <>
      <div className="fl-notifs__bar">
        <p className="fl-notifs__summary">{t('notifications.unreadSummary', { count: unread })}</p>
        <button type="button" className="fl-btn fl-btn--secondary" onClick={() => void readAll()} disabled={unread === 0}>
          {t('notifications.markAllRead')}
        </button>
      </div>
      {list.items.length === 0 ? (
        <EmptyState title={unreadOnly ? t('notifications.emptyUnread') : t('notifications.empty')}>
          <p>{t('notifications.emptyBody')}</p>
        </EmptyState>
      ) : (
        <ul className="fl-notifs__list fl-card">
          {list.items.map((n) => (
            <li key={n.id}>
              <button type="button" className={`fl-notif-item${n.readAt ? '' : ' fl-notif-item--unread'}`} onClick={() => open(n)}>
                <span className="fl-notif-item__title">
                  {!n.readAt && <span className="fl-visually-hidden">{t('notifications.unreadLabel')} </span>}
                  {n.urgent && <span className="fl-notif-urgent">{t('notifications.urgentBadge')}</span>}
                  {n.title}
                </span>
                <span className="fl-notif-item__body fl-notif-item__body--full">{n.body}</span>
                <time className="fl-notif-item__time" dateTime={n.createdAt} title={dateTime(n.createdAt, i18n.language)}>
                  {timeAgo(n.createdAt, i18n.language, now)}
                </time>
                {n.urgent && (
                  <span className="fl-notif-item__state">
                    {n.acknowledgedAt
                      ? t('notifications.acknowledgedAt', { time: dateTime(n.acknowledgedAt, i18n.language) })
                      : t('notifications.notAcknowledged')}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
      {list.hasMore && (
        <div className="fl-notifs__more">
          <button type="button" className="fl-btn fl-btn--secondary fl-btn--block" onClick={list.loadMore} disabled={list.loadingMore}>
            {list.loadingMore ? t('common.loading') : t('notifications.loadMore')}
          </button>
        </div>
      )}
    </>
  );
}
