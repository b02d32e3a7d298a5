import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ReportColumn, ReportDefinition, ReportResult } from '@formloom/schemas';
import healthDeclaration from '../../test/fixtures/healthDeclaration.json';
import { fakeApi, publishedForm } from '../../test/fakeApi.ts';
import { renderApp } from '../../test/renderApp.tsx';

// jsdom has no canvas: charts show their "could not be drawn" note instead of drawing.
HTMLCanvasElement.prototype.getContext = (() => null) as never;
const form = publishedForm(healthDeclaration);

const label = (en: string, zh = en) => ({ en, 'zh-Hant': zh });
const measure = (id: string, type: ReportColumn['type'] = 'number'): ReportColumn => ({ id, role: 'measure', type, label: label(id) });
const result = (columns: ReportColumn[], rows: ReportResult['rows'], labels: ReportResult['labels'] = {}): ReportResult => ({
  columns,
  rows,
  labels,
  truncated: false,
  computedAt: '2026-11-26T02:00:00.000Z',
});

/** A server that knows the health declaration's figures: 3 submissions, temperatures 36.5, 37.8, 36.9. */
function answer(definition: ReportDefinition, total: number): ReportResult {
  const dim = definition.dimensions[0];
  if (!dim) {
    if (definition.measures[0]?.op === 'count') return result([measure('count')], [[total]]);
    return result(
      definition.measures.map((m) => ({ ...measure(m.id!), label: m.label! })),
      [[111.2, 37.07, 36.5, 37.8]],
    );
  }
  const d: ReportColumn = {
    id: dim.id!,
    role: 'dimension',
    type: dim.bucket ? 'date' : 'text',
    label: label(dim.field),
    bucket: dim.bucket,
  };
  if (dim.field === 'data.workLocation') {
    return result(
      [d, measure('count')],
      [
        ['office', 2],
        ['home', 1],
      ],
      { value: { office: label('Office', '辦公室'), home: label('Working from home', '在家工作') } },
    );
  }
  if (dim.field === 'createdBy') return result([d, measure('count')], [[null, 3]]);
  if (dim.bucket)
    return result(
      [d, measure('count')],
      [
        ['2026-11-24', 1],
        ['2026-11-26', 2],
      ],
    );
  return result([d, measure('count')], [['x', 3]]);
}

function serve(total = 3) {
  const request = vi.fn(async (method: string, path: string, body?: unknown) => {
    if (method === 'POST' && path === '/api/reports/query') return answer(body as ReportDefinition, total);
    throw new Error(`unexpected ${method} ${path}`); // the header's inbox and notification counts
  });
  const api = Object.assign(fakeApi({ getForm: () => Promise.resolve(form) }), { request });
  const definitions = () => request.mock.calls.filter((c) => c[1] === '/api/reports/query').map((c) => c[2] as ReportDefinition);
  return { api, request, definitions };
}

describe('FormReportPage', () => {
  it('shows a card per automatic section with the figures the server computed', async () => {
    const { api, definitions } = serve();
    renderApp('/f/form1/report', { api });
    expect(await screen.findByRole('heading', { name: 'Report: Daily health declaration', level: 1 })).toBeDefined();
    const total = await screen.findByRole('region', { name: /^Submissions All submissions/ });
    expect(within(total).getByText('3')).toBeDefined();
    const figures = await screen.findByRole('region', { name: /^Body temperature \(°C\) Sum/ });
    expect(await within(figures).findByText('37.07')).toBeDefined();
    expect(within(figures).getByText('Maximum')).toBeDefined();
    expect(await screen.findByRole('region', { name: /^Where are you working today\?/ })).toBeDefined();
    expect(screen.getByRole('region', { name: /^By department/ })).toBeDefined();
    // Everyone's submitter is unknown here: no "(blank)" card.
    await waitFor(() => expect(screen.queryByRole('region', { name: /^By submitter/ })).toBeNull());
    // Every query is POST /api/reports/query over the last 30 days by default.
    for (const d of definitions()) {
      expect(d.formId).toBe('form1');
      expect(d.filters).toContainEqual({
        field: 'createdAt',
        op: 'gte',
        value: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T00:00:00\+08:00$/),
      });
    }
  });

  it('filters: a range preset and a field value reach every query; all time counts by month', async () => {
    const { api, request, definitions } = serve();
    renderApp('/f/form1/report', { api });
    await screen.findByRole('region', { name: /^Body temperature \(°C\) Sum/ });
    request.mockClear();
    await userEvent.click(screen.getByRole('radio', { name: 'All time' }));
    await screen.findByRole('region', { name: /^Body temperature \(°C\) Sum/ });
    await waitFor(() => expect(definitions().some((d) => d.dimensions[0]?.field === 'createdAt')).toBe(true));
    expect(definitions().every((d) => !d.filters.some((f) => f.field === 'createdAt'))).toBe(true);
    expect(definitions().find((d) => d.dimensions[0]?.field === 'createdAt')!.dimensions[0]!.bucket).toBe('month');

    request.mockClear();
    fireEvent.change(screen.getByRole('combobox', { name: 'Where are you working today?' }), { target: { value: 'home' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Symptoms today' }), { target: { value: 'fever' } });
    await waitFor(() => expect(definitions().length).toBeGreaterThan(3));
    const filters = definitions()[definitions().length - 1]!.filters;
    expect(filters).toContainEqual({ field: 'data.workLocation', op: 'eq', value: 'home' });
    expect(filters).toContainEqual({ field: 'data.symptoms', op: 'contains', value: 'fever' });
  });

  it('"Open in report builder" carries the section definition with its filters', async () => {
    const { api } = serve();
    const { history } = renderApp('/f/form1/report', { api });
    const card = await screen.findByRole('region', { name: /^Where are you working today\?/ });
    await userEvent.click(within(card).getByRole('button', { name: 'More actions for Where are you working today?' }));
    await userEvent.click(within(card).getByRole('link', { name: 'Open in report builder' }));
    const url = new URL(history.location().pathname + history.location().search, 'http://x');
    expect(url.pathname).toBe('/reports/new');
    expect(url.searchParams.get('formId')).toBe('form1');
    const from = url.searchParams.get('from')!;
    const json = new TextDecoder().decode(Uint8Array.from(atob(from.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));
    const definition = JSON.parse(json) as ReportDefinition;
    expect(definition.dimensions).toEqual([{ id: 'value', field: 'data.workLocation' }]);
    expect(definition.filters[0]).toMatchObject({ field: 'createdAt', op: 'gte' });
  });

  it('a form without submissions gets one friendly empty state, in zh-Hant too', async () => {
    const { api, definitions } = serve(0);
    renderApp('/f/form1/report', { api, locale: 'zh-Hant' });
    expect(await screen.findByRole('heading', { name: '尚未有提交記錄' })).toBeDefined();
    expect(screen.queryAllByRole('region')).toHaveLength(0);
    // The filtered total, then the unfiltered one to tell "nothing yet" from "nothing matches".
    expect(definitions()).toHaveLength(2);
  });
});
