import { useTranslation } from 'react-i18next';
import { CONTENT_TYPES, EXAMPLE_TEMPLATE, type ContentType, type WebhookDraft } from './webhookDraft.ts';

/** Canonical event JSON, or a Handlebars template with its content type. */
export function PayloadEditor({
  draft,
  onChange,
  error,
}: {
  draft: Pick<WebhookDraft, 'payload' | 'template' | 'contentType'>;
  onChange: (patch: Partial<WebhookDraft>) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  if (draft.payload === 'zapier') return <p className="fl-int-muted">{t('webhooks.payload.zapier')}</p>;
  return (
    <div className="fl-int-payload">
      <div className="fl-int-radios" role="radiogroup" aria-label={t('webhooks.payload.title')}>
        <label className="fl-int-radio">
          <input type="radio" name="payload" checked={draft.payload === 'canonical'} onChange={() => onChange({ payload: 'canonical' })} />
          <span>
            <strong>{t('webhooks.payload.canonical')}</strong>
            <span className="fl-int-muted">{t('webhooks.payload.canonicalHint')}</span>
          </span>
        </label>
        <label className="fl-int-radio">
          <input
            type="radio"
            name="payload"
            checked={draft.payload === 'template'}
            onChange={() => onChange({ payload: 'template', template: draft.template || EXAMPLE_TEMPLATE })}
          />
          <span>
            <strong>{t('webhooks.payload.template')}</strong>
            <span className="fl-int-muted">{t('webhooks.payload.templateHint', { example: '{{submission.data.amount}}' })}</span>
          </span>
        </label>
      </div>
      {draft.payload === 'template' && (
        <>
          <div className="fl-field">
            <label className="fl-label" htmlFor="webhook-content-type">
              {t('webhooks.payload.contentType')}
            </label>
            <select
              id="webhook-content-type"
              className="fl-input"
              value={draft.contentType}
              onChange={(e) => onChange({ contentType: e.target.value as ContentType })}
            >
              {CONTENT_TYPES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
          <div className="fl-field">
            <label className="fl-label" htmlFor="webhook-template">
              {t('webhooks.payload.templateLabel')}
            </label>
            <textarea
              id="webhook-template"
              className="fl-input fl-int-code"
              rows={8}
              spellCheck={false}
              value={draft.template}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'webhook-template-error' : undefined}
              onChange={(e) => onChange({ template: e.target.value })}
            />
            {error && (
              <p className="fl-int-error" id="webhook-template-error">
                {error}
              </p>
            )}
          </div>
        </>
      )}
    </div>
  );
}
