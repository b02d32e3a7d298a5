import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';

/** Items with two barcode fields (the product's EAN and a shelf label) and a text field that only looks like one. */
const itemSchema = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string' },
    barcode: { type: 'string' },
    shelfLabel: { type: 'string' },
    note: { type: 'string' },
  },
};
const itemUi = { barcode: { 'ui:fieldType': 'barcode' }, shelfLabel: { 'ui:fieldType': 'barcode' } };

describe.each(DIALECTS)('relation scan lookup (GET /api/forms/:formId/records?scan=) on %s', (dialect) => {
  let server: TestServer;
  let alice: Client; // builder, owns the app
  let bob: Client; // member with fill only: sees his own records
  let items: string;
  let catalogue: string;
  const ids: Record<string, string> = {};

  const newForm = async (client: Client, appId: string, schema: object, uiSchema: object) => {
    const form = await client.post(`/api/apps/${appId}/forms`, { name: 'Items', schema, uiSchema });
    expect(form.status, JSON.stringify(form.body)).toBe(201);
    expect((await client.post(`/api/forms/${form.body.id}/publish`)).status).toBe(201);
    return form.body.id as string;
  };
  const add = async (client: Client, formId: string, data: object) => {
    const res = await client.post(`/api/forms/${formId}/submissions`, { data });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const scan = (client: Client, formId: string, code: string, extra = '') =>
    client.get(`/api/forms/${formId}/records?scan=${encodeURIComponent(code)}${extra}`);
  const found = async (client: Client, formId: string, code: string) => {
    const res = await scan(client, formId, code);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body.items as { id: string; label: string | null }[]).map((item) => item.id);
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const admin = await adminClient(server);
    alice = (await userClient(server, admin, 'builder', 'alice')).client;
    bob = (await userClient(server, admin, 'member', 'bob')).client;
    const appId = (await alice.post('/api/apps', { name: 'Inventory' })).body.id;
    items = await newForm(alice, appId, itemSchema, itemUi);
    catalogue = await newForm(alice, appId, itemSchema, { ...itemUi, 'ui:options': { catalogue: true } });
    ids.tea = await add(alice, items, { name: 'Green tea', barcode: '4006381333931' });
    ids.gloves = await add(alice, items, { name: 'Gloves', barcode: '00036000291452' }); // saved as GTIN-14
    ids.shelf = await add(alice, items, { name: 'Shelf A-01 box', shelfLabel: 'SHELF-A01' });
    ids.note = await add(alice, items, { name: 'Not a barcode', note: 'SHELF-A01' });
    ids.bobs = await add(bob, items, { name: "Bob's tea", barcode: '96385074' });
    ids.catalogued = await add(alice, catalogue, { name: 'Catalogue tea', barcode: '4006381333931' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('finds the record whose barcode field holds the code exactly, labelled like the picker', async () => {
    const res = await scan(alice, items, '4006381333931', '&display=name');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([{ id: ids.tea, label: 'Green tea', data: { name: 'Green tea', barcode: '4006381333931' } }]);
  });

  it('looks in every top-level barcode field and in no other field', async () => {
    expect(await found(alice, items, 'SHELF-A01')).toEqual([ids.shelf]);
    expect(await found(alice, items, 'shelf-a01')).toEqual([]); // exactly: case counts
    expect(await found(alice, items, 'Green tea')).toEqual([]);
  });

  it('finds an item by the GTIN in GS1 data, in any GTIN width', async () => {
    // A GS1-128 label: GTIN-14 of the EAN-13 item, with expiry and batch.
    expect(await found(alice, items, ']C10104006381333931172612311012AB')).toEqual([ids.tea]);
    // UPC-A scanned from the pack finds the item saved with its GTIN-14.
    expect(await found(alice, items, '036000291452')).toEqual([ids.gloves]);
    // GS1 data with a wrong GTIN check digit is not GS1: only an exact match would do.
    expect(await found(alice, items, ']C10104006381333932')).toEqual([]);
  });

  it('follows the records rule: fill-only members find their own records, or all of a catalogue', async () => {
    expect(await found(bob, items, '4006381333931')).toEqual([]);
    expect(await found(bob, items, '96385074')).toEqual([ids.bobs]);
    expect(await found(bob, catalogue, '4006381333931')).toEqual([ids.catalogued]);
    expect(await found(alice, items, '96385074')).toEqual([ids.bobs]);
  });

  it('documents scan in the OpenAPI document', async () => {
    const doc = (await alice.get('/api/openapi.json')).body;
    const parameters = doc.paths['/api/forms/{formId}/records'].get.parameters as { name: string; in: string }[];
    expect(parameters).toContainEqual(expect.objectContaining({ name: 'scan', in: 'query' }));
  });

  it('answers 404 for a form the caller cannot see, and 400 for bad input', async () => {
    const privateApp = (await alice.post('/api/apps', { name: 'Private' })).body.id;
    const me = (await alice.get('/api/auth/me')).body.user;
    await alice.put(`/api/apps/${privateApp}/grants`, { grants: [{ principal: me.id, permissions: ['edit'] }] });
    const hidden = await newForm(alice, privateApp, itemSchema, itemUi);
    await add(alice, hidden, { name: 'Secret', barcode: '4006381333931' });
    const res = await scan(bob, hidden, '4006381333931');
    expect([res.status, res.body.code]).toEqual([404, 'form_not_found']);
    const tooLong = await scan(alice, items, 'X'.repeat(201));
    expect([tooLong.status, tooLong.body.code]).toEqual([400, 'invalid_request']);
    const blank = await scan(alice, items, '   ');
    expect([blank.status, blank.body.code]).toEqual([400, 'invalid_request']);
    const mixed = await scan(alice, items, '4006381333931', '&q=tea');
    expect([mixed.status, mixed.body.code]).toEqual([400, 'invalid_request']);
    expect(mixed.body.message).toMatch(/leave out q and ids/);
  });
});
