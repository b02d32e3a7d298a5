import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, NetworkError } from '../api/errors.ts';
import { Loading } from '../components/States.tsx';
import { Navigate, useLocation, useNavigate } from '../router/Router.tsx';
import { useSession } from '../session/SessionProvider.tsx';
import './LoginPage.css';

/** The designer (/builder/) is a separate app on the same site: reach it with a full page load. */
const isOtherApp = (path: string) => path === '/builder' || path.startsWith('/builder/');

/** Only same-site paths, so `?next=https://evil.example` cannot turn sign-in into an open redirect. */
export function safeNext(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') && !next.startsWith('/login') ? next : '/';
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { state, login } = useSession();
  const { search } = useLocation();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  const next = safeNext(search);

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'signedIn' && !busy) {
    if (isOtherApp(next)) {
      window.location.assign(next);
      return <Loading />;
    }
    return <Navigate to={next} />;
  }

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(email.trim(), password);
      if (isOtherApp(next)) window.location.assign(next);
      else navigate(next, { replace: true });
    } catch (err) {
      setError(messageFor(err));
      setBusy(false);
    }
  };

  const messageFor = (err: unknown): string => {
    if (err instanceof ApiError) {
      if (err.status === 401 || err.code === 'invalid_credentials') return t('login.invalid');
      if (err.status === 429) {
        if (err.retryAfterSeconds === undefined) return t('login.tooManyLater');
        return t('login.tooMany', { count: Math.max(1, Math.ceil(err.retryAfterSeconds / 60)) });
      }
      if (err.status === 400 || err.status === 422) return t('login.invalid');
    }
    if (err instanceof NetworkError) return t('errors.network');
    return t('errors.generic');
  };

  return (
    <main className="fl-login">
      <div className="fl-card fl-login__card">
        <h1>{t('login.title')}</h1>
        <p className="fl-login__lead">{t('login.lead')}</p>
        <form onSubmit={onSubmit} noValidate={false}>
          <div className="fl-field">
            <label className="fl-label" htmlFor="login-email">
              {t('login.email')}
            </label>
            <input
              id="login-email"
              className="fl-input"
              type="email"
              name="email"
              autoComplete="username"
              inputMode="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
            />
          </div>
          <div className="fl-field">
            <label className="fl-label" htmlFor="login-password">
              {t('login.password')}
            </label>
            <input
              id="login-password"
              className="fl-input"
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
            />
          </div>
          {error && (
            <div id={errorId} className="fl-alert fl-alert--error fl-login__error" role="alert">
              {error}
            </div>
          )}
          <button type="submit" className="fl-btn fl-btn--primary fl-btn--block" disabled={busy}>
            {busy ? t('login.signingIn') : t('login.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
