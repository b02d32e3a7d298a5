import { useTranslation } from 'react-i18next';
import { Link, useLocation } from '../router/Router.tsx';
import { useSession } from '../session/SessionProvider.tsx';

/** The header's link to reports and dashboards, for everyone signed in (what each sees is checked by the server). */
export function ReportsLink() {
  const { t } = useTranslation();
  const { state } = useSession();
  const { pathname } = useLocation();
  if (state.status !== 'signedIn') return null;
  const here = pathname.startsWith('/reports') || pathname.startsWith('/dashboards');
  return (
    <Link to="/reports" className="fl-nav__link" aria-current={here ? 'page' : undefined}>
      {t('reportBuilder.link')}
    </Link>
  );
}
