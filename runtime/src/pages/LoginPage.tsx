import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SSO_ERROR_CODES } from '@formloom/schemas';
import { useApi } from '../api/ApiContext.tsx';
import { ApiError, NetworkError } from '../api/errors.ts';
import { Loading } from '../components/States.tsx';
import { Navigate, useLocation, useNavigate } from '../router/Router.tsx';
import { useSession } from '../session/SessionProvider.tsx';
import { displayNameFor, ssoApiOf, ssoStartUrl, type SsoLoginOptions } from './admin/sso/ssoApi.ts';
import './LoginPage.css';

/** The designer (/builder/) is a separate app on the same site: reach it with a full page load. */
const isOtherApp = (path: string) => path === '/builder' || path.startsWith('/builder/');

/** Only same-site paths, so `?next=https://evil.example` cannot turn sign-in into an open redirect. */
export function safeNext(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') && !next.startsWith('/login') ? next : '/';
}

/** The single sign-on failure the server sent the browser back with (/login?sso_error=<code>), if any. */
export function ssoErrorOf(search: string): string | null {
  const code = new URLSearchParams(search).get('sso_error');
  if (!code) return null;
  return (SSO_ERROR_CODES as readonly string[]).includes(code) ? code : 'unknown';
}

type SsoState = { status: 'loading' } | { status: 'ready'; options: SsoLoginOptions | null };

/** Whether to offer the provider's button; any failure to ask means no button (the password form still works). */
function useSsoOptions(): SsoState {
  const api = useApi();
  const sso = useMemo(() => ssoApiOf(api), [api]);
  const [state, setState] = useState<SsoState>(sso ? { status: 'loading' } : { status: 'ready', options: null });
  useEffect(() => {
    if (!sso) return;
    let live = true;
    sso.loginOptions().then(
      (options) => live && setState({ status: 'ready', options }),
      () => live && setState({ status: 'ready', options: null }),
    );
    return () => {
      live = false;
    };
  }, [sso]);
  return state;
}

export default function LoginPage() {
  const { t, i18n } = useTranslation();
  const { state, login } = useSession();
  const { search } = useLocation();
  const navigate = useNavigate();
  const sso = useSsoOptions();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [showPasswordForm, setShowPasswordForm] = useState(false);
  const errorId = useId();
  const formId = useId();
  const next = safeNext(search);
  const ssoError = ssoErrorOf(search);

  if (state.status === 'loading' || sso.status === 'loading') return <Loading />;
  if (state.status === 'signedIn' && !busy) {
    if (isOtherApp(next)) {
      window.location.assign(next);
      return <Loading />;
    }
    return <Navigate to={next} />;
  }

  const options = sso.options?.enabled && sso.options.displayName ? sso.options : null;
  const providerName = options?.displayName ? displayNameFor(options.displayName, i18n.language) : null;
  // With single sign-on on, most people use the provider's button; the password form stays one click away.
  const formOpen = !options || showPasswordForm;

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
      if (err.code === 'password_login_disabled') {
        return providerName ? t('login.passwordDisabledWith', { name: providerName }) : t('login.passwordDisabled');
      }
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
        <p className="fl-login__lead">{providerName ? t('sso.loginLead', { name: providerName }) : t('login.lead')}</p>
        {ssoError && (
          <div className="fl-alert fl-alert--error fl-login__error" role="alert">
            <strong>{t('sso.failedTitle')}</strong>
            <p>{t(`sso.errors.${ssoError}`)}</p>
          </div>
        )}
        {options && providerName && (
          <>
            <a className="fl-btn fl-btn--primary fl-btn--block fl-login__sso" href={ssoStartUrl(next)}>
              {t('sso.signInWith', { name: providerName })}
            </a>
            <div className="fl-login__or" aria-hidden="true">
              <span>{t('sso.or')}</span>
            </div>
            {!showPasswordForm && (
              <button
                type="button"
                className="fl-btn fl-btn--secondary fl-btn--block"
                aria-expanded={false}
                aria-controls={formId}
                onClick={() => setShowPasswordForm(true)}
              >
                {t('sso.usePassword')}
              </button>
            )}
          </>
        )}
        {formOpen && (
          <form id={formId} onSubmit={onSubmit} noValidate={false}>
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
                autoFocus={Boolean(options)}
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
            <button type="submit" className={`fl-btn ${options ? 'fl-btn--secondary' : 'fl-btn--primary'} fl-btn--block`} disabled={busy}>
              {busy ? t('login.signingIn') : t('login.submit')}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
