import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { localizeForm } from '@formloom/schemas';
import { useApi } from '../api/ApiContext.tsx';
import { ApiError } from '../api/errors.ts';
import type { FilterClause, RecordsApi, RowQuery, SavedView } from '../api/records.ts';
import type { Form } from '../api/types.ts';
import { ErrorState, Loading } from '../components/States.tsx';
import { useAsync } from '../components/useAsync.ts';
import { useLocale } from '../i18n/LocaleProvider.tsx';
import { Link, useLocation, useNavigate } from '../router/Router.tsx';
import { formTitle } from './formTitle.ts';
import { ColumnChooser } from './records/ColumnChooser.tsx';
import { DataTable } from './records/DataTable.tsx';
import { ActiveFilters, FilterPanel } from './records/FilterPanel.tsx';
import { PagedRows } from './records/pagedRows.ts';
import { SearchBox } from './records/SearchBox.tsx';
import { useRecordsApi } from './records/useRecordsApi.ts';
import { ViewsMenu, type ViewState } from './records/ViewsMenu.tsx';
import { usePersonLabels } from '../form/person/usePersonLabels.ts';
import { columnsFor, dateFormat, defaultColumnIds, systemColumns, type Column } from './submissionColumns.ts';
import './SubmissionsPage.css';

export default function SubmissionsPage({ formId }: { formId: string }) {
  const api = useApi();
  const records = useRecordsApi();
  const state = useAsync(
    () =>
      Promise.all([
        api.getForm(formId).then(async (form) => ({ form, access: await accessOf(api, form) })),
        // The table is useful without saved views: a failure there leaves the menu empty, not the page.
        records.listViews(formId).then(
          (views) => ({ views, failed: false }),
          () => ({ views: [] as SavedView[], failed: true }),
        ),
      ]),
    [api, records, formId],
  );
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    return (
      <main className="fl-main">
        <ErrorState error={state.error} onRetry={state.reload} />
      </main>
    );
  }
  const [{ form, access }, { views, failed }] = state.data;
  return <SubmissionsView key={form.id} form={form} access={access} records={records} initialViews={views} viewsFailed={failed} />;
}

interface TableAccess {
  /** Export is offered with "export", or when the caller sees only their own records anyway (which they may always download). */
  mayExport: boolean;
  /** Sensitive fields the caller may not see: not offered as columns or filters. */
  hidden: string[];
}

/** What the app's permission sets let the caller do with this table; a failure leaves everything offered (the server decides). */
async function accessOf(api: ReturnType<typeof useApi>, form: Form): Promise<TableAccess> {
  const [app, page] = await Promise.all([
    Promise.resolve()
      .then(() => api.getApp(form.appId))
      .catch(() => null),
    Promise.resolve()
      .then(() => api.listSubmissions(form.id, { limit: 1 }))
      .catch(() => null),
  ]);
  return {
    mayExport: !app || app.permissions.canExport || app.permissions.viewScope === 'own',
    hidden: page?.hiddenFields ?? [],
  };
}

const isHiddenColumn = (id: string, hidden: readonly string[]) =>
  hidden.some((key) => id === `data.${key}` || id.startsWith(`data.${key}.`));

const sameState = (a: ViewState, b: ViewState) => JSON.stringify(a) === JSON.stringify(b);

function stateOfView(view: SavedView | null, all: Column[]): ViewState {
  const known = new Set(all.map((c) => c.id));
  const columns = view?.columns.filter((id) => known.has(id)) ?? [];
  return {
    columns: columns.length ? columns : defaultColumnIds(all),
    sort: view?.sort ?? '',
    q: view?.q ?? '',
    filter: view?.filter ?? [],
  };
}

