import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, publishedForm, startTestServer, type Client, type TestServer } from './helpers.ts';

const count = async (server: TestServer, table: string, where: object = {}) =>
  Number((await server.app.db(table).where(where).count({ n: '*' }).first())!.n);

describe.each(DIALECTS)('submissions on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let formId: string;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    ({ formId } = await publishedForm(admin));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('stores a valid submission with its domain event: 201 with the contract fields', async () => {
    const res = await admin.post(`/api/forms/${formId}/submissions`, { data: { name: '叉車 A', qty: 3, items: [{ sku: 'X', qty: 1.5 }] } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      formId,
      formVersion: 1,
      data: { name: '叉車 A', qty: 3 },
      createdAt: expect.any(String),
      createdBy: expect.any(String),
    });
    expect((await admin.get(`/api/submissions/${res.body.id}`)).body.data.name).toBe('叉車 A');
    const event = await server.app
      .db('domain_events')
      .where({ type: 'submission.created', form_id: formId })
      .orderBy('seq', 'desc')
      .first();
    const payload = typeof event.payload === 'string' ? JSON.parse(event.payload) : event.payload;
    expect(payload).toEqual({ submissionId: res.body.id, formVersion: 1 });
  });

  it('answers 422 validation_failed with JSON Pointer paths into data', async () => {
    const before = await count(server, 'submissions');
    const res = await admin.post(`/api/forms/${formId}/submissions`, {
      data: {
        qty: -1,
        code: 'bad',
        items: [
          { sku: 'A', qty: 1 },
          { sku: 'B', qty: 0 },
        ],
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('validation_failed');
    const paths = res.body.details.map((d: any) => d.path).sort();
    expect(paths).toEqual(['/code', '/items/1/qty', '/name', '/qty']);
    expect(res.body.details.find((d: any) => d.path === '/name').message).toBe('is required');
    expect(res.body.message).toMatch(/4 problems/);
    expect(await count(server, 'submissions')).toBe(before);
  });

  it('answers 409 form_not_published and 404 form_not_found', async () => {
    const app = (await admin.post('/api/apps', { name: 'Drafts' })).body;
    const draft = (await admin.post(`/api/apps/${app.id}/forms`, { name: 'Draft', schema: { type: 'object' } })).body;
    const r1 = await admin.post(`/api/forms/${draft.id}/submissions`, { data: {} });
    expect([r1.status, r1.body.code]).toEqual([409, 'form_not_published']);
    const r2 = await admin.post('/api/forms/00000000-0000-7000-8000-000000000000/submissions', { data: {} });
    expect([r2.status, r2.body.code]).toEqual([404, 'form_not_found']);
  });

  it('requires a data object: 400 invalid_request', async () => {
    const res = await admin.post(`/api/forms/${formId}/submissions`, { nope: 1 });
    expect([res.status, res.body.code]).toEqual([400, 'invalid_request']);
  });

  it('replays the same Idempotency-Key with the same body: same status and body, one row', async () => {
    const body = { data: { name: 'once', qty: 1 } };
    const headers = { 'idempotency-key': `k-${Math.random()}` };
    const before = await count(server, 'submissions');
    const a = await admin.post(`/api/forms/${formId}/submissions`, body, { headers });
    const b = await admin.post(`/api/forms/${formId}/submissions`, { data: { qty: 1, name: 'once' } }, { headers });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body).toEqual(a.body);
    expect(await count(server, 'submissions')).toBe(before + 1);
  });

  it('refuses the same key with a different body: 422 idempotency_key_reused', async () => {
    const headers = { 'idempotency-key': `k-${Math.random()}` };
    expect((await admin.post(`/api/forms/${formId}/submissions`, { data: { name: 'a', qty: 1 } }, { headers })).status).toBe(201);
    const res = await admin.post(`/api/forms/${formId}/submissions`, { data: { name: 'b', qty: 1 } }, { headers });
    expect([res.status, res.body.code]).toEqual([422, 'idempotency_key_reused']);
  });

  it('stores one row when the same key arrives many times at the same moment', async () => {
    const headers = { 'idempotency-key': `k-${Math.random()}` };
    const before = await count(server, 'submissions');
    const results = await Promise.all(
      Array.from({ length: 8 }, () => admin.post(`/api/forms/${formId}/submissions`, { data: { name: 'race', qty: 2 } }, { headers })),
    );
    const ok = results.filter((r) => r.status === 201);
    expect(ok.length).toBeGreaterThan(0);
    for (const r of results) expect([201, 409]).toContain(r.status);
    expect(new Set(ok.map((r) => r.body.id)).size).toBe(1);
    expect(await count(server, 'submissions')).toBe(before + 1);
  });

  it('pages newest first with a cursor', async () => {
    const { formId: id } = await publishedForm(admin);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await admin.post(`/api/forms/${id}/submissions`, { data: { name: `n${i}`, qty: i } })).body.id);
    const p1 = await admin.get(`/api/forms/${id}/submissions?limit=2`);
    expect(p1.body.items.map((s: any) => s.id)).toEqual([ids[4], ids[3]]);
    const p2 = await admin.get(`/api/forms/${id}/submissions?limit=2&cursor=${p1.body.nextCursor}`);
    expect(p2.body.items.map((s: any) => s.id)).toEqual([ids[2], ids[1]]);
    const p3 = await admin.get(`/api/forms/${id}/submissions?limit=2&cursor=${p2.body.nextCursor}`);
    expect(p3.body).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null, total: 5 });
    expect((await admin.get(`/api/forms/${id}/submissions?limit=0`)).status).toBe(400);
  });

  it('enforces conditional rules on the server (if/then → required)', async () => {
    const schema = {
      type: 'object',
      properties: { fever: { type: 'boolean' }, temperature: { type: 'number' } },
      if: { properties: { fever: { const: true } }, required: ['fever'] },
      then: { required: ['temperature'] },
    };
    const { formId: id } = await publishedForm(admin, schema);
    const res = await admin.post(`/api/forms/${id}/submissions`, { data: { fever: true } });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([
      { path: '/temperature', message: 'is required', keyword: 'required', params: { missingProperty: 'temperature' } },
    ]);
    expect((await admin.post(`/api/forms/${id}/submissions`, { data: { fever: false } })).status).toBe(201);
  });

  it('cannot be hung by a catastrophic user pattern', async () => {
    const { formId: id } = await publishedForm(admin, { type: 'object', properties: { s: { type: 'string', pattern: '^(a+)+$' } } });
    const started = Date.now();
    const res = await admin.post(`/api/forms/${id}/submissions`, { data: { s: `${'a'.repeat(50_000)}!` } });
    expect(res.status).toBe(422);
    expect(Date.now() - started).toBeLessThan(10_000); // a backtracking engine would take longer than the universe
  });

  describe('calculated fields', () => {
    const schema = {
      type: 'object',
      properties: {
        lines: {
          type: 'array',
          items: {
            type: 'object',
            properties: { quantity: { type: 'number' }, unitPrice: { type: 'number', multipleOf: 0.01 }, lineTotal: { type: 'number' } },
          },
        },
        total: { type: 'number' },
        size: { type: 'string' },
      },
    };
    const uiSchema = {
      lines: {
        'ui:fieldType': 'subtable',
        items: {
          unitPrice: { 'ui:fieldType': 'money' },
          lineTotal: { 'ui:fieldType': 'calculated', 'ui:options': { expression: 'quantity * unitPrice' } },
        },
      },
      total: { 'ui:fieldType': 'calculated', 'ui:options': { currency: 'HKD', expression: 'sum(lines.lineTotal)' } },
      size: { 'ui:fieldType': 'calculated', 'ui:options': { expression: "if(total >= 100, 'large', 'small')" } },
    };
    const lines = [
      { quantity: 2, unitPrice: 10.1 },
      { quantity: 3, unitPrice: 0.1 },
    ];
    let calcFormId: string;
    const submit = (data: object) => admin.post(`/api/forms/${calcFormId}/submissions`, { data });

    beforeAll(async () => {
      const app = (await admin.post('/api/apps', { name: 'Calc' })).body;
      const form = await admin.post(`/api/apps/${app.id}/forms`, { name: 'PR', schema, uiSchema });
      expect(form.status).toBe(201);
      calcFormId = form.body.id;
      expect((await admin.post(`/api/forms/${calcFormId}/publish`)).status).toBe(201);
    });

    it('fills in calculated fields the client left out, in rows and at the root', async () => {
      const res = await submit({ lines });
      expect(res.status).toBe(201);
      expect(res.body.data).toEqual({
        lines: [
          { quantity: 2, unitPrice: 10.1, lineTotal: 20.2 },
          { quantity: 3, unitPrice: 0.1, lineTotal: 0.3 },
        ],
        total: 20.5,
        size: 'small',
      });
      const stored = await admin.get(`/api/submissions/${res.body.id}`);
      expect(stored.body.data.total).toBe(20.5);
    });

    it('accepts the values the client worked out when they match (money within half a cent)', async () => {
      const res = await submit({
        lines: [
          { ...lines[0], lineTotal: 20.2 },
          { ...lines[1], lineTotal: 0.30000000000000004 },
        ],
        total: 20.504,
        size: 'small',
      });
      expect(res.status).toBe(201);
      expect(res.body.data.total).toBe(20.5); // the server's value is the one stored
      expect(res.body.data.lines[1].lineTotal).toBe(0.3);
    });

    it('refuses values that do not match, and stores nothing', async () => {
      const before = await count(server, 'submissions', { form_id: calcFormId });
      const res = await submit({ lines: [{ ...lines[0], lineTotal: 20.2 }, lines[1]], total: 1, size: 'large' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.details).toEqual([
        { path: '/total', message: 'does not match the calculated value', keyword: 'calculated', params: { expected: 20.5 } },
        { path: '/size', message: 'does not match the calculated value', keyword: 'calculated', params: { expected: 'small' } },
      ]);
      const row = await submit({ lines: [{ ...lines[0], lineTotal: 20.21 }, lines[1]] });
      expect(row.status).toBe(422);
      expect(row.body.details).toEqual([
        expect.objectContaining({ path: '/lines/0/lineTotal', keyword: 'calculated', params: { expected: 20.2 } }),
      ]);
      expect(await count(server, 'submissions', { form_id: calcFormId })).toBe(before);
    });

    it('keeps stored forms with the deprecated calculate spec working', async () => {
      const legacyUi = {
        total: { 'ui:fieldType': 'calculated', 'ui:options': { calculate: { sumOf: 'lines', multiply: ['quantity', 'unitPrice'] } } },
      };
      const app = (await admin.post('/api/apps', { name: 'Old calc' })).body;
      const form = (await admin.post(`/api/apps/${app.id}/forms`, { name: 'Old PR', schema, uiSchema: legacyUi })).body;
      expect((await admin.post(`/api/forms/${form.id}/publish`)).status).toBe(201);
      const filled = await admin.post(`/api/forms/${form.id}/submissions`, { data: { lines } });
      expect(filled.status).toBe(201);
      expect(filled.body.data.total).toBe(20.5);
      const wrong = await admin.post(`/api/forms/${form.id}/submissions`, { data: { lines, total: 1 } });
      expect(wrong.status).toBe(422);
      expect(wrong.body.details[0]).toMatchObject({ path: '/total', keyword: 'calculated', params: { expected: 20.5 } });
    });

    it('refuses to save a form whose expression does not parse or whose calculations go in a circle', async () => {
      const app = (await admin.post('/api/apps', { name: 'Bad calc' })).body;
      const broken = { ...uiSchema, total: { 'ui:fieldType': 'calculated', 'ui:options': { expression: 'sum(lines.lineTotal' } } };
      const res = await admin.post(`/api/apps/${app.id}/forms`, { name: 'Broken', schema, uiSchema: broken });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('invalid_schema');
      expect(res.body.message).toMatch(/calculated field "total".*cannot be read.*column 20/);

      const form = (await admin.post(`/api/apps/${app.id}/forms`, { name: 'Fine', schema, uiSchema })).body;
      const circle = {
        ...uiSchema,
        lines: { items: { lineTotal: { 'ui:fieldType': 'calculated', 'ui:options': { expression: 'quantity * total' } } } },
      };
      const edit = await admin.put(`/api/forms/${form.id}`, { uiSchema: circle });
      expect(edit.status).toBe(422);
      expect(edit.body.code).toBe('invalid_schema');
      expect(edit.body.message).toMatch(/"lines\.lineTotal" → "total" → "lines\.lineTotal" read each other in a circle/);
      // The draft is unchanged.
      expect((await admin.get(`/api/forms/${form.id}`)).body.draft.uiSchema).toEqual(uiSchema);
    });
  });

  it('leaves no row behind when the transaction fails half-way', async () => {
    const before = await count(server, 'submissions');
    const events = await count(server, 'domain_events');
    await server.app.db.schema.renameTable('domain_events', 'domain_events_away');
    try {
      const res = await admin.post(
        `/api/forms/${formId}/submissions`,
        { data: { name: 'half', qty: 1 } },
        { headers: { 'idempotency-key': 'half-written' } },
      );
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ code: 'internal_error', requestId: expect.any(String) });
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts|stack|domain_events/);
      expect(res.body.message).toContain(res.body.requestId);
    } finally {
      await server.app.db.schema.renameTable('domain_events_away', 'domain_events');
    }
    expect(await count(server, 'submissions')).toBe(before);
    expect(await count(server, 'domain_events')).toBe(events);
    expect(await count(server, 'idempotency_keys', { key: 'half-written' })).toBe(0);
    // and the same key works once the fault is gone
    expect(
      (
        await admin.post(
          `/api/forms/${formId}/submissions`,
          { data: { name: 'half', qty: 1 } },
          { headers: { 'idempotency-key': 'half-written' } },
        )
      ).status,
    ).toBe(201);
  });
});
