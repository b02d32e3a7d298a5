import type { QuickBooksMappingInput } from '@formloom/plugin-quickbooks/shared';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../../../api/client.ts';
import { app, fakeApi, publishedForm, session } from '../../../test/fakeApi.ts';
import { renderApp } from '../../../test/renderApp.tsx';
import { apiFailure, FakeConnectorsServer } from '../connectors/fakeConnectorsServer.ts';
import { goTo } from './QuickBooksConnectionPanel.tsx';

const purchaseRequest = publishedForm(
  {
    schema: {
      type: 'object',
      title: 'Purchase request',
      properties: {
        neededBy: { type: 'string', format: 'date', title: 'Needed by' },
        supplier: { type: 'string', title: 'Suggested supplier' },
        lines: {
          type: 'array',
          title: 'Items',
          items: {
            type: 'object',
            properties: {
              description: { type: 'string', title: 'Description' },
              quantity: { type: 'number', title: 'Quantity' },
              unitPrice: { type: 'number', title: 'Unit price', multipleOf: 0.01 },
            },
          },
        },
        justification: { type: 'string', title: 'Justification' },
      },
    },
    uiSchema: {
      neededBy: { 'ui:fieldType': 'date' },
      lines: { 'ui:fieldType': 'subtable', items: { unitPrice: { 'ui:fieldType': 'money' } } },
      justification: { 'ui:fieldType': 'textarea' },
      'ui:i18n': { 'zh-Hant': { '/schema/properties/supplier/title': '建議供應商' } },
    },
  },
  { id: 'pr1', appId: 'app1' },
);

function setup(
  path: string,
  fill: (server: FakeConnectorsServer) => void = () => {},
  { role = 'admin' as 'admin' | 'builder', locale = 'en' as 'en' | 'zh-Hant', form = purchaseRequest } = {},
) {
  const server = new FakeConnectorsServer();
  server.formNames.set('pr1', 'Purchase request');
  fill(server);
  const api = fakeApi({
    me: () => Promise.resolve(session({ role })),
    listApps: () => Promise.resolve([app({ id: 'app1', name: 'Purchasing' })]),
    listForms: () => Promise.resolve([form]),
    getForm: () => Promise.resolve(form),
    request: server.request,
  } as Partial<ApiClient>);
  return { server, ...renderApp(path, { api, locale }) };
}

const connected = (server: FakeConnectorsServer) => {
  Object.assign(server.qbo, { configured: true, connected: true, clientId: 'ABclient' });
  server.qbo.companies = [
    { realmId: '9130001', name: 'Sandbox Company HK', active: true, connectedAt: '2026-11-20T01:00:00.000Z', problem: null },
    { realmId: '9130002', name: 'Second Ltd', active: false, connectedAt: '2026-11-21T01:00:00.000Z', problem: null },
  ];
  server.vendors = [{ id: '56', name: 'Office Supplies Co', active: true }];
  server.accounts = [
    { id: '33', name: 'Accounts Payable (A/P)', accountType: 'Accounts Payable', accountSubType: null, active: true },
    { id: '7', name: 'Office Expenses', accountType: 'Expense', accountSubType: null, active: true },
    { id: '35', name: 'Checking', accountType: 'Bank', accountSubType: null, active: true },
  ];
  server.items = [{ id: '19', name: 'Printer paper', type: 'NonInventory', active: true }];
};

afterEach(() => vi.restoreAllMocks());

