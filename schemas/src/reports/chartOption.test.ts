import { describe, expect, it } from 'vitest';
import type { ReportColumn, ReportResult } from '../models/reports.ts';
import { chartHeightFor, chartOptionFor } from './chartOption.ts';
import { formatCell, formatMoney } from './format.ts';

const label = (en: string, zh = en) => ({ en, 'zh-Hant': zh });
const dim = (id: string, type: ReportColumn['type'], extra: Partial<ReportColumn> = {}): ReportColumn => ({
  id,
  role: 'dimension',
  label: label(id),
  type,
  ...extra,
});
const measure = (id: string, type: ReportColumn['type'] = 'number', en = id, zh = en): ReportColumn => ({
  id,
  role: 'measure',
  label: label(en, zh),
  type,
});
const result = (columns: ReportColumn[], rows: ReportResult['rows'], labels: ReportResult['labels'] = {}): ReportResult => ({
  columns,
  rows,
  labels,
  truncated: false,
  computedAt: '2026-11-26T02:00:00.000Z',
});

const byDept = result(
  [dim('d0', 'department'), measure('m0', 'money', 'Total', '總額')],
  [
    ['dep-hr', 1234.5],
    ['dep-ops', 99.99],
    [null, 0.1],
  ],
  { d0: { 'dep-hr': label('Human resources', '人力資源部'), 'dep-ops': label('Operations', '營運部') } },
);

/** Nothing a JSON round trip would lose: the server mails the same option. */
function expectPlainJson(option: unknown) {
  expect(JSON.parse(JSON.stringify(option))).toEqual(option);
}

describe('formatCell', () => {
  it('names coded values, formats money to the cent and blanks', () => {
    expect(formatCell('dep-hr', byDept.columns[0]!, byDept.labels, 'zh-Hant')).toBe('人力資源部');
    expect(formatCell(null, byDept.columns[0]!, byDept.labels, 'en')).toBe('(blank)');
    expect(formatCell(null, byDept.columns[0]!, byDept.labels, 'zh-Hant')).toBe('（空白）');
    expect(formatMoney(1234.5, 'en')).toBe('HK$1,234.50');
    expect(formatMoney(-3, 'zh-Hant')).toBe('-HK$3.00');
    expect(formatCell(true, dim('d', 'boolean'), {}, 'zh-Hant')).toBe('是');
    expect(formatCell('2026-11-01', dim('d', 'date', { bucket: 'month' }), {}, 'en')).toBe('2026-11');
    expect(formatCell(1234.5678, measure('m'), {}, 'en')).toBe('1,234.57');
  });
});

