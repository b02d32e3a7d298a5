import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';

const itemSchema = {
  type: 'object',
  required: ['sku', 'name'],
  properties: {
    sku: { type: 'string' },
    name: { type: 'string' },
    unit: { type: 'string' },
    unitPrice: { type: 'number' },
  },
};

/** A stock movement: one item at the top, and a table of lines each linking an item. */
const movementSchema = {
  type: 'object',
  required: ['item', 'unit', 'unitPrice'],
  properties: {
    item: { type: 'string', title: 'Item' },
    unit: { type: 'string', title: 'Unit' },
    unitPrice: { type: 'number', title: 'Unit price' },
    note: { type: 'string' },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        required: ['item', 'unitPrice'],
        properties: { item: { type: 'string' }, unitPrice: { type: 'number' }, qty: { type: 'number' } },
      },
    },
  },
};
const movementUi = (target: string) => ({
  item: {
    'ui:fieldType': 'relation',
    'ui:options': { form: target, displayField: 'name', fill: { unit: 'unit', unitPrice: 'unitPrice' } },
  },
  unit: { 'ui:readonly': true },
  lines: { items: { item: { 'ui:fieldType': 'relation', 'ui:options': { form: target, fill: { unitPrice: 'unitPrice' } } } } },
});

describe.each(DIALECTS)('relation fields on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let alice: Client; // builder, edits the inventory app
  let bob: Client; // member: may fill in the inventory app, nothing more
  let carol: Client; // another builder, with no grant in alice's apps
  let itemForm: string;
  let movementForm: string;
  let privateForm: string;
  let privateLinker: string;
  let inventoryApp: string;
  const ids: Record<string, string> = {};

  const submit = (client: Client, formId: string, data: object) => client.post(`/api/forms/${formId}/submissions`, { data });
  const newForm = async (client: Client, appId: string, schema: object, uiSchema: object = {}) => {
    const form = await client.post(`/api/apps/${appId}/forms`, { name: 'F', schema, uiSchema });
    expect(form.status, JSON.stringify(form.body)).toBe(201);
    expect((await client.post(`/api/forms/${form.body.id}/publish`)).status).toBe(201);
    return form.body.id as string;
  };
  const count = async (formId: string) =>
    Number((await server.app.db('submissions').where({ form_id: formId }).count({ n: '*' }).first())!.n);

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    alice = (await userClient(server, admin, 'builder', 'alice')).client;
    bob = (await userClient(server, admin, 'member', 'bob')).client;
    carol = (await userClient(server, admin, 'builder', 'carol')).client;
    const appId = (inventoryApp = (await alice.post('/api/apps', { name: 'Inventory' })).body.id);
    itemForm = await newForm(alice, appId, itemSchema);
    movementForm = await newForm(alice, appId, movementSchema, movementUi(itemForm));
    ids.tea = (await submit(alice, itemForm, { sku: 'TEA-1', name: 'Green tea', unit: 'box', unitPrice: 12.5 })).body.id;
    ids.coffee = (await submit(alice, itemForm, { sku: 'COF-1', name: 'Coffee', unit: 'kg', unitPrice: 99 })).body.id;
    ids.bobs = (await submit(bob, itemForm, { sku: 'BOB-1', name: 'Bob tea', unit: 'piece', unitPrice: 3 })).body.id;

    const privateApp = (await alice.post('/api/apps', { name: 'Private' })).body.id;
    const me = (await alice.get('/api/auth/me')).body.user;
    await alice.put(`/api/apps/${privateApp}/grants`, { grants: [{ principal: me.id, permissions: ['edit'] }] });
    privateForm = await newForm(alice, privateApp, itemSchema);
    ids.secret = (await submit(alice, privateForm, { sku: 'SEC-1', name: 'Secret', unit: 'box', unitPrice: 1 })).body.id;
    // a form everyone may fill in, linking to the private form's records
    privateLinker = await newForm(
      alice,
      appId,
      { type: 'object', properties: { item: { type: 'string' } } },
      {
        item: { 'ui:fieldType': 'relation', 'ui:options': { form: privateForm } },
      },
    );
  });
  afterAll(async () => {
    await server?.close();
  });

  it('fills empty linked fields from the chosen record, in the row of a table too', async () => {
    const res = await submit(alice, movementForm, { item: ids.tea, lines: [{ item: ids.coffee, qty: 2 }, { item: ids.tea }] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data).toEqual({
      item: ids.tea,
      unit: 'box',
      unitPrice: 12.5,
      lines: [
        { item: ids.coffee, qty: 2, unitPrice: 99 },
        { item: ids.tea, unitPrice: 12.5 },
      ],
    });
    expect((await alice.get(`/api/submissions/${res.body.id}`)).body.data.unitPrice).toBe(12.5);
  });

  it('keeps a value the person changed in an editable field, and overwrites a read-only one', async () => {
    const res = await submit(alice, movementForm, {
      item: ids.tea,
      unit: 'carton',
      unitPrice: 10,
      lines: [{ item: ids.coffee, unitPrice: 80 }],
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ unit: 'box', unitPrice: 10, lines: [{ unitPrice: 80 }] });
  });

  it('refuses a record that does not exist, or of another form: 422 at the field, keyword relation, nothing stored', async () => {
    const before = await count(movementForm);
    const res = await submit(alice, movementForm, {
      item: '00000000-0000-7000-8000-000000000000',
      unit: 'box',
      unitPrice: 1,
      lines: [{ item: ids.tea }, { item: ids.secret, unitPrice: 1 }],
    });
    expect([res.status, res.body.code]).toEqual([422, 'validation_failed']);
    expect(res.body.details).toEqual([
      {
        path: '/item',
        message: 'refers to a record that does not exist or that you cannot see',
        keyword: 'relation',
        params: { form: itemForm },
      },
      {
        path: '/lines/1/item',
        message: 'refers to a record that does not exist or that you cannot see',
        keyword: 'relation',
        params: { form: itemForm },
      },
    ]);
    expect(await count(movementForm)).toBe(before);
  });

  it('lets a filler link only records they may see: their own, then all once the target is a catalogue', async () => {
    const others = await submit(bob, movementForm, { item: ids.tea });
    expect([others.status, others.body.details?.[0]?.path, others.body.details?.[0]?.keyword]).toEqual([422, '/item', 'relation']);
    // the refusal does not leak the record's data through the fill
    expect(JSON.stringify(others.body)).not.toContain('12.5');
    const own = await submit(bob, movementForm, { item: ids.bobs });
    expect([own.status, own.body.data.unitPrice]).toEqual([201, 3]);

    await alice.put(`/api/forms/${itemForm}`, { uiSchema: { 'ui:options': { catalogue: true } } });
    await alice.post(`/api/forms/${itemForm}/publish`);
    try {
      const picked = await submit(bob, movementForm, { item: ids.tea });
      expect([picked.status, picked.body.data.unitPrice]).toEqual([201, 12.5]);
    } finally {
      await alice.put(`/api/forms/${itemForm}`, { uiSchema: {} });
      await alice.post(`/api/forms/${itemForm}/publish`);
    }
  });

  it('refuses a link into an app the submitter has no grant in, even to a real record (IDOR)', async () => {
    const res = await submit(bob, privateLinker, { item: ids.secret });
    expect([res.status, res.body.details]).toEqual([
      422,
      [
        {
          path: '/item',
          message: 'refers to a record that does not exist or that you cannot see',
          keyword: 'relation',
          params: { form: privateForm },
        },
      ],
    ]);
    // and the lookup list answers 404 for that form
    expect((await bob.get(`/api/forms/${privateForm}/records`)).status).toBe(404);
    expect((await submit(alice, privateLinker, { item: ids.secret })).status).toBe(201);
  });

  it('leaves an empty relation to the schema: optional passes, required is reported as required', async () => {
    expect((await submit(alice, privateLinker, {})).status).toBe(201);
    const res = await submit(alice, movementForm, { unit: 'box', unitPrice: 1 });
    expect(res.body.details).toEqual([expect.objectContaining({ path: '/item', keyword: 'required' })]);
  });

  it('refuses, when the form is saved, relation fields that name no form, an unknown one or one the builder cannot see', async () => {
    const app = (await carol.post('/api/apps', { name: 'Carol' })).body.id;
    const save = (uiSchema: object) =>
      carol.post(`/api/apps/${app}/forms`, {
        name: 'Links',
        schema: { type: 'object', properties: { item: { type: 'string' }, price: { type: 'number' } } },
        uiSchema,
      });
    const relation = (options: object) => ({ item: { 'ui:fieldType': 'relation', 'ui:options': options } });

    const unknown = await save(relation({ form: '00000000-0000-7000-8000-000000000000' }));
    const hidden = await save(relation({ form: privateForm }));
    expect([unknown.status, unknown.body.code]).toEqual([422, 'invalid_schema']);
    expect([hidden.status, hidden.body.code]).toEqual([422, 'invalid_schema']);
    // the same answer either way: ids of forms carol cannot see cannot be probed
    expect(hidden.body.message).toBe(unknown.body.message.replace('00000000-0000-7000-8000-000000000000', privateForm));
    expect(hidden.body.details).toEqual([{ path: '/item', message: expect.stringMatching(/no access/) }]);

    // A draft may hold a linked-record field whose target is not chosen yet; publishing it may not.
    const unfinished = await save(relation({}));
    expect(unfinished.status).toBe(201);
    const publishUnfinished = await carol.post(`/api/forms/${unfinished.body.id}/publish`);
    expect([publishUnfinished.status, publishUnfinished.body.code]).toEqual([422, 'invalid_schema']);
    expect(publishUnfinished.body.message).toMatch(/ui:options.form must be the id/);
    expect((await save(relation({ form: '' }))).body.message).toMatch(/ui:options.form must be the id/);
    // carol may fill in alice's inventory (everyone may), so she may link to it
    expect((await save(relation({ form: itemForm, displayField: 'name', fill: { price: 'unitPrice' } }))).status).toBe(201);
    expect((await save(relation({ form: itemForm, displayField: 'nope' }))).body.message).toMatch(/displayField must be a top-level field/);
    expect((await save(relation({ form: itemForm, fill: { missing: 'unitPrice' } }))).body.message).toMatch(
      /"missing" is not a field beside/,
    );
    expect((await save(relation({ form: itemForm, fill: { price: 'nope' } }))).body.message).toMatch(/"nope" is not a top-level field/);
    expect((await save(relation({ form: itemForm, fill: { price: 3 } }))).body.message).toMatch(/fill must map/);

    // editing a saved form into a bad one, and publishing after the target became hidden, are refused too
    const ok = (await save(relation({ form: itemForm }))).body.id;
    const edit = await carol.put(`/api/forms/${ok}`, { uiSchema: relation({ form: privateForm }) });
    expect([edit.status, edit.body.code]).toEqual([422, 'invalid_schema']);
    const grants = (await alice.get(`/api/apps/${inventoryApp}/grants`)).body;
    const me = (await alice.get('/api/auth/me')).body.user;
    await alice.put(`/api/apps/${inventoryApp}/grants`, { grants: [{ principal: me.id, permissions: ['edit'] }] });
    try {
      const publish = await carol.post(`/api/forms/${ok}/publish`);
      expect([publish.status, publish.body.code]).toEqual([422, 'invalid_schema']);
    } finally {
      expect((await alice.put(`/api/apps/${inventoryApp}/grants`, grants)).status).toBe(200);
    }
    expect((await carol.post(`/api/forms/${ok}/publish`)).status).toBe(201);
  });

  it('checks relations of installed templates: the inventory template installs, and its item list is a catalogue', async () => {
    const res = await alice.post('/api/templates/inventory/install');
    expect(res.status).toBe(201);
    const [items, zones, movements] = res.body.forms;
    const item = await submit(alice, items.id, { sku: 'TEA-0042', name: 'Tea', unit: 'box', unitPrice: 5 });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    const zone = await submit(alice, zones.id, { code: 'TM-A-01', name: 'Tuen Mun A-01', nameZh: '屯門 A-01' });
    expect(zone.status, JSON.stringify(zone.body)).toBe(201);
    const move = await submit(alice, movements.id, { item: item.body.id, movementType: 'receive', quantity: 3, zone: zone.body.id });
    expect(move.status, JSON.stringify(move.body)).toBe(201);
    const bad = await submit(alice, movements.id, { item: ids.tea, movementType: 'receive', quantity: 3, zone: zone.body.id });
    expect([bad.status, bad.body.details?.[0]?.keyword]).toEqual([422, 'relation']);
    // the item list is a catalogue: a member picks and links an item someone else added
    const listed = await bob.get(`/api/forms/${items.id}/records?display=name&q=te`);
    expect(listed.body.items.map((i: any) => [i.id, i.label])).toEqual([[item.body.id, 'Tea']]);
    expect((await submit(bob, movements.id, { item: item.body.id, movementType: 'issue', quantity: 1, zone: zone.body.id })).status).toBe(
      201,
    );
  });
});
