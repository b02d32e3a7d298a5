import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { reportableFields } from '@formloom/schemas';
import { useApi } from '../../api/ApiContext.tsx';
import type { Form } from '../../api/types.ts';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useAsync } from '../../components/useAsync.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { Link } from '../../router/Router.tsx';
import { formTitle } from '../formTitle.ts';
import { DEFAULT_FILTERS, type OverviewFilters } from './overview/filters.ts';
import { Overview } from './overview/Overview.tsx';
import { ReportFilters } from './overview/ReportFilters.tsx';
import { specialReportTabs } from './special/index.tsx';
import './FormReportPage.css';

/** /f/:formId/report — the form's automatic report, and its special reports as further tabs. */
export default function FormReportPage({ formId }: { formId: string }) {
  const api = useApi();
  const state = useAsync(() => api.getForm(formId), [api, formId]);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    return (
      <main className="fl-main">
        <ErrorState error={state.error} onRetry={state.reload} />
      </main>
    );
  }
  return <FormReport form={state.data} />;
}

const OVERVIEW = 'overview';

function FormReport({ form }: { form: Form }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [filters, setFilters] = useState<OverviewFilters>(DEFAULT_FILTERS);
  // The range counts back from when the filters were set, so re-renders do not move it (nor refetch).
  const [now, setNow] = useState(() => new Date());
  const [tab, setTab] = useState(OVERVIEW);
  const special = useMemo(() => specialReportTabs(form), [form]);
  const published = form.published;
  const fields = useMemo(() => (published ? reportableFields(published.schema, published.uiSchema) : []), [published]);
  const name = formTitle(form, locale);
  const changeFilters = (next: OverviewFilters) => {
    setNow(new Date());
    setFilters(next);
  };
  const tabs = [{ id: OVERVIEW, label: t('reports.page.overview') }, ...special.map((s) => ({ id: s.id, label: t(s.labelKey) }))];
  const current = special.find((s) => s.id === tab);

  return (
    <main className="fl-main fl-main--wide fl-report-page">
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <div className="fl-breadcrumb">
            <Link to={`/f/${encodeURIComponent(form.id)}/submissions`}>{t('reports.page.back')}</Link>
          </div>
          <h1>{t('reports.page.title', { form: name })}</h1>
        </div>
      </div>
      {!published ? (
        <EmptyState title={t('reports.page.empty')}>
          <p>{t('reports.page.notPublished')}</p>
        </EmptyState>
      ) : (
        <>
          {tabs.length > 1 && (
            <div className="fl-report-tabs" role="tablist" aria-label={t('reports.page.tabs')}>
              {tabs.map((item) => (
                <button
                  key={item.id}
                  type="button"
                  role="tab"
                  id={`report-tab-${item.id}`}
                  aria-selected={tab === item.id}
                  aria-controls="report-tab-panel"
                  className={`fl-report-tabs__tab${tab === item.id ? ' is-active' : ''}`}
                  onClick={() => setTab(item.id)}
                >
                  {item.label}
                </button>
              ))}
            </div>
          )}
          <div
            id="report-tab-panel"
            role={tabs.length > 1 ? 'tabpanel' : undefined}
            aria-labelledby={tabs.length > 1 ? `report-tab-${tab}` : undefined}
          >
            {current ? (
              current.render()
            ) : (
              <>
                <ReportFilters fields={fields} filters={filters} locale={locale} onChange={changeFilters} />
                <Overview
                  form={form}
                  fields={fields}
                  filters={filters}
                  locale={locale}
                  now={now}
                  onClearFilters={() => changeFilters({ range: 'all', values: {} })}
                />
              </>
            )}
          </div>
        </>
      )}
    </main>
  );
}
