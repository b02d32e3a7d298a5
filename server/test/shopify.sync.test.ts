import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, startTestServer, type Client, type TestServer } from './helpers.ts';
import { startFakeShopify, type FakeShopify } from './fakes/shopify.ts';
import { SHOPIFY, keyOf, salesOrderData } from './shopifyFixtures.ts';
import { approve, buildOrg, installFlowTemplate, purchaseData, submit, type Org } from './workflowFixtures.ts';

/**
 * What the dispatcher's Shopify jobs make of submissions and stock moves, against the fake Shopify
 * (every document validated against the 2025-09 SDL): draft orders when submitted, orders when
 * approved, once each (also after a lost answer), throttling, userErrors, refused tokens, and
 * inventory adjustments from stock movements.
 */

process.env.FORMLOOM_DISPATCH_INTERVAL_MS = '0';

const salesMapping = {
  target: {
    kind: 'draft_order',
    trigger: 'submitted',
    customer: { email: 'email', fullName: 'customerName', phone: 'phone' },
    lineItems: { table: 'lines', title: 'description', sku: 'sku', price: 'unitPrice', quantity: 'quantity' },
    shippingAddress: { address1: 'shipping.line1', address2: 'shipping.line2', city: 'shipping.district', countryCode: 'HK' },
    note: 'notes',
    tags: { fixed: ['formloom'] },
  },
};

