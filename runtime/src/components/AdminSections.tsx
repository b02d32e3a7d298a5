import { useTranslation } from 'react-i18next';
import { Link, useLocation } from '../router/Router.tsx';
import { useCurrentLinkInView } from './useCurrentLinkInView.ts';
import './AdminSections.css';

/** The admin area's sections, one link each; every /admin/* page shows this row under its title. */
export const ADMIN_SECTIONS = [
  { path: '/admin/org', key: 'org' },
  { path: '/admin/directory', key: 'directory' },
  { path: '/admin/sso', key: 'sso' },
  { path: '/admin/security', key: 'security' },
  { path: '/admin/signatures', key: 'signatures' },
  { path: '/admin/audit', key: 'audit' },
] as const;

export function AdminSections() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const ref = useCurrentLinkInView<HTMLElement>(pathname);
  return (
    <nav className="fl-admin-sections" aria-label={t('adminSections.label')} ref={ref}>
      {ADMIN_SECTIONS.map((s) => (
        <Link
          key={s.key}
          to={s.path}
          className="fl-admin-sections__link"
          aria-current={pathname === s.path || pathname.startsWith(`${s.path}/`) ? 'page' : undefined}
        >
          {t(`adminSections.${s.key}`)}
        </Link>
      ))}
    </nav>
  );
}
