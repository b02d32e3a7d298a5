import type { Dashboard, DashboardBody } from '@formloom/schemas';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/errors.ts';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useAsync } from '../../components/useAsync.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { Link, useNavigate } from '../../router/Router.tsx';
import { problemText } from './builder/problems.ts';
import { useReportLibrary } from './builder/useReportLibrary.ts';
import { NameInputs } from './dashboards/AddToDashboard.tsx';
import { DashboardGrid } from './dashboards/DashboardGrid.tsx';
import { dashboardName } from './dashboards/layout.ts';
import { SharePanel } from './dashboards/SharePanel.tsx';
import { DigestsPanel } from './digests/DigestsPanel.tsx';
import './builder/builder.css';
import './dashboards/dashboards.css';

type Panel = 'rename' | 'share' | 'digests' | 'delete' | null;

/** /dashboards/:dashboardId: the widgets on their grid, and for its editors renaming, sharing, digests and deleting. */
export default function DashboardPage({ dashboardId }: { dashboardId: string }) {
  const library = useReportLibrary();
  const loaded = useAsync(() => library.getDashboard(dashboardId), [library, dashboardId]);
  return (
    <main className="fl-main fl-dash">
      {loaded.status === 'loading' ? (
        <Loading />
      ) : loaded.status === 'error' ? (
        <ErrorState error={loaded.error} onRetry={loaded.reload} />
      ) : (
        <DashboardView key={loaded.data.updatedAt + String(loaded.data.revision)} initial={loaded.data} onReload={loaded.reload} />
      )}
    </main>
  );
}

