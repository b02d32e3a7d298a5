import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { labelIn, type AutomaticSection, type Locale, type ReportDefinition, type ReportResult } from '@formloom/schemas';
import { useApi } from '../../../api/ApiContext.tsx';
import { queryReport } from '../../../api/reports.ts';
import { useAsync } from '../../../components/useAsync.ts';
import { ReportChart, type ChartImage } from '../../../reports/ReportChart.tsx';
import { tablePng } from '../../../reports/tablePng.ts';
import { CardMenu } from './CardMenu.tsx';
import { downloadBlob, fileNameFor } from '../../../reports/download.ts';
import { builderUrl, spanDays } from './filters.ts';
import { Figures, figuresTable } from './Figures.tsx';

/** Sections that need the width: time lines and calendars span the whole row. */
const WIDE = new Set<AutomaticSection['kind']>(['overTime', 'calendar']);

interface SectionCardProps {
  section: AutomaticSection;
  definition: ReportDefinition;
  locale: Locale;
  /** Already fetched (the total, which decides whether there is anything to show). */
  result?: ReportResult;
  /** Over time: the days the range covers, drawn even where nobody submitted. */
  span?: { from: string; to: string } | null;
}

/** One automatic report section: its title, what it counts, its chart, and the menu (report builder, PNG). */
export function SectionCard({ section, definition, locale, result, span }: SectionCardProps) {
  const { t } = useTranslation();
  const api = useApi();
  const headingId = useId();
  const whatId = useId();
  const chart = useRef<ChartImage>(null);
  const [pngFailed, setPngFailed] = useState(false);
  const key = JSON.stringify(definition);
  const fetched = useAsync(async () => {
    if (result) return result;
    const data = await queryReport(api, definition);
    return span && section.kind === 'overTime' ? spanDays(data, span.from, span.to) : data;
  }, [api, key, result, span?.from, span?.to]);
  const state = result ? { status: 'ok' as const, data: result, reload: fetched.reload } : fetched;
  if (state.status === 'ok' && isUnknownPeople(section, state.data)) return null;

  const title = labelIn(section.title, locale);
  const what = section.kind === 'overTime' && definition.dimensions[0]?.bucket === 'month' ? 'overTimeMonthly' : section.kind;

  async function downloadPng() {
    setPngFailed(false);
    try {
      let blob: Blob;
      if (section.kind === 'figures' && state.status === 'ok') {
        const rows = figuresTable(state.data, locale);
        blob = await tablePng({
          title,
          header: rows.map((r) => r[0] ?? ''),
          rows: [rows.map((r) => r[1] ?? '')],
          numeric: rows.map(() => true),
        });
      } else if (chart.current) {
        blob = await chart.current.toPng();
      } else {
        throw new Error('The chart is not drawn yet.');
      }
      downloadBlob(blob, fileNameFor(title, 'png'));
    } catch {
      setPngFailed(true);
    }
  }

  return (
    <section
      className={`fl-card fl-report-card${WIDE.has(section.kind) ? ' fl-report-card--wide' : ''}`}
      aria-labelledby={`${headingId} ${whatId}`}
      data-section={section.id}
    >
      <header className="fl-report-card__head">
        <div className="fl-report-card__titles">
          <h2 id={headingId}>{title}</h2>
          <p id={whatId}>{t(`reports.section.${what}`)}</p>
        </div>
        <CardMenu title={title} builderHref={builderUrl(definition)} onDownloadPng={() => void downloadPng()} />
      </header>
      <div className="fl-report-card__body">
        {state.status === 'loading' ? (
          <div className="fl-report-card__loading" role="status" aria-label={t('common.loading')}>
            <span className="fl-spinner" aria-hidden="true" />
          </div>
        ) : state.status === 'error' ? (
          <div className="fl-report-card__error" role="alert">
            <p>{t('reports.card.failed')}</p>
            <button type="button" className="fl-btn fl-btn--secondary" onClick={state.reload}>
              {t('reports.card.retry')}
            </button>
          </div>
        ) : section.kind === 'figures' ? (
          <Figures result={state.data} locale={locale} />
        ) : (
          <ReportChart ref={chart} definition={definition} result={state.data} locale={locale} />
        )}
      </div>
      {pngFailed && (
        <p className="fl-report-card__note" role="alert">
          {t('reports.card.downloadFailed')}
        </p>
      )}
    </section>
  );
}

/** Department and submitter cards only where known: a form filled anonymously would show one "(blank)" bar. */
function isUnknownPeople(section: AutomaticSection, result: ReportResult): boolean {
  if (section.kind !== 'department' && section.kind !== 'submitter') return false;
  return result.rows.every((row) => row[0] === null);
}
