/**
 * A report result as rows of display text: the `table` chart as it is, and the `pivot` chart as first
 * dimension (rows) × second dimension (columns) of the first measure. The page's HTML tables, their
 * PNG pictures and the digest emails draw these, so all of them read the same.
 */
import { stripFloatNoise } from '../calc/rounding.ts';
import type { Locale } from '../i18n/locales.ts';
import type { MeasureOp, ReportCell, ReportColumn, ReportLabel, ReportResult } from '../models/reports.ts';
import { formatCell, labelIn } from './format.ts';

export interface TextTable {
  header: string[];
  rows: string[][];
  /** Columns of numbers or money, drawn right-aligned. */
  numeric: boolean[];
  /** The pivot's last row (column totals), when the measure adds up. */
  footer?: string[];
}

const TOTAL: ReportLabel = { en: 'Total', 'zh-Hant': '合計' };
/** Measures whose parts add up to the whole; an average of averages would be wrong, so those get no totals. */
const ADDITIVE: ReadonlySet<MeasureOp> = new Set(['count', 'sum']);

const isNumeric = (column: ReportColumn) => column.role === 'measure' && (column.type === 'number' || column.type === 'money');

export function reportTable(result: ReportResult, locale: Locale): TextTable {
  return {
    header: result.columns.map((c) => labelIn(c.label, locale)),
    rows: result.rows.map((row) => result.columns.map((c, i) => formatCell(row[i] ?? null, c, result.labels, locale))),
    numeric: result.columns.map(isNumeric),
  };
}

/** Adds exactly: money in whole cents, other numbers without binary float noise. */
function add(a: number, b: number, money: boolean): number {
  return money ? (Math.round(a * 100) + Math.round(b * 100)) / 100 : stripFloatNoise(a + b);
}

/**
 * The pivot of the first two dimensions by the first measure; with fewer than two dimensions it is the
 * plain table. Totals (row, column and grand) only for count and sum (`measureOp`).
 */
export function pivotTable(result: ReportResult, locale: Locale, measureOp?: MeasureOp): TextTable {
  const dims = result.columns.map((c, i) => ({ c, i })).filter((x) => x.c.role === 'dimension');
  const m = result.columns.map((c, i) => ({ c, i })).find((x) => x.c.role === 'measure');
  const [d0, d1] = dims;
  if (!d0 || !d1 || !m) return reportTable(result, locale);
  const key = (v: ReportCell | undefined) => JSON.stringify(v ?? null);
  const rowKeys = new Map<string, ReportCell>();
  const colKeys = new Map<string, ReportCell>();
  const cells = new Map<string, ReportCell>();
  for (const row of result.rows) {
    rowKeys.set(key(row[d0.i]), row[d0.i] ?? null);
    colKeys.set(key(row[d1.i]), row[d1.i] ?? null);
    cells.set(`${key(row[d0.i])}|${key(row[d1.i])}`, row[m.i] ?? null);
  }
  const money = m.c.type === 'money';
  const totals = measureOp !== undefined && ADDITIVE.has(measureOp);
  const show = (v: ReportCell) => formatCell(v, m.c, result.labels, locale);
  const columnSums = [...colKeys.keys()].map(() => 0);
  let grand = 0;
  const rows = [...rowKeys].map(([rk, rv]) => {
    let sum = 0;
    const line = [...colKeys.keys()].map((ck, j) => {
      const v = cells.get(`${rk}|${ck}`);
      if (typeof v === 'number') {
        sum = add(sum, v, money);
        columnSums[j] = add(columnSums[j] ?? 0, v, money);
      }
      return v === undefined ? (totals ? show(0) : '') : show(v);
    });
    grand = add(grand, sum, money);
    return [formatCell(rv, d0.c, result.labels, locale), ...line, ...(totals ? [show(sum)] : [])];
  });
  const colHeader = [...colKeys.values()].map((v) => formatCell(v, d1.c, result.labels, locale));
  const total = labelIn(TOTAL, locale);
  return {
    header: [labelIn(d0.c.label, locale), ...colHeader, ...(totals ? [total] : [])],
    rows,
    numeric: [false, ...colHeader.map(() => true), ...(totals ? [true] : [])],
    ...(totals ? { footer: [total, ...columnSums.map(show), show(grand)] } : {}),
  };
}