describe.each(DIALECTS)('Shopify jobs (%s)', (dialect) => {
  let server: TestServer;
  let fake: FakeShopify;
  let admin: Client;
  let org: Org;
  let salesForm: string;
  let purchaseForm: string;

  const jobsOf = (submissionId: string) =>
    server.app.db('connector_jobs').where({ submission_id: submissionId, connector: 'shopify' }).orderBy('created_at').select('*');
  const refsOf = (submissionId: string) =>
    server.app
      .db('submission_external_refs')
      .where({ submission_id: submissionId, connector: 'shopify' })
      .select('kind', 'external_id', 'label', 'url');
  const newSale = async (data: object = salesOrderData) => {
    const res = await admin.post(`/api/forms/${salesForm}/submissions`, { data });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const withTag =
    (id: string, kind = 'draft_order') =>
    (o: { tags: string[] }) =>
      o.tags.includes(`formloom-${keyOf(id, kind)}`);
  /** Makes a failed (retrying) job due now. */
  const dueNow = (submissionId: string) =>
    server.app
      .db('connector_jobs')
      .where({ submission_id: submissionId, connector: 'shopify' })
      .update({ next_attempt_at: new Date().toISOString() });

  beforeAll(async () => {
    fake = await startFakeShopify();
    process.env.FORMLOOM_SHOPIFY_API_ORIGIN = fake.url;
    server = await startTestServer(dialect, {}, { level: 'warn' });
    admin = await adminClient(server);
    expect((await admin.put(`${SHOPIFY}/connection`, { shopDomain: fake.shopDomain, accessToken: fake.accessToken })).status).toBe(200);
    const install = await admin.post('/api/templates/sales-order/install');
    salesForm = install.body.forms[0].id;
    org = await buildOrg(server, admin);
    ({ formId: purchaseForm } = await installFlowTemplate(admin, 'purchase-request'));
    await server.app.dispatcher.drain();
    expect((await admin.put(`${SHOPIFY}/mappings/${salesForm}`, salesMapping)).status).toBe(200);
  });
  afterAll(async () => {
    delete process.env.FORMLOOM_SHOPIFY_API_ORIGIN;
    await server?.close();
    await fake?.close();
  });

  it('makes one draft order with exact variables when a sales order is submitted, and stores its ref', async () => {
    const id = await newSale();
    await server.app.dispatcher.drain();
    const sent = fake.requests.filter((r) => r.operationName === 'FormloomDraftOrderCreate');
    expect(sent.length).toBe(1);
    expect(sent[0]!.errors).toEqual([]);
    expect(sent[0]!.headers['x-shopify-access-token']).toBe(fake.accessToken);
    expect(sent[0]!.variables).toEqual({
      input: {
        email: 'mary.chan@example.com',
        phone: '+852 9123 4567',
        note: 'Leave at the door',
        tags: ['formloom', `formloom-${keyOf(id, 'draft_order')}`],
        shippingAddress: {
          firstName: 'Mary',
          lastName: 'Chan',
          address1: 'Flat A, 12/F, Harbour Building',
          address2: '38 Hoi Bun Road',
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
    });
    const draft = fake.draftOrders.find(withTag(id))!;
    expect(draft.name).toMatch(/^#D\d+$/);
    expect(await refsOf(id)).toEqual([
      {
        kind: 'draft_order',
        external_id: draft.id,
        label: draft.name,
        url: `https://admin.shopify.com/store/formloom-test/draft_orders/${draft.id.split('/').pop()}`,
      },
    ]);
    const jobs = await jobsOf(id);
    expect(jobs.map((j) => [j.event_type, j.status])).toEqual([['submission.created', 'succeeded']]);
    const items = (await admin.get(`/api/submissions/${id}/integrations`)).body.items;
    expect(items[0]).toMatchObject({ status: 'succeeded', refs: [expect.objectContaining({ kind: 'draft_order', label: draft.name })] });

    // The job again (a redelivery): the ref says it is done, nothing is sent.
    await server.app
      .db('connector_jobs')
      .where({ id: jobs[0].id })
      .update({ status: 'pending', next_attempt_at: new Date().toISOString() });
    const before = fake.requests.length;
    await server.app.dispatcher.drain();
    expect(fake.requests.length).toBe(before);
    expect(fake.draftOrders.filter(withTag(id)).length).toBe(1);
  });

  it('after an answer lost in transit, finds the draft order by its tag instead of making a second', async () => {
    fake.loseNextAnswer();
    const id = await newSale();
    await server.app.dispatcher.drain();
    let [job] = await jobsOf(id);
    expect(job.status).toBe('failed');
    expect(job.last_error).toMatch(/Shopify answered 502/);
    expect(fake.draftOrders.filter(withTag(id)).length).toBe(1);
    expect(await refsOf(id)).toEqual([]);

    // Due at once, the attempt might still be running elsewhere: it waits out the request's time limit.
    await dueNow(id);
    const sent = fake.requests.length;
    await server.app.dispatcher.drain();
    [job] = await jobsOf(id);
    expect([job.status, fake.requests.length]).toEqual(['failed', sent]);
    expect(job.last_error).toMatch(/may still be running/);
    expect(Date.parse(job.next_attempt_at) - Date.now()).toBeGreaterThan(50_000);

    // A minute on, the look-up by tag finds what the lost attempt made.
    const aMinuteAgo = new Date(Date.now() - 61_000).toISOString();
    await server.app.db('shopify_sends').where({ submission_id: id }).update({ updated_at: aMinuteAgo });
    await dueNow(id);
    await server.app.dispatcher.drain();
    [job] = await jobsOf(id);
    expect(job.status).toBe('succeeded');
    expect(fake.requests.at(-1)!.operationName).toBe('FormloomDraftOrderByTag');
    expect(fake.requests.at(-1)!.variables).toEqual({ query: `tag:formloom-${keyOf(id, 'draft_order')}` });
    expect(fake.draftOrders.filter(withTag(id)).length).toBe(1);
    expect((await refsOf(id))[0]).toMatchObject({ external_id: fake.draftOrders.find(withTag(id))!.id });
  });

  it('waits out THROTTLED for as long as the bucket needs, slows down before the next request, then sends', async () => {
    // 4 points a second: a mutation's 10 points take 2.5 s to come back.
    fake.setBucket({ maximumAvailable: 100, restoreRate: 4 }, 0);
    const id = await newSale();
    const t0 = new Date();
    await server.app.dispatcher.runOnce(t0);
    await server.app.dispatcher.runOnce(t0);
    let [job] = await jobsOf(id);
    expect(job.status).toBe('failed');
    expect(job.last_error).toMatch(/throttled/);
    expect(fake.requests.at(-1)).toMatchObject({ operationName: 'FormloomDraftOrderCreate', throttled: true });
    const wait = Date.parse(job.next_attempt_at) - t0.getTime();
    expect(wait).toBeGreaterThan(2_300);
    expect(wait).toBeLessThanOrEqual(2_500);
    expect(fake.draftOrders.filter(withTag(id)).length).toBe(0);

    // Due by the job's clock, but the bucket Shopify reported has not refilled: nothing is sent yet.
    const sent = fake.requests.length;
    fake.setBucket({ maximumAvailable: 2000, restoreRate: 100 });
    await server.app.dispatcher.runOnce(new Date(t0.getTime() + 3_000));
    [job] = await jobsOf(id);
    expect([job.status, fake.requests.length]).toEqual(['failed', sent]);
    expect(job.last_error).toMatch(/budget is low/);

    await new Promise((r) => setTimeout(r, 1_700));
    await server.app.dispatcher.runOnce(new Date(t0.getTime() + 10_000));
    [job] = await jobsOf(id);
    expect(job.status).toBe('succeeded');
    expect(fake.draftOrders.filter(withTag(id)).length).toBe(1);
  });

  it("shows Shopify's userErrors on the job and gives up (a line with a variant Shopify does not know)", async () => {
    const form = (await admin.post('/api/templates/sales-order/install')).body.forms[0].id;
    const mapping = { target: { ...salesMapping.target, lineItems: { table: 'lines', variantId: 'sku', quantity: 'quantity' } } };
    expect((await admin.put(`${SHOPIFY}/mappings/${form}`, mapping)).status).toBe(200);
    const res = await admin.post(`/api/forms/${form}/submissions`, { data: salesOrderData });
    await server.app.dispatcher.drain();
    const [job] = await jobsOf(res.body.id);
    expect(job.status).toBe('dead');
    expect(job.last_error).toBe(
      'Shopify refused the draft order: lineItems.0.variantId: Product variant does not exist.; lineItems.1.variantId: Product variant does not exist.',
    );
    const items = (await admin.get(`/api/submissions/${res.body.id}/integrations`)).body.items;
    expect(items[0]).toMatchObject({ status: 'dead', lastError: job.last_error });
    expect(await refsOf(res.body.id)).toEqual([]);
  });

  it('refuses more than 250 line items with a clear message, sending nothing', async () => {
    const lines = Array.from({ length: 251 }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1, unitPrice: 1 }));
    const before = fake.requests.length;
    const id = await newSale({ ...salesOrderData, lines });
    await server.app.dispatcher.drain();
    const [job] = await jobsOf(id);
    expect(job.status).toBe('dead');
    expect(job.last_error).toMatch(/251 line items; Shopify takes at most 250/);
    expect(fake.requests.length).toBe(before);
  });

  it('makes an order when a purchase request is approved (not when submitted)', async () => {
    const mapping = {
      target: {
        kind: 'order',
        trigger: 'approved',
        lineItems: { table: 'lines', title: 'description', price: 'unitPrice', quantity: 'quantity' },
        note: 'justification',
      },
    };
    expect((await admin.put(`${SHOPIFY}/mappings/${purchaseForm}`, mapping)).status).toBe(200);
    const sub = await submit(org.staff, purchaseForm, purchaseData(1200));
    await server.app.dispatcher.drain();
    expect(await jobsOf(sub.id)).toEqual([]);
    expect((await approve(org.salesHead, sub.id)).submissionStatus).toBe('approved');
    await server.app.dispatcher.drain();
    const order = fake.orders.find(withTag(sub.id, 'order'))!;
    const request = fake.requests.find((r) => r.operationName === 'FormloomOrderCreate')!;
    expect(request.variables.order).toEqual({
      note: 'The old one broke.',
      tags: [`formloom-${keyOf(sub.id, 'order')}`],
      currency: 'HKD',
      lineItems: [{ title: 'Laptop', priceSet: { shopMoney: { amount: '1200.00', currencyCode: 'HKD' } }, quantity: 1 }],
    });
    expect(order.input).toMatchObject({ currency: 'HKD', test: false });
    expect(request.variables.options).toEqual({
      sendReceipt: false,
      sendFulfillmentReceipt: false,
    });
    expect(await refsOf(sub.id)).toEqual([
      {
        kind: 'order',
        external_id: order.id,
        label: order.name,
        url: `https://admin.shopify.com/store/formloom-test/orders/${order.id.split('/').pop()}`,
      },
    ]);
    expect((await jobsOf(sub.id)).map((j) => [j.event_type, j.status])).toEqual([['submission.status_changed', 'succeeded']]);
  });

  it('adjusts available inventory at the mapped locations for each stock movement', async () => {
    const installed = (await admin.post('/api/templates/inventory/install')).body;
    const [itemForm, zoneForm, movementForm] = installed.forms;
    // The item list gets a field for the Shopify inventory item id.
    const draft = (await admin.get(`/api/forms/${itemForm.id}`)).body;
    const schema = {
      ...draft.draft.schema,
      properties: { ...draft.draft.schema.properties, shopifyInventoryItemId: { type: 'string', title: 'Shopify inventory item' } },
    };
    expect((await admin.put(`/api/forms/${itemForm.id}`, { schema })).status).toBe(200);
    expect((await admin.post(`/api/forms/${itemForm.id}/publish`)).status).toBe(201);
    const zone = async (code: string) =>
      (await admin.post(`/api/forms/${zoneForm.id}/submissions`, { data: { code, name: code, nameZh: code } })).body.id as string;
    const [kt, central, other] = [await zone('KT-01'), await zone('CEN-01'), await zone('TM-01')];
    const item = await admin.post(`/api/forms/${itemForm.id}/submissions`, {
      data: { sku: 'TEA-0042', name: 'Lemon tea', unit: 'piece', shopifyInventoryItemId: 'gid://shopify/InventoryItem/5101' },
    });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    const offline = await admin.post(`/api/forms/${itemForm.id}/submissions`, { data: { sku: 'BOX-0001', name: 'Boxes', unit: 'piece' } });

    const bad = await admin.put(`${SHOPIFY}/mappings/${movementForm.id}`, {
      target: { kind: 'inventory', inventoryItemIdField: 'shopifyId', locations: {} },
    });
    expect([bad.status, bad.body.details?.[0]?.path]).toEqual([422, '/target/inventoryItemIdField']);
    const mapping = {
      target: {
        kind: 'inventory',
        inventoryItemIdField: 'shopifyInventoryItemId',
        locations: { [kt]: 'gid://shopify/Location/71001', [central]: 'gid://shopify/Location/71002' },
        reason: 'movement_created',
      },
    };
    expect((await admin.put(`${SHOPIFY}/mappings/${movementForm.id}`, mapping)).status).toBe(200);

    const move = async (data: object) => {
      const res = await admin.post(`/api/forms/${movementForm.id}/submissions`, { data });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const received = await move({ movementType: 'receive', item: item.body.id, zone: kt, quantity: 10, reference: 'DN-1' });
    const moved = await move({ movementType: 'transfer', item: item.body.id, zone: kt, toZone: central, quantity: 3 });
    const unmapped = await move({ movementType: 'receive', item: item.body.id, zone: other, quantity: 4 });
    const notOnline = await move({ movementType: 'receive', item: offline.body.id, zone: kt, quantity: 4 });
    await server.app.dispatcher.drain();

    // Jobs run side by side, so the two may arrive in either order (deltas add up the same).
    const byMovement = (id: string) => fake.adjustments.find((a) => a.input.referenceDocumentUri === `formloom://submissions/${id}`)!;
    expect(fake.adjustments.length).toBe(2);
    expect([byMovement(received).input, byMovement(moved).input]).toEqual([
      {
        name: 'available',
        reason: 'movement_created',
        referenceDocumentUri: `formloom://submissions/${received}`,
        changes: [{ inventoryItemId: 'gid://shopify/InventoryItem/5101', locationId: 'gid://shopify/Location/71001', delta: 10 }],
      },
      {
        name: 'available',
        reason: 'movement_created',
        referenceDocumentUri: `formloom://submissions/${moved}`,
        changes: [
          { inventoryItemId: 'gid://shopify/InventoryItem/5101', locationId: 'gid://shopify/Location/71001', delta: -3 },
          { inventoryItemId: 'gid://shopify/InventoryItem/5101', locationId: 'gid://shopify/Location/71002', delta: 3 },
        ],
      },
    ]);
    expect(fake.levels.get('gid://shopify/InventoryItem/5101|gid://shopify/Location/71001')).toBe(7);
    expect(fake.levels.get('gid://shopify/InventoryItem/5101|gid://shopify/Location/71002')).toBe(3);
    for (const id of [received, moved, unmapped, notOnline]) expect((await jobsOf(id)).map((j) => j.status)).toEqual(['succeeded']);
    expect((await jobsOf(unmapped))[0].result).toBeTruthy();

    // Preview of the latest move (nothing sent), and the job again sends nothing.
    const preview = await admin.post(`${SHOPIFY}/mappings/${movementForm.id}/preview`, { submissionId: moved });
    expect(preview.body).toMatchObject({
      submissionId: moved,
      mutation: 'inventoryAdjustQuantities',
      variables: { input: byMovement(moved).input },
    });
    await server.app
      .db('connector_jobs')
      .where({ submission_id: moved })
      .update({ status: 'pending', next_attempt_at: new Date().toISOString() });
    await server.app.dispatcher.drain();
    expect(fake.adjustments.length).toBe(2);

    // An adjustment whose answer was lost is not sent again on 2025-09 (it cannot be looked up): a person checks.
    fake.loseNextAnswer();
    const lost = await move({ movementType: 'receive', item: item.body.id, zone: central, quantity: 1 });
    await server.app.dispatcher.drain();
    expect((await jobsOf(lost))[0].status).toBe('failed');
    expect(fake.adjustments.length).toBe(3);
    await dueNow(lost);
    await server.app.dispatcher.drain();
    expect((await jobsOf(lost))[0]).toMatchObject({
      status: 'dead',
      last_error: expect.stringContaining(`formloom://submissions/${lost}`),
    });
    expect(fake.adjustments.length).toBe(3);

    // Fractions cannot be sent: Shopify counts whole units.
    const half = await move({ movementType: 'receive', item: item.body.id, zone: kt, quantity: 0.5 });
    await server.app.dispatcher.drain();
    expect((await jobsOf(half))[0]).toMatchObject({ status: 'dead', last_error: expect.stringMatching(/whole units/) });
  });

  it('gives up with "reconnect" when Shopify refuses the token', async () => {
    await server.app.db('shopify_connection').update({ access_token_sealed: server.app.secretBox.seal('shpat_revoked') });
    const id = await newSale();
    await server.app.dispatcher.drain();
    const [job] = await jobsOf(id);
    expect(job.status).toBe('dead');
    expect(job.last_error).toMatch(/reconnect the store/);
  });
});
