import { render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { ReportColumn, ReportResult } from '@formloom/schemas';
import { createI18n } from '../i18n/createI18n.ts';
import type { Locale } from '../i18n/locale.ts';
import { ReportChart, type ReportChartProps } from './ReportChart.tsx';

// jsdom has no canvas: charts show their "could not be drawn" note instead of drawing.
HTMLCanvasElement.prototype.getContext = (() => null) as never;
const label = (en: string, zh: string) => ({ en, 'zh-Hant': zh });
const col = (id: string, role: ReportColumn['role'], type: ReportColumn['type'], en: string, zh: string): ReportColumn => ({
  id,
  role,
  type,
  label: label(en, zh),
});
const result = (
  columns: ReportColumn[],
  rows: ReportResult['rows'],
  labels: ReportResult['labels'] = {},
  truncated = false,
): ReportResult => ({
  columns,
  rows,
  labels,
  truncated,
  computedAt: '2026-11-26T02:00:00.000Z',
});

function show(props: ReportChartProps, locale: Locale = 'en') {
  return render(
    <I18nextProvider i18n={createI18n(locale)}>
      <ReportChart {...props} />
    </I18nextProvider>,
  );
}

const sales = result(
  [
    col('d0', 'dimension', 'text', 'Region', '地區'),
    col('d1', 'dimension', 'text', 'Channel', '渠道'),
    col('m0', 'measure', 'money', 'Sales', '銷售額'),
  ],
  [
    ['hk', 'shop', 1000.1],
    ['hk', 'web', 0.2],
    ['kln', 'shop', 234.4],
  ],
  {
    d0: { hk: label('Hong Kong Island', '香港島'), kln: label('Kowloon', '九龍') },
    d1: { shop: label('Shop', '門市'), web: label('Online', '網上') },
  },
);

describe('ReportChart', () => {
  it('table: labels resolved, money right-aligned as HK$ to the cent', () => {
    show({ definition: { chart: { type: 'table' } }, result: sales });
    const table = screen.getByRole('table');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Region', 'Channel', 'Sales']);
    const first = within(table).getAllByRole('row')[1]!;
    const cells = within(first).getAllByRole('cell');
    expect(cells.map((c) => c.textContent)).toEqual(['Hong Kong Island', 'Shop', 'HK$1,000.10']);
    expect(cells[2]!.className).toContain('fl-report-table__num');
  });

  it('pivot: first dimension rows × second dimension columns, exact totals for a sum, in zh-Hant', () => {
    show({ definition: { chart: { type: 'pivot' }, measures: [{ op: 'sum' }] }, result: sales }, 'zh-Hant');
    const table = screen.getByRole('table');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['地區', '門市', '網上', '合計']);
    const rows = within(table)
      .getAllByRole('row')
      .map((r) => [...r.querySelectorAll('th,td')].map((c) => c.textContent));
    expect(rows.slice(1)).toEqual([
      ['香港島', 'HK$1,000.10', 'HK$0.20', 'HK$1,000.30'],
      ['九龍', 'HK$234.40', 'HK$0.00', 'HK$234.40'],
      ['合計', 'HK$1,234.50', 'HK$0.20', 'HK$1,234.70'],
    ]);
    expect(within(table).getByRole('rowheader', { name: '九龍' })).toBeDefined();
  });

  it('pivot of an average has no totals (an average of averages would mislead)', () => {
    show({ definition: { chart: { type: 'pivot' }, measures: [{ op: 'avg' }] }, result: sales });
    expect(screen.queryByText('Total')).toBeNull();
    expect(screen.getAllByRole('row')).toHaveLength(3);
  });

  it('number card: the big figure and the title', () => {
    const count = result([col('m0', 'measure', 'number', 'Submissions', '提交數目')], [[1234]]);
    show({ definition: { chart: { type: 'number' }, title: label('Declarations today', '今日申報') }, result: count }, 'zh-Hant');
    expect(screen.getByText('1,234').className).toBe('fl-report-number__value');
    expect(screen.getByText('今日申報')).toBeDefined();
  });

  it('a table with no rows says so; a truncated one says how many are shown', () => {
    const { unmount } = show({ definition: { chart: { type: 'table' } }, result: result(sales.columns, []) });
    expect(screen.getByText('No data for these filters')).toBeDefined();
    unmount();
    show({ definition: { chart: { type: 'table' } }, result: { ...sales, truncated: true } });
    expect(screen.getByText(/Only the first 3 groups are shown/)).toBeDefined();
  });

  it('a bar chart is an image with its figures in words', () => {
    show({ definition: { chart: { type: 'bar' }, title: label('Sales by region', '各區銷售額') }, result: sales });
    const img = screen.getByRole('img');
    expect(img.getAttribute('aria-label')).toBe(
      'Bar chart: Sales by region. 3 values: Hong Kong Island HK$1,000.10, Kowloon HK$234.40, Hong Kong Island HK$0.20',
    );
  });
});
