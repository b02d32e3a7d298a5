import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IntegrationsApi, SubmissionIntegration } from '../../api/connectors.ts';
import { ApiError } from '../../api/errors.ts';
import { useAsync } from '../../components/useAsync.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { dateTimeFormat } from '../submissionColumns.ts';
import { useConnectorsApi } from './connectors/useConnectorsApi.ts';
// The section's badge and text classes (the record page does not load the integrations pages).
import './integrations.css';
import './connectors/connectors.css';

/** While a job is queued or running the panel looks again this often, so "sent" shows without a reload. */
const POLL_MS = 3000;
const POLL_ROUNDS = 40;

const RETRYABLE = new Set<SubmissionIntegration['status']>(['failed', 'dead']);
const IN_FLIGHT = new Set<SubmissionIntegration['status']>(['pending', 'running']);

/** A connector with nothing done and nothing to show (skipped, no records) is left out. */
const worthShowing = (item: SubmissionIntegration) => item.status !== 'skipped' || item.refs.length > 0;

/**
 * On /r/:id: what Shopify, QuickBooks (any connector) made of the record — the state of its latest job,
 * the external records with links, the external system's message when it failed, and Retry for people
 * who may edit the app. Renders nothing when no connector touched the record.
 */
export function RecordIntegrationsPanel({ submissionId }: { submissionId: string }) {
  const connectors = useConnectorsApi();
  if (!connectors) return null;
  return <Panel submissionId={submissionId} api={connectors.integrations} />;
}

function Panel({ submissionId, api }: { submissionId: string; api: IntegrationsApi }) {
  const { t } = useTranslation();
  const [round, setRound] = useState(0);
  const list = useAsync(() => api.ofSubmission(submissionId), [api, submissionId, round]);
  const items = list.status === 'ok' ? list.data.filter(worthShowing) : [];
  const inFlight = items.some((i) => IN_FLIGHT.has(i.status));

  useEffect(() => {
    if (!inFlight || round >= POLL_ROUNDS) return;
    const timer = setTimeout(() => setRound((n) => n + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [inFlight, round]);

  // A panel that cannot load stays out of the way of the record (the rest of the page works); no empty box.
  if (items.length === 0) return null;
  return (
    <section className="fl-card fl-conn-record" aria-labelledby="fl-record-integrations">
      <h2 id="fl-record-integrations">{t('recordIntegrations.title')}</h2>
      <ul className="fl-conn-record__list">
        {items.map((item) => (
          <IntegrationItem
            key={item.connector}
            item={item}
            api={api}
            canRetry={item.canRetry}
            onRetried={() => setRound(0)}
            reload={list.reload}
          />
        ))}
      </ul>
    </section>
  );
}

const CONNECTOR_NAMES: Record<string, string> = { shopify: 'Shopify', quickbooks: 'QuickBooks' };

function IntegrationItem({
  item,
  api,
  canRetry,
  reload,
  onRetried,
}: {
  item: SubmissionIntegration;
  api: IntegrationsApi;
  canRetry: boolean;
  reload: () => void;
  onRetried: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const when = dateTimeFormat(locale, 'short');
  const [retrying, setRetrying] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const name = CONNECTOR_NAMES[item.connector] ?? item.connector;

  const retry = async () => {
    if (!item.jobId) return;
    setRetrying(true);
    setProblem(null);
    try {
      await api.retry(item.jobId);
      onRetried();
      reload();
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : t('recordIntegrations.retryFailed'));
    } finally {
      setRetrying(false);
    }
  };

  return (
    <li className="fl-conn-record__item" data-connector={item.connector} data-status={item.status}>
      <div className="fl-conn-record__head">
        <strong>{name}</strong>
        <StatusBadge item={item} />
      </div>
      {item.refs.length > 0 && (
        <ul className="fl-conn-record__refs">
          {item.refs.map((ref) => {
            const kind = t(`recordIntegrations.kinds.${ref.kind}`, { defaultValue: ref.kind });
            const text = `${name} ${kind} ${ref.label ?? ref.externalId}`;
            return (
              <li key={`${ref.kind}:${ref.externalId}`}>
                {ref.url ? (
                  <a href={ref.url} target="_blank" rel="noreferrer noopener">
                    {text}
                  </a>
                ) : (
                  text
                )}
              </li>
            );
          })}
        </ul>
      )}
      {item.status === 'failed' && item.nextAttemptAt && (
        <p className="fl-int-small fl-int-muted">
          {t('recordIntegrations.nextTry', { when: when(item.nextAttemptAt), count: item.attempts })}
        </p>
      )}
      {item.lastError && RETRYABLE.has(item.status) && (
        <p className="fl-conn-record__error">
          <span className="fl-int-muted">{t('recordIntegrations.said', { name })}</span> {item.lastError}
        </p>
      )}
      {canRetry && item.jobId && RETRYABLE.has(item.status) && (
        <div className="fl-int-actions">
          <button type="button" className="fl-btn fl-btn--secondary" onClick={retry} disabled={retrying}>
            {retrying ? t('recordIntegrations.retrying') : t('recordIntegrations.retry')}
          </button>
        </div>
      )}
      {problem && (
        <p className="fl-int-error" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
}

const TONE: Record<SubmissionIntegration['status'], string> = {
  succeeded: 'fl-badge--ok',
  pending: 'fl-int-badge--wait',
  running: 'fl-int-badge--wait',
  failed: 'fl-int-badge--warn',
  dead: 'fl-int-badge--bad',
  skipped: '',
};

function StatusBadge({ item }: { item: SubmissionIntegration }) {
  const { t } = useTranslation();
  // A failed job will be tried again (retrying); a dead one gave up (failed).
  return (
    <span className={`fl-badge ${TONE[item.status]}`} data-status={item.status}>
      {t(`recordIntegrations.status.${item.status}`)}
    </span>
  );
}
