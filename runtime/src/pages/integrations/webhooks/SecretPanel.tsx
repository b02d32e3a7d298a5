import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors.ts';
import { useWebhooksApi } from './useWebhooksApi.ts';

/** The Standard Webhooks spec and its libraries (verification in every common language). */
const DOCS_URL = 'https://www.standardwebhooks.com/';

/** Copies text; false where the Clipboard API is not there (plain http, old browsers): the text stays selectable. */
async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The signing secret: shown in full once after creating (`fresh`), later revealed on request or rotated
 * (after a confirmation: the old secret stops signing at once). With a short "how to verify" hint.
 */
export function SecretPanel({ webhookId, fresh }: { webhookId: string; fresh: string | null }) {
  const { t } = useTranslation();
  const webhooks = useWebhooksApi();
  const [secret, setSecret] = useState<string | null>(fresh);
  const [notice, setNotice] = useState<'rotated' | null>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const act = async (load: () => Promise<{ secret: string }>, after?: 'rotated') => {
    setBusy(true);
    setError(null);
    try {
      setSecret((await load()).secret);
      setCopied(null);
      setNotice(after ?? null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('errors.generic'));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <section className={`fl-card fl-int-secret${fresh ? ' fl-int-secret--fresh' : ''}`} aria-labelledby="webhook-secret-title">
      <h2 id="webhook-secret-title">{fresh && secret === fresh ? t('webhooks.secret.onceTitle') : t('webhooks.secret.title')}</h2>
      {fresh && secret === fresh && <p>{t('webhooks.secret.once')}</p>}
      {notice === 'rotated' && (
        <p className="fl-alert fl-alert--info" role="status">
          {t('webhooks.secret.rotated')}
        </p>
      )}
      <div className="fl-int-secret__row">
        <code className="fl-int-secret__value" data-testid="webhook-secret">
          {secret ?? t('webhooks.secret.hidden')}
        </code>
        {secret ? (
          <>
            <button
              type="button"
              className="fl-btn fl-btn--primary"
              onClick={async () => setCopied((await copy(secret)) ? 'yes' : 'failed')}
            >
              {copied === 'yes' ? t('webhooks.secret.copied') : t('webhooks.secret.copy')}
            </button>
            {!fresh && (
              <button type="button" className="fl-btn fl-btn--ghost" onClick={() => setSecret(null)}>
                {t('webhooks.secret.hide')}
              </button>
            )}
          </>
        ) : (
          <button
            type="button"
            className="fl-btn fl-btn--secondary"
            disabled={busy}
            onClick={() => act(() => webhooks.revealSecret(webhookId))}
          >
            {t('webhooks.secret.reveal')}
          </button>
        )}
        {!confirming && (
          <button type="button" className="fl-btn fl-btn--ghost" disabled={busy} onClick={() => setConfirming(true)}>
            {t('webhooks.secret.rotate')}
          </button>
        )}
      </div>
      {copied === 'failed' && <p className="fl-int-muted">{t('webhooks.secret.copyFailed')}</p>}
      {confirming && (
        <div className="fl-alert fl-alert--warning" role="alertdialog" aria-label={t('webhooks.secret.rotate')}>
          {t('webhooks.secret.rotateConfirm')}
          <div className="fl-alert__actions fl-int-actions">
            <button
              type="button"
              className="fl-btn fl-btn--primary"
              disabled={busy}
              onClick={() => act(() => webhooks.rotateSecret(webhookId), 'rotated')}
            >
              {t('webhooks.secret.rotateYes')}
            </button>
            <button type="button" className="fl-btn fl-btn--secondary" onClick={() => setConfirming(false)}>
              {t('webhooks.editor.cancel')}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="fl-alert fl-alert--error" role="alert">
          {error}
        </p>
      )}
      <details className="fl-int-how">
        <summary>{t('webhooks.secret.howTitle')}</summary>
        <p>{t('webhooks.secret.how')}</p>
        <a href={DOCS_URL} target="_blank" rel="noreferrer">
          {t('webhooks.secret.docs')}
        </a>
      </details>
    </section>
  );
}
