import { useTranslation } from 'react-i18next';
import { Link, useLocation } from '../router/Router.tsx';
import { useSession } from '../session/SessionProvider.tsx';

/** The header's link to the organization admin page, for admins only (after Inbox: on a phone the nav may scroll to it). */
export function AdminLink() {
  const { t } = useTranslation();
  const { state } = useSession();
  const user = state.status === 'signedIn' ? state.user : null;
  const { pathname } = useLocation();
  if (user?.role !== 'admin') return null;
  return (
    <Link to="/admin/org" className="fl-nav__link" aria-current={pathname.startsWith('/admin/') ? 'page' : undefined}>
      {t('admin.link')}
    </Link>
  );
}
