/**
 * A report result as an ECharts option, built here (not in the runtime) because the server draws the
 * very same option to SVG → PNG for digest emails. So the option is plain JSON: no functions (no
 * formatter callbacks), every label already formatted in the locale, and nothing from echarts imported.
 * `table` and `pivot` have no option: they are HTML tables (and rows in the email).
 */
import type { Locale } from '../i18n/locales.ts';
import type { ChartType, MeasureOp, ReportCell, ReportColumn, ReportLabel, ReportResult } from '../models/reports.ts';
import { chartNumber, formatCell, formatMoney, formatNumber, labelIn } from './format.ts';

/** What of a definition the chart reads (an input or a parsed definition both fit). */
export interface ChartDefinition {
  title?: ReportLabel;
  chart?: { type: ChartType; stacked?: boolean };
  /** Read to know whether a missing day counts as 0 (count, sum) or as no value. */
  measures?: readonly { op: MeasureOp }[];
}

export interface ChartOptionOptions {
  /** Drawn once for an image (digest emails, PNG export): no animation. */
  static?: boolean;
}

export type ChartOption = Record<string, unknown>;

/** The app's palette (runtime/src/styles/global.css primary first), readable on white. */
export const CHART_COLORS = ['#2f5bea', '#1f8a4c', '#e0822f', '#8a4fd8', '#c0352b', '#1597a5', '#b58b00', '#d14e8f', '#5d6677', '#7ea3ff'];
const TEXT = '#1b2230';
const MUTED = '#5d6677';
const NO_DATA: ReportLabel = { en: 'No data for these filters', 'zh-Hant': '沒有符合篩選條件的資料' };

interface Split {
  dims: { column: ReportColumn; index: number }[];
  measures: { column: ReportColumn; index: number }[];
}

function split(result: ReportResult): Split {
  const withIndex = result.columns.map((column, index) => ({ column, index }));
  return { dims: withIndex.filter((c) => c.column.role === 'dimension'), measures: withIndex.filter((c) => c.column.role === 'measure') };
}

const isMoney = (column: ReportColumn) => column.type === 'money';
/** Counts are whole: no 0.5 ticks on their axis. */
const countsOnly = (def: ChartDefinition) =>
  (def.measures?.length ?? 0) > 0 && def.measures!.every((m) => m.op === 'count' || m.op === 'countDistinct');

/** Axis ticks of a money measure read HK$… through ECharts' string template (a function would not survive JSON). */
function valueAxis(measure: ReportColumn | undefined): ChartOption {
  return {
    type: 'value',
    axisLabel: { color: MUTED, ...(measure && isMoney(measure) ? { formatter: 'HK${value}' } : {}) },
    splitLine: { lineStyle: { color: '#eef0f4' } },
  };
}

function base(opts: ChartOptionOptions): ChartOption {
  return {
    color: CHART_COLORS,
    backgroundColor: '#ffffff',
    textStyle: { color: TEXT },
    ...(opts.static ? { animation: false } : {}),
  };
}

/** A centred message in place of a chart, so an empty result still draws (and mails) as a picture. */
function message(text: string, opts: ChartOptionOptions): ChartOption {
  return {
    ...base(opts),
    graphic: [{ type: 'text', left: 'center', top: 'middle', style: { text, fill: MUTED, fontSize: 14 } }],
  };
}

function uniqueInOrder<T extends string>(values: T[]): T[] {
  return [...new Set(values)];
}

/**
 * bar / line: categories from the first dimension; a second dimension makes a series per value
 * (stacked when asked), otherwise a series per measure. No dimension: one bar per measure.
 */
