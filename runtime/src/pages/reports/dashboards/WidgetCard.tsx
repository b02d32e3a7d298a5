import type { DashboardWidget, SavedReport } from '@formloom/schemas';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveFile, type ExportFormat } from '../../../api/reportLibrary.ts';
import { ErrorState } from '../../../components/States.tsx';
import { useAsync } from '../../../components/useAsync.ts';
import { useLocale } from '../../../i18n/LocaleProvider.tsx';
import { ReportChart, type ChartImage } from '../../../reports/ReportChart.tsx';
import { Link } from '../../../router/Router.tsx';
import { Popover } from '../../records/Popover.tsx';
import { titleOf } from '../builder/definition.ts';
import { problemText } from '../builder/problems.ts';
import { useReportLibrary } from '../builder/useReportLibrary.ts';

/** The card's title bar and padding: what the chart does not get of the widget's height. */
const CARD_CHROME_PX = 64;

/**
 * One widget: its saved report's figures (computed with the dashboard owner's access, so everyone it is
 * shared with sees the same numbers), with a menu to open it in the builder, download it, or take it off.
 */
export function WidgetCard({
  dashboardId,
  widget,
  report,
  height,
  canEdit,
  onRemove,
}: {
  dashboardId: string;
  widget: DashboardWidget;
  /** Undefined when the report is gone (deleted) or not visible. */
  report: SavedReport | undefined;
  /** The card's height in px on the grid; undefined in the phone stack (the chart picks its own). */
  height?: number;
  canEdit: boolean;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const library = useReportLibrary();
  const result = useAsync(() => library.queryWidget(dashboardId, widget.id), [library, dashboardId, widget.id, widget.reportId]);
  const chart = useRef<ChartImage>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const title = report ? titleOf(report.definition, locale, t('reportBuilder.untitled')) : t('dashboards.widget.missing');

  const download = async (format: ExportFormat | 'png') => {
    setProblem(null);
    try {
      if (format === 'png') {
        if (!chart.current) throw new Error(t('reportBuilder.export.notReady'));
        saveFile({ blob: await chart.current.toPng(), fileName: `${title}.png` });
      } else {
        saveFile(await library.exportWidget(dashboardId, widget.id, format));
      }
    } catch (err) {
      setProblem(problemText(err, t));
    }
  };

  return (
    <article className="fl-widget fl-card" aria-label={title} data-widget={widget.id}>
      <header className="fl-widget__head">
        <h2 className="fl-widget__title">{title}</h2>
        <Popover label={t('dashboards.widget.menu')} className="fl-widget__menu">
          {(close) => (
            <ul className="fl-menu" role="menu" aria-label={t('dashboards.widget.menuOf', { title })}>
              {report && (
                <li role="none">
                  <Link role="menuitem" className="fl-menu__item" to={`/reports/${encodeURIComponent(report.id)}`}>
                    {t('dashboards.widget.open')}
                  </Link>
                </li>
              )}
              {(['png', 'csv', 'xlsx'] as const).map((format) => (
                <li role="none" key={format}>
                  <button
                    type="button"
                    role="menuitem"
                    className="fl-menu__item"
                    disabled={result.status !== 'ok'}
                    onClick={() => {
                      close();
                      void download(format);
                    }}
                  >
                    {t(`reportBuilder.export.${format}`)}
                  </button>
                </li>
              ))}
              {canEdit && (
                <li role="none">
                  <button
                    type="button"
                    role="menuitem"
                    className="fl-menu__item fl-menu__item--danger"
                    onClick={() => {
                      close();
                      onRemove();
                    }}
                  >
                    {t('dashboards.widget.remove')}
                  </button>
                </li>
              )}
            </ul>
          )}
        </Popover>
      </header>
      {problem && (
        <p className="fl-alert fl-alert--error" role="alert">
          {problem}
        </p>
      )}
      <div className="fl-widget__body">
        {result.status === 'loading' ? (
          <div className="fl-widget__loading" role="status">
            <span className="fl-spinner" aria-hidden="true" /> <span>{t('common.loading')}</span>
          </div>
        ) : result.status === 'error' ? (
          <ErrorState error={result.error} onRetry={result.reload} />
        ) : report ? (
          <ReportChart
            ref={chart}
            definition={report.definition}
            result={result.data}
            height={height ? Math.max(120, height - CARD_CHROME_PX) : undefined}
          />
        ) : null}
      </div>
    </article>
  );
}