describe('chartOptionFor', () => {
  it('table and pivot have no option', () => {
    expect(chartOptionFor({ chart: { type: 'table' } }, byDept, 'en')).toBeNull();
    expect(chartOptionFor({ chart: { type: 'pivot' } }, byDept, 'en')).toBeNull();
  });

  it('bar: categories named in the locale, values as numbers, HK$ axis, no animation when static', () => {
    const option = chartOptionFor({ chart: { type: 'bar' } }, byDept, 'zh-Hant', { static: true })!;
    expectPlainJson(option);
    expect(option.animation).toBe(false);
    expect((option.xAxis as { data: string[] }).data).toEqual(['人力資源部', '營運部', '（空白）']);
    expect((option.yAxis as { axisLabel: { formatter: string } }).axisLabel.formatter).toBe('HK${value}');
    const series = option.series as { type: string; name: string; data: number[] }[];
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ type: 'bar', name: '總額', data: [1234.5, 99.99, 0.1] });
    expect(chartOptionFor({ chart: { type: 'bar' } }, byDept, 'en')!.animation).toBeUndefined();
  });

  it('bar with an amount and a count: each on its own axis, the count in whole steps', () => {
    const r = result(
      [dim('d0', 'text'), measure('m0', 'money', 'Total'), measure('m1', 'number', 'Claims')],
      [
        ['travel', 1234.6, 2],
        ['meals', 65.4, 3],
      ],
    );
    const option = chartOptionFor({ chart: { type: 'bar' }, measures: [{ op: 'sum' }, { op: 'count' }] }, r, 'en')!;
    expectPlainJson(option);
    const axes = option.yAxis as { axisLabel: { formatter?: string }; minInterval?: number }[];
    expect(axes).toHaveLength(2);
    expect(axes[0].axisLabel.formatter).toBe('HK${value}');
    expect(axes[1].minInterval).toBe(1);
    expect((option.series as { yAxisIndex: number }[]).map((s) => s.yAxisIndex)).toEqual([0, 1]);
    // Two measures of one kind keep one axis.
    const counts = result([dim('d0', 'text'), measure('m0', 'number', 'Claims'), measure('m1', 'number', 'People')], [['travel', 2, 1]]);
    const same = chartOptionFor({ chart: { type: 'bar' }, measures: [{ op: 'count' }, { op: 'countDistinct' }] }, counts, 'en')!;
    expect(Array.isArray(same.yAxis)).toBe(false);
  });

  it('bar with a second dimension: a series per value, stacked when asked, missing cells 0', () => {
    const r = result(
      [dim('d0', 'date', { bucket: 'month' }), dim('d1', 'text'), measure('m0')],
      [
        ['2026-10-01', 'A', 2],
        ['2026-10-01', 'B', 3],
        ['2026-11-01', 'A', 5],
      ],
    );
    const option = chartOptionFor({ chart: { type: 'bar', stacked: true } }, r, 'en')!;
    expect((option.xAxis as { data: string[] }).data).toEqual(['2026-10', '2026-11']);
    const series = option.series as { name: string; stack?: string; data: number[] }[];
    expect(series.map((s) => [s.name, s.stack, s.data])).toEqual([
      ['A', 'total', [2, 5]],
      ['B', 'total', [3, 0]],
    ]);
    expect(option.legend).toBeDefined();
    const unstacked = chartOptionFor({ chart: { type: 'line' } }, r, 'en')!.series as { stack?: string; data: unknown[] }[];
    expect(unstacked[1]).toMatchObject({ data: [3, null] });
    expect(unstacked[1]!.stack).toBeUndefined();
  });

  it('pie: name/value pairs with percentage labels', () => {
    const option = chartOptionFor({ chart: { type: 'pie' } }, byDept, 'en')!;
    expectPlainJson(option);
    const [series] = option.series as { type: string; data: { name: string; value: number }[] }[];
    expect(series!.type).toBe('pie');
    expect(series!.data[0]).toEqual({ name: 'Human resources', value: 1234.5 });
  });

  it('heatmap over days: a calendar of whole months, six at least, and a heatmap series on it', () => {
    const r = result(
      [dim('d0', 'date', { bucket: 'day' }), measure('m0')],
      [
        ['2026-10-03', 4],
        ['2026-11-20', 9],
      ],
    );
    const option = chartOptionFor({ chart: { type: 'heatmap' } }, r, 'zh-Hant', { static: true })!;
    expectPlainJson(option);
    const calendars = option.calendar as { range: unknown }[];
    expect(calendars).toHaveLength(1);
    expect(calendars[0]!.range).toEqual(['2026-06-01', '2026-11-30']);
    const [series] = option.series as { type: string; coordinateSystem: string; data: unknown[] }[];
    expect(series).toMatchObject({
      type: 'heatmap',
      coordinateSystem: 'calendar',
      data: [
        ['2026-10-03', 4],
        ['2026-11-20', 9],
      ],
    });
    expect((option.visualMap as { max: number }).max).toBe(9);
    expect(chartHeightFor(option)).toBeGreaterThan(150);
  });

  it('heatmap over several years: one calendar per year, each day on its year', () => {
    const r = result(
      [dim('d0', 'date', { bucket: 'day' }), measure('m0')],
      [
        ['2024-12-31', 1],
        ['2026-01-02', 2],
      ],
    );
    const option = chartOptionFor({ chart: { type: 'heatmap' } }, r, 'en')!;
    expect((option.calendar as { range: unknown }[]).map((c) => c.range)).toEqual(['2024', '2025', '2026']);
    expect((option.series as { data: unknown[] }[]).map((s) => s.data.length)).toEqual([1, 0, 1]);
  });

  it('number: the figure is drawn as graphic text, so an image shows it', () => {
    const r = result([measure('m0', 'money', 'Sales', '銷售額')], [[1234567.8]]);
    const option = chartOptionFor({ chart: { type: 'number' } }, r, 'zh-Hant', { static: true })!;
    expectPlainJson(option);
    const texts = (option.graphic as { style: { text: string } }[]).map((g) => g.style.text);
    expect(texts).toEqual(['HK$1,234,567.80', '銷售額']);
  });

  it('an empty result draws a "no data" message instead of empty axes', () => {
    const empty = result([dim('d0', 'text'), measure('m0')], []);
    for (const type of ['bar', 'line', 'pie', 'heatmap'] as const) {
      const option = chartOptionFor({ chart: { type } }, empty, 'en')!;
      expect(option.series).toBeUndefined();
      expect((option.graphic as { style: { text: string } }[])[0]!.style.text).toBe('No data for these filters');
    }
  });
});

describe('time series gaps', () => {
  const daily = result(
    [dim('d0', 'date', { bucket: 'day' }), measure('m0')],
    [
      ['2026-11-01', 2],
      ['2026-11-04', 1],
    ],
  );

  it('days without submissions are put back as 0 for a count', () => {
    const option = chartOptionFor({ chart: { type: 'line' }, measures: [{ op: 'count' }] }, daily, 'en')!;
    expect((option.xAxis as { data: string[] }).data).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04']);
    expect((option.series as { data: unknown[] }[])[0]!.data).toEqual([2, 0, 0, 1]);
  });

  it('as no value for an average, and months step by month', () => {
    const avg = chartOptionFor({ chart: { type: 'bar' }, measures: [{ op: 'avg' }] }, daily, 'en')!;
    expect((avg.series as { data: unknown[] }[])[0]!.data).toEqual([2, null, null, 1]);
    const monthly = result(
      [dim('d0', 'date', { bucket: 'month' }), measure('m0')],
      [
        ['2025-12-01', 1],
        ['2026-02-01', 1],
      ],
    );
    const option = chartOptionFor({ chart: { type: 'bar' }, measures: [{ op: 'count' }] }, monthly, 'en')!;
    expect((option.xAxis as { data: string[] }).data).toEqual(['2025-12', '2026-01', '2026-02']);
  });
});

describe('formatInstant', () => {
  it('reads an instant on the Hong Kong wall clock', () => {
    expect(
      formatCell('2026-11-25T17:30:00.000Z', { id: 'x', role: 'measure', type: 'datetime' as never, label: label('x') }, {}, 'en'),
    ).toBe('2026-11-26 01:30');
  });
});
