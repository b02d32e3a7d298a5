import type { ReportDefinition } from '@formloom/schemas';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../../test/renderApp.tsx';
import { encodeDefinition } from '../overview/filters.ts';
import { blankDefinition } from './definition.ts';
import { FakeReportServer } from './fakeReportServer.ts';

const lastQuery = (server: FakeReportServer) =>
  server.calledWith('POST', '/api/reports/query').at(-1)?.body as ReportDefinition | undefined;

describe('ReportBuilderPage', () => {
  it('builds a grouped sum by clicking, previews it from the server and saves it as a new report', async () => {
    const server = new FakeReportServer();
    const { history } = renderApp('/reports/new?formId=form1', { api: server.api() });

    // The blank report counts submissions, as a table.
    await waitFor(() =>
      expect(lastQuery(server)).toMatchObject({ formId: 'form1', measures: [{ op: 'count' }], chart: { type: 'table' } }),
    );
    expect(await screen.findByRole('heading', { name: 'New report' })).toBeTruthy();
    const controls = screen.getByRole('form', { name: 'Report settings' });

    // Only groupable fields are offered (Amount is money: a measure, not a grouping).
    await userEvent.click(within(controls).getByRole('button', { name: '+ Add grouping' }));
    const group = within(controls).getByLabelText('Group 1') as HTMLSelectElement;
    const offered = [...group.options].map((o) => o.textContent);
    expect(offered).toContain('Category');
    expect(offered).toContain('Submitted at');
    expect(offered).not.toContain('Amount');
    await userEvent.selectOptions(group, 'data.category');

    // Sum accepts only number fields.
    await userEvent.selectOptions(within(controls).getByLabelText('Measure 1'), 'sum');
    const field = within(controls).getByLabelText('Of field') as HTMLSelectElement;
    expect([...field.options].map((o) => o.textContent)).toEqual(['Amount']);

    // A number card cannot show groups; a pie can.
    expect((within(controls).getByRole('button', { name: 'Number card' }) as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(within(controls).getByRole('button', { name: 'Pie' }));
    await userEvent.type(within(controls).getByLabelText('Title (English)'), 'Spend by category');
    await userEvent.type(within(controls).getByLabelText('Title (繁體中文)'), '按類別開支');

    const expected = {
      formId: 'form1',
      dimensions: [{ field: 'data.category' }],
      measures: [{ op: 'sum', field: 'data.amount' }],
      chart: { type: 'pie' },
      title: { en: 'Spend by category', 'zh-Hant': '按類別開支' },
    };
    await waitFor(() => expect(lastQuery(server)).toMatchObject(expected));
    // Debounced: the typing above did not send a query per keystroke.
    expect(server.calledWith('POST', '/api/reports/query').length).toBeLessThan(8);

    await userEvent.click(screen.getByRole('button', { name: 'Save report' }));
    await waitFor(() => expect(history.location().pathname).toBe('/reports/rep1'));
    expect(server.calledWith('POST', '/api/reports')[0]!.body).toMatchObject({ definition: expected });
    // The saved report opens in the builder, unchanged (Save is off until something changes).
    expect(await screen.findByRole('heading', { name: 'Spend by category' })).toBeTruthy();
    expect(screen.getByText('Report saved.').getAttribute('role')).toBe('status');
    expect((screen.getByRole('button', { name: 'Save changes' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('starts from the automatic report’s definition and says readably why the server refused it', async () => {
    const server = new FakeReportServer();
    server.refuseWith = 'data.colour is not a field of this form.';
    const from = encodeDefinition({
      ...blankDefinition('form1'),
      formId: 'form1',
      dimensions: [{ field: 'createdAt', bucket: 'week' }],
      measures: [{ op: 'count' }],
      chart: { type: 'line' },
      title: { en: 'Submissions per week', 'zh-Hant': '每週提交' },
    });
    renderApp(`/reports/new?from=${from}`, { api: server.api(), locale: 'zh-Hant' });

    expect(await screen.findByRole('heading', { name: '每週提交' })).toBeTruthy();
    const controls = screen.getByRole('form', { name: '報表設定' });
    expect((within(controls).getByLabelText('分組 1') as HTMLSelectElement).value).toBe('createdAt');
    expect((within(controls).getByLabelText('按') as HTMLSelectElement).value).toBe('week');
    expect(within(controls).getByRole('button', { name: '折線圖' }).getAttribute('aria-pressed')).toBe('true');
    const alert = await screen.findByText(/伺服器無法執行此報表/);
    expect(alert.textContent).toContain('data.colour is not a field of this form.');
  });

  it('adds the saved report to a new dashboard as its first widget', async () => {
    const server = new FakeReportServer();
    renderApp('/reports/new?formId=form1', { api: server.api() });
    await screen.findByRole('heading', { name: 'New report' });
    await userEvent.click(screen.getByRole('button', { name: 'Add to dashboard' }));
    const dialog = await screen.findByRole('form', { name: 'Add to dashboard' });
    await userEvent.type(within(dialog).getByLabelText('Name (English)'), 'Finance');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create and add' }));

    expect(await screen.findByText('Added to “Finance”.')).toBeTruthy();
    expect(server.reports).toHaveLength(1);
    expect(server.dashboards[0]).toMatchObject({
      name: { en: 'Finance', 'zh-Hant': '' },
      widgets: [{ reportId: 'rep1', x: 0, y: 0, w: 6, h: 4 }],
    });
    expect(screen.getByRole('link', { name: 'Open dashboard' }).getAttribute('href')).toBe(`/dashboards/${server.dashboards[0]!.id}`);
  });
});