function cartesian(type: 'bar' | 'line', def: ChartDefinition, given: ReportResult, locale: Locale, opts: ChartOptionOptions): ChartOption {
  const result = withDateGaps(def, given);
  const { dims, measures } = split(result);
  const cell = (row: ReportResult['rows'][number], c: { column: ReportColumn; index: number }) =>
    formatCell(row[c.index] ?? null, c.column, result.labels, locale);
  const stacked = def.chart?.stacked === true;
  const d0 = dims[0];
  // Measures of different kinds (an amount and a count) each get their own axis, so neither is flattened.
  const scales = measures.map((m, i) => scaleOf(m.column, def.measures?.[i]?.op));
  const scaleOrder = uniqueInOrder(scales);
  const twoScales = Boolean(d0) && !dims[1] && scaleOrder.length > 1;
  const axisOf = scales.map((scale) => Math.min(scaleOrder.indexOf(scale), 1));
  let categories: string[];
  let series: ChartOption[];
  if (!d0) {
    categories = measures.map((m) => labelIn(m.column.label, locale));
    series = [{ type, name: '', data: measures.map((m) => chartNumber(result.rows[0]?.[m.index] ?? null)) }];
  } else if (dims[1] && measures[0]) {
    const d1 = dims[1];
    const m0 = measures[0];
    categories = uniqueInOrder(result.rows.map((r) => cell(r, d0)));
    const groups = uniqueInOrder(result.rows.map((r) => cell(r, d1)));
    series = groups.map((group) => {
      const byCategory = new Map<string, number | null>();
      for (const row of result.rows) if (cell(row, d1) === group) byCategory.set(cell(row, d0), chartNumber(row[m0.index] ?? null));
      return {
        type,
        name: group,
        ...(stacked ? { stack: 'total' } : {}),
        ...(type === 'line' ? { showSymbol: categories.length <= 14 } : {}),
        data: categories.map((c) => byCategory.get(c) ?? (stacked ? 0 : null)),
      };
    });
  } else {
    categories = result.rows.map((r) => cell(r, d0));
    series = measures.map((m, i) => ({
      type,
      name: labelIn(m.column.label, locale),
      ...(twoScales ? { yAxisIndex: axisOf[i] } : {}),
      ...(stacked && type === 'line' && !twoScales ? { stack: 'total', areaStyle: {} } : {}),
      ...(type === 'line' ? { showSymbol: categories.length <= 14 } : {}),
      data: result.rows.map((r) => chartNumber(r[m.index] ?? null)),
    }));
  }
  // A few categories: every label shown, long ones wrapped; many: every label that fits, slanted.
  const crowded = categories.length > 8;
  return {
    ...base(opts),
    tooltip: { trigger: 'axis', confine: true },
    ...(series.length > 1 ? { legend: { type: 'scroll', top: 0, textStyle: { color: TEXT } } } : {}),
    grid: { left: 8, right: 16, top: series.length > 1 ? 36 : 16, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: categories,
      axisLabel: { color: MUTED, hideOverlap: true, ...(crowded ? { rotate: 40 } : { interval: 0, width: 84, overflow: 'break' }) },
      axisTick: { alignWithLabel: true },
    },
    yAxis: twoScales
      ? scaleOrder.slice(0, 2).map((scale, axis) => {
          const first = measures[scales.indexOf(scale)].column;
          return {
            ...valueAxis(first),
            ...(scale === 'count' ? { minInterval: 1 } : {}),
            ...(axis === 1 ? { splitLine: { show: false } } : {}),
          };
        })
      : { ...valueAxis(measures[0]?.column), ...(countsOnly(def) ? { minInterval: 1 } : {}) },
    series,
  };
}

/** What a measure's axis counts in: money, whole counts, or other numbers. */
function scaleOf(column: ReportColumn, op: MeasureOp | undefined): 'money' | 'count' | 'number' {
  if (isMoney(column)) return 'money';
  return op === 'count' || op === 'countDistinct' ? 'count' : 'number';
}

function pie(result: ReportResult, locale: Locale, opts: ChartOptionOptions): ChartOption {
  const { dims, measures } = split(result);
  const d0 = dims[0];
  const m0 = measures[0];
  const data =
    d0 && m0
      ? result.rows.map((r) => ({
          name: formatCell(r[d0.index] ?? null, d0.column, result.labels, locale),
          value: chartNumber(r[m0.index] ?? null),
        }))
      : measures.map((m) => ({ name: labelIn(m.column.label, locale), value: chartNumber(result.rows[0]?.[m.index] ?? null) }));
  return {
    ...base(opts),
    tooltip: { trigger: 'item', confine: true },
    // A few names wrap onto a second line; many scroll, rather than pushing the pie off the card.
    legend: { type: data.length <= 8 ? 'plain' : 'scroll', bottom: 0, textStyle: { color: TEXT } },
    series: [
      {
        type: 'pie',
        name: m0 ? labelIn(m0.column.label, locale) : '',
        radius: ['32%', '70%'],
        center: ['50%', '45%'],
        // Names are in the legend; on the slice only its share, which fits at any width (outside labels
        // are cut off on a phone).
        label: { position: 'inside', formatter: '{d}%', color: '#ffffff', fontWeight: 'bold' },
        labelLayout: { hideOverlap: true },
        data,
      },
    ],
  };
}

const MAX_FILLED = 1000;

