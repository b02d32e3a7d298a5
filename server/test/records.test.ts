import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';

const itemSchema = {
  type: 'object',
  required: ['sku', 'name'],
  properties: {
    sku: { type: 'string', title: 'SKU' },
    name: { type: 'string', title: 'Name' },
    unit: { type: 'string', title: 'Unit' },
    unitPrice: { type: 'number', title: 'Unit price' },
  },
};

describe.each(DIALECTS)('records lookup on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let alice: Client; // builder: edits the inventory app (so sees all of it)
  let bob: Client; // member: may fill there (the default grant to everyone), nothing more
  let appId: string;
  let itemForm: string;
  let privateForm: string;
  const ids: Record<string, string> = {};

  const add = async (client: Client, formId: string, data: object) => {
    const res = await client.post(`/api/forms/${formId}/submissions`, { data });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const labels = (res: { body: { items: { label: string | null }[] } }) => res.body.items.map((i) => i.label);

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    alice = (await userClient(server, admin, 'builder', 'alice')).client;
    bob = (await userClient(server, admin, 'member', 'bob')).client;
    appId = (await alice.post('/api/apps', { name: 'Inventory' })).body.id;
    itemForm = (await alice.post(`/api/apps/${appId}/forms`, { name: 'Item', schema: itemSchema })).body.id;
    expect((await alice.post(`/api/forms/${itemForm}/publish`)).status).toBe(201);
    ids.tea = await add(alice, itemForm, { sku: 'TEA-1', name: 'Green Tea', unit: 'box', unitPrice: 12.5 });
    ids.bags = await add(alice, itemForm, { sku: 'TEA-2', name: 'green tea bags', unit: 'box', unitPrice: 30 });
    ids.juice = await add(alice, itemForm, { sku: 'JU-1', name: '100% juice', unit: 'litre', unitPrice: 8 });
    ids.under = await add(alice, itemForm, { sku: 'US-1', name: 'under_score', unit: 'piece', unitPrice: 1 });
    ids.chinese = await add(alice, itemForm, { sku: 'ZH-1', name: '綠茶', unit: 'box', unitPrice: 20 });
    ids.bobs = await add(bob, itemForm, { sku: 'BOB-1', name: "Bob's coffee", unit: 'kg', unitPrice: 99 });

    const secretApp = (await alice.post('/api/apps', { name: 'Private' })).body.id;
    const me = (await alice.get('/api/auth/me')).body.user;
    await alice.put(`/api/apps/${secretApp}/grants`, { grants: [{ principal: me.id, permissions: ['edit'] }] });
    privateForm = (await alice.post(`/api/apps/${secretApp}/forms`, { name: 'Secret', schema: itemSchema })).body.id;
    await alice.post(`/api/forms/${privateForm}/publish`);
    ids.secret = await add(alice, privateForm, { sku: 'SEC-1', name: 'Secret Tea' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists every record, newest first, for someone who sees all: {id, label, data}, labelled by the first text field', async () => {
    const res = await alice.get(`/api/forms/${itemForm}/records`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: any) => i.id)).toEqual([ids.bobs, ids.chinese, ids.under, ids.juice, ids.bags, ids.tea]);
    expect(res.body.items[5]).toEqual({
      id: ids.tea,
      label: 'TEA-1',
      data: { sku: 'TEA-1', name: 'Green Tea', unit: 'box', unitPrice: 12.5 },
    });
    expect(labels(await alice.get(`/api/forms/${itemForm}/records?display=name&limit=2`))).toEqual(["Bob's coffee", '綠茶']);
  });

  it('searches the display field: case-insensitive substring, wildcards taken literally, Chinese, numbers', async () => {
    const search = async (q: string, display = 'name') =>
      labels(await alice.get(`/api/forms/${itemForm}/records?display=${display}&q=${encodeURIComponent(q)}`)).sort();
    expect(await search('TEA')).toEqual(['Green Tea', 'green tea bags']);
    expect(await search('%')).toEqual(['100% juice']);
    expect(await search('_')).toEqual(['under_score']);
    expect(await search('茶')).toEqual(['綠茶']);
    expect(await search('nothing like it')).toEqual([]);
    expect(await search('tea-', 'sku')).toEqual(['TEA-1', 'TEA-2']);
    expect(await search('12.5', 'unitPrice')).toEqual(['12.5']);
  });

  it('resolves chosen ids to labels, leaving out unknown ones and ones from another form', async () => {
    const res = await alice.get(`/api/forms/${itemForm}/records?display=name&ids=${ids.tea},${ids.juice},nope,${ids.secret}`);
    expect(res.body.items.map((i: any) => [i.id, i.label])).toEqual([
      [ids.juice, '100% juice'],
      [ids.tea, 'Green Tea'],
    ]);
  });

  it('shows a filler only their own records, until the form is published as a catalogue', async () => {
    const own = await bob.get(`/api/forms/${itemForm}/records?display=name`);
    expect(own.status).toBe(200);
    expect(own.body.items.map((i: any) => i.id)).toEqual([ids.bobs]);
    expect((await bob.get(`/api/forms/${itemForm}/records?ids=${ids.tea},${ids.bobs}`)).body.items.map((i: any) => i.id)).toEqual([
      ids.bobs,
    ]);
    expect((await bob.get(`/api/forms/${itemForm}/records?q=tea&display=name`)).body.items).toEqual([]);

    // the app's editor makes the item list a catalogue: a draft alone changes nothing, publishing does
    expect((await alice.put(`/api/forms/${itemForm}`, { uiSchema: { 'ui:options': { catalogue: true } } })).status).toBe(200);
    expect((await bob.get(`/api/forms/${itemForm}/records`)).body.items).toHaveLength(1);
    expect((await alice.post(`/api/forms/${itemForm}/publish`)).status).toBe(201);
    try {
      const all = await bob.get(`/api/forms/${itemForm}/records?display=name&q=TEA`);
      expect(labels(all).sort()).toEqual(['Green Tea', 'green tea bags']);
      expect(all.body.items.find((i: any) => i.id === ids.tea).data.unitPrice).toBe(12.5);
      // a catalogue opens the lookup, not the submissions list
      expect((await bob.get(`/api/forms/${itemForm}/submissions`)).body.items.map((s: any) => s.id)).toEqual([ids.bobs]);
    } finally {
      await alice.put(`/api/forms/${itemForm}`, { uiSchema: {} });
      await alice.post(`/api/forms/${itemForm}/publish`);
    }
    expect((await bob.get(`/api/forms/${itemForm}/records`)).body.items).toHaveLength(1);
  });

  it('answers 404 for a form in an app the caller has no grant in, and for an unknown form', async () => {
    for (const url of [
      `/api/forms/${privateForm}/records`,
      `/api/forms/${privateForm}/records?ids=${ids.secret}`,
      `/api/forms/${privateForm}/records?q=Secret&display=name`,
      '/api/forms/00000000-0000-7000-8000-000000000000/records',
    ]) {
      const res = await bob.get(url);
      expect([res.status, res.body.code], url).toEqual([404, 'form_not_found']);
    }
    expect((await alice.get(`/api/forms/${privateForm}/records`)).body.items.map((i: any) => i.id)).toEqual([ids.secret]);
  });

  it('refuses bad queries with 400 invalid_request', async () => {
    const bad = [
      'limit=0',
      'limit=51',
      'limit=x',
      `q=${'x'.repeat(201)}`,
      `ids=${Array.from({ length: 51 }, (_, i) => `id${i}`).join(',')}`,
      'display=nope',
      'display=',
    ];
    for (const query of bad) {
      const res = await alice.get(`/api/forms/${itemForm}/records?${query}`);
      expect([res.status, res.body.code], query).toEqual([400, 'invalid_request']);
    }
    expect((await alice.get(`/api/forms/${itemForm}/records?limit=50`)).status).toBe(200);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await alice.get('/api/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/forms/{formId}/records'].get.responses)).toEqual(expect.arrayContaining(['200', '404']));
  });
});