function DashboardView({ initial, onReload }: { initial: Dashboard; onReload: () => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const library = useReportLibrary();
  const navigate = useNavigate();
  const [dashboard, setDashboard] = useState(initial);
  const [panel, setPanel] = useState<Panel>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [name, setName] = useState(initial.name);
  useEffect(() => setName(dashboard.name), [dashboard.name]);
  const title = dashboardName(dashboard, locale, t('dashboards.untitled'));

  // Changes go one after another, each with the revision the previous one left, so two quick moves
  // do not refuse each other as a conflict.
  const latest = useRef(dashboard);
  latest.current = dashboard;
  const queue = useRef<Promise<void>>(Promise.resolve());
  const patch = (change: Partial<DashboardBody>, after?: () => void) => {
    queue.current = queue.current.then(async () => {
      setBusy(true);
      setProblem(null);
      const before = latest.current;
      // Moves show at once; a refused save puts the dashboard back as the server has it.
      if (change.widgets) setDashboard({ ...before, widgets: change.widgets });
      try {
        const saved = await library.updateDashboard(before.id, { ...change, revision: before.revision });
        latest.current = saved;
        setDashboard(saved);
        after?.();
      } catch (err) {
        setDashboard(before);
        // Someone else changed it meanwhile: show theirs rather than overwrite it.
        if (isApiError(err, 'dashboard_conflict')) setConflict(true);
        else setProblem(problemText(err, t));
      } finally {
        setBusy(false);
      }
    });
  };

  const remove = async () => {
    setBusy(true);
    try {
      await library.deleteDashboard(dashboard.id);
      navigate('/reports', { replace: true });
    } catch (err) {
      setProblem(problemText(err, t));
      setBusy(false);
    }
  };

  const toggle = (p: Panel) => setPanel(panel === p ? null : p);
  return (
    <>
      <nav className="fl-breadcrumb" aria-label={t('reportBuilder.breadcrumb')}>
        <Link to="/reports">{t('reportBuilder.backToReports')}</Link>
      </nav>
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{title}</h1>
          {!dashboard.canEdit && <p>{t('dashboards.sharedWithYou')}</p>}
        </div>
        {dashboard.canEdit && (
          <div className="fl-page-head__actions fl-rb-actions">
            <button type="button" className="fl-btn fl-btn--secondary" aria-expanded={panel === 'share'} onClick={() => toggle('share')}>
              {t('dashboards.share.button', { count: dashboard.shares.length })}
            </button>
            <button
              type="button"
              className="fl-btn fl-btn--secondary"
              aria-expanded={panel === 'digests'}
              onClick={() => toggle('digests')}
            >
              {t('digests.button')}
            </button>
            <button type="button" className="fl-btn fl-btn--ghost" aria-expanded={panel === 'rename'} onClick={() => toggle('rename')}>
              {t('dashboards.rename')}
            </button>
            <button
              type="button"
              className="fl-btn fl-btn--ghost fl-dash__delete"
              aria-expanded={panel === 'delete'}
              onClick={() => toggle('delete')}
            >
              {t('dashboards.delete')}
            </button>
          </div>
        )}
      </div>
      {problem && (
        <p className="fl-alert fl-alert--error" role="alert">
          {problem}
        </p>
      )}
      {conflict && (
        <div className="fl-alert fl-alert--warning" role="alert">
          <p>{t('dashboards.conflict')}</p>
          <div className="fl-alert__actions">
            <button type="button" className="fl-btn fl-btn--secondary" onClick={onReload}>
              {t('dashboards.reload')}
            </button>
          </div>
        </div>
      )}
      {panel === 'share' && (
        <SharePanel
          shares={dashboard.shares}
          busy={busy}
          onSave={(shares) => patch({ shares }, () => setPanel(null))}
          onClose={() => setPanel(null)}
        />
      )}
      {panel === 'digests' && <DigestsPanel target={{ kind: 'dashboard', dashboardId: dashboard.id }} onClose={() => setPanel(null)} />}
      {panel === 'rename' && (
        <form
          className="fl-card fl-rb-dialog"
          aria-label={t('dashboards.rename')}
          onSubmit={(e) => {
            e.preventDefault();
            patch({ name: { en: name.en.trim(), 'zh-Hant': name['zh-Hant'].trim() } }, () => setPanel(null));
          }}
        >
          <NameInputs value={name} onChange={setName} />
          <div className="fl-rb-dialog__actions">
            <button type="button" className="fl-btn fl-btn--ghost" onClick={() => setPanel(null)}>
              {t('dashboards.cancel')}
            </button>
            <button type="submit" className="fl-btn fl-btn--primary" disabled={busy || (!name.en.trim() && !name['zh-Hant'].trim())}>
              {t('dashboards.saveName')}
            </button>
          </div>
        </form>
      )}
      {panel === 'delete' && (
        <div className="fl-alert fl-alert--warning fl-rb-dialog" role="alertdialog" aria-label={t('dashboards.delete')}>
          <p>{t('dashboards.deleteConfirm', { name: title })}</p>
          <div className="fl-alert__actions">
            <button type="button" className="fl-btn fl-btn--ghost" onClick={() => setPanel(null)}>
              {t('dashboards.cancel')}
            </button>
            <button type="button" className="fl-btn fl-btn--primary fl-btn--danger" disabled={busy} onClick={() => void remove()}>
              {t('dashboards.deleteYes')}
            </button>
          </div>
        </div>
      )}
      {dashboard.widgets.length === 0 ? (
        <EmptyState title={t('dashboards.empty')}>
          <p>{t('dashboards.emptyHint')}</p>
          <Link to="/reports/new" className="fl-btn fl-btn--primary">
            {t('reportBuilder.home.newReport')}
          </Link>
        </EmptyState>
      ) : (
        <DashboardGrid
          dashboardId={dashboard.id}
          widgets={dashboard.widgets}
          reports={dashboard.reports}
          canEdit={dashboard.canEdit}
          onMove={(widgets) => patch({ widgets })}
          onRemove={(widgetId) => patch({ widgets: dashboard.widgets.filter((w) => w.id !== widgetId) })}
        />
      )}
    </>
  );
}
