import { useTranslation } from 'react-i18next';
import { LOCALE_NAMES, isLocale, type Locale } from '../i18n/locale.ts';
import { useLocale } from '../i18n/LocaleProvider.tsx';
import { Link, useLocation, useNavigate } from '../router/Router.tsx';
import { canBuild, useSession } from '../session/SessionProvider.tsx';
import './Header.css';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const { locale, setLocale } = useLocale();
  return (
    <div className="fl-lang">
      <span className="fl-lang__icon" aria-hidden="true">
        文
      </span>
      <select
        className="fl-lang__select"
        aria-label={t('header.language')}
        value={locale}
        onChange={(e) => isLocale(e.target.value) && setLocale(e.target.value)}
      >
        {(Object.keys(LOCALE_NAMES) as Locale[]).map((l) => (
          <option key={l} value={l} lang={l === 'zh-Hant' ? 'zh-Hant-HK' : 'en'}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}

function NavLink({ to, children, match }: { to: string; children: string; match: (path: string) => boolean }) {
  const { pathname } = useLocation();
  return (
    <Link to={to} className="fl-nav__link" aria-current={match(pathname) ? 'page' : undefined}>
      {children}
    </Link>
  );
}

export function Header() {
  const { t } = useTranslation();
  const { state, logout } = useSession();
  const navigate = useNavigate();
  const user = state.status === 'signedIn' ? state.user : null;

  const onLogout = async () => {
    try {
      await logout();
    } finally {
      navigate('/login', { replace: true });
    }
  };

  return (
    <header className="fl-header">
      <div className="fl-header__inner">
        <Link to={user ? '/' : '/login'} className="fl-brand">
          <span className="fl-brand__mark" aria-hidden="true">
            F
          </span>
          Formloom
        </Link>
        {user && (
          <nav className="fl-nav" aria-label={t('header.nav')}>
            <NavLink to="/" match={(p) => p === '/' || p.startsWith('/apps/') || p.startsWith('/f/')}>
              {t('header.apps')}
            </NavLink>
            {canBuild(user) && (
              <NavLink to="/templates" match={(p) => p.startsWith('/templates')}>
                {t('header.templates')}
              </NavLink>
            )}
          </nav>
        )}
        <div className="fl-header__end">
          <LanguageSwitch />
          {user && (
            <div className="fl-user">
              <span className="fl-user__avatar" aria-hidden="true">
                {(user.name || user.email).trim().charAt(0).toUpperCase()}
              </span>
              <span className="fl-user__name" title={user.email}>
                {user.name || user.email}
              </span>
              <button type="button" className="fl-btn fl-btn--ghost fl-user__logout" onClick={onLogout}>
                {t('header.logout')}
              </button>
            </div>
          )}
        </div>
      </div>
    </header>
  );
}
