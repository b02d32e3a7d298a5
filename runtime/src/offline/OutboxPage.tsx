import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/ApiContext.tsx';
import type { FormVersion } from '../api/types.ts';
import { EmptyState } from '../components/States.tsx';
import { useAsync } from '../components/useAsync.ts';
import { localizeValidationMessage } from '../form/errorMessages.ts';
import { useLocale } from '../i18n/LocaleProvider.tsx';
import { Link } from '../router/Router.tsx';
import { fieldLabel } from './fieldLabel.ts';
import { outboxCounts, useOffline } from './OfflineProvider.tsx';
import type { OutboxEntry } from './outboxTypes.ts';
import { failureText, refusalText } from './refusalText.ts';
import './offline.css';

/** What this device still has to send, and what the server refused: send now, fix, or discard. */
export default function OutboxPage() {
  const { t } = useTranslation();
  const { entries, outbox, online } = useOffline();
  const { waiting } = outboxCounts(entries);
  const [sending, setSending] = useState(false);

  const sendNow = async () => {
    setSending(true);
    try {
      await outbox?.sync({ force: true });
    } finally {
      setSending(false);
    }
  };

  return (
    <main className="fl-main fl-main--narrow fl-outbox">
      <h1>{t('offline.outboxTitle')}</h1>
      <p className="fl-outbox__intro">{t('offline.outboxIntro')}</p>
      {waiting > 0 && (
        <div className="fl-outbox__send">
          <button type="button" className="fl-btn fl-btn--primary" disabled={!online || sending} onClick={() => void sendNow()}>
            {sending ? t('offline.sending') : t('offline.sendNow', { count: waiting })}
          </button>
          {!online && <p className="fl-outbox__hint">{t('offline.sendWhenOnline')}</p>}
        </div>
      )}
      {entries.length === 0 ? (
        <EmptyState title={t('offline.emptyTitle')}>
          <p>{t('offline.empty')}</p>
        </EmptyState>
      ) : (
        <ol className="fl-outbox__list">
          {entries.map((entry) => (
            <li key={entry.id}>
              <OutboxItem entry={entry} />
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}

function OutboxItem({ entry }: { entry: OutboxEntry }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { outbox } = useOffline();
  const [confirming, setConfirming] = useState(false);
  const time = new Intl.DateTimeFormat(locale === 'zh-Hant' ? 'zh-Hant-HK' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  const status = entry.status;

  return (
    <article className={`fl-card fl-outbox-item fl-outbox-item--${status}`} aria-label={entry.formName}>
      <header className="fl-outbox-item__head">
        <h2>{entry.formName}</h2>
        <span className={`fl-outbox-status fl-outbox-status--${status}`}>{t(`offline.status.${status}`)}</span>
      </header>
      {entry.summary && <p className="fl-outbox-item__summary">{entry.summary}</p>}
      <p className="fl-outbox-item__meta">{t('offline.filledAt', { time: time.format(entry.createdAt), version: entry.formVersion })}</p>
      {status === 'waiting' && entry.lastFailure && (
        <p className="fl-outbox-item__note">
          {failureText(t, entry.lastFailure)} {t('offline.nextTry', { time: time.format(entry.nextAttemptAt) })}
        </p>
      )}
      {status === 'refused' && entry.error && <Refusal entry={entry} />}
      {confirming ? (
        <div className="fl-outbox-item__confirm" role="group" aria-label={t('offline.discardQuestion')}>
          <p>{t('offline.discardQuestion')}</p>
          <div className="fl-outbox-item__actions">
            <button type="button" className="fl-btn fl-btn--danger" onClick={() => void outbox?.discard(entry.id)}>
              {t('offline.discardConfirm')}
            </button>
            <button type="button" className="fl-btn fl-btn--secondary" onClick={() => setConfirming(false)}>
              {t('offline.keep')}
            </button>
          </div>
        </div>
      ) : (
        <div className="fl-outbox-item__actions">
          {status === 'refused' && (
            <Link className="fl-btn fl-btn--primary" to={`/f/${encodeURIComponent(entry.formId)}?fix=${encodeURIComponent(entry.id)}`}>
              {t('offline.fix')}
            </Link>
          )}
          <button type="button" className="fl-btn fl-btn--secondary" disabled={status === 'sending'} onClick={() => setConfirming(true)}>
            {t('offline.discard')}
          </button>
        </div>
      )}
    </article>
  );
}

/** The server's reason, and per field what it did not accept (labelled from the form as it is now). */
function Refusal({ entry }: { entry: OutboxEntry }) {
  const { t } = useTranslation();
  const api = useApi();
  const { locale } = useLocale();
  const refusal = entry.error!;
  const details = refusal.details ?? [];
  const form = useAsync<FormVersion | null>(
    () => (details.length ? api.getForm(entry.formId).then((f) => f.published) : Promise.resolve(null)),
    [api, entry.formId, details.length],
  );
  const version = form.status === 'ok' ? form.data : null;
  return (
    <div className="fl-outbox-item__refusal" role="note">
      <p>{refusalText(t, refusal)}</p>
      {details.length > 0 && (
        <ul>
          {details.map((d, i) => (
            <li key={i}>
              <strong>{fieldLabel(version, d.path, locale) || t('offline.wholeForm')}</strong>:{' '}
              {localizeValidationMessage(t, d.keyword, d.params, d.message)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
