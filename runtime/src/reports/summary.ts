import type { TFunction } from 'i18next';
import { chartNumber, formatCell, labelIn, type ChartType, type Locale, type ReportResult } from '@formloom/schemas';

const MAX_POINTS = 6;

/**
 * A chart in words for screen readers: its kind, title and the first few points, highest first
 * ("Bar chart: Declarations by department. 4 values: HR 12, Operations 9, …").
 */
export function chartSummary(t: TFunction, type: ChartType, title: string, result: ReportResult, locale: Locale): string {
  const d0 = result.columns.findIndex((c) => c.role === 'dimension');
  const m0 = result.columns.findIndex((c) => c.role === 'measure');
  const kind = t(`reports.chart.kind.${type}`);
  const head = title ? t('reports.chart.summary', { kind, title }) : t('reports.chart.summaryUntitled', { kind });
  if (m0 < 0 || result.rows.length === 0) return t('reports.chart.sentences', { first: head, second: t('reports.chart.noRows') });
  const measure = result.columns[m0]!;
  const points = result.rows
    .map((row) => ({
      name: d0 >= 0 ? formatCell(row[d0] ?? null, result.columns[d0]!, result.labels, locale) : labelIn(measure.label, locale),
      value: row[m0] ?? null,
    }))
    .sort((a, b) => (chartNumber(b.value) ?? 0) - (chartNumber(a.value) ?? 0))
    .slice(0, MAX_POINTS)
    .map((p) => `${p.name} ${formatCell(p.value, measure, result.labels, locale)}`);
  const more = result.rows.length > MAX_POINTS ? '…' : '';
  const list = [...points, ...(more ? [more] : [])].join(t('reports.chart.separator'));
  // Chinese puts no space after a full stop.
  return t('reports.chart.sentences', { first: head, second: t('reports.chart.points', { count: result.rows.length, list }) });
}
