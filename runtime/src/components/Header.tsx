import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../api/types.ts';
import { LOCALE_NAMES, isLocale, type Locale } from '../i18n/locale.ts';
import { useLocale } from '../i18n/LocaleProvider.tsx';
import { Link, useLocation, useNavigate } from '../router/Router.tsx';
import { canBuild, useSession } from '../session/SessionProvider.tsx';
import { OutboxBadge } from '../offline/OutboxBadge.tsx';
import { AdminLink } from './AdminLink.tsx';
import { InboxLink } from './InboxLink.tsx';
import { IntegrationsLink } from './IntegrationsLink.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import { ReportsLink } from './ReportsLink.tsx';
import { useCurrentLinkInView } from './useCurrentLinkInView.ts';
import './Header.css';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const { locale, setLocale } = useLocale();
  return (
    <div className="fl-lang">
      <svg className="fl-lang__icon" aria-hidden="true" viewBox="0 0 20 20" width="18" height="18">
        <circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M2 10h16M10 2c2.5 2.6 2.5 13.4 0 16M10 2c-2.5 2.6-2.5 13.4 0 16" fill="none" stroke="currentColor" strokeWidth="1.5" />
      </svg>
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

function NavLink({
  to,
  children,
  match,
  desktopOnly = false,
}: {
  to: string;
  children: string;
  match: (path: string) => boolean;
  desktopOnly?: boolean;
}) {
  const { pathname } = useLocation();
  return (
    <Link
      to={to}
      className={desktopOnly ? 'fl-nav__link fl-nav__link--desktop' : 'fl-nav__link'}
      aria-current={match(pathname) ? 'page' : undefined}
    >
      {children}
    </Link>
  );
}

/** Who is signed in: an initial and a name (the email on hover), with room for actions. */
export function UserBadge({ user, children, accountHref }: { user: User; children?: ReactNode; accountHref?: string }) {
  const { t } = useTranslation();
  const badge = (
    <>
      <span className="fl-user__avatar" aria-hidden="true">
        {(user.name || user.email).trim().charAt(0).toUpperCase()}
      </span>
      <span className="fl-user__name" title={user.email}>
        {user.name || user.email}
      </span>
    </>
  );
  return (
    <div className="fl-user">
      {accountHref ? (
        // The name opens the person's own account page (password, sessions).
        <Link to={accountHref} className="fl-user__account" aria-label={t('account.headerLink')}>
          {badge}
        </Link>
      ) : (
        badge
      )}
      {children}
    </div>
  );
}

export function Header() {
  const { t } = useTranslation();
  const { state, logout } = useSession();
  const navigate = useNavigate();
  const user = state.status === 'signedIn' ? state.user : null;
  const { pathname } = useLocation();
  // The links appear once the person is known, and the current one changes with the page.
  const navRef = useCurrentLinkInView<HTMLElement>(`${pathname}|${user?.id ?? ''}`);

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
        {user && <OutboxBadge />}
        {user && (
          <nav className="fl-nav" aria-label={t('header.nav')} ref={navRef}>
            <NavLink to="/" match={(p) => p === '/' || p.startsWith('/apps/') || p.startsWith('/f/')}>
              {t('header.apps')}
            </NavLink>
            {canBuild(user) && (
              // Installing templates and designing are desk work; on phones the nav keeps Apps and Inbox in view.
              <NavLink to="/templates" match={(p) => p.startsWith('/templates')} desktopOnly>
                {t('header.templates')}
              </NavLink>
            )}
            {canBuild(user) && (
              // The designer is its own app (a plain link, a full page load) and a desktop tool: hidden on phones.
              <a href="/builder/" className="fl-nav__link fl-nav__link--desktop">
                {t('header.designer')}
              </a>
            )}
            <InboxLink />
            <AdminLink />
            <ReportsLink />
            <IntegrationsLink />
          </nav>
        )}
        {user && <NotificationBell />}
        <LanguageSwitch />
        {user && (
          <UserBadge user={user} accountHref="/account">
            <button type="button" className="fl-btn fl-btn--ghost fl-user__logout" onClick={onLogout}>
              {t('header.logout')}
            </button>
          </UserBadge>
        )}
      </div>
    </header>
  );
}
