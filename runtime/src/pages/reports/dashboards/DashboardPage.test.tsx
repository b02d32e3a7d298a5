import type { ReportDefinition } from '@formloom/schemas';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../../test/renderApp.tsx';
import { FakeReportServer } from '../builder/fakeReportServer.ts';
import { newWidget, widgetsFromLayout } from './layout.ts';

function seeded({ canEdit = true } = {}) {
  const server = new FakeReportServer();
  const definition = {
    formId: 'form1',
    title: { en: 'Spend by category', 'zh-Hant': '按類別開支' },
    dimensions: [{ field: 'data.category' }],
    measures: [{ op: 'sum', field: 'data.amount' }],
    filters: [],
    sort: [],
    limit: 1000,
    timezone: 'Asia/Hong_Kong',
    chart: { type: 'table' },
  } as ReportDefinition;
  server.reports.push({
    id: 'rep1',
    appId: 'app1',
    formId: 'form1',
    definition,
    ownerId: 'u1',
    canEdit,
    createdAt: '2026-11-20T08:00:00.000Z',
    updatedAt: '2026-11-20T08:00:00.000Z',
  });
  const dashboard = server.addDashboard(
    { name: { en: 'Finance', 'zh-Hant': '財務' }, widgets: [{ id: 'wa', reportId: 'rep1', x: 0, y: 0, w: 6, h: 4 }], shares: [] },
    { canEdit, ownerId: canEdit ? 'u1' : 'u9' },
  );
  return { server, dashboard };
}

