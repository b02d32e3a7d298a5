import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskCounts } from '../../api/workflow.ts';
import { useLocation, useNavigate } from '../../router/Router.tsx';
import { InboxList } from './InboxList.tsx';
import { useTaskCounts } from './useTaskCounts.ts';
import { useWorkflowApi } from './useWorkflowApi.ts';
import './inbox.css';

export const INBOX_TABS = ['todo', 'done', 'submitted', 'cc'] as const;
export type InboxTab = (typeof INBOX_TABS)[number];
const isTab = (v: string | null): v is InboxTab => INBOX_TABS.includes(v as InboxTab);

/** The number beside each tab: what waits (to do, my pending submissions, unread CCs), or all that is done. */
const COUNT_OF: Record<InboxTab, (c: TaskCounts) => number> = {
  todo: (c) => c.todo,
  done: (c) => c.done,
  submitted: (c) => c.submitted,
  cc: (c) => c.ccUnread,
};

/** What the task page just did, shown once on arrival (`?done=approved`). */
const NOTICES = ['approved', 'rejected', 'returned', 'transferred', 'signerAdded'] as const;

/** /inbox: to do, done, submitted by me, CC'd to me; the tab lives in the URL (`?tab=`). */
export default function InboxPage() {
  const { t } = useTranslation();
  const api = useWorkflowApi();
  const navigate = useNavigate();
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const requested = params.get('tab');
  const tab: InboxTab = isTab(requested) ? requested : 'todo';
  // Shown once: kept here and dropped from the URL, so a reload or a shared link does not repeat it.
  const [notice] = useState(() => NOTICES.find((n) => n === params.get('done')));
  useEffect(() => {
    if (params.has('done')) navigate(tab === 'todo' ? '/inbox' : `/inbox?tab=${tab}`, { replace: true });
  });
  const { counts, refresh } = useTaskCounts(api);
  const tabRefs = useRef(new Map<InboxTab, HTMLButtonElement>());

  const select = useCallback(
    (next: InboxTab) => navigate(next === 'todo' ? '/inbox' : `/inbox?tab=${next}`, { replace: true }),
    [navigate],
  );

  // Arrow keys move between tabs, as in any tab list (WAI-ARIA), and select as they go.
  const onKeyDown = (e: React.KeyboardEvent) => {
    const i = INBOX_TABS.indexOf(tab);
    const next =
      e.key === 'ArrowRight'
        ? INBOX_TABS[(i + 1) % INBOX_TABS.length]
        : e.key === 'ArrowLeft'
          ? INBOX_TABS[(i + INBOX_TABS.length - 1) % INBOX_TABS.length]
          : e.key === 'Home'
            ? INBOX_TABS[0]
            : e.key === 'End'
              ? INBOX_TABS[INBOX_TABS.length - 1]
              : null;
    if (!next) return;
    e.preventDefault();
    select(next);
    tabRefs.current.get(next)?.focus();
  };

  // A cc opened from the list is marked read: the unread count follows when the person comes back.
  useEffect(() => refresh(), [tab, refresh]);

  return (
    <main className="fl-main fl-main--narrow fl-inbox">
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{t('inbox.title')}</h1>
        </div>
      </div>
      {notice && (
        <p className="fl-alert fl-alert--success fl-inbox__notice" role="status">
          {t(`inbox.notice.${notice}`)}
        </p>
      )}
      <div className="fl-inbox__tabs" role="tablist" aria-label={t('inbox.tabsLabel')} onKeyDown={onKeyDown}>
        {INBOX_TABS.map((id) => {
          const count = counts ? COUNT_OF[id](counts) : null;
          const selected = id === tab;
          return (
            <button
              key={id}
              ref={(el) => void (el ? tabRefs.current.set(id, el) : tabRefs.current.delete(id))}
              type="button"
              role="tab"
              id={`fl-inbox-tab-${id}`}
              aria-selected={selected}
              aria-controls="fl-inbox-panel"
              tabIndex={selected ? 0 : -1}
              className="fl-inbox__tab"
              onClick={() => select(id)}
            >
              <span>{t(`inbox.tabs.${id}`)}</span>
              {count !== null && count > 0 && (
                <span className={`fl-inbox__tab-count${id === 'todo' || id === 'cc' ? ' fl-inbox__tab-count--attention' : ''}`}>
                  {count}
                </span>
              )}
            </button>
          );
        })}
      </div>
      <div id="fl-inbox-panel" role="tabpanel" aria-labelledby={`fl-inbox-tab-${tab}`}>
        <InboxList key={tab} tab={tab} api={api} />
      </div>
    </main>
  );
}