function SubmissionsView({
  form,
  access,
  records,
  initialViews,
  viewsFailed,
}: {
  form: Form;
  access: TableAccess;
  records: RecordsApi;
  initialViews: SavedView[];
  viewsFailed: boolean;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { search } = useLocation();
  const navigate = useNavigate();
  const people = usePersonLabels();
  const allColumns = useMemo(() => {
    const fields = form.published ? localizeForm(form.published.schema, form.published.uiSchema, locale) : null;
    const context = { personName: people.name };
    const approvalFlow = Boolean(form.published?.workflow);
    return [
      ...systemColumns(t, locale, { approvalFlow }),
      ...(fields ? columnsFor(fields.schema, fields.uiSchema, t, locale, context) : []),
    ].filter((column) => !isHiddenColumn(column.id, access.hidden));
  }, [form, locale, t, people, access.hidden]);

  const [views, setViews] = useState(initialViews);
  const viewId = new URLSearchParams(search).get('view');
  const active = views.find((v) => v.id === viewId) ?? null;
  const [state, setState] = useState<ViewState>(() => stateOfView(active, allColumns));
  const dirty = active ? !sameState(state, stateOfView(active, allColumns)) : false;

  const selectView = useCallback(
    (view: SavedView | null) => {
      setState(stateOfView(view, allColumns));
      const here = `/f/${encodeURIComponent(form.id)}/submissions`;
      navigate(view ? `${here}?view=${encodeURIComponent(view.id)}` : here, { replace: true });
    },
    [allColumns, navigate, form.id],
  );

  const query = useMemo<RowQuery>(
    () => ({ sort: state.sort || undefined, q: state.q || undefined, filter: state.filter }),
    [state.sort, state.q, state.filter],
  );
  const rows = useMemo(() => new PagedRows((q, page) => records.list(form.id, q, page), query), [records, form.id, query]);
  // The table keeps showing the previous rows until the new view's first page is here, so a sort or a
  // filter does not blank the table (nor take the focus away from the header button just pressed).
  const [shown, setShown] = useState(rows);
  useEffect(() => {
    const showWhenReady = () => {
      const { total, error } = rows.getSnapshot();
      if (total !== null || error) setShown(rows);
    };
    const unsubscribe = rows.subscribe(showWhenReady);
    rows.want(0, 0); // the first page brings the count; the table asks for the rest as it scrolls
    return () => {
      unsubscribe();
      rows.dispose();
    };
  }, [rows]);
  const snapshot = useSyncExternalStore(shown.subscribe, shown.getSnapshot, shown.getSnapshot);

  const setQ = useCallback((q: string) => setState((s) => ({ ...s, q })), []);
  const setSort = useCallback((sort: string) => setState((s) => ({ ...s, sort })), []);
  const setFilter = useCallback((filter: FilterClause[]) => setState((s) => ({ ...s, filter })), []);
  const visible = useMemo(() => state.columns.flatMap((id) => allColumns.find((c) => c.id === id) ?? []), [state.columns, allColumns]);
  const recordHref = useCallback((s: { id: string }) => `/r/${encodeURIComponent(s.id)}`, []);
  const formatDay = useMemo(() => dateFormat(locale), [locale]);

  const title = formTitle(form, locale);
  const narrowed = Boolean(state.q || state.filter.length);

  return (
    <main className="fl-main fl-main--wide">
      <div className="fl-breadcrumb">
        <Link to={`/apps/${encodeURIComponent(form.appId)}`}>{t('fill.backToApp')}</Link>
      </div>
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{title}</h1>
          <p aria-live="polite">{snapshot.total === null ? t('submissions.subtitle') : t('records.count', { count: snapshot.total })}</p>
        </div>
        <div className="fl-page-head__actions">
          {form.published && (
            <Link className="fl-btn fl-btn--primary" to={`/f/${encodeURIComponent(form.id)}`}>
              {t('submissions.fill')}
            </Link>
          )}
          {form.published && (
            <Link className="fl-btn fl-btn--secondary" to={`/f/${encodeURIComponent(form.id)}/report`}>
              {t('reports.link')}
            </Link>
          )}
          {access.mayExport && (
            <>
              <a className="fl-btn fl-btn--secondary" href={records.exportUrl(form.id, 'csv', query, state.columns)} download>
                {t('submissions.downloadCsv')}
              </a>
              <a className="fl-btn fl-btn--secondary" href={records.exportUrl(form.id, 'xlsx', query, state.columns)} download>
                {t('submissions.downloadExcel')}
              </a>
            </>
          )}
        </div>
      </div>

      <div className="fl-records-bar">
        <SearchBox value={state.q} onSearch={setQ} />
        <div className="fl-records-bar__tools">
          <FilterPanel columns={allColumns} filter={state.filter} onChange={setFilter} />
          <ColumnChooser
            columns={allColumns}
            chosen={state.columns}
            onChange={(columns) => setState((s) => ({ ...s, columns }))}
            defaults={defaultColumnIds(allColumns)}
          />
          <SortPicker columns={visible} sort={state.sort} onSort={setSort} />
        </div>
        <ViewsMenu
          api={records}
          formId={form.id}
          views={views}
          active={active}
          state={state}
          dirty={dirty}
          onSelect={selectView}
          onSaved={(view) => {
            setViews((vs) => [...vs.filter((v) => v.id !== view.id), view].sort((a, b) => a.name.localeCompare(b.name, locale)));
            selectView(view);
          }}
          onDeleted={(id) => {
            setViews((vs) => vs.filter((v) => v.id !== id));
            selectView(null);
          }}
        />
        {viewsFailed && <p className="fl-records-bar__note">{t('records.views.loadFailed')}</p>}
      </div>
      <ActiveFilters columns={allColumns} filter={state.filter} onChange={setFilter} formatDay={formatDay} />

      {snapshot.error instanceof ApiError && snapshot.error.status === 400 ? (
        // A view the form no longer fits (a field removed since it was saved): say what, and offer a way out.
        <div className="fl-card fl-state" role="alert">
          <h2>{t('records.badViewTitle')}</h2>
          <p>{snapshot.error.message}</p>
          <button
            type="button"
            className="fl-btn fl-btn--secondary"
            onClick={() => setState((s) => ({ ...s, sort: '', q: '', filter: [] }))}
          >
            {t('records.badViewReset')}
          </button>
        </div>
      ) : snapshot.error ? (
        <div className="fl-card">
          <ErrorState error={snapshot.error} onRetry={() => shown.retry()} />
        </div>
      ) : snapshot.total === 0 ? (
        <div className="fl-card fl-state">
          <h2>{narrowed ? t('records.noMatchTitle') : t('submissions.emptyTitle')}</h2>
          <p>{narrowed ? t('records.noMatch') : form.published ? t('submissions.empty') : t('fill.notPublished', { name: title })}</p>
        </div>
      ) : snapshot.total === null ? (
        <Loading />
      ) : (
        <DataTable
          rows={shown}
          columns={visible}
          sort={state.sort}
          onSort={setSort}
          recordHref={recordHref}
          caption={t('submissions.caption', { name: title })}
        />
      )}
    </main>
  );
}

/** Phones have no column headers to press: the order is picked here (hidden on wider screens). */
function SortPicker({ columns, sort, onSort }: { columns: Column[]; sort: string; onSort: (s: string) => void }) {
  const { t } = useTranslation();
  const sortable = columns.filter((c) => c.sortable);
  return (
    <label className="fl-sort-pick">
      <span className="fl-visually-hidden">{t('records.sortBy')}</span>
      <select className="fl-input" value={sort} onChange={(e) => onSort(e.target.value)} aria-label={t('records.sortBy')}>
        <option value="">{t('records.sortDefault')}</option>
        {sortable.flatMap((c) => [
          <option key={c.id} value={c.id}>
            {t('records.sortAsc', { column: c.title })}
          </option>,
          <option key={`-${c.id}`} value={`-${c.id}`}>
            {t('records.sortDesc', { column: c.title })}
          </option>,
        ])}
      </select>
    </label>
  );
}
