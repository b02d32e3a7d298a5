import type { ShopifyMappingInput } from '@formloom/plugin-shopify/shared';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../api/client.ts';
import type { Form } from '../../../api/types.ts';
import { app, fakeApi, publishedForm, session } from '../../../test/fakeApi.ts';
import { renderApp } from '../../../test/renderApp.tsx';
import { apiFailure, FakeConnectorsServer } from '../connectors/fakeConnectorsServer.ts';

const salesOrder = publishedForm(
  {
    schema: {
      type: 'object',
      title: 'Sales order',
      properties: {
        customerName: { type: 'string', title: 'Customer name' },
        email: { type: 'string', format: 'email', title: 'Email' },
        lines: {
          type: 'array',
          title: 'Order lines',
          items: {
            type: 'object',
            properties: {
              sku: { type: 'string', title: 'SKU' },
              description: { type: 'string', title: 'Description' },
              quantity: { type: 'integer', title: 'Quantity' },
              unitPrice: { type: 'number', title: 'Unit price' },
            },
          },
        },
        shipping: {
          type: 'object',
          title: 'Shipping address',
          properties: { line1: { type: 'string', title: 'Address line 1' }, district: { type: 'string', title: 'District' } },
        },
        notes: { type: 'string', title: 'Notes' },
      },
    },
    uiSchema: {
      email: { 'ui:fieldType': 'email' },
      lines: { 'ui:fieldType': 'subtable' },
      shipping: { 'ui:fieldType': 'section' },
      notes: { 'ui:fieldType': 'textarea' },
      'ui:i18n': { 'zh-Hant': { '/schema/properties/email/title': '電郵' } },
    },
  },
  { id: 'so1', appId: 'app1' },
);

const movement = publishedForm(
  {
    schema: {
      type: 'object',
      title: 'Stock movement',
      properties: { item: { type: 'string', title: 'Item' }, zone: { type: 'string', title: 'Zone' } },
    },
    uiSchema: {
      'ui:options': { stockLedger: { item: 'item', zone: 'zone' } },
      item: { 'ui:fieldType': 'relation', 'ui:options': { form: 'items1' } },
      zone: { 'ui:fieldType': 'relation', 'ui:options': { form: 'zones1' } },
    },
  },
  { id: 'mv1', appId: 'app1' },
);
const itemForm = publishedForm(
  {
    schema: {
      type: 'object',
      title: 'Stock item',
      properties: { name: { type: 'string', title: 'Name' }, shopifyItem: { type: 'string', title: 'Shopify inventory item' } },
    },
    uiSchema: {},
  },
  { id: 'items1', appId: 'app1', name: 'Stock item' },
);

function setup(
  path: string,
  fill: (server: FakeConnectorsServer) => void = () => {},
  { locale = 'en' as 'en' | 'zh-Hant', role = 'admin' as 'admin' | 'builder', forms: extra = {} as Record<string, Form> } = {},
) {
  const server = new FakeConnectorsServer();
  server.formNames.set('so1', 'Sales order');
  fill(server);
  const forms: Record<string, Form> = { so1: salesOrder, mv1: movement, items1: itemForm, ...extra };
  const api = fakeApi({
    me: () => Promise.resolve(session({ role })),
    listApps: () => Promise.resolve([app({ id: 'app1', name: 'Sales' })]),
    listForms: () => Promise.resolve([salesOrder, movement]),
    getForm: (id: string) => Promise.resolve(forms[id]),
    listRecords: () =>
      Promise.resolve([
        { id: 'z-a', label: 'Zone A (shop floor)', data: {} },
        { id: 'z-b', label: 'Zone B (back room)', data: {} },
      ]),
    request: server.request,
  } as Partial<ApiClient>);
  return { server, ...renderApp(path, { api, locale }) };
}

const connectedShop = (server: FakeConnectorsServer) => {
  server.shop = {
    connected: true,
    shopDomain: 'kowloon-tea.myshopify.com',
    shopName: 'Kowloon Tea Co',
    currencyCode: 'HKD',
    apiVersion: '2025-09',
    connectedAt: '2026-11-25T09:00:00.000Z',
  };
};