describe('QuickBooksPage: connection', () => {
  it('saves the Intuit keys (problems at their field), then Connect goes to Intuit', async () => {
    const assign = vi.spyOn(goTo, 'assign').mockImplementation(() => {});
    const { server } = setup('/integrations/quickbooks');
    const user = userEvent.setup();
    const secret = await screen.findByLabelText('Client Secret');
    await user.type(screen.getByLabelText('Client ID'), 'ABclient');
    await user.click(screen.getByRole('button', { name: 'Save keys' }));
    await waitFor(() => expect(secret.getAttribute('aria-invalid')).toBe('true'));
    expect(secret.closest('.fl-field')!.textContent).toContain('enter the Client Secret from the Intuit developer portal');

    await user.type(secret, 's3cret');
    await user.click(screen.getByRole('radio', { name: 'Production (real companies)' }));
    await user.click(screen.getByRole('button', { name: 'Save keys' }));
    await user.click(await screen.findByRole('button', { name: 'Connect a company' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith('https://appcenter.intuit.example/connect/oauth2?state=s1'));
    expect(server.calledWith('PUT', '/api/connectors/quickbooks/settings').at(-1)!.body).toEqual({
      clientId: 'ABclient',
      clientSecret: 's3cret',
      environment: 'production',
    });
    expect(screen.getByText('http://localhost:3000/api/connectors/quickbooks/callback')).toBeTruthy();
  });

  it('says how the OAuth round trip ended, and switches the active company', async () => {
    const { server } = setup('/integrations/quickbooks?connected=9130002', connected);
    expect(await screen.findByText('QuickBooks company 9130002 is connected.')).toBeTruthy();
    // The notice comes from the URL at once; the companies arrive with the connection.
    await userEvent.click(await screen.findByRole('radio', { name: /Second Ltd/ }));
    await waitFor(() => expect(server.calledWith('PUT', '/api/connectors/quickbooks/company')[0]?.body).toEqual({ realmId: '9130002' }));
    await waitFor(() => expect(within(screen.getByRole('radio', { name: /Second Ltd/ }).closest('li')!).getByText('Active')).toBeTruthy());
  });

  it('explains a refused connection', async () => {
    setup('/integrations/quickbooks?error=access_denied', connected);
    expect((await screen.findByRole('alert')).textContent).toContain('access was declined on the Intuit page');
  });

  it('keys from the environment are shown, not editable', async () => {
    setup('/integrations/quickbooks', (s) => {
      connected(s);
      s.qbo.settingsFromEnv = true;
    });
    expect(await screen.findByText(/Set by the server’s environment \(Client ID ABclient\)/)).toBeTruthy();
    expect(screen.queryByLabelText('Client Secret')).toBeNull();
  });
});

describe('QuickBooksPage: mapping editor', () => {
  it('maps a purchase request to a purchase order without code, shows a refusal at its field, saves and previews', async () => {
    const { server, history } = setup('/integrations/quickbooks', connected);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Map a form' }));
    await user.selectOptions(await screen.findByLabelText('App'), 'app1');
    await waitFor(() => expect(screen.getByLabelText('Form').hasAttribute('disabled')).toBe(false));
    await user.selectOptions(screen.getByLabelText('Form'), 'pr1');
    await waitFor(() => expect(history.location().search).toBe('?form=pr1'));

    // Only fields that fit are offered: a text field for the vendor, the sub-table, its number columns.
    const vendorField = await screen.findByLabelText(/Vendor name field/);
    const offered = [...(vendorField as HTMLSelectElement).options].map((o) => o.value).filter(Boolean);
    expect(offered).toEqual(['supplier', 'justification']);
    await user.selectOptions(vendorField, 'supplier');
    await user.selectOptions(screen.getByLabelText(/Accounts payable account/), '33');
    await user.selectOptions(screen.getByLabelText(/^Sub-table/), 'lines');
    await user.selectOptions(screen.getByLabelText(/^Quantity/), 'quantity');
    await user.selectOptions(screen.getByLabelText(/^Unit price/), 'unitPrice');
    await user.selectOptions(screen.getByLabelText(/Item name column/), 'description');
    await user.selectOptions(screen.getByLabelText(/^Due date/), 'neededBy');

    server.failNext.set(
      'PUT /api/connectors/quickbooks/mappings/pr1',
      apiFailure(422, 'invalid_mapping', 'The mapping does not fit the form.', [
        { path: '/target/lines/unitPrice', message: '"unitPrice" is not a number column of "lines"' },
      ]),
    );
    await user.click(screen.getByRole('button', { name: 'Save mapping' }));
    const unitPrice = screen.getByLabelText(/^Unit price/);
    await waitFor(() => expect(unitPrice.getAttribute('aria-invalid')).toBe('true'));
    expect(unitPrice.closest('.fl-field')!.textContent).toContain('"unitPrice" is not a number column of "lines"');

    await user.click(screen.getByRole('button', { name: 'Save mapping' }));
    expect(await screen.findByText('Saved.')).toBeTruthy();
    const saved = server.calledWith('PUT', '/api/connectors/quickbooks/mappings/pr1').at(-1)!.body as QuickBooksMappingInput;
    expect(saved).toEqual({
      enabled: true,
      target: {
        kind: 'purchase_order',
        vendor: { mode: 'field', field: 'supplier' },
        apAccount: { value: '33', name: 'Accounts Payable (A/P)' },
        lines: {
          field: 'lines',
          quantity: 'quantity',
          unitPrice: 'unitPrice',
          detail: { type: 'item', item: { mode: 'column', column: 'description' } },
        },
        dueDate: 'neededBy',
      },
    });

    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect((await screen.findByTestId('qbo-preview-body')).textContent).toContain('"VendorRef"');
    expect(screen.getByText('PurchaseOrder from submission sub-latest')).toBeTruthy();
  });

  it('a bill maps categories to accounts and pays from a bank account when marked paid', async () => {
    const paymentRequest = structuredClone(purchaseRequest);
    const schema = paymentRequest.published!.schema as { properties: Record<string, unknown> };
    schema.properties.paid = { type: 'boolean', title: 'Paid' };
    (schema.properties.lines as { items: { properties: Record<string, unknown> } }).items.properties.category = {
      type: 'string',
      title: 'Category',
      oneOf: [
        { const: 'travel', title: 'Travel' },
        { const: 'meals', title: 'Meals' },
      ],
    };
    const { server } = setup('/integrations/quickbooks?form=pr1', connected, { form: paymentRequest });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('radio', { name: /^Bill/ }));
    await user.click(screen.getByRole('radio', { name: 'Always the same vendor' }));
    await user.selectOptions(screen.getByLabelText(/^Vendor/, { selector: 'select' }), '56');
    await user.selectOptions(screen.getByLabelText(/^Sub-table/), 'lines');
    await user.selectOptions(screen.getByLabelText(/^Amount/), 'unitPrice');
    await user.selectOptions(screen.getByLabelText(/Expense category column/), 'category');
    await user.selectOptions(screen.getByLabelText('Travel'), '7');
    await user.click(screen.getByRole('checkbox', { name: /Record the payment/ }));
    await user.selectOptions(screen.getByLabelText(/Paid field/), 'paid');
    await user.selectOptions(screen.getByLabelText(/Pay from bank account/), '35');
    await user.click(screen.getByRole('button', { name: 'Save mapping' }));
    expect(await screen.findByText('Saved.')).toBeTruthy();
    const saved = server.calledWith('PUT', '/api/connectors/quickbooks/mappings/pr1').at(-1)!.body as QuickBooksMappingInput;
    expect(saved.target).toMatchObject({
      kind: 'bill',
      vendor: { mode: 'fixed', vendor: { value: '56', name: 'Office Supplies Co' } },
      lines: {
        field: 'lines',
        amount: 'unitPrice',
        category: 'category',
        categoryAccounts: { travel: { value: '7', name: 'Office Expenses' } },
      },
      payment: { paidField: 'paid', bankAccount: { value: '35', name: 'Checking' } },
    });
  });

  it('lists mapped forms and speaks Traditional Chinese', async () => {
    setup(
      '/integrations/quickbooks',
      (s) => {
        connected(s);
        s.mappings.set('pr1', {
          formId: 'pr1',
          formName: '採購申請',
          realmId: '9130001',
          enabled: true,
          target: {
            kind: 'purchase_order',
            vendor: { mode: 'field', field: 'supplier' },
            apAccount: { value: '33' },
            lines: { field: 'lines', quantity: 'quantity', unitPrice: 'unitPrice', detail: { type: 'account', account: { value: '7' } } },
          },
          updatedAt: '2026-11-25T10:00:00.000Z',
        });
      },
      { locale: 'zh-Hant' },
    );
    const link = await screen.findByRole('link', { name: '採購申請' });
    expect(link.closest('li')!.textContent).toContain('採購單');
    expect(screen.getByRole('heading', { name: '表單對應' })).toBeTruthy();
    await userEvent.click(link);
    expect(await screen.findByLabelText(/建議供應商|供應商名稱欄位/)).toBeTruthy();
  });
});
