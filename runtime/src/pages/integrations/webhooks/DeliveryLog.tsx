import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeliveryStatus, WebhookDelivery } from '../../../api/webhooks.ts';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { usePagedList } from '../../inbox/usePagedList.ts';
import { DeliveryRow } from './DeliveryRow.tsx';
import { ReplayFailed } from './ReplayFailed.tsx';
import { useWebhooksApi } from './useWebhooksApi.ts';

const STATUSES: DeliveryStatus[] = ['pending', 'delivering', 'succeeded', 'failed', 'dead'];
const PAGE = 25;

/** The webhook's deliveries, newest first, a page at a time, with a status filter and the replays. */
export function DeliveryLog({ webhookId }: { webhookId: string }) {
  const { t } = useTranslation();
  const webhooks = useWebhooksApi();
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const load = useCallback(
    (cursor: string | null) => webhooks.deliveries(webhookId, { status: status || undefined, cursor, limit: PAGE }),
    [webhooks, webhookId, status],
  );
  const { state, loadMore, reload } = usePagedList<WebhookDelivery>(load, `${webhookId}:${status}`);

  return (
    <section className="fl-int-log" aria-labelledby="webhook-log-title">
      <div className="fl-int-log__head">
        <h2 id="webhook-log-title">{t('webhooks.log.title')}</h2>
        <div className="fl-int-log__tools">
          <label className="fl-int-inline">
            <span>{t('webhooks.log.status')}</span>
            <select className="fl-input" value={status} onChange={(e) => setStatus(e.target.value as DeliveryStatus | '')}>
              <option value="">{t('webhooks.log.allStatuses')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`webhooks.log.statuses.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="fl-btn fl-btn--secondary" onClick={reload}>
            {t('webhooks.log.refresh')}
          </button>
        </div>
      </div>
      <ReplayFailed webhookId={webhookId} onReplayed={reload} />
      {state.status === 'loading' ? (
        <Loading />
      ) : state.status === 'error' ? (
        <ErrorState error={state.error} onRetry={reload} />
      ) : state.items.length === 0 ? (
        <p className="fl-int-muted fl-int-log__empty">{status ? t('webhooks.log.emptyFiltered') : t('webhooks.log.empty')}</p>
      ) : (
        <>
          <ol className="fl-int-deliveries" aria-label={t('webhooks.log.title')}>
            {state.items.map((d) => (
              <DeliveryRow key={d.id} delivery={d} />
            ))}
          </ol>
          <div className="fl-int-log__more">
            <span className="fl-int-muted">{t('webhooks.log.shown', { count: state.items.length })}</span>
            {state.more === 'error' && <span className="fl-int-error">{t('webhooks.log.loadMoreFailed')}</span>}
            {state.nextCursor && (
              <button type="button" className="fl-btn fl-btn--secondary" onClick={loadMore} disabled={state.more === 'loading'}>
                {state.more === 'loading' ? t('webhooks.log.loadingMore') : t('webhooks.log.loadMore')}
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
