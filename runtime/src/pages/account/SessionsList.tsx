import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeBrowser, type SecurityApi, type SessionSummary } from './securityApi.ts';

/** Where you are signed in: this device first, each other one with a sign-out, and sign out all others. */
export function SessionsList({ api, sessions, onChanged }: { api: SecurityApi; sessions: SessionSummary[]; onChanged(): void }) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ordered = [...sessions].sort((a, b) => Number(b.current) - Number(a.current));
  const others = sessions.filter((s) => !s.current).length;
  const when = (iso: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      onChanged();
    } catch (err) {
      setError(t('account.errors.other', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="fl-account__sessions">
      <ul className="fl-account__session-list">
        {ordered.map((s) => (
          <li key={s.id} className="fl-account__session">
            <div className="fl-account__session-text">
              <strong>
                {describeBrowser(s.userAgent) ?? t('account.sessions.unknownBrowser')}
                {s.current && <span className="fl-account__badge">{t('account.sessions.thisDevice')}</span>}
              </strong>
              <span className="fl-account__muted">
                {t('account.sessions.details', { ip: s.ip ?? '—', signedIn: when(s.createdAt), lastSeen: when(s.lastSeenAt) })}
              </span>
            </div>
            {!s.current && (
              <button
                type="button"
                className="fl-btn fl-btn--ghost"
                disabled={busy}
                onClick={() => run(() => api.signOutSession(s.id))}
                aria-label={t('account.sessions.signOutNamed', { browser: describeBrowser(s.userAgent) ?? s.ip ?? '' })}
              >
                {t('account.sessions.signOut')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {error && (
        <p className="fl-alert fl-alert--error" role="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        className="fl-btn fl-btn--secondary"
        disabled={busy || others === 0}
        onClick={() => run(() => api.signOutOtherSessions())}
      >
        {t('account.sessions.signOutOthers', { count: others })}
      </button>
    </div>
  );
}
