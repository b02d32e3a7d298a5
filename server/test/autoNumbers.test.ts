import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, startTestServer, type Client, type TestServer } from './helpers.ts';

const schema = {
  type: 'object',
  required: ['ref', 'name'],
  properties: {
    ref: { type: 'string', title: 'Reference', readOnly: true },
    name: { type: 'string', title: 'Name', minLength: 1 },
  },
};
const uiSchema = (pattern: string) => ({ ref: { 'ui:fieldType': 'autonumber', 'ui:readonly': true, 'ui:options': { pattern } } });

/** The year in Hong Kong now, as the server sees it. */
const hkYear = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Hong_Kong', year: 'numeric' }).format(new Date());

async function numberedForm(client: Client, pattern: string): Promise<string> {
  const app = await client.post('/api/apps', { name: 'Numbers' });
  const form = await client.post(`/api/apps/${app.body.id}/forms`, { name: 'Numbered', schema, uiSchema: uiSchema(pattern) });
  expect(form.status).toBe(201);
  expect((await client.post(`/api/forms/${form.body.id}/publish`)).status).toBe(201);
  return form.body.id;
}

const counterOf = (ref: string) => Number(ref.split('-').pop());

describe.each(DIALECTS)('auto-number fields on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('gives 200 concurrent submissions exactly 1..N, no gaps, no repeats, whatever fails beside them', async () => {
    const formId = await numberedForm(admin, 'T-{0000}');
    const plain = await numberedForm(admin, 'P-{0000}'); // a second counter, written at the same time
    type Req = { i: number; body: object; key?: string; invalid: boolean; form: string };
    const reqs: Req[] = [];
    for (let i = 0; i < 200; i++) {
      const invalid = i % 7 === 0;
      const body = { data: invalid ? { name: '' } : { name: `n${i}`, ref: 'T-9999' } };
      if (i % 10 === 3) {
        // the same key twice at once: one number, one row, the other replays (or is told to retry)
        reqs.push({ i, body, key: `dup-${i}`, invalid, form: formId }, { i, body, key: `dup-${i}`, invalid, form: formId });
      } else reqs.push({ i, body, key: i % 4 === 1 ? `k-${i}` : undefined, invalid, form: formId });
    }
    for (let i = 0; i < 40; i++) reqs.push({ i, body: { data: { name: `p${i}` } }, invalid: false, form: plain });
    // and submissions of a form without auto-numbers, on the fast path, interleaved with them
    const { formId: fast } = await (async () => {
      const app = await admin.post('/api/apps', { name: 'Fast' });
      const f = await admin.post(`/api/apps/${app.body.id}/forms`, {
        name: 'Fast',
        schema: { type: 'object', properties: { x: { type: 'number' } } },
      });
      await admin.post(`/api/forms/${f.body.id}/publish`);
      return { formId: f.body.id as string };
    })();
    for (let i = 0; i < 40; i++) reqs.push({ i, body: { data: { x: i } }, invalid: false, form: fast });
    reqs.sort(() => Math.random() - 0.5);

    const results = await Promise.all(
      reqs.map(async (r) => ({
        r,
        res: await admin.post(`/api/forms/${r.form}/submissions`, r.body, r.key ? { headers: { 'idempotency-key': r.key } } : {}),
      })),
    );
    for (const { r, res } of results) {
      if (r.invalid) expect([res.status, res.body.code]).toEqual([422, 'validation_failed']);
      else if (r.key?.startsWith('dup-')) expect([201, 409]).toContain(res.status);
      else expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const ok = results.filter(({ r, res }) => r.form === formId && res.status === 201);
    const byId = new Map(ok.map(({ res }) => [res.body.id, res.body.data.ref as string]));
    // the requests sharing a key answer with one submission and one number
    const byKey = new Map<string, unknown>();
    for (const { r, res } of ok.filter(({ r }) => r.key)) {
      if (byKey.has(r.key!)) expect(res.body).toEqual(byKey.get(r.key!));
      else byKey.set(r.key!, res.body);
    }
    const expected = new Set(reqs.filter((r) => r.form === formId && !r.invalid).map((r) => r.key ?? `#${r.i}`)).size;
    expect(byId.size).toBe(expected);
    const numbers = [...byId.values()].map(counterOf).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: expected }, (_, n) => n + 1));
    for (const ref of byId.values()) expect(ref).toMatch(/^T-\d{4}$/);

    // what is stored agrees with what was answered, and the counter ends at N
    const stored = await server.app.db('submissions').where({ form_id: formId }).select('id', 'data');
    expect(stored.length).toBe(expected);
    for (const row of stored) {
      const data = typeof row.data === 'string' ? JSON.parse(row.data) : row.data;
      expect(data.ref).toBe(byId.get(row.id));
    }
    const counter = await server.app.db('number_sequences').where({ form_id: formId }).first();
    expect([counter.field, counter.period, Number(counter.last_value)]).toEqual(['/ref', '', expected]);

    const plainRefs = results.filter(({ r, res }) => r.form === plain && res.status === 201).map(({ res }) => counterOf(res.body.data.ref));
    expect(plainRefs.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, n) => n + 1));
    expect(results.filter(({ r }) => r.form === fast).every(({ res }) => res.status === 201)).toBe(true);
  });

  it('replays an Idempotency-Key with the same number, and the next submission gets the next one', async () => {
    const formId = await numberedForm(admin, 'PR-{YYYY}-{0000}');
    const headers = { 'idempotency-key': `replay-${Math.random()}` };
    const first = await admin.post(`/api/forms/${formId}/submissions`, { data: { name: 'a' } }, { headers });
    const again = await admin.post(`/api/forms/${formId}/submissions`, { data: { name: 'a' } }, { headers });
    expect(first.status).toBe(201);
    expect(first.body.data.ref).toBe(`PR-${hkYear()}-0001`);
    expect(again.body).toEqual(first.body);
    const next = await admin.post(`/api/forms/${formId}/submissions`, { data: { name: 'b' } });
    expect(next.body.data.ref).toBe(`PR-${hkYear()}-0002`);
    expect((await admin.get(`/api/submissions/${first.body.id}`)).body.data.ref).toBe(`PR-${hkYear()}-0001`);
  });

  it('ignores a number sent by the client', async () => {
    const formId = await numberedForm(admin, 'X-{000}');
    const res = await admin.post(`/api/forms/${formId}/submissions`, { data: { name: 'a', ref: 'X-999' } });
    expect([res.status, res.body.data.ref]).toEqual([201, 'X-001']);
  });

  it('counts per period: a new year starts at 1, and the old year keeps its last number', async () => {
    const formId = await numberedForm(admin, 'PR-{YYYY}-{0000}');
    const lastYear = String(Number(hkYear()) - 1);
    await server.app.db('number_sequences').insert({ form_id: formId, field: '/ref', period: lastYear, last_value: 41 });
    const first = await admin.post(`/api/forms/${formId}/submissions`, { data: { name: 'a' } });
    expect(first.body.data.ref).toBe(`PR-${hkYear()}-0001`);
    await server.app.db('number_sequences').where({ form_id: formId, period: hkYear() }).update({ last_value: 99 });
    const next = await admin.post(`/api/forms/${formId}/submissions`, { data: { name: 'b' } });
    expect(next.body.data.ref).toBe(`PR-${hkYear()}-0100`);
    const old = await server.app.db('number_sequences').where({ form_id: formId, period: lastYear }).first();
    expect(Number(old.last_value)).toBe(41);
  });

  it('gives the number back when the transaction fails after taking it', async () => {
    const formId = await numberedForm(admin, 'F-{0000}');
    expect((await admin.post(`/api/forms/${formId}/submissions`, { data: { name: 'a' } })).body.data.ref).toBe('F-0001');
    await server.app.db.schema.renameTable('domain_events', 'domain_events_away');
    try {
      const res = await admin.post(
        `/api/forms/${formId}/submissions`,
        { data: { name: 'b' } },
        { headers: { 'idempotency-key': 'fails' } },
      );
      expect([res.status, res.body.code]).toEqual([500, 'internal_error']);
    } finally {
      await server.app.db.schema.renameTable('domain_events_away', 'domain_events');
    }
    const retried = await admin.post(
      `/api/forms/${formId}/submissions`,
      { data: { name: 'b' } },
      { headers: { 'idempotency-key': 'fails' } },
    );
    expect([retried.status, retried.body.data.ref]).toEqual([201, 'F-0002']);
  });

  it('refuses unusable auto-number fields when the form is saved: 422 invalid_schema at the field', async () => {
    const app = (await admin.post('/api/apps', { name: 'Bad numbers' })).body;
    const create = (s: object, ui: object) => admin.post(`/api/apps/${app.id}/forms`, { name: 'Bad', schema: s, uiSchema: ui });
    const noCounter = await create(schema, uiSchema('PR-{YYYY}'));
    expect([noCounter.status, noCounter.body.code]).toEqual([422, 'invalid_schema']);
    expect(noCounter.body.details).toEqual([{ path: '/ref', message: expect.stringMatching(/exactly one counter/) }]);
    const table = {
      type: 'object',
      properties: { lines: { type: 'array', items: { type: 'object', properties: { no: { type: 'string' } } } } },
    };
    const inTable = await create(table, { lines: { items: { no: { 'ui:fieldType': 'autonumber' } } } });
    expect([inTable.status, inTable.body.code]).toEqual([422, 'invalid_schema']);
    expect(inTable.body.message).toMatch(/inside a table/);
    // and an edit of a good form into a bad one is refused the same way
    const ok = await create(schema, uiSchema('{0000}'));
    expect(ok.status).toBe(201);
    const edit = await admin.put(`/api/forms/${ok.body.id}`, { uiSchema: uiSchema('{0000}{0}') });
    expect([edit.status, edit.body.code]).toEqual([422, 'invalid_schema']);
  });
});
