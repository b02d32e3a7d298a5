import { useTranslation } from 'react-i18next';
import { Link } from '../router/Router.tsx';
import { outboxCounts, useOffline } from './OfflineProvider.tsx';
import './offline.css';

/** "3 waiting" / "1 refused" in the header, linking to the outbox; nothing when the outbox is empty. */
export function OutboxBadge() {
  const { t } = useTranslation();
  const { entries } = useOffline();
  const { waiting, refused } = outboxCounts(entries);
  if (!waiting && !refused) return null;
  const label = [
    waiting ? t('offline.badgeWaiting', { count: waiting }) : null,
    refused ? t('offline.badgeRefused', { count: refused }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Link
      to="/outbox"
      className={`fl-outbox-badge${refused ? ' fl-outbox-badge--refused' : ''}`}
      aria-label={t('offline.badgeLabel', { summary: label })}
    >
      <span className="fl-outbox-badge__pill">
        <svg aria-hidden="true" viewBox="0 0 20 20" width="16" height="16">
          <path
            d="M3 11l2.5-7h9L17 11v5H3z M3 11h4l1 2h4l1-2h4"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.6"
            strokeLinejoin="round"
          />
        </svg>
        <span className="fl-outbox-badge__text">{label}</span>
        <span className="fl-outbox-badge__count">{waiting + refused}</span>
      </span>
    </Link>
  );
}

/** A strip under the header while there is no connection, saying what still works. */
export function OfflineBanner() {
  const { t } = useTranslation();
  const { online, outbox } = useOffline();
  if (online || !outbox) return null;
  return (
    <div className="fl-offline-banner" role="status">
      <strong>{t('offline.bannerTitle')}</strong> {t('offline.banner')}
    </div>
  );
}
