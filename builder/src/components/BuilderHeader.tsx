import { useTranslation } from 'react-i18next';
import { LanguageSwitch, Link, UserBadge, useSession } from '@formloom/runtime';

/** The designer's header: its own home, the way back to the apps people fill, language, user. */
export function BuilderHeader() {
  const { t } = useTranslation();
  const { state } = useSession();
  const user = state.status === 'signedIn' ? state.user : null;
  return (
    <header className="fl-header">
      <div className="fl-header__inner">
        <Link to="/builder/" className="fl-brand">
          <span className="fl-brand__mark" aria-hidden="true">
            F
          </span>
          Formloom {t('designer.brand')}
        </Link>
        <nav className="fl-nav" aria-label={t('header.nav')}>
          <a href="/" className="fl-nav__link">
            {t('designer.openApps')}
          </a>
        </nav>
        <LanguageSwitch />
        {user && <UserBadge user={user} />}
      </div>
    </header>
  );
}