/** The next bucket's first day after `day` (a `YYYY-MM-DD` bucket key). */
function nextBucket(day: string, bucket: 'day' | 'week' | 'month'): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (bucket === 'month') d.setUTCMonth(d.getUTCMonth() + 1, 1);
  else d.setUTCDate(d.getUTCDate() + (bucket === 'week' ? 7 : 1));
  return d.toISOString().slice(0, 10);
}

/**
 * A time series by day, week or month has no row for a period without submissions; on a category axis
 * that period would silently vanish. So the periods between the first and the last are put back: 0 for
 * counts and sums (nothing happened), no value otherwise. Only for one date dimension in ascending order.
 */
function withDateGaps(def: ChartDefinition, result: ReportResult): ReportResult {
  const { dims, measures } = split(result);
  const d0 = dims[0];
  const bucket = d0?.column.bucket;
  if (!d0 || dims.length !== 1 || d0.column.type !== 'date' || (bucket !== 'day' && bucket !== 'week' && bucket !== 'month')) return result;
  const keys = result.rows.map((r) => r[d0.index]);
  if (
    keys.some((k) => typeof k !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(k)) ||
    keys.some((k, i) => i > 0 && String(k) <= String(keys[i - 1]))
  )
    return result;
  const additive = (def.measures ?? []).map((m) => m.op === 'count' || m.op === 'sum');
  const byKey = new Map(result.rows.map((r) => [String(r[d0.index]), r]));
  const rows: ReportCell[][] = [];
  const last = String(keys[keys.length - 1]);
  for (let day = String(keys[0]); day <= last && rows.length < MAX_FILLED; day = nextBucket(day, bucket)) {
    rows.push(
      byKey.get(day) ??
        result.columns.map((_c, i) => (i === d0.index ? day : additive[measures.findIndex((m) => m.index === i)] ? 0 : null)),
    );
  }
  return rows.length < MAX_FILLED ? { ...result, rows } : result;
}

/** Whole years a calendar heat map needs, so several years stack as rows instead of shrinking to dots. */
function calendarRanges(days: string[]): { multi: boolean; ranges: (string | [string, string])[] } {
  const sorted = [...days].sort();
  const first = sorted[0] as string;
  const last = sorted[sorted.length - 1] as string;
  if (daysBetween(first, last) <= 366) {
    // At least six months, whole months at both ends: a few weeks alone would stretch into long bars.
    const start = daysBetween(first, last) < MIN_CALENDAR_DAYS ? addDays(last, -MIN_CALENDAR_DAYS) : first;
    return { multi: false, ranges: [[`${start.slice(0, 7)}-01`, endOfMonth(last)]] };
  }
  const years: string[] = [];
  for (let y = Number(first.slice(0, 4)); y <= Number(last.slice(0, 4)); y++) years.push(String(y));
  return { multi: true, ranges: years };
}

const MIN_CALENDAR_DAYS = 160;

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

