import { useTranslation } from 'react-i18next';
import { Link, useLocation } from '../router/Router.tsx';
import { canBuild, useSession } from '../session/SessionProvider.tsx';

/** The header's link to the integrations (webhooks, Shopify, QuickBooks), for admins and builders; on a phone the nav may scroll to it. */
export function IntegrationsLink() {
  const { t } = useTranslation();
  const { state } = useSession();
  const user = state.status === 'signedIn' ? state.user : null;
  const { pathname } = useLocation();
  if (!user || !canBuild(user)) return null;
  return (
    <Link to="/integrations" className="fl-nav__link" aria-current={pathname.startsWith('/integrations') ? 'page' : undefined}>
      {t('integrations.link')}
    </Link>
  );
}
