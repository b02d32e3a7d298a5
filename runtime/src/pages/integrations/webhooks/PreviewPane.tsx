import { eventMatches, type FlowCondition } from '@formloom/schemas';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/ApiContext.tsx';
import { ApiError } from '../../../api/errors.ts';
import type { WebhookPreview } from '../../../api/webhooks.ts';
import { useAsync } from '../../../components/useAsync.ts';
import { useLocale } from '../../../i18n/LocaleProvider.tsx';
import { dateTimeFormat } from '../../submissionColumns.ts';
import { eventFamilies } from './eventFamilies.ts';
import { useWebhooksApi } from './useWebhooksApi.ts';
import type { ContentType } from './webhookDraft.ts';

/** Events that carry a submission, so a preview with one shows what a receiver gets. */
const SUBMISSION_FAMILIES = new Set(['submission', 'approval', 'stock']);
const PICKABLE = 20;

/** JSON bodies are shown indented; anything else as sent. */
function readable(preview: WebhookPreview): string {
  if (!preview.contentType.includes('json')) return preview.body;
  try {
    return JSON.stringify(JSON.parse(preview.body), null, 2);
  } catch {
    return preview.body;
  }
}

/**
 * What the unsaved settings would send for a real submission of the form (the latest, or one picked),
 * rendered by the server (POST /api/webhooks/preview) so the template engine and filter are the real ones.
 */
export function PreviewPane({
  formId,
  events,
  template,
  contentType,
  filter,
  onTemplateError,
}: {
  formId: string | null;
  events: readonly string[];
  template: string | null;
  contentType: ContentType | undefined;
  filter: FlowCondition | null;
  onTemplateError: (message: string | null) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useApi();
  const webhooks = useWebhooksApi();
  const eventTypes = useMemo(() => {
    const types = eventFamilies()
      .filter((f) => SUBMISSION_FAMILIES.has(f.family))
      .flatMap((f) => f.types)
      .filter((type) => eventMatches([...events], type));
    return types.length ? types : ['submission.created'];
  }, [events]);
  const [event, setEvent] = useState<string | null>(null);
  const chosenEvent = event && eventTypes.includes(event) ? event : eventTypes[0];
  const [submissionId, setSubmissionId] = useState('');
  const submissions = useAsync(
    () => (formId ? api.listSubmissions(formId, { limit: PICKABLE }).then((p) => p.items) : Promise.resolve([])),
    [api, formId],
  );
  const [result, setResult] = useState<
    { status: 'idle' | 'running' } | { status: 'ok'; preview: WebhookPreview } | { status: 'error'; message: string }
  >({
    status: 'idle',
  });

  if (!formId) return <p className="fl-int-muted">{t('webhooks.preview.needsForm')}</p>;
  const noSubmissions = submissions.status === 'ok' && submissions.data.length === 0;
  const when = dateTimeFormat(locale, 'short');

  const run = async () => {
    setResult({ status: 'running' });
    try {
      const preview = await webhooks.preview({
        event: chosenEvent,
        formId,
        ...(submissionId ? { submissionId } : {}),
        template,
        ...(template ? { contentType } : {}),
        filter,
      });
      onTemplateError(null);
      setResult({ status: 'ok', preview });
    } catch (err) {
      const message = err instanceof ApiError ? err.message : t('errors.generic');
      if (err instanceof ApiError && /template/.test(err.code)) onTemplateError(err.message);
      setResult({ status: 'error', message });
    }
  };

  return (
    <div className="fl-int-preview">
      <p className="fl-int-muted">{t('webhooks.preview.hint')}</p>
      <div className="fl-int-preview__controls">
        <label className="fl-field">
          <span className="fl-label">{t('webhooks.preview.event')}</span>
          <select className="fl-input" value={chosenEvent} onChange={(e) => setEvent(e.target.value)}>
            {eventTypes.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        <label className="fl-field">
          <span className="fl-label">{t('webhooks.preview.submission')}</span>
          <select
            className="fl-input"
            value={submissionId}
            disabled={submissions.status !== 'ok' || noSubmissions}
            onChange={(e) => setSubmissionId(e.target.value)}
          >
            <option value="">{t('webhooks.preview.latest')}</option>
            {submissions.status === 'ok' &&
              submissions.data.map((s) => (
                <option key={s.id} value={s.id}>
                  {t('webhooks.preview.numbered', { time: when(s.createdAt) })}
                </option>
              ))}
          </select>
        </label>
        <button type="button" className="fl-btn fl-btn--secondary" onClick={run} disabled={result.status === 'running' || noSubmissions}>
          {result.status === 'running' ? t('webhooks.preview.running') : t('webhooks.preview.run')}
        </button>
      </div>
      {noSubmissions && <p className="fl-alert fl-alert--info">{t('webhooks.preview.noSubmissions')}</p>}
      <div aria-live="polite">
        {result.status === 'error' && (
          <p className="fl-alert fl-alert--error" role="alert">
            {result.message}
          </p>
        )}
        {result.status === 'ok' && (
          <>
            {filter && (
              <p className={`fl-alert ${result.preview.matchesFilter ? 'fl-alert--info' : 'fl-alert--warning'}`}>
                {result.preview.matchesFilter ? t('webhooks.preview.matches') : t('webhooks.preview.filtered')}
              </p>
            )}
            <p className="fl-int-preview__label">{t('webhooks.preview.body', { contentType: result.preview.contentType })}</p>
            <pre className="fl-int-pre" data-testid="webhook-preview-body">
              {readable(result.preview)}
            </pre>
          </>
        )}
        {result.status === 'idle' && !noSubmissions && <p className="fl-int-muted">{t('webhooks.preview.empty')}</p>}
      </div>
    </div>
  );
}
