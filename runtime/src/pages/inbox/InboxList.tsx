import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApprovalTask, Page, SubmittedItem, WorkflowApi } from '../../api/workflow.ts';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import type { InboxTab } from './InboxPage.tsx';
import { SubmittedCard, TaskCard } from './InboxCards.tsx';
import { PAGE_SIZE, usePagedList } from './usePagedList.ts';

type Item = { type: 'task'; task: ApprovalTask } | { type: 'submitted'; item: SubmittedItem };

const tasksOf = (page: Page<ApprovalTask>): Page<Item> => ({
  items: page.items.map((task) => ({ type: 'task', task })),
  nextCursor: page.nextCursor,
});

/**
 * CC'd to me lists the unread first, then the read ones, as one list: the cursor says which of the two
 * the next page comes from (`u:<cursor>` unread, `r:<cursor>` read, `r:` the first page of the read).
 */
async function ccPage(api: WorkflowApi, cursor: string | null): Promise<Page<Item>> {
  const read = async (c: string | null) => {
    const page = await api.tasks({ status: 'done', kind: 'cc', limit: PAGE_SIZE, cursor: c });
    return { items: page.items, nextCursor: page.nextCursor ? `r:${page.nextCursor}` : null };
  };
  if (cursor?.startsWith('r:')) return tasksOf(await read(cursor.slice(2) || null));
  const unread = await api.tasks({ status: 'pending', kind: 'cc', limit: PAGE_SIZE, cursor: cursor ? cursor.slice(2) : null });
  if (unread.nextCursor) return tasksOf({ items: unread.items, nextCursor: `u:${unread.nextCursor}` });
  // The unread ran out: the read ones follow straight on (now if this page has room, else on "Load more").
  if (unread.items.length >= PAGE_SIZE) return tasksOf({ items: unread.items, nextCursor: 'r:' });
  const first = await read(null);
  return tasksOf({ items: [...unread.items, ...first.items], nextCursor: first.nextCursor });
}

function loaderFor(tab: InboxTab, api: WorkflowApi): (cursor: string | null) => Promise<Page<Item>> {
  switch (tab) {
    case 'todo':
      return async (cursor) => tasksOf(await api.tasks({ status: 'pending', kind: 'approve', limit: PAGE_SIZE, cursor }));
    case 'done':
      return async (cursor) => tasksOf(await api.tasks({ status: 'done', kind: 'approve', limit: PAGE_SIZE, cursor }));
    case 'cc':
      return (cursor) => ccPage(api, cursor);
    case 'submitted':
      return async (cursor) => {
        const page = await api.submitted({ limit: PAGE_SIZE, cursor });
        return { items: page.items.map((item) => ({ type: 'submitted', item })), nextCursor: page.nextCursor };
      };
  }
}

/** One tab's list, a page at a time. */
export function InboxList({ tab, api }: { tab: InboxTab; api: WorkflowApi }) {
  const { t } = useTranslation();
  const load = useCallback((cursor: string | null) => loaderFor(tab, api)(cursor), [tab, api]);
  const { state, loadMore, reload } = usePagedList(load, tab);

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={reload} />;
  if (state.items.length === 0) {
    return (
      <EmptyState title={t(`inbox.empty.${tab}.title`)}>
        <p>{t(`inbox.empty.${tab}.body`)}</p>
      </EmptyState>
    );
  }
  return (
    <>
      <ul className="fl-inbox__list">
        {state.items.map((entry) =>
          entry.type === 'task' ? (
            <li key={entry.task.id}>
              <TaskCard task={entry.task} tab={tab} />
            </li>
          ) : (
            <li key={entry.item.submissionId}>
              <SubmittedCard item={entry.item} />
            </li>
          ),
        )}
      </ul>
      {state.more === 'error' && (
        <p className="fl-alert fl-alert--error fl-inbox__more-problem" role="alert">
          {t('inbox.loadMoreFailed')}
        </p>
      )}
      {state.nextCursor && (
        <div className="fl-inbox__more">
          <button type="button" className="fl-btn fl-btn--secondary fl-btn--block" onClick={loadMore} disabled={state.more === 'loading'}>
            {state.more === 'loading' ? t('common.loading') : t('inbox.loadMore')}
          </button>
        </div>
      )}
    </>
  );
}