function endOfMonth(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${day.slice(0, 7)}-${String(last).padStart(2, '0')}`;
}

const CALENDAR_HEIGHT = 150;

function heatmap(def: ChartDefinition, result: ReportResult, locale: Locale, opts: ChartOptionOptions): ChartOption {
  const { dims, measures } = split(result);
  const d0 = dims[0];
  const m0 = measures[0];
  if (!d0 || !m0) return cartesian('bar', def, result, locale, opts);
  const values = result.rows.map((r) => chartNumber(r[m0.index] ?? null) ?? 0);
  const max = Math.max(1, ...values);
  const visualMap = {
    min: 0,
    max,
    type: 'continuous',
    orient: 'horizontal',
    left: 'center',
    bottom: 0,
    itemHeight: 120,
    itemWidth: 12,
    text: [isMoney(m0.column) ? formatMoney(max, locale) : formatNumber(max, locale), '0'],
    textStyle: { color: MUTED },
    inRange: { color: ['#eaf0ff', '#2f5bea', '#17307f'] },
  };
  if (d0.column.type === 'date' && (d0.column.bucket === 'day' || !d0.column.bucket)) {
    const rows = result.rows.filter((r) => typeof r[d0.index] === 'string');
    if (rows.length === 0) return message(labelIn(NO_DATA, locale), opts);
    const days = rows.map((r) => String(r[d0.index]).slice(0, 10));
    const { multi, ranges } = calendarRanges(days);
    const calendars = ranges.map((range, i) => ({
      range,
      top: 30 + i * CALENDAR_HEIGHT,
      left: 40,
      right: 16,
      cellSize: ['auto', 14],
      orient: 'horizontal',
      yearLabel: { show: multi, color: MUTED },
      dayLabel: { firstDay: 1, nameMap: locale === 'zh-Hant' ? 'ZH' : 'EN', color: MUTED, fontSize: 10 },
      monthLabel: { nameMap: locale === 'zh-Hant' ? 'ZH' : 'EN', color: MUTED, fontSize: 10 },
      itemStyle: { borderColor: '#ffffff', borderWidth: 2, color: '#f5f6f8' },
      splitLine: { show: false },
    }));
    const series = calendars.map((_c, i) => ({
      type: 'heatmap',
      coordinateSystem: 'calendar',
      calendarIndex: i,
      name: labelIn(m0.column.label, locale),
      data: rows
        .map((r) => [String(r[d0.index]).slice(0, 10), chartNumber(r[m0.index] ?? null) ?? 0] as [string, number])
        .filter(([day]) => !multi || day.slice(0, 4) === ranges[i]),
    }));
    return { ...base(opts), tooltip: { trigger: 'item', confine: true }, visualMap, calendar: calendars, series };
  }
  // Two categorical dimensions: a grid of d0 × d1.
  const d1 = dims[1];
  if (!d1) return cartesian('bar', def, result, locale, opts);
  const cell = (r: ReportResult['rows'][number], c: { column: ReportColumn; index: number }) =>
    formatCell(r[c.index] ?? null, c.column, result.labels, locale);
  const xs = uniqueInOrder(result.rows.map((r) => cell(r, d0)));
  const ys = uniqueInOrder(result.rows.map((r) => cell(r, d1)));
  return {
    ...base(opts),
    tooltip: { trigger: 'item', confine: true },
    grid: { left: 8, right: 16, top: 16, bottom: 48, containLabel: true },
    xAxis: { type: 'category', data: xs, axisLabel: { color: MUTED, hideOverlap: true } },
    yAxis: { type: 'category', data: ys, axisLabel: { color: MUTED } },
    visualMap,
    series: [
      {
        type: 'heatmap',
        name: labelIn(m0.column.label, locale),
        data: result.rows.map((r) => [xs.indexOf(cell(r, d0)), ys.indexOf(cell(r, d1)), chartNumber(r[m0.index] ?? null) ?? 0]),
        label: { show: xs.length * ys.length <= 60, color: TEXT },
      },
    ],
  };
}

/** The number card's figure: the first measure of the first row (a number card has no dimension). */
export function numberCardValue(result: ReportResult, locale: Locale): { value: string; label: string } | null {
  const m0 = split(result).measures[0];
  if (!m0) return null;
  return {
    value: formatCell(result.rows[0]?.[m0.index] ?? (m0.column.type === 'number' ? 0 : null), m0.column, result.labels, locale),
    label: labelIn(m0.column.label, locale),
  };
}

function numberCard(def: ChartDefinition, result: ReportResult, locale: Locale, opts: ChartOptionOptions): ChartOption {
  const card = numberCardValue(result, locale);
  if (!card) return message(labelIn(NO_DATA, locale), opts);
  const caption = def.title ? labelIn(def.title, locale) : card.label;
  return {
    ...base(opts),
    graphic: [
      { type: 'text', left: 'center', top: '30%', style: { text: card.value, fill: TEXT, fontSize: 44, fontWeight: 'bold' } },
      { type: 'text', left: 'center', top: '62%', style: { text: caption, fill: MUTED, fontSize: 15 } },
    ],
  };
}

/**
 * The ECharts option for a report result in a locale, or null for `table` and `pivot` (HTML tables).
 * An empty result gives a "no data" picture rather than empty axes.
 */
export function chartOptionFor(
  definition: ChartDefinition,
  result: ReportResult,
  locale: Locale,
  opts: ChartOptionOptions = {},
): ChartOption | null {
  const type = definition.chart?.type ?? 'table';
  if (type === 'table' || type === 'pivot') return null;
  if (type === 'number') return numberCard(definition, result, locale, opts);
  if (result.rows.length === 0) return message(labelIn(NO_DATA, locale), opts);
  if (type === 'pie') return pie(result, locale, opts);
  if (type === 'heatmap') return heatmap(definition, result, locale, opts);
  return cartesian(type, definition, result, locale, opts);
}

/** A height in px that fits the option: calendars stack per year; everything else a fixed 300 (number cards 180). */
export function chartHeightFor(option: ChartOption | null): number {
  if (!option) return 300;
  const calendars = option.calendar;
  if (Array.isArray(calendars)) return 30 + calendars.length * CALENDAR_HEIGHT + 30;
  if (!option.series && option.graphic) return 180;
  return 300;
}
