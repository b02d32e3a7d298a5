import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotificationsApi, SentReminder } from '../../api/notifications.ts';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { Link } from '../../router/Router.tsx';
import { useSession } from '../../session/SessionProvider.tsx';
import { NewReminder } from './NewReminder.tsx';
import { dateTime } from './format.ts';
import { PAGE_SIZE, usePaged } from './usePaged.ts';

/** How often the sender's view checks whether people have read or acknowledged. */
export const SENT_POLL_MS = 30_000;

type RecipientState = 'acknowledged' | 'read' | 'unread';
const stateOf = (r: SentReminder['recipients'][number]): RecipientState =>
  r.acknowledgedAt ? 'acknowledged' : r.readAt ? 'read' : 'unread';

/** The urgent reminders the person sent, each with who has read and who has acknowledged it. */
export function SentReminders({ api }: { api: NotificationsApi }) {
  const { t } = useTranslation();
  const load = useCallback((cursor: string | null) => api.sent({ limit: PAGE_SIZE, cursor }), [api]);
  const list = usePaged<SentReminder>('sent', load);
  const { reload } = list;
  const { state } = useSession();
  const isAdmin = state.status === 'signedIn' && state.user.role === 'admin';
  useEffect(() => {
    const timer = setInterval(reload, SENT_POLL_MS);
    window.addEventListener('focus', reload);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', reload);
    };
  }, [reload]);

  // The composer stays mounted while the list reloads (its dialog shows the confirmation).
  const compose = isAdmin && <NewReminder onSent={reload} />;
  let content: React.ReactNode;
  if (list.status === 'loading' && list.items.length === 0) content = <Loading />;
  else if (list.status === 'error') content = <ErrorState error={list.error} onRetry={list.reload} />;
  else if (list.items.length === 0) {
    content = (
      <EmptyState title={t('notifications.sent.empty')}>
        <p>{t('notifications.sent.emptyBody')}</p>
      </EmptyState>
    );
  } else
    content = (
      <ul className="fl-sent">
        {list.items.map((reminder) => (
          <SentItem key={reminder.id} reminder={reminder} />
        ))}
      </ul>
    );
  return (
    <>
      {compose}
      {content}
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

function SentItem({ reminder }: { reminder: SentReminder }) {
  const { t, i18n } = useTranslation();
  const acknowledged = reminder.recipients.filter((r) => r.acknowledgedAt).length;
  return (
    <li className="fl-card fl-sent__item" data-testid="sent-reminder">
      <div className="fl-sent__head">
        <time dateTime={reminder.sentAt}>{dateTime(reminder.sentAt, i18n.language)}</time>
        <span className={`fl-badge${acknowledged === reminder.recipients.length ? ' fl-badge--ok' : ''}`}>
          {t('notifications.sent.summary', { done: acknowledged, total: reminder.recipients.length })}
        </span>
      </div>
      <p className="fl-sent__message">{reminder.message}</p>
      {reminder.submissionId && (
        <Link to={`/r/${reminder.submissionId}`} className="fl-sent__link">
          {t('notifications.sent.openSubmission')}
        </Link>
      )}
      <ul className="fl-sent__people" aria-label={t('notifications.sent.recipients')}>
        {reminder.recipients.map((r) => {
          const state = stateOf(r);
          const at = r.acknowledgedAt ?? r.readAt;
          return (
            <li key={r.userId} className={`fl-sent__person fl-sent__person--${state}`}>
              <span className="fl-sent__name">{r.name}</span>
              <span className="fl-sent__state">
                {t(`notifications.sent.state.${state}`)}
                {at && <time dateTime={at}> · {dateTime(at, i18n.language)}</time>}
              </span>
            </li>
          );
        })}
      </ul>
    </li>
  );
}
