import type { Dashboard, SavedReport } from '@formloom/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useAsync } from '../../components/useAsync.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { Link, useNavigate } from '../../router/Router.tsx';
import { useUser } from '../../session/SessionProvider.tsx';
import { dateTimeFormat } from '../submissionColumns.ts';
import { titleOf } from './builder/definition.ts';
import { problemText } from './builder/problems.ts';
import { useReportLibrary } from './builder/useReportLibrary.ts';
import { NameInputs } from './dashboards/AddToDashboard.tsx';
import { dashboardName } from './dashboards/layout.ts';
import './builder/builder.css';

/** /reports: my saved reports and dashboards, dashboards shared with me, other reports in my apps. */
export default function ReportsHomePage() {
  const { t } = useTranslation();
  const library = useReportLibrary();
  const me = useUser();
  const data = useAsync(async () => {
    const [reports, dashboards] = await Promise.all([library.listReports(), library.listDashboards()]);
    return { reports, dashboards };
  }, [library]);

  return (
    <main className="fl-main fl-reports">
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{t('reportBuilder.home.title')}</h1>
          <p>{t('reportBuilder.home.intro')}</p>
        </div>
        <div className="fl-page-head__actions">
          <Link to="/reports/new" className="fl-btn fl-btn--primary">
            {t('reportBuilder.home.newReport')}
          </Link>
          <NewDashboard />
        </div>
      </div>
      {data.status === 'loading' ? (
        <Loading />
      ) : data.status === 'error' ? (
        <ErrorState error={data.error} onRetry={data.reload} />
      ) : (
        <>
          <DashboardList
            title={t('reportBuilder.home.myDashboards')}
            empty={t('reportBuilder.home.noDashboards')}
            items={data.data.dashboards.filter((d) => d.ownerId === me.id)}
          />
          <DashboardList
            // Admins are answered every dashboard, not only those shared with them.
            title={me.role === 'admin' ? t('reportBuilder.home.otherDashboards') : t('reportBuilder.home.sharedDashboards')}
            empty={t('reportBuilder.home.noShared')}
            items={data.data.dashboards.filter((d) => d.ownerId !== me.id)}
          />
          <ReportList
            title={t('reportBuilder.home.myReports')}
            empty={t('reportBuilder.home.noReports')}
            items={data.data.reports.filter((r) => r.ownerId === me.id)}
          />
          {data.data.reports.some((r) => r.ownerId !== me.id) && (
            <ReportList
              title={t('reportBuilder.home.otherReports')}
              empty=""
              items={data.data.reports.filter((r) => r.ownerId !== me.id)}
            />
          )}
        </>
      )}
    </main>
  );
}

function DashboardList({ title, empty, items }: { title: string; empty: string; items: Dashboard[] }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <section className="fl-reports__section" aria-label={title}>
      <h2>{title}</h2>
      {items.length === 0 ? (
        <p className="fl-rb-hint">{empty}</p>
      ) : (
        <ul className="fl-reports__list">
          {items.map((d) => (
            <li key={d.id} className="fl-card fl-reports__item">
              <Link to={`/dashboards/${encodeURIComponent(d.id)}`}>{dashboardName(d, locale, t('dashboards.untitled'))}</Link>
              <span className="fl-rb-hint">
                {t('reportBuilder.home.widgets', { count: d.widgets.length })}
                {d.shares.length > 0 && d.canEdit ? ` · ${t('reportBuilder.home.shared', { count: d.shares.length })}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ReportList({ title, empty, items }: { title: string; empty: string; items: SavedReport[] }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const when = dateTimeFormat(locale, 'medium');
  return (
    <section className="fl-reports__section" aria-label={title}>
      <h2>{title}</h2>
      {items.length === 0 ? (
        <p className="fl-rb-hint">{empty}</p>
      ) : (
        <ul className="fl-reports__list">
          {items.map((r) => (
            <li key={r.id} className="fl-card fl-reports__item">
              <Link to={`/reports/${encodeURIComponent(r.id)}`}>{titleOf(r.definition, locale, t('reportBuilder.untitled'))}</Link>
              <span className="fl-rb-hint">
                {t(`reportBuilder.chart.${r.definition.chart.type}`)} · {t('reportBuilder.home.updated', { at: when(r.updatedAt) })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** "New dashboard": names it (English and Chinese) and opens it. */
function NewDashboard() {
  const { t } = useTranslation();
  const library = useReportLibrary();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState({ en: '', 'zh-Hant': '' });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  if (!open) {
    return (
      <button type="button" className="fl-btn fl-btn--secondary" onClick={() => setOpen(true)}>
        {t('reportBuilder.home.newDashboard')}
      </button>
    );
  }
  const missing = !name.en.trim() && !name['zh-Hant'].trim();
  return (
    <form
      className="fl-card fl-rb-dialog fl-reports__new"
      aria-label={t('reportBuilder.home.newDashboard')}
      onSubmit={async (e) => {
        e.preventDefault();
        if (missing) return;
        setBusy(true);
        setProblem(null);
        try {
          const created = await library.createDashboard({
            name: { en: name.en.trim(), 'zh-Hant': name['zh-Hant'].trim() },
            widgets: [],
            shares: [],
          });
          navigate(`/dashboards/${encodeURIComponent(created.id)}`);
        } catch (err) {
          setProblem(problemText(err, t));
          setBusy(false);
        }
      }}
    >
      <NameInputs value={name} onChange={setName} />
      {problem && (
        <p className="fl-alert fl-alert--error" role="alert">
          {problem}
        </p>
      )}
      <div className="fl-rb-dialog__actions">
        <button type="button" className="fl-btn fl-btn--ghost" onClick={() => setOpen(false)}>
          {t('dashboards.cancel')}
        </button>
        <button type="submit" className="fl-btn fl-btn--primary" disabled={busy || missing}>
          {t('reportBuilder.home.create')}
        </button>
      </div>
    </form>
  );
}
