import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../api/client.ts';
import { fakeApi, session } from '../../test/fakeApi.ts';
import { renderApp } from '../../test/renderApp.tsx';
import { FakeWebhooksServer, webhook } from './webhooks/fakeWebhooksServer.ts';

function setup(path: string, fill: (server: FakeWebhooksServer) => void, { locale = 'en', role = 'builder' } = {}) {
  const server = new FakeWebhooksServer();
  fill(server);
  const api = fakeApi({
    ...server.pickerApi(),
    me: () => Promise.resolve(session({ role: role as 'builder' })),
    request: server.request,
  } as Partial<ApiClient>);
  return { server, ...renderApp(path, { api, locale: locale as 'en' }) };
}

describe('IntegrationsPage', () => {
  it('lists webhooks with scope, events, why one is off and the last 24 hours', async () => {
    setup('/integrations', (s) => {
      s.webhooks = [
        webhook({
          url: 'https://erp.example.com/in',
          description: 'Orders to the ERP',
          formId: 'form1',
          appId: 'app1',
          events: ['submission.*', 'approval.approved', 'stock.moved', 'form.published'],
          stats: { succeeded: 12, failed: 2, dead: 1, pending: 3 },
        }),
        webhook({ url: 'https://gone.example.com/x', enabled: false, disabledReason: 'gone' }),
        webhook({
          url: 'https://flaky.example.com/x',
          enabled: false,
          disabledReason: 'failing',
          failingSince: '2026-11-22T03:00:00.000Z',
        }),
      ];
    });
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    const erp = rows[0];
    expect(within(erp).getByRole('link', { name: 'Open https://erp.example.com/in' }).getAttribute('href')).toBe(
      `/integrations/webhooks/${erp.getAttribute('data-webhook')}`,
    );
    expect(erp.textContent).toContain('Orders to the ERP');
    expect(erp.textContent).toContain('Submissions'); // submission.* named as its family
    expect(erp.textContent).toContain('A step was approved');
    expect(erp.textContent).toContain('+1 more');
    await waitFor(() => expect(erp.textContent).toContain('Form: Order'));
    expect(erp.textContent).toContain('12 delivered · 2 failed');
    expect(erp.textContent).toContain('3 waiting');
    expect(erp.textContent).toContain('1 gave up');
    expect(rows[1].textContent).toContain('Off: the receiver said it is gone (410)');
    expect(rows[1].textContent).toContain('Everything you may see');
    expect(rows[2].textContent).toContain('Off: failing');
    expect(rows[2].textContent).toMatch(/Failing since 22 Nov 2026/);
  });

  it('preselects the app and form of a ?formId= link and asks only for that form’s webhooks', async () => {
    const { server, history } = setup('/integrations?formId=form1', (s) => {
      s.webhooks = [webhook({ formId: 'form1', appId: 'app1', url: 'https://a.example.com/' }), webhook({ url: 'https://b.example.com/' })];
    });
    await screen.findByRole('link', { name: 'Open https://a.example.com/' });
    expect(screen.queryByRole('link', { name: 'Open https://b.example.com/' })).toBeNull();
    await waitFor(() => expect((screen.getByLabelText('App') as HTMLSelectElement).value).toBe('app1'));
    expect((screen.getByLabelText('Form') as HTMLSelectElement).value).toBe('form1');
    expect(history.location().search).toBe('?appId=app1&formId=form1');
    expect(server.calledWith('GET', '/api/webhooks').at(-1)!.params.get('formId')).toBe('form1');
    expect(screen.getByRole('link', { name: 'New webhook' }).getAttribute('href')).toBe(
      '/integrations/webhooks/new?appId=app1&formId=form1',
    );

    await userEvent.selectOptions(screen.getByLabelText('App'), 'app2');
    expect(await screen.findByText('No webhooks for this app or form.')).toBeTruthy();
    expect(server.calledWith('GET', '/api/webhooks').at(-1)!.params.get('appId')).toBe('app2');
  });

  it('in Chinese, with the header link for builders', async () => {
    setup('/integrations', () => {}, { locale: 'zh-Hant' });
    expect(await screen.findByRole('heading', { name: '整合' })).toBeTruthy();
    expect(await screen.findByText('尚未有 Webhook')).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: '主選單' });
    expect(within(nav).getByRole('link', { name: '整合' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: '新增 Webhook' })).toBeTruthy();
  });

  it('members get no link and a refusal, and nothing is asked of the webhook routes', async () => {
    const { server } = setup('/integrations', () => {}, { role: 'member' });
    expect(await screen.findByText('Only admins and builders can manage integrations.')).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).queryByRole('link', { name: 'Integrations' })).toBeNull();
    expect(server.calledWith('GET', '/api/webhooks')).toHaveLength(0);
  });
});
