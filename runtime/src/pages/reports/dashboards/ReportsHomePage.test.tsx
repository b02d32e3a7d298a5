import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../../test/renderApp.tsx';
import { FakeReportServer } from '../builder/fakeReportServer.ts';

describe('ReportsHomePage', () => {
  it('is linked from the header and separates my dashboards from those shared with me', async () => {
    const server = new FakeReportServer();
    server.addDashboard({ name: { en: 'Finance', 'zh-Hant': '財務' } });
    server.addDashboard({ name: { en: 'HR daily', 'zh-Hant': '人事每日' } }, { ownerId: 'u9', canEdit: false });
    const { history } = renderApp('/', { api: server.api() });
    await userEvent.click(await screen.findByRole('link', { name: 'Reports' }));
    expect(history.location().pathname).toBe('/reports');

    const mine = await screen.findByRole('region', { name: 'My dashboards' });
    expect(within(mine).getByRole('link', { name: 'Finance' }).getAttribute('href')).toMatch(/^\/dashboards\/dash/);
    const shared = screen.getByRole('region', { name: 'Shared with me' });
    expect(within(shared).getByRole('link', { name: 'HR daily' })).toBeTruthy();
    expect(within(shared).queryByRole('link', { name: 'Finance' })).toBeNull();
    expect(screen.getByRole('link', { name: 'New report' }).getAttribute('href')).toBe('/reports/new');
  });

  it('creates a dashboard with a Chinese-only name and opens it', async () => {
    const server = new FakeReportServer();
    const { history } = renderApp('/reports', { api: server.api(), locale: 'zh-Hant' });
    await userEvent.click(await screen.findByRole('button', { name: '新儀表板' }));
    const form = screen.getByRole('form', { name: '新儀表板' });
    expect((within(form).getByRole('button', { name: '建立儀表板' }) as HTMLButtonElement).disabled).toBe(true);
    await userEvent.type(within(form).getByLabelText('名稱（繁體中文）'), '倉務');
    await userEvent.click(within(form).getByRole('button', { name: '建立儀表板' }));
    await waitFor(() => expect(history.location().pathname).toBe(`/dashboards/${server.dashboards[0]!.id}`));
    expect(server.dashboards[0]!.name).toEqual({ en: '', 'zh-Hant': '倉務' });
    expect(await screen.findByRole('heading', { name: '倉務' })).toBeTruthy();
  });
});
