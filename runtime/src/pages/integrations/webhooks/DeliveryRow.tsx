import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors.ts';
import type { WebhookAttempt, WebhookDelivery } from '../../../api/webhooks.ts';
import { useAsync } from '../../../components/useAsync.ts';
import { useLocale } from '../../../i18n/LocaleProvider.tsx';
import { dateTimeFormat } from '../../submissionColumns.ts';
import { DeliveryStatusBadge } from './WebhookBadges.tsx';
import { useWebhooksApi } from './useWebhooksApi.ts';

/** One delivery: status, event, attempts, last response, duration, time; expands to every attempt; Replay. */
export function DeliveryRow({ delivery: listed }: { delivery: WebhookDelivery }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const webhooks = useWebhooksApi();
  // After a replay the row shows the delivery as the server answered (queued again), without reloading the list.
  const [delivery, setDelivery] = useState(listed);
  const [open, setOpen] = useState(false);
  const [replay, setReplay] = useState<{ status: 'idle' | 'running' | 'done' } | { status: 'error'; message: string }>({ status: 'idle' });
  const when = dateTimeFormat(locale, 'short');
  const latest = delivery.log[0];
  const detailsId = `delivery-${delivery.id}`;

  const onReplay = async () => {
    setReplay({ status: 'running' });
    try {
      const queued = await webhooks.replay(delivery.id);
      setDelivery({ ...queued, log: queued.log.slice(0, 1) });
      setReplay({ status: 'done' });
    } catch (err) {
      setReplay({ status: 'error', message: err instanceof ApiError ? err.message : t('errors.generic') });
    }
  };

  return (
    <li className="fl-int-delivery fl-card" data-delivery={delivery.id} data-status={delivery.status}>
      <div className="fl-int-delivery__summary">
        <DeliveryStatusBadge status={delivery.status} />
        <span className="fl-int-delivery__event">
          <code>{delivery.eventType}</code>
        </span>
        <span className="fl-int-delivery__facts">
          <span>{t('webhooks.log.attempts', { count: delivery.attempts })}</span>
          <span>
            {delivery.lastStatusCode !== null
              ? `HTTP ${delivery.lastStatusCode}`
              : delivery.attempts > 0
                ? t('webhooks.log.noResponse')
                : '—'}
          </span>
          {latest?.durationMs != null && <span>{t('webhooks.log.duration', { ms: latest.durationMs })}</span>}
          <time dateTime={delivery.createdAt}>{when(delivery.createdAt)}</time>
        </span>
        <span className="fl-int-delivery__actions">
          <button
            type="button"
            className="fl-btn fl-btn--ghost"
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen(!open)}
          >
            {open ? t('webhooks.log.hideDetails') : t('webhooks.log.details')}
          </button>
          <button type="button" className="fl-btn fl-btn--secondary" onClick={onReplay} disabled={replay.status === 'running'}>
            {replay.status === 'running' ? t('webhooks.log.replaying') : t('webhooks.log.replay')}
          </button>
        </span>
      </div>
      {delivery.lastError && <p className="fl-int-delivery__error">{delivery.lastError}</p>}
      {delivery.nextAttemptAt && delivery.status === 'failed' && (
        <p className="fl-int-muted fl-int-delivery__next">{t('webhooks.log.nextAttempt', { time: when(delivery.nextAttemptAt) })}</p>
      )}
      {replay.status === 'done' && (
        <p className="fl-int-muted" role="status">
          {t('webhooks.log.replayed')}
        </p>
      )}
      {replay.status === 'error' && (
        <p className="fl-int-error" role="alert">
          {replay.message}
        </p>
      )}
      {open && (
        <div id={detailsId}>
          <DeliveryAttempts key={delivery.attempts} deliveryId={delivery.id} />
        </div>
      )}
    </li>
  );
}

/** Every attempt of a delivery (GET /api/deliveries/:id), newest first. */
function DeliveryAttempts({ deliveryId }: { deliveryId: string }) {
  const { t } = useTranslation();
  const webhooks = useWebhooksApi();
  const full = useAsync(() => webhooks.delivery(deliveryId), [webhooks, deliveryId]);
  if (full.status === 'loading') return <p className="fl-int-muted">{t('webhooks.log.loadingAttempts')}</p>;
  if (full.status === 'error')
    return <p className="fl-int-error">{full.error instanceof ApiError ? full.error.message : t('errors.generic')}</p>;
  return (
    <ol className="fl-int-attempts">
      {full.data.log.map((attempt) => (
        <AttemptDetails key={attempt.attempt} attempt={attempt} />
      ))}
    </ol>
  );
}

function AttemptDetails({ attempt }: { attempt: WebhookAttempt }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const headers = Object.entries(attempt.requestHeaders)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  return (
    <li className="fl-int-attempt">
      <h3>
        {t('webhooks.log.attempt', { n: attempt.attempt })} ·{' '}
        <time dateTime={attempt.startedAt}>{dateTimeFormat(locale)(attempt.startedAt)}</time>
        {attempt.durationMs !== null && <> · {t('webhooks.log.duration', { ms: attempt.durationMs })}</>}
      </h3>
      <dl className="fl-int-attempt__facts">
        <dt>{t('webhooks.log.request')}</dt>
        <dd>
          <code className="fl-int-url">POST {attempt.requestUrl}</code>
        </dd>
        <dt>{t('webhooks.log.responseStatus')}</dt>
        <dd>{attempt.responseStatus ?? t('webhooks.log.noResponse')}</dd>
        {attempt.error && (
          <>
            <dt>{t('webhooks.log.error')}</dt>
            <dd className="fl-int-bad">{attempt.error}</dd>
          </>
        )}
      </dl>
      <p className="fl-int-preview__label">{t('webhooks.log.requestHeaders')}</p>
      <pre className="fl-int-pre">{headers}</pre>
      <p className="fl-int-preview__label">{t('webhooks.log.requestBody')}</p>
      <pre className="fl-int-pre">{attempt.requestBody}</pre>
      {attempt.responseBody !== null && (
        <>
          <p className="fl-int-preview__label">{t('webhooks.log.responseBody')}</p>
          <pre className="fl-int-pre">{attempt.responseBody}</pre>
        </>
      )}
    </li>
  );
}
