import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, publishedForm, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';
import { startFakeShopify, type FakeShopify } from './fakes/shopify.ts';
import { SHOPIFY, keyOf, salesOrderData } from './shopifyFixtures.ts';

/**
 * The Shopify connection and mapping routes against the fake Shopify, which validates every
 * document against the 2025-09 SDL: connect (good and bad tokens, bad domains), locations and
 * variants, mapping validation, the sales order's suggested mapping, preview.
 */

process.env.FORMLOOM_DISPATCH_INTERVAL_MS = '0';
describe.each(DIALECTS)('Shopify connection and mappings (%s)', (dialect) => {
  let server: TestServer;
  let fake: FakeShopify;
  let admin: Client;
  let salesForm: string;

  const connect = (body: object) => admin.put(`${SHOPIFY}/connection`, body);

  beforeAll(async () => {
    fake = await startFakeShopify();
    process.env.FORMLOOM_SHOPIFY_API_ORIGIN = fake.url;
    server = await startTestServer(dialect, {}, { level: 'warn' });
    admin = await adminClient(server);
    const install = await admin.post('/api/templates/sales-order/install');
    expect(install.status).toBe(201);
    salesForm = install.body.forms[0].id;
  });
  afterAll(async () => {
    delete process.env.FORMLOOM_SHOPIFY_API_ORIGIN;
    await server?.close();
    await fake?.close();
  });

  it('the fake answers like Shopify: invalid documents and variables, unknown paths, wrong tokens', async () => {
    const post = (body: object, token = fake.accessToken, path = '/admin/api/2025-09/graphql.json') =>
      fetch(fake.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
        body: JSON.stringify(body),
      });
    const unknownField = await (await post({ query: '{ shop { nameX } }' })).json();
    expect(unknownField.errors[0].message).toMatch(/Cannot query field "nameX" on type "Shop"/);
    const badVariables = await (
      await post({
        query: 'mutation M($input: DraftOrderInput!) { draftOrderCreate(input: $input) { draftOrder { id } userErrors { message } } }',
        variables: { input: { lineItems: [{ title: 'x' }] } },
      })
    ).json();
    expect(badVariables.errors[0].message).toMatch(/quantity/);
    expect(badVariables.extensions.cost.throttleStatus).toMatchObject({ maximumAvailable: 2000, restoreRate: 100 });
    expect((await post({ query: '{ shop { name } }' }, 'shpat_nope')).status).toBe(401);
    expect((await post({ query: '{ shop { name } }' }, fake.accessToken, '/admin/api/2024-01/graphql.json')).status).toBe(404);
  });

  describe('connection', () => {
    it('is not connected at first; only admins may look', async () => {
      const res = await admin.get(`${SHOPIFY}/connection`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        connected: false,
        shopDomain: null,
        shopName: null,
        currencyCode: null,
        apiVersion: '2025-09',
        connectedAt: null,
      });
      const { client: builder } = await userClient(server, admin, 'builder');
      expect((await builder.get(`${SHOPIFY}/connection`)).status).toBe(403);
      expect((await builder.put(`${SHOPIFY}/connection`, { shopDomain: fake.shopDomain, accessToken: fake.accessToken })).status).toBe(403);
      expect((await new (admin.constructor as typeof Client)(server.url).get(`${SHOPIFY}/connection`)).status).toBe(401);
    });

    it('refuses a domain that is not <name>.myshopify.com in lower case, without calling Shopify', async () => {
      const before = fake.requests.length;
      for (const shopDomain of [
        'Formloom-Test.myshopify.com',
        'shop.example.com',
        'https://formloom-test.myshopify.com',
        '127.0.0.1',
        'x.myshopify.com.evil.io',
      ]) {
        const res = await connect({ shopDomain, accessToken: fake.accessToken });
        expect([res.status, res.body.code], shopDomain).toEqual([422, 'invalid_shop_domain']);
        expect(res.body.message).toMatch(/myshopify\.com/);
      }
      expect(fake.requests.length).toBe(before);
      expect((await connect({ shopDomain: fake.shopDomain })).body.code).toBe('invalid_request');
    });

    it('refuses a wrong token with 422 shopify_auth_failed and stores nothing', async () => {
      const res = await connect({ shopDomain: fake.shopDomain, accessToken: 'shpat_wrong' });
      expect([res.status, res.body.code]).toEqual([422, 'shopify_auth_failed']);
      expect(fake.requests.at(-1)).toMatchObject({ status: 401, path: '/admin/api/2025-09/graphql.json' });
      expect(fake.requests.at(-1)!.headers['x-shopify-access-token']).toBe('shpat_wrong');
      expect((await admin.get(`${SHOPIFY}/connection`)).body.connected).toBe(false);
      expect(await server.app.db('shopify_connection').select('id')).toEqual([]);
    });

    it('connects with a good token: shop { name } checked, the token stored sealed', async () => {
      const res = await connect({ shopDomain: fake.shopDomain, accessToken: fake.accessToken });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        connected: true,
        shopDomain: fake.shopDomain,
        shopName: 'Formloom Test Store',
        currencyCode: 'HKD',
        apiVersion: '2025-09',
      });
      expect(Date.parse(res.body.connectedAt)).toBeGreaterThan(Date.now() - 60_000);
      const sent = fake.requests.at(-1)!;
      expect(sent.errors).toEqual([]);
      expect(sent.query).toContain('shop { name currencyCode }');
      const row = await server.app.db('shopify_connection').first();
      expect(row.access_token_sealed).not.toContain(fake.accessToken);
      expect(server.app.secretBox.open(row.access_token_sealed)).toBe(fake.accessToken);
      expect((await admin.get(`${SHOPIFY}/connection`)).body).toEqual(res.body);
    });

    it("keeps the store's locations and products from members who do not manage the form", async () => {
      const { client: member } = await userClient(server, admin, 'member');
      expect((await member.get(`${SHOPIFY}/locations`)).status).toBe(403);
      expect((await member.get(`${SHOPIFY}/variants?query=lemon`)).body.code).toBe('forbidden');
      const { formId } = await publishedForm(admin);
      expect((await member.get(`${SHOPIFY}/locations?formId=${formId}`)).status).toBe(403); // may not manage it
      const { client: builder } = await userClient(server, admin, 'builder');
      expect((await builder.get(`${SHOPIFY}/locations`)).status).toBe(200);
    });

    it('lists locations and searches variants (documents valid against the SDL)', async () => {
      const locations = await admin.get(`${SHOPIFY}/locations`);
      expect(locations.status).toBe(200);
      expect(locations.body.locations.map((l: any) => l.name)).toEqual(['Kwun Tong warehouse', 'Central shop']);
      const variants = await admin.get(`${SHOPIFY}/variants?query=lemon`);
      expect(variants.status).toBe(200);
      expect(variants.body.variants).toEqual([
        {
          id: 'gid://shopify/ProductVariant/4101',
          title: '250 g',
          productTitle: 'Lemon tea',
          sku: 'TEA-0042',
          price: '48.00',
          inventoryItemId: 'gid://shopify/InventoryItem/5101',
        },
      ]);
      expect(fake.requests.slice(-2).map((r) => [r.operationName, r.errors])).toEqual([
        ['FormloomLocations', []],
        ['FormloomVariants', []],
      ]);
    });
  });

  describe('mappings', () => {
    const validMapping = {
      target: {
        kind: 'draft_order',
        trigger: 'submitted',
        customer: { email: 'email', fullName: 'customerName' },
        lineItems: { table: 'lines', title: 'description', sku: 'sku', price: 'unitPrice', quantity: 'quantity' },
        shippingAddress: { address1: 'shipping.line1', city: 'shipping.district', countryCode: 'HK' },
        note: 'notes',
        tags: { fixed: ['web'] },
      },
    };

    it('suggests a mapping for the sales order template (not saved)', async () => {
      const res = await admin.get(`${SHOPIFY}/mappings/${salesForm}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ formId: salesForm, formName: 'Sales order', suggested: true, enabled: false, updatedAt: null });
      expect(res.body.target).toMatchObject({
        kind: 'draft_order',
        trigger: 'submitted',
        lineItems: { table: 'lines', price: 'unitPrice' },
      });
      // The suggestion fits its own form.
      const saved = await admin.put(`${SHOPIFY}/mappings/${salesForm}`, { target: res.body.target });
      expect(saved.status).toBe(200);
      expect((await admin.request('DELETE', `${SHOPIFY}/mappings/${salesForm}`)).status).toBe(204);
    });

    it('refuses a mapping that does not fit the form: 422 invalid_mapping naming each field', async () => {
      const res = await admin.put(`${SHOPIFY}/mappings/${salesForm}`, {
        target: {
          ...validMapping.target,
          customer: { email: 'emailAddress', fullName: 'lines' },
          lineItems: { table: 'lines', title: 'description', price: 'description', quantity: 'qty' },
          shippingAddress: { address1: 'shipping.street' },
        },
      });
      expect([res.status, res.body.code]).toEqual([422, 'invalid_mapping']);
      expect(res.body.details).toEqual([
        { path: '/target/customer/email', message: 'The form has no field "emailAddress".' },
        { path: '/target/customer/fullName', message: '"lines" must be a text, email, phone or choice field.' },
        { path: '/target/shippingAddress/address1', message: 'The form has no field "shipping.street".' },
        { path: '/target/lineItems/price', message: '"description" must be a number or money field.' },
        { path: '/target/lineItems/quantity', message: 'The sub-table "lines" has no field "qty".' },
      ]);
      expect(res.body.message).toContain('emailAddress');
      const notTable = await admin.put(`${SHOPIFY}/mappings/${salesForm}`, {
        target: { ...validMapping.target, lineItems: { table: 'notes', variantId: 'sku' } },
      });
      expect(notTable.body.details).toEqual([
        { path: '/target/lineItems/table', message: '"notes" must be a sub-table (the order lines).' },
      ]);
    });

    it('refuses malformed bodies with 400 (no variant and no title + price, unknown kind), inventory on a form without a ledger', async () => {
      const noLine = await admin.put(`${SHOPIFY}/mappings/${salesForm}`, {
        target: { ...validMapping.target, lineItems: { table: 'lines', title: 'description' } },
      });
      expect([noLine.status, noLine.body.code]).toEqual([400, 'invalid_request']);
      expect(noLine.body.message).toMatch(/variant id column, or a title and a price/);
      expect((await admin.put(`${SHOPIFY}/mappings/${salesForm}`, { target: { kind: 'invoice' } })).status).toBe(400);
      const inv = await admin.put(`${SHOPIFY}/mappings/${salesForm}`, {
        target: { kind: 'inventory', inventoryItemIdField: 'sku', locations: {} },
      });
      expect([inv.status, inv.body.code]).toEqual([422, 'invalid_mapping']);
      expect(inv.body.details[0].message).toMatch(/stock movement form/);
      expect(Number((await server.app.db('shopify_mappings').count({ n: '*' }).first())!.n)).toBe(0);
    });

    it('stores, lists, reads and deletes a mapping; other people get 403/404', async () => {
      const res = await admin.put(`${SHOPIFY}/mappings/${salesForm}`, validMapping);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        formId: salesForm,
        formName: 'Sales order',
        enabled: true,
        suggested: false,
        target: validMapping.target,
      });
      expect((await admin.get(`${SHOPIFY}/mappings`)).body.mappings).toEqual([
        {
          formId: salesForm,
          formName: 'Sales order',
          enabled: true,
          kind: 'draft_order',
          trigger: 'submitted',
          updatedAt: res.body.updatedAt,
        },
      ]);
      const { client: member } = await userClient(server, admin, 'member');
      expect((await member.get(`${SHOPIFY}/mappings`)).body.mappings).toEqual([]);
      expect([403, 404]).toContain((await member.put(`${SHOPIFY}/mappings/${salesForm}`, validMapping)).status);
      expect((await admin.get(`${SHOPIFY}/mappings/${salesForm}`)).body.target).toEqual(validMapping.target);
      const other = await publishedForm(admin);
      expect((await admin.get(`${SHOPIFY}/mappings/${other.formId}`)).body.code).toBe('mapping_not_found');
    });

    it('previews the draft order of the latest submission without sending anything', async () => {
      const none = await admin.post(`${SHOPIFY}/mappings/${salesForm}/preview`, {});
      expect([none.status, none.body.code]).toEqual([404, 'submission_not_found']);
      const sub = await admin.post(`/api/forms/${salesForm}/submissions`, { data: salesOrderData });
      expect(sub.status, JSON.stringify(sub.body)).toBe(201);
      const sent = fake.requests.length;
      const res = await admin.post(`${SHOPIFY}/mappings/${salesForm}/preview`, {});
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        submissionId: sub.body.id,
        mutation: 'draftOrderCreate',
        variables: {
          input: {
            email: 'mary.chan@example.com',
            note: 'Leave at the door',
            tags: ['web', `formloom-${keyOf(sub.body.id, 'draft_order')}`],
            shippingAddress: {
              firstName: 'Mary',
              lastName: 'Chan',
              address1: 'Flat A, 12/F, Harbour Building',
              city: 'Kwun Tong',
              countryCode: 'HK',
            },
            lineItems: [
              {
                title: 'Lemon tea 250 g',
                sku: 'TEA-0042',
                originalUnitPriceWithCurrency: { amount: '48.00', currencyCode: 'HKD' },
                quantity: 2,
              },
              { title: 'CUP-0001', sku: 'CUP-0001', originalUnitPriceWithCurrency: { amount: '120.50', currencyCode: 'HKD' }, quantity: 1 },
            ],
          },
        },
      });
      expect(fake.requests.length).toBe(sent);
      expect(fake.draftOrders).toEqual([]);
      const bad = await admin.post(`${SHOPIFY}/mappings/${salesForm}/preview`, {
        target: {
          ...validMapping.target,
          lineItems: { table: 'lines', title: 'description', price: 'unitPrice', quantity: 'description' },
        },
      });
      expect([bad.status, bad.body.code]).toEqual([422, 'invalid_mapping']);
    });

    it('disconnects (admins only)', async () => {
      expect((await admin.request('DELETE', `${SHOPIFY}/connection`)).status).toBe(204);
      expect((await admin.get(`${SHOPIFY}/connection`)).body.connected).toBe(false);
      expect((await admin.get(`${SHOPIFY}/locations`)).body.code).toBe('shopify_not_connected');
      expect((await admin.request('DELETE', `${SHOPIFY}/connection`)).status).toBe(404);
    });
  });
});