describe('ShopifyPage: connection', () => {
  it('says where to get the token and which scopes, refuses a bad domain or token at the field, then shows the store and disconnects after asking', async () => {
    const { server } = setup('/integrations/shopify');
    const user = userEvent.setup();
    const domain = await screen.findByLabelText('Shop domain');
    for (const scope of ['write_draft_orders', 'write_orders', 'write_inventory', 'read_locations', 'read_products'])
      expect(screen.getByText(scope)).toBeTruthy();

    await user.type(domain, 'kowloontea.com');
    await user.type(screen.getByLabelText('Admin API access token'), 'shpat_bad');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(domain.getAttribute('aria-invalid')).toBe('true'));
    expect(domain.closest('.fl-field')!.textContent).toContain('Enter the store domain as <name>.myshopify.com.');

    await user.clear(domain);
    await user.type(domain, 'Kowloon-Tea.myshopify.com');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    const token = screen.getByLabelText('Admin API access token');
    await waitFor(() => expect(token.getAttribute('aria-invalid')).toBe('true'));
    expect(token.closest('.fl-field')!.textContent).toContain('Shopify refused the access token (401).');

    await user.clear(token);
    await user.type(token, 'shpat_good');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    expect((await screen.findByTestId('shopify-shop-name')).textContent).toBe('Kowloon Tea Co');
    expect(server.calledWith('PUT', '/api/connectors/shopify/connection').at(-1)!.body).toEqual({
      shopDomain: 'kowloon-tea.myshopify.com',
      accessToken: 'shpat_good',
    });
    expect(screen.getByText('kowloon-tea.myshopify.com')).toBeTruthy();
    expect(screen.getByText('2025-09')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Disconnect' }));
    const question = screen.getByRole('alertdialog');
    expect(question.textContent).toContain('Disconnect Kowloon Tea Co?');
    await user.click(within(question).getByRole('button', { name: 'Disconnect' }));
    expect(await screen.findByLabelText('Shop domain')).toBeTruthy();
    expect(server.calledWith('DELETE', '/api/connectors/shopify/connection')).toHaveLength(1);
  });

  it('builders see the mappings, not the store settings', async () => {
    setup('/integrations/shopify', connectedShop, { role: 'builder' });
    expect(await screen.findByText(/An administrator connects the Shopify store/)).toBeTruthy();
    expect(screen.queryByLabelText('Shop domain')).toBeNull();
    expect(screen.getByRole('button', { name: 'Map a form' })).toBeTruthy();
  });
});

