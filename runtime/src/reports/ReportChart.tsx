import { useImperativeHandle, useMemo, useRef, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import {
  chartHeightFor,
  chartOptionFor,
  isLocale,
  labelIn,
  numberCardValue,
  pivotTable,
  reportTable,
  type ChartDefinition,
  type Locale,
  type MeasureOp,
  type ReportResult,
  type TextTable,
} from '@formloom/schemas';
import { EChart, type ChartImage } from './EChart.tsx';
import { chartSummary } from './summary.ts';
import { loadECharts } from './loadECharts.ts';
import { tablePng } from './tablePng.ts';
import { titledPng } from './titledPng.ts';
import './ReportChart.css';

export type { ChartImage };

export interface ReportChartProps {
  /** Any report definition (input or parsed); the chart type, title and first measure's op are read. */
  definition: ChartDefinition & { measures?: readonly { op: MeasureOp }[] };
  result: ReportResult;
  /** Defaults to the UI language. */
  locale?: Locale;
  /** Overrides the chart's own height (px); number cards and tables size themselves. */
  height?: number;
  ref?: Ref<ChartImage>;
}

/**
 * A report result drawn as its definition's chart type: ECharts for bar, line, pie and heatmap; HTML for
 * table, pivot and the number card (readable, selectable, and right for screen readers). Every type
 * offers `toPng()` through `ref`.
 */
export function ReportChart({ definition, result, locale, height, ref }: ReportChartProps) {
  const { t, i18n } = useTranslation();
  const lang: Locale = locale ?? (isLocale(i18n.language) ? i18n.language : 'en');
  const type = definition.chart?.type ?? 'table';
  const title = definition.title ? labelIn(definition.title, lang) : '';
  const option = useMemo(() => chartOptionFor(definition, result, lang), [definition, result, lang]);
  const table = useMemo(
    () => (type === 'pivot' ? pivotTable(result, lang, definition.measures?.[0]?.op) : reportTable(result, lang)),
    [type, result, lang, definition.measures],
  );
  const chart = useRef<ChartImage>(null);

  useImperativeHandle(
    ref,
    () => ({
      async toPng() {
        if (type === 'number' && option) {
          const kit = await loadECharts();
          return kit.optionPng({ ...option, animation: false }, 480, 220);
        }
        if (!option || type === 'table' || type === 'pivot') {
          return tablePng({
            title,
            header: table.header,
            rows: [...table.rows, ...(table.footer ? [table.footer] : [])],
            numeric: table.numeric,
          });
        }
        if (!chart.current) throw new Error('The chart is not drawn yet.');
        return titledPng(await chart.current.toPng(), title);
      },
    }),
    [type, option, table, title],
  );

  if (type === 'number') {
    const card = numberCardValue(result, lang);
    return (
      <div className="fl-report-number">
        <span className="fl-report-number__value">{card?.value ?? '–'}</span>
        <span className="fl-report-number__label">{title || card?.label}</span>
      </div>
    );
  }
  if (type === 'table' || type === 'pivot' || !option) {
    return (
      <ReportTable table={table} caption={title} rowHeaders={type === 'pivot'} truncated={result.truncated ? result.rows.length : null} />
    );
  }
  return (
    <EChart
      ref={chart}
      option={option}
      height={height ?? chartHeightFor(option)}
      label={chartSummary(t, type, title, result, lang)}
      className="fl-report-chart"
    />
  );
}

interface ReportTableProps {
  table: TextTable;
  caption: string;
  /** The pivot's first column names its row. */
  rowHeaders: boolean;
  truncated: number | null;
}

function ReportTable({ table, caption, rowHeaders, truncated }: ReportTableProps) {
  const { t } = useTranslation();
  if (table.rows.length === 0) return <p className="fl-report-empty">{t('reports.chart.noRows')}</p>;
  const align = (i: number) => (table.numeric[i] ? 'fl-report-table__num' : undefined);
  return (
    <div className="fl-report-table-wrap" tabIndex={0} role="region" aria-label={caption || t('reports.chart.table')}>
      <table className="fl-report-table">
        {caption && <caption className="fl-visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {table.header.map((h, i) => (
              <th key={i} scope="col" className={align(i)}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, i) =>
                i === 0 && rowHeaders ? (
                  <th key={i} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={i} className={align(i)}>
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
        {table.footer && (
          <tfoot>
            <tr>
              {table.footer.map((cell, i) =>
                i === 0 ? (
                  <th key={i} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={i} className={align(i)}>
                    {cell}
                  </td>
                ),
              )}
            </tr>
          </tfoot>
        )}
      </table>
      {truncated !== null && <p className="fl-report-note">{t('reports.chart.truncated', { count: truncated })}</p>}
    </div>
  );
}
