import { DomainEvent } from '@formloom/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject, User } from '@formloom/schemas';
import { DIALECTS, adminClient, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';

/**
 * The stock ledger of the inventory template: a movement's effect on on-hand is stored with the
 * movement, all or nothing, exactly once, whatever runs at the same time.
 */
describe.each(DIALECTS)('stock ledger on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let member: Client;
  let memberUser: User;
  let appId: string;
  let itemForm: any;
  let zoneForm: any;
  let movementForm: any;
  const zones: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    const installed = (await admin.post('/api/templates/inventory/install')).body;
    appId = installed.app.id;
    [itemForm, zoneForm, movementForm] = installed.forms;
    for (const [code, name, nameZh] of [
      ['TM-A-01', 'Tuen Mun A-01', '屯門 A-01'],
      ['KB-B-02', 'Kowloon Bay B-02', '九龍灣 B-02'],
    ]) {
      const res = await admin.post(`/api/forms/${zoneForm.id}/submissions`, { data: { code, name, nameZh } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      zones[code] = res.body.id;
    }
    ({ client: member, user: memberUser } = await userClient(server, admin, 'member', 'Picker'));
  });
  afterAll(async () => {
    await server?.close();
  });

  let skuCounter = 0;
  async function newItem(extra: JsonObject = {}): Promise<string> {
    skuCounter++;
    const data = { sku: `SKU-${String(skuCounter).padStart(4, '0')}`, name: `Item ${skuCounter}`, unit: 'kg', ...extra };
    const res = await admin.post(`/api/forms/${itemForm.id}/submissions`, { data });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  }

  const move = (client: Client, data: JsonObject, headers?: Record<string, string>, formId = movementForm.id) =>
    client.post(`/api/forms/${formId}/submissions`, { data }, { headers });

  async function onHand(item: string, zone: string, formId = movementForm.id): Promise<number | undefined> {
    const res = await admin.get(`/api/forms/${formId}/stock?item=${item}&zone=${zone}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items[0]?.onHand;
  }

  const count = async (table: string, where: JsonObject = {}) =>
    Number((await server.app.db(table).where(where).count({ n: '*' }).first())?.n ?? 0);

  it('receives, issues, transfers and counts with exact decimal quantities', async () => {
    const item = await newItem();
    const [a, b] = [zones['TM-A-01'], zones['KB-B-02']];
    for (const data of [
      { movementType: 'receive', item, zone: a, quantity: 2.5, reference: 'DN-1' },
      { movementType: 'receive', item, zone: a, quantity: 0.125 },
      { movementType: 'issue', item, zone: a, quantity: 0.3 },
      { movementType: 'transfer', item, zone: a, toZone: b, quantity: 1.1 },
    ]) {
      const res = await move(admin, data);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    expect(await onHand(item, a)).toBe(1.225); // 2.5 + 0.125 − 0.3 − 1.1, no float noise
    expect(await onHand(item, b)).toBe(1.1);

    // A count sets the zone to what was counted and records the difference.
    expect((await move(admin, { movementType: 'count', item, zone: a, quantity: 1 })).status).toBe(201);
    expect(await onHand(item, a)).toBe(1);
    const levels = (await admin.get(`/api/forms/${movementForm.id}/stock?item=${item}`)).body.items;
    expect(levels.map((l: any) => [l.zone.code, l.zone.name['zh-Hant'], l.onHand])).toEqual([
      ['KB-B-02', '九龍灣 B-02', 1.1],
      ['TM-A-01', '屯門 A-01', 1],
    ]);
    expect(levels[0].item).toMatchObject({ id: item, label: 'Item 1', sku: 'SKU-0001', unit: 'kg' });

    const card = (await admin.get(`/api/forms/${movementForm.id}/stock/card?item=${item}`)).body;
    expect(card.onHand).toBe(2.1);
    const rows = card.items.map((m: any) => [m.movementType, m.zone.code, m.delta, m.balanceAfter]);
    // A transfer's two zones are one movement: their order within it is not part of the contract.
    expect(rows.slice(1, 3)).toEqual(
      expect.arrayContaining([
        ['transfer', 'TM-A-01', -1.1, 1.225],
        ['transfer', 'KB-B-02', 1.1, 1.1],
      ]),
    );
    expect([rows[0], ...rows.slice(3)]).toEqual([
      ['count', 'TM-A-01', -0.225, 1],
      ['issue', 'TM-A-01', -0.3, 2.325],
      ['receive', 'TM-A-01', 0.125, 2.625],
      ['receive', 'TM-A-01', 2.5, 2.5],
    ]);
    expect(card.items.at(-1)).toMatchObject({ reference: 'DN-1', createdByName: expect.any(String) });
  });

  it('writes one stock.moved event per movement, with the zones it changed', async () => {
    const item = await newItem();
    const res = await move(admin, { movementType: 'transfer', item, zone: zones['TM-A-01'], toZone: zones['KB-B-02'], quantity: 0 });
    expect([res.status, res.body.code]).toEqual([422, 'validation_failed']);
    await move(admin, { movementType: 'receive', item, zone: zones['TM-A-01'], quantity: 4 });
    const moved = await move(admin, { movementType: 'transfer', item, zone: zones['TM-A-01'], toZone: zones['KB-B-02'], quantity: 3 });
    const event = await server.app.db('domain_events').where({ type: 'stock.moved' }).orderBy('seq', 'desc').first();
    const payload = typeof event.payload === 'string' ? JSON.parse(event.payload) : event.payload;
    expect(payload).toEqual({
      submissionId: moved.body.id,
      movementType: 'transfer',
      item,
      quantity: 3,
      reference: null,
      zones: [
        { zone: zones['TM-A-01'], delta: -3, onHand: 1 },
        { zone: zones['KB-B-02'], delta: 3, onHand: 3 },
      ],
    });
    expect(event).toMatchObject({ app_id: appId, form_id: movementForm.id });
    const shaped = { type: event.type, id: event.id, appId: event.app_id, formId: event.form_id, actorId: event.actor_id };
    expect(DomainEvent.safeParse({ ...shaped, occurredAt: event.occurred_at, payload }).success).toBe(true);
  });

  it('refuses a movement that would take stock below zero with 409 insufficient_stock, storing nothing', async () => {
    const item = await newItem({ name: 'Nitrile gloves' });
    const zone = zones['TM-A-01'];
    await move(admin, { movementType: 'receive', item, zone, quantity: 2 });
    const before = await Promise.all([count('submissions', { form_id: movementForm.id }), count('domain_events'), count('stock_moves')]);
    for (const data of [
      { movementType: 'issue', item, zone, quantity: 2.001 },
      { movementType: 'transfer', item, zone, toZone: zones['KB-B-02'], quantity: 5 },
      { movementType: 'issue', item, zone: zones['KB-B-02'], quantity: 1 }, // never stocked there
    ]) {
      const res = await move(admin, data);
      expect([res.status, res.body.code]).toEqual([409, 'insufficient_stock']);
      expect(res.body.details).toMatchObject({ item, zone: data.zone, requested: data.quantity });
    }
    const refused = await move(admin, { movementType: 'issue', item, zone, quantity: 3 });
    expect(refused.body.details.onHand).toBe(2);
    expect(refused.body.message).toMatch(
      /^Not enough stock: Tuen Mun A-01 \(TM-A-01\) holds 2 of Nitrile gloves \(SKU-\d+\), and this movement takes 3\./,
    );
    expect(await Promise.all([count('submissions', { form_id: movementForm.id }), count('domain_events'), count('stock_moves')])).toEqual(
      before,
    );
    expect(await onHand(item, zone)).toBe(2);
    expect(await onHand(item, zones['KB-B-02'])).toBeUndefined(); // the refused transfer left no row behind
  });

  it('lets stock go negative only when the ledger allows it', async () => {
    const ui = structuredClone(movementForm.published.uiSchema);
    ui['ui:options'].stockLedger.allowNegativeStock = true;
    const form = await admin.post(`/api/apps/${appId}/forms`, {
      name: 'Loose ledger',
      schema: movementForm.published.schema,
      uiSchema: ui,
    });
    expect(form.status, JSON.stringify(form.body)).toBe(201);
    expect((await admin.post(`/api/forms/${form.body.id}/publish`)).status).toBe(201);
    const item = await newItem();
    const zone = zones['TM-A-01'];
    expect((await move(admin, { movementType: 'issue', item, zone, quantity: 3 }, undefined, form.body.id)).status).toBe(201);
    expect((await move(admin, { movementType: 'receive', item, zone, quantity: 1.5 }, undefined, form.body.id)).status).toBe(201);
    expect(await onHand(item, zone, form.body.id)).toBe(-1.5);
    // Ledgers are per movement form: the strict one knows nothing of this item.
    expect(await onHand(item, zone)).toBeUndefined();
  });

  it('applies an idempotent replay once', async () => {
    const item = await newItem();
    const zone = zones['KB-B-02'];
    const key = { 'idempotency-key': `scan-${item}` };
    const data = { movementType: 'receive', item, zone, quantity: 7 };
    const first = await move(admin, data, key);
    const again = await move(admin, data, key);
    const concurrent = await Promise.all([move(admin, data, key), move(admin, data, key)]);
    expect([first.status, again.status, ...concurrent.map((r) => r.status)]).toEqual([201, 201, 201, 201]);
    expect(new Set([first, again, ...concurrent].map((r) => r.body.id)).size).toBe(1);
    expect(await onHand(item, zone)).toBe(7);
    expect(await count('stock_moves', { item_id: item })).toBe(1);
  });

  it('keeps a correct on-hand under 20 concurrent movements from several users', async () => {
    const item = await newItem();
    const zone = zones['TM-A-01'];
    await move(admin, { movementType: 'receive', item, zone, quantity: 2.5 }); // enough for every issue, whenever it lands
    const clients = [
      admin,
      member,
      ...(await Promise.all([1, 2].map(async (i) => (await userClient(server, admin, 'member', `p${i}`)).client))),
    ];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        move(clients[i % clients.length], {
          movementType: i % 4 === 3 ? 'issue' : 'receive',
          item,
          zone,
          quantity: i % 4 === 3 ? 0.5 : 1.25,
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(await onHand(item, zone)).toBe(2.5 + 15 * 1.25 - 5 * 0.5);
    const card = (await admin.get(`/api/forms/${movementForm.id}/stock/card?item=${item}&limit=50`)).body.items;
    expect(card).toHaveLength(21);
    // Each balance is the one before it plus its change: no update was lost or applied twice.
    for (let i = 0; i < card.length - 1; i++) expect(card[i].balanceAfter).toBeCloseTo(card[i + 1].balanceAfter + card[i].delta, 9);
    expect(new Set(card.map((m: any) => m.createdBy)).size).toBe(clients.length);
  }, 30_000);

  it('lets exactly as many concurrent issues through as there is stock for', async () => {
    const item = await newItem();
    const zone = zones['KB-B-02'];
    await move(admin, { movementType: 'receive', item, zone, quantity: 10 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => move(i % 2 ? member : admin, { movementType: 'issue', item, zone, quantity: 1 })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(10).fill(201), ...Array(10).fill(409)]);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'insufficient_stock')).toBe(true);
    expect(await onHand(item, zone)).toBe(0);
    expect(await count('stock_moves', { item_id: item })).toBe(11);
  }, 30_000);

  it('moves in opposite directions at once without deadlock', async () => {
    const item = await newItem();
    const [a, b] = [zones['TM-A-01'], zones['KB-B-02']];
    await move(admin, { movementType: 'receive', item, zone: a, quantity: 50 });
    await move(admin, { movementType: 'receive', item, zone: b, quantity: 50 });
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        move(admin, { movementType: 'transfer', item, zone: i % 2 ? a : b, toZone: i % 2 ? b : a, quantity: 1 + (i % 2) }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(16).fill(201));
    expect([await onHand(item, a), await onHand(item, b)]).toEqual([50 - 8 * 2 + 8, 50 - 8 + 8 * 2]);
  }, 30_000);

  it('refuses quantities finer than thousandths, a transfer to the same zone and unknown movement types', async () => {
    const item = await newItem();
    const zone = zones['TM-A-01'];
    for (const [data, path] of [
      [{ movementType: 'receive', item, zone, quantity: 1.0005 }, '/quantity'],
      [{ movementType: 'transfer', item, zone, toZone: zone, quantity: 1 }, '/toZone'],
      [{ movementType: 'adjust', item, zone, quantity: 1 }, '/movementType'],
      [{ movementType: 'receive', item: zones['KB-B-02'], zone, quantity: 1 }, '/item'],
    ] as const) {
      const res = await move(admin, data);
      expect([res.status, res.body.code], JSON.stringify(data)).toEqual([422, 'validation_failed']);
      expect(res.body.details.map((d: any) => d.path)).toContain(path);
    }
  });

  it('lists low stock: items at or below their reorder point in all zones together, never-stocked ones included', async () => {
    const low = await newItem({ name: 'Low tea', reorderPoint: 5 });
    const fine = await newItem({ name: 'Plenty tea', reorderPoint: 5 });
    const never = await newItem({ name: 'Never tea', reorderPoint: 0.5 });
    const exactly = await newItem({ name: 'Exact tea', reorderPoint: 2.5 });
    await move(admin, { movementType: 'receive', item: low, zone: zones['TM-A-01'], quantity: 2 });
    await move(admin, { movementType: 'receive', item: low, zone: zones['KB-B-02'], quantity: 2 });
    await move(admin, { movementType: 'receive', item: fine, zone: zones['TM-A-01'], quantity: 3 });
    await move(admin, { movementType: 'receive', item: fine, zone: zones['KB-B-02'], quantity: 3 });
    await move(admin, { movementType: 'receive', item: exactly, zone: zones['KB-B-02'], quantity: 2.5 });
    const res = await member.get(`/api/forms/${movementForm.id}/stock?low=1`);
    expect(res.status).toBe(200);
    const rows = res.body.items.map((r: any) => [r.item.label, r.onHand, r.item.reorderPoint, r.zone]);
    expect(rows).toEqual([
      ['Low tea', 4, 5, null],
      ['Never tea', 0, 0.5, null],
      ['Exact tea', 2.5, 2.5, null],
    ]);
    const one = await admin.get(`/api/forms/${movementForm.id}/stock?low=1&item=${fine}`);
    expect(one.body.items).toEqual([]);
    expect(never).toBeTruthy();
  });

  it('shows a member only their own movements on the stock card, and hides the ledger from outsiders', async () => {
    const item = await newItem();
    const zone = zones['TM-A-01'];
    await move(admin, { movementType: 'receive', item, zone, quantity: 5 });
    expect((await move(member, { movementType: 'issue', item, zone, quantity: 1, reference: 'PICK-9' })).status).toBe(201);
    const mine = (await member.get(`/api/forms/${movementForm.id}/stock/card?item=${item}`)).body;
    expect(mine.items.map((m: any) => [m.movementType, m.reference, m.createdBy])).toEqual([['issue', 'PICK-9', memberUser.id]]);
    expect(mine.onHand).toBe(4);
    const all = (await admin.get(`/api/forms/${movementForm.id}/stock/card?item=${item}&limit=1`)).body;
    expect(all.items).toHaveLength(1);
    const next = (await admin.get(`/api/forms/${movementForm.id}/stock/card?item=${item}&limit=1&cursor=${all.nextCursor}`)).body;
    expect(next.items.map((m: any) => m.movementType)).toEqual(['receive']);
    expect(next.nextCursor).toBeNull();

    await admin.put(`/api/apps/${appId}/grants`, { grants: [] });
    try {
      for (const url of [`/api/forms/${movementForm.id}/stock`, `/api/forms/${movementForm.id}/stock/card?item=${item}`]) {
        const res = await member.get(url);
        expect([res.status, res.body.code]).toEqual([404, 'form_not_found']);
      }
    } finally {
      await admin.put(`/api/apps/${appId}/grants`, { grants: [{ principal: '*', permissions: ['fill'] }] });
    }
    const noLedger = await admin.get(`/api/forms/${itemForm.id}/stock`);
    expect([noLedger.status, noLedger.body.code]).toEqual([404, 'stock_ledger_not_found']);
    const badCursor = await admin.get(`/api/forms/${movementForm.id}/stock/card?item=${item}&cursor=abc`);
    expect([badCursor.status, badCursor.body.code]).toEqual([400, 'invalid_request']);
  });

  it('refuses to edit or delete a recorded movement (409 movement_locked), changing nothing', async () => {
    const item = await newItem();
    const zone = zones['TM-A-01'];
    const res = await move(admin, { movementType: 'receive', item, zone, quantity: 4 });
    // Pages learn it up front: the record is offered for neither edit nor delete, even to an admin.
    expect((await admin.get(`/api/submissions/${res.body.id}`)).body).toMatchObject({ canEdit: false, canDelete: false });
    expect((await admin.get(`/api/submissions/${item}`)).body).toMatchObject({ canEdit: true, canDelete: true });
    const edit = await admin.request('PATCH', `/api/submissions/${res.body.id}`, { body: { data: { ...res.body.data, quantity: 40 } } });
    expect([edit.status, edit.body.code]).toEqual([409, 'movement_locked']);
    expect(edit.body.message).toMatch(/record a correcting movement instead/);
    const remove = await admin.request('DELETE', `/api/submissions/${res.body.id}`);
    expect([remove.status, remove.body.code]).toEqual([409, 'movement_locked']);
    expect((await admin.get(`/api/submissions/${res.body.id}`)).body.data.quantity).toBe(4);
    expect(await onHand(item, zone)).toBe(4);
    // A correcting movement is the way: a count back to what is really there.
    expect((await move(admin, { movementType: 'count', item, zone, quantity: 3.5 })).status).toBe(201);
    expect(await onHand(item, zone)).toBe(3.5);
  });

  it('refuses to save a movement form whose stock ledger names a field it does not have (422 invalid_schema)', async () => {
    const form = (await admin.get(`/api/forms/${movementForm.id}`)).body;
    const ui = form.draft.uiSchema;
    const broken = { ...ui, 'ui:options': { ...ui['ui:options'], stockLedger: { ...ui['ui:options'].stockLedger, zone: 'bin' } } };
    const res = await admin.put(`/api/forms/${movementForm.id}`, { uiSchema: broken });
    expect([res.status, res.body.code]).toEqual([422, 'invalid_schema']);
    expect(res.body.message).toMatch(/names no top-level field as "zone"/);
    expect((await admin.get(`/api/forms/${movementForm.id}`)).body.revision).toBe(form.revision);
  });

  it('leaves deleted items out of the low-stock list', async () => {
    const gone = await newItem({ name: 'Discontinued tea', reorderPoint: 100 });
    expect((await admin.get(`/api/forms/${movementForm.id}/stock?low=1`)).body.items.map((r: any) => r.item.id)).toContain(gone);
    expect((await admin.request('DELETE', `/api/submissions/${gone}`)).status).toBe(204);
    expect((await admin.get(`/api/forms/${movementForm.id}/stock?low=1`)).body.items.map((r: any) => r.item.id)).not.toContain(gone);
  });
});