describe('DashboardPage', () => {
  it('draws each widget with the figures its widget query returns', async () => {
    const { server, dashboard } = seeded();
    renderApp(`/dashboards/${dashboard.id}`, { api: server.api(), locale: 'zh-Hant' });
    expect(await screen.findByRole('heading', { name: '財務' })).toBeTruthy();
    const card = await screen.findByRole('article', { name: '按類別開支' });
    const table = await within(card).findByRole('table');
    expect(table.textContent).toContain('120.50');
    expect(table.textContent).toContain('80.25');
    expect(server.calledWith('POST', `/api/dashboards/${dashboard.id}/widgets/wa/query`)).toHaveLength(1);
  });

  it('shares with a role and takes a widget off, each saved with PATCH', async () => {
    const { server, dashboard } = seeded();
    renderApp(`/dashboards/${dashboard.id}`, { api: server.api() });
    await userEvent.click(await screen.findByRole('button', { name: 'Share (0)' }));
    const share = screen.getByRole('form', { name: 'Share dashboard' });
    await userEvent.selectOptions(within(share).getByLabelText('Role'), 'member');
    await userEvent.click(within(share).getByRole('button', { name: 'Add' }));
    expect(within(share).getByText('Role: Members')).toBeTruthy();
    await userEvent.click(within(share).getByRole('button', { name: 'Save sharing' }));
    await waitFor(() => expect(server.dashboards[0]!.shares).toEqual([{ kind: 'role', role: 'member' }]));
    expect(await screen.findByRole('button', { name: 'Share (1)' })).toBeTruthy();

    const card = screen.getByRole('article', { name: 'Spend by category' });
    await userEvent.click(within(card).getByRole('button', { name: 'Options' }));
    expect(within(card).getByRole('menuitem', { name: 'Open in builder' }).getAttribute('href')).toBe('/reports/rep1');
    await userEvent.click(within(card).getByRole('menuitem', { name: 'Remove from dashboard' }));
    await waitFor(() => expect(server.dashboards[0]!.widgets).toEqual([]));
    expect(await screen.findByText('No charts on this dashboard yet')).toBeTruthy();
  });

  it('schedules a weekly digest to a role and sends a test to the caller', async () => {
    const { server, dashboard } = seeded();
    renderApp(`/dashboards/${dashboard.id}`, { api: server.api() });
    await userEvent.click(await screen.findByRole('button', { name: 'Email digests' }));
    await userEvent.click(await screen.findByRole('button', { name: '+ New digest' }));
    const editor = screen.getByRole('form', { name: 'Digest' });
    expect((within(editor).getByLabelText('Repeats') as HTMLSelectElement).value).toBe('weekdays');
    expect((within(editor).getByLabelText('Time zone') as HTMLInputElement).value).toBe('Asia/Hong_Kong');
    await userEvent.selectOptions(within(editor).getByLabelText('Repeats'), 'weekly');
    await userEvent.click(within(editor).getByLabelText('Friday'));
    await userEvent.click(within(editor).getByRole('button', { name: 'Add' })); // role: Members
    await userEvent.click(within(editor).getByRole('button', { name: 'Save digest' }));

    await waitFor(() => expect(server.digests).toHaveLength(1));
    expect(server.calledWith('POST', '/api/digests')[0]!.body).toEqual({
      target: { kind: 'dashboard', dashboardId: dashboard.id },
      enabled: true,
      frequency: { kind: 'weekly', time: '18:00', weekdays: [1, 5] },
      timezone: 'Asia/Hong_Kong',
      recipients: { userIds: [], roles: ['member'], departmentIds: [], positions: [] },
    });
    expect(await screen.findByText('Monday, Friday at 18:00')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Send me a test' }));
    expect(await screen.findByText('A test was sent to mei@example.com.')).toBeTruthy();
  });

  it('sends the revision it read and, when someone changed the dashboard meanwhile, offers to reload instead of overwriting', async () => {
    const { server, dashboard } = seeded();
    renderApp(`/dashboards/${dashboard.id}`, { api: server.api() });
    await userEvent.click(await screen.findByRole('button', { name: 'Rename' }));
    (server.dashboards[0] as { revision?: number }).revision = 7; // another editor saved meanwhile
    server.dashboards[0]!.name = { en: 'Finance (theirs)', 'zh-Hant': '財務' };
    const form = screen.getByRole('form', { name: 'Rename' });
    await userEvent.clear(within(form).getByLabelText('Name (English)'));
    await userEvent.type(within(form).getByLabelText('Name (English)'), 'Mine');
    await userEvent.click(within(form).getByRole('button', { name: 'Save name' }));
    expect(await screen.findByText(/Someone else changed this dashboard meanwhile/)).toBeTruthy();
    expect(server.dashboards[0]!.name.en).toBe('Finance (theirs)');
    await userEvent.click(screen.getByRole('button', { name: 'Reload dashboard' }));
    expect(await screen.findByRole('heading', { name: 'Finance (theirs)' })).toBeTruthy();
  });

  it('shows a dashboard shared with the reader without editing controls', async () => {
    const { server, dashboard } = seeded({ canEdit: false });
    renderApp(`/dashboards/${dashboard.id}`, { api: server.api() });
    expect(await screen.findByText(/Shared with you/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Share/ })).toBeNull();
    const card = await screen.findByRole('article', { name: 'Spend by category' });
    await userEvent.click(within(card).getByRole('button', { name: 'Options' }));
    expect(within(card).queryByRole('menuitem', { name: 'Remove from dashboard' })).toBeNull();
  });
});

describe('dashboard layout', () => {
  it('puts a new widget beside the last one when the row has room, else below everything', () => {
    const a = { id: 'wa', reportId: 'r', x: 0, y: 0, w: 6, h: 4 };
    expect(newWidget('r2', [a])).toMatchObject({ x: 6, y: 0, w: 6, h: 4 });
    const b = { ...a, id: 'wb', x: 6 };
    expect(newWidget('r3', [a, b])).toMatchObject({ x: 0, y: 4 });
    const tall = { ...a, id: 'wt', x: 6, w: 3, h: 8 };
    expect(newWidget('r4', [a, tall])).toMatchObject({ x: 0, y: 8 });
  });

  it('reports moves only when the grid changed something', () => {
    const a = { id: 'wa', reportId: 'r', x: 0, y: 0, w: 6, h: 4 };
    expect(widgetsFromLayout([a], [{ i: 'wa', x: 0, y: 0, w: 6, h: 4 }])).toBeNull();
    expect(widgetsFromLayout([a], [{ i: 'wa', x: 3, y: 2, w: 9, h: 5 }])).toEqual([{ ...a, x: 3, y: 2, w: 9, h: 5 }]);
  });
});
