import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../api/client.ts';
import type { SubmissionIntegration } from '../../api/connectors.ts';
import type { Submission } from '../../api/types.ts';
import { app, appPermissions, fakeApi, publishedForm } from '../../test/fakeApi.ts';
import { renderApp } from '../../test/renderApp.tsx';
import { FakeRecordsServer } from '../records/fakeRecordsServer.ts';
import { FakeConnectorsServer } from './connectors/fakeConnectorsServer.ts';

const doc = {
  schema: { type: 'object', title: 'Sales order', properties: { customer: { type: 'string', title: 'Customer' } } },
  uiSchema: {},
};
const record: Submission = {
  id: 'rec1',
  formId: 'form1',
  formVersion: 1,
  data: { customer: 'Ms Lee' },
  createdAt: '2026-11-25T01:00:00.000Z',
  createdBy: 'u2',
  createdByName: 'Wong Siu Ming',
};

const sent: SubmissionIntegration = {
  connector: 'shopify',
  canRetry: false,
  jobId: 'job-s',
  eventType: 'submission.created',
  status: 'succeeded',
  attempts: 1,
  lastError: null,
  nextAttemptAt: null,
  updatedAt: '2026-11-25T01:00:05.000Z',
  refs: [
    { kind: 'draft_order', externalId: 'gid://shopify/DraftOrder/12', label: '#D12', url: 'https://shop.example/admin/draft_orders/12' },
  ],
};
const dead: SubmissionIntegration = {
  connector: 'quickbooks',
  canRetry: true,
  jobId: 'job-q',
  eventType: 'submission.status_changed',
  status: 'dead',
  attempts: 10,
  lastError: 'Invalid Reference Id: Vendor assigned to this transaction has been deleted.',
  nextAttemptAt: null,
  updatedAt: '2026-11-25T02:00:00.000Z',
  refs: [],
};

function setup(items: SubmissionIntegration[], { canEdit = true, locale = 'en' as 'en' | 'zh-Hant' } = {}) {
  const records = new FakeRecordsServer([structuredClone(record)]);
  const form = publishedForm(doc);
  records.versions = [form.published!];
  const connectors = new FakeConnectorsServer();
  // The server says whether the caller may retry (a failed or dead job, and edit rights in the app).
  const retryable = (i: SubmissionIntegration) => canEdit && (i.status === 'failed' || i.status === 'dead');
  connectors.integrations.set(
    'rec1',
    items.map((i) => ({ ...structuredClone(i), canRetry: retryable(i) })),
  );
  const request = (method: string, url: string, body?: unknown, headers?: Record<string, string>) =>
    /\/integrations$|^\/api\/integration-jobs\//.test(url.split('?')[0])
      ? connectors.request(method, url, body)
      : records.request(method, url, body, headers);
  const api = fakeApi({
    getForm: () => Promise.resolve(form),
    getApp: () => Promise.resolve(app({ permissions: appPermissions({ canEdit, canViewAll: true, viewScope: 'all' }) })),
    request,
  } as Partial<ApiClient>);
  return { connectors, api, ...renderApp('/r/rec1', { api, locale }) };
}

const panel = () => screen.findByRole('region', { name: 'Integrations' });

describe('RecordIntegrationsPanel', () => {
  it('shows what each connector made, with links and the failure in the external system’s words; editors retry', async () => {
    const { connectors } = setup([sent, dead]);
    const region = await panel();
    const shopify = region.querySelector('[data-connector="shopify"]') as HTMLElement;
    expect(within(shopify).getByText('Sent')).toBeTruthy();
    const link = within(shopify).getByRole('link', { name: 'Shopify draft order #D12' });
    expect(link.getAttribute('href')).toBe('https://shop.example/admin/draft_orders/12');
    expect(within(shopify).queryByRole('button', { name: 'Retry' })).toBeNull();

    const quickbooks = region.querySelector('[data-connector="quickbooks"]') as HTMLElement;
    expect(within(quickbooks).getByText('Failed')).toBeTruthy();
    expect(quickbooks.textContent).toContain(
      'QuickBooks said: Invalid Reference Id: Vendor assigned to this transaction has been deleted.',
    );
    await userEvent.click(await within(quickbooks).findByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(within(quickbooks).getByText('Waiting to send')).toBeTruthy());
    expect(connectors.calledWith('POST', '/api/integration-jobs/job-q/retry')).toHaveLength(1);
  });

  it('offers no Retry to people who cannot edit the app, and says when a retrying job is tried next', async () => {
    const retrying: SubmissionIntegration = { ...dead, status: 'failed', attempts: 3, nextAttemptAt: '2026-11-25T03:00:00.000Z' };
    setup([retrying], { canEdit: false });
    const region = await panel();
    expect(within(region).getByText('Retrying')).toBeTruthy();
    expect(region.textContent).toMatch(/Tried 3 times; next try .+\./);
    expect(within(region).queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('shows nothing at all when no connector touched the record', async () => {
    const { connectors } = setup([]);
    expect(await screen.findByRole('heading', { name: 'Sales order' })).toBeTruthy();
    await waitFor(() => expect(connectors.calledWith('GET', '/api/submissions/rec1/integrations')).toHaveLength(1));
    expect(screen.queryByRole('region', { name: 'Integrations' })).toBeNull();
  });

  it('speaks Traditional Chinese', async () => {
    setup([{ ...sent, connector: 'quickbooks', refs: [{ kind: 'purchase_order', externalId: '1003', label: '1003', url: null }] }], {
      locale: 'zh-Hant',
    });
    const region = await screen.findByRole('region', { name: '整合' });
    expect(within(region).getByText('已傳送')).toBeTruthy();
    expect(within(region).getByText('QuickBooks 採購單 1003')).toBeTruthy();
  });
});
