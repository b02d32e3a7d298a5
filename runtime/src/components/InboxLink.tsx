import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from '../router/Router.tsx';
import { useOptionalWorkflowApi } from '../pages/inbox/useWorkflowApi.ts';
import { useTaskCounts } from '../pages/inbox/useTaskCounts.ts';
import '../pages/inbox/InboxLink.css';

/** The header's link to the inbox, with how many tasks wait for the person (checked every minute and on focus). */
export function InboxLink() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const { counts, refresh } = useTaskCounts(useOptionalWorkflowApi());
  const todo = counts?.todo ?? 0;
  const here = pathname === '/inbox' || pathname.startsWith('/tasks/');
  // Back in the inbox after deciding a task: the count has just gone down.
  useEffect(() => {
    if (pathname === '/inbox') refresh();
  }, [pathname, refresh]);
  return (
    <Link
      to="/inbox"
      className="fl-nav__link fl-inbox-link"
      aria-current={here ? 'page' : undefined}
      aria-label={todo > 0 ? t('inbox.linkWithCount', { count: todo }) : undefined}
    >
      {t('inbox.link')}
      {todo > 0 && (
        <span className="fl-inbox-link__count" aria-hidden="true" data-testid="inbox-count">
          {todo > 99 ? '99+' : todo}
        </span>
      )}
    </Link>
  );
}