describe('ShopifyPage: mapping editor', () => {
  it('starts from the suggested mapping, takes changes, shows a refusal at its field, saves the exact mapping and previews it', async () => {
    const { server } = setup('/integrations/shopify?form=so1', (s) => {
      connectedShop(s);
      s.suggestions.set('so1', {
        kind: 'draft_order',
        trigger: 'submitted',
        customer: { email: 'email', fullName: 'customerName' },
        lineItems: { table: 'lines', title: 'description', price: 'unitPrice', quantity: 'quantity', sku: 'sku' },
        shippingAddress: { address1: 'shipping.line1', city: 'shipping.district', countryCode: 'HK' },
        note: 'notes',
        tags: { fixed: [] },
      });
    });
    const user = userEvent.setup();
    expect(await screen.findByText(/A suggested mapping for this form’s template/)).toBeTruthy();
    expect((screen.getByLabelText('Email field') as HTMLSelectElement).value).toBe('email');
    expect((screen.getByLabelText('Address line 1') as HTMLSelectElement).value).toBe('shipping.line1');
    // Price offers only the sub-table's number columns.
    const price = screen.getByLabelText(/^Price column/) as HTMLSelectElement;
    expect([...price.options].map((o) => o.value).filter(Boolean)).toEqual(['quantity', 'unitPrice']);

    await user.click(screen.getByRole('radio', { name: /^Order/ }));
    await user.click(screen.getByRole('radio', { name: 'When approved' }));
    await user.type(screen.getByLabelText('Tags'), 'wholesale, hk');

    server.failNext.set(
      'PUT /api/connectors/shopify/mappings/so1',
      apiFailure(422, 'invalid_mapping', 'The mapping does not fit the form.', [
        { path: '/target/lineItems/price', message: '"unitPrice" must be a number column of "lines".' },
      ]),
    );
    await user.click(screen.getByRole('button', { name: 'Save mapping' }));
    await waitFor(() => expect(price.getAttribute('aria-invalid')).toBe('true'));
    expect(price.closest('.fl-field')!.textContent).toContain('"unitPrice" must be a number column of "lines".');

    await user.click(screen.getByRole('button', { name: 'Save mapping' }));
    expect(await screen.findByText('Saved.')).toBeTruthy();
    const body = server.calledWith('PUT', '/api/connectors/shopify/mappings/so1').at(-1)!.body as ShopifyMappingInput;
    expect(body).toEqual({
      enabled: true,
      target: {
        kind: 'order',
        trigger: 'approved',
        customer: { email: 'email', fullName: 'customerName' },
        lineItems: { table: 'lines', title: 'description', price: 'unitPrice', sku: 'sku', quantity: 'quantity' },
        shippingAddress: { address1: 'shipping.line1', city: 'shipping.district', countryCode: 'HK' },
        note: 'notes',
        tags: { fixed: ['wholesale', 'hk'] },
      },
    });
    expect(screen.queryByText(/A suggested mapping/)).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect((await screen.findByTestId('shopify-preview-body')).textContent).toContain('"lineItems"');
    expect(screen.getByText('orderCreate for submission sub-latest')).toBeTruthy();
    expect(
      (server.calledWith('POST', '/api/connectors/shopify/mappings/so1/preview')[0].body as { target: { kind: string } }).target.kind,
    ).toBe('order');
  });

  it('maps a stock movement form: the item field of the item form, zone → location', async () => {
    const { server } = setup('/integrations/shopify?form=mv1', (s) => {
      connectedShop(s);
      s.locations = [
        { id: 'gid://shopify/Location/1', name: 'Mong Kok shop', isActive: true },
        { id: 'gid://shopify/Location/2', name: 'Warehouse', isActive: true },
      ];
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('radio', { name: /^Inventory adjustment/ }));
    await user.selectOptions(await screen.findByLabelText(/Inventory item id field/), 'shopifyItem');
    await user.selectOptions(await screen.findByLabelText('Zone A (shop floor)'), 'gid://shopify/Location/1');
    await waitFor(() => expect(screen.getByLabelText('Zone B (back room)').hasAttribute('disabled')).toBe(false));
    await user.selectOptions(screen.getByLabelText('Zone B (back room)'), 'gid://shopify/Location/2');
    await user.selectOptions(screen.getByLabelText('Reason'), 'received');
    await user.click(screen.getByRole('button', { name: 'Save mapping' }));
    expect(await screen.findByText('Saved.')).toBeTruthy();
    expect(server.calledWith('PUT', '/api/connectors/shopify/mappings/mv1').at(-1)!.body).toEqual({
      enabled: true,
      target: {
        kind: 'inventory',
        inventoryItemIdField: 'shopifyItem',
        locations: { 'z-a': 'gid://shopify/Location/1', 'z-b': 'gid://shopify/Location/2' },
        reason: 'received',
      },
    });
  });

  it('finds a variant’s id in the store for a variant id column', async () => {
    const { server } = setup('/integrations/shopify?form=so1', (s) => {
      connectedShop(s);
      s.variants = [
        {
          id: 'gid://shopify/ProductVariant/4101',
          title: '250 g',
          productTitle: 'Lemon tea',
          sku: 'TEA-0042',
          price: '48.00',
          inventoryItemId: 'gid://shopify/InventoryItem/5101',
        },
        {
          id: 'gid://shopify/ProductVariant/4102',
          title: 'Default Title',
          productTitle: 'Tea cup',
          sku: 'CUP-0001',
          price: '120.00',
          inventoryItemId: null,
        },
      ];
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('radio', { name: 'Product variant (its id)' }));
    await user.click(screen.getByText('Find a product’s ids in the store'));
    await user.type(screen.getByRole('searchbox'), 'tea-0042');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    const results = await screen.findByRole('list', { name: 'Matching variants' });
    expect(results.textContent).toContain('Lemon tea · 250 g');
    expect(results.textContent).toContain('gid://shopify/ProductVariant/4101');
    expect(results.textContent).not.toContain('Tea cup');
    expect(server.calls.some((c) => c.path === '/api/connectors/shopify/variants')).toBe(true);
  });

  it('zones kept as a choice field map by their option values', async () => {
    const byChoice = structuredClone(movement);
    const doc = byChoice.published!;
    (doc.schema as { properties: Record<string, unknown> }).properties.zone = {
      type: 'string',
      title: 'Zone',
      oneOf: [
        { const: 'front', title: 'Front shop' },
        { const: 'store', title: 'Store room' },
      ],
    };
    (doc.uiSchema as Record<string, unknown>).zone = { 'ui:fieldType': 'select' };
    const { server } = setup(
      '/integrations/shopify?form=mv1',
      (s) => {
        connectedShop(s);
        s.locations = [{ id: 'gid://shopify/Location/1', name: 'Mong Kok shop', isActive: true }];
      },
      { forms: { mv1: byChoice } },
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('radio', { name: /^Inventory adjustment/ }));
    await user.selectOptions(await screen.findByLabelText(/Inventory item id field/), 'shopifyItem');
    const front = await screen.findByLabelText('Front shop');
    await waitFor(() => expect(front.hasAttribute('disabled')).toBe(false));
    await user.selectOptions(front, 'gid://shopify/Location/1');
    await user.click(screen.getByRole('button', { name: 'Save mapping' }));
    expect(await screen.findByText('Saved.')).toBeTruthy();
    expect((server.calledWith('PUT', '/api/connectors/shopify/mappings/mv1').at(-1)!.body as { target: unknown }).target).toMatchObject({
      locations: { front: 'gid://shopify/Location/1' },
    });
  });

  it('speaks Traditional Chinese', async () => {
    setup('/integrations/shopify?form=so1', connectedShop, { locale: 'zh-Hant' });
    expect(await screen.findByRole('heading', { name: /的對應$/ })).toBeTruthy();
    expect(screen.getByLabelText('電郵欄位')).toBeTruthy();
    expect([...(screen.getByLabelText('電郵欄位') as HTMLSelectElement).options].map((o) => o.textContent)).toContain('電郵 (email)');
  });
});
