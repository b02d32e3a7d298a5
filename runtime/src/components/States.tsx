import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, NetworkError } from '../api/errors.ts';
import { useSession } from '../session/SessionProvider.tsx';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="fl-state" role="status" aria-live="polite">
      <span className="fl-spinner" aria-hidden="true" /> <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

/** What went wrong loading a page, in words a person can act on, with a retry where one could help. */
export function ErrorState({ error, onRetry, children }: { error: unknown; onRetry?: () => void; children?: ReactNode }) {
  const { t } = useTranslation();
  const { expire } = useSession();
  const unauthenticated = error instanceof ApiError && error.status === 401;
  useEffect(() => {
    if (unauthenticated) expire(); // the session ended: RequireSession sends the person to sign in
  }, [unauthenticated, expire]);

  let title = t('errors.genericTitle');
  let body = t('errors.generic');
  let retryable = true;
  if (error instanceof NetworkError) {
    title = t('errors.networkTitle');
    body = t('errors.network');
  } else if (error instanceof ApiError) {
    if (error.status === 404) {
      title = t('errors.notFoundTitle');
      body = t('errors.notFound');
      retryable = false;
    } else if (error.status === 403) {
      title = t('errors.forbiddenTitle');
      body = t('errors.forbidden');
      retryable = false;
    }
  }
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <div className="fl-state" role="alert">
      <h2>{title}</h2>
      <p>{body}</p>
      {children}
      {retryable && onRetry && (
        <button type="button" className="fl-btn fl-btn--secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
      {requestId && <p className="fl-state__ref">{t('errors.reference', { id: requestId })}</p>}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="fl-state fl-card">
      <h2>{title}</h2>
      {children}
    </div>
  );
}
