import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewSchema } from './viewFixtures.ts';
import {
  DIALECTS,
  adminClient,
  publishedForm,
  startTestServer,
  userClient,
  type ApiResponse,
  type Client,
  type TestServer,
} from './helpers.ts';

const NAMES = ['delta', 'alpha', 'charlie', 'bravo', 'echo'];
const TAGS = ['red', 'blue', 'green'];

/** Row i of the seed: ties, gaps and negatives on purpose, so paging meets equal and missing sort values. */
function seedRow(i: number): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  if (i % 7 !== 3) row.name = NAMES[i % 5];
  if (i % 6 !== 0) row.qty = ((i * 7) % 11) - 3 + (i % 4 === 1 ? 0.5 : 0);
  if (i % 8 !== 2) row.due = `2026-03-${String(1 + ((i * 5) % 28)).padStart(2, '0')}`;
  row.at = `2026-04-0${1 + (i % 9)}T0${i % 10}:15:00.000Z`;
  row.ok = i % 3 === 0;
  row.tags = i % 4 === 0 ? [] : TAGS.slice(0, (i % 3) + 1);
  if (i % 5 === 1) row.lines = [{ sku: `S-${i}` }];
  if (i % 2 === 0) row.place = { lat: 22.3, lng: 114.1 };
  return row;
}
const SEED = 26;

type Row = { id: string; data: Record<string, unknown>; createdByName: string | null; createdAt: string };

/** Every page of a listing, following nextCursor; checks each page's size and the total. */
async function allPages(client: Client, url: string, limit: number): Promise<{ ids: string[]; total: number; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  let total = -1;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res: ApiResponse = await client.get(`${url}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    total = res.body.total;
    ids.push(...res.body.items.map((s: Row) => s.id));
    cursor = res.body.nextCursor;
    pages += 1;
    expect(pages).toBeLessThan(100);
  } while (cursor);
  return { ids, total, pages };
}

/** The order the contract promises: by value (missing last in both directions), ties by id in the same direction. */
function expectedOrder(rows: Row[], value: (r: Row) => string | number | null | undefined, descending: boolean): string[] {
  const sign = descending ? -1 : 1;
  return [...rows]
    .sort((a, b) => {
      const va = value(a) ?? null;
      const vb = value(b) ?? null;
      if (va === null && vb !== null) return 1;
      if (vb === null && va !== null) return -1;
      if (va !== null && vb !== null && va !== vb) return (va < vb ? -1 : 1) * sign;
      return (a.id < b.id ? -1 : 1) * sign;
    })
    .map((r) => r.id);
}

const q = (params: Record<string, unknown>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`)
    .join('&');

describe.each(DIALECTS)('data views: listing on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let formId: string;
  let appId: string;
  let rows: Row[];
  let filler: { client: Client; user: any };
  let fillerRows: Row[];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    ({ formId, appId } = await publishedForm(admin, viewSchema));
    filler = await userClient(server, admin, 'member', '陳小明');
    const me = (await admin.get('/api/auth/me')).body.user;
    await admin.put(`/api/apps/${appId}/grants`, {
      grants: [
        { principal: me.id, permissions: ['edit'] },
        { principal: filler.user.id, permissions: ['fill'] },
      ],
    });
    rows = [];
    fillerRows = [];
    for (let i = 0; i < SEED; i++) {
      const client = i % 5 === 4 ? filler.client : admin;
      const res = await client.post(`/api/forms/${formId}/submissions`, { data: seedRow(i) });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      rows.push(res.body);
      if (client === filler.client) fillerRows.push(res.body);
    }
    const chinese = await admin.post(`/api/forms/${formId}/submissions`, {
      data: { name: '叉車檢查 Forklift', note: '貨倉 Tuen Mun A-01', qty: 1 },
    });
    rows.push(chinese.body);
  });
  afterAll(async () => {
    await server?.close();
  });

  const list = (params: Record<string, unknown> = {}) => admin.get(`/api/forms/${formId}/submissions?${q({ limit: 500, ...params })}`);
  const idsOf = (res: { body: { items: Row[] } }) => res.body.items.map((r) => r.id);

  it('lists newest first by default with the total, and the new fields', async () => {
    const res = await admin.get(`/api/forms/${formId}/submissions?limit=5`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(rows.length);
    expect(idsOf(res)).toEqual(expectedOrder(rows, (r) => r.createdAt, true).slice(0, 5));
    expect(res.body.items[0]).toMatchObject({ updatedAt: expect.any(String), updatedBy: null, updatedByName: null });
  });

  const sorts: [string, (r: Row) => string | number | null | undefined][] = [
    ['data.qty', (r) => r.data.qty as number],
    ['data.name', (r) => r.data.name as string],
    ['data.due', (r) => r.data.due as string],
    ['data.at', (r) => r.data.at as string],
    ['createdAt', (r) => r.createdAt],
    ['createdBy', (r) => r.createdByName],
  ];
  for (const [field, value] of sorts) {
    for (const descending of [false, true]) {
      const sort = `${descending ? '-' : ''}${field}`;
      it(`pages through sort=${sort} without losing or repeating a row`, async () => {
        const { ids, total, pages } = await allPages(admin, `/api/forms/${formId}/submissions?sort=${encodeURIComponent(sort)}`, 4);
        expect(total).toBe(rows.length);
        expect(pages).toBe(Math.ceil(rows.length / 4));
        expect(new Set(ids).size).toBe(rows.length);
        // Names are sorted by the database's collation; these are plain lowercase letters, the same everywhere.
        const comparable =
          field === 'data.name' || field === 'createdBy' ? rows.filter((r) => !/[^\x20-\x7e]/.test(String(value(r) ?? ''))) : rows;
        const expected = expectedOrder(comparable, value, descending);
        expect(ids.filter((id) => expected.includes(id))).toEqual(expected);
      });
    }
  }

  it('refuses a cursor from another sort or a forged one: 400 invalid_cursor', async () => {
    const first = await list({ limit: 3, sort: 'data.qty' });
    const other = await list({ limit: 3, sort: '-data.qty', cursor: first.body.nextCursor });
    expect([other.status, other.body.code]).toEqual([400, 'invalid_cursor']);
    const forged = Buffer.from(JSON.stringify(['data.qty', rows[0].id, 'DROP TABLE'])).toString('base64url');
    const bad = await list({ sort: 'data.qty', cursor: forged });
    expect([bad.status, bad.body.code]).toEqual([400, 'invalid_cursor']);
    expect((await list({ cursor: '!!!' })).body.code).toBe('invalid_cursor');
  });

  it('refuses unknown or unsortable sort fields: 400 invalid_sort', async () => {
    for (const sort of ['data.nope', 'name', '-data.tags', 'data.place', 'data.__proto__']) {
      const res = await list({ sort });
      expect([res.status, res.body.code], sort).toEqual([400, 'invalid_sort']);
      expect(res.body.message.length).toBeGreaterThan(10);
    }
  });

  type Case = [filter: object[], predicate: (d: Record<string, any>, r: Row) => boolean];
  const has = (v: unknown) => v !== undefined && v !== null && v !== '';
  const cases: Case[] = [
    [[{ field: 'data.qty', op: 'eq', value: 4 }], (d) => d.qty === 4],
    [[{ field: 'data.qty', op: 'ne', value: 4 }], (d) => d.qty !== 4],
    [[{ field: 'data.qty', op: 'gt', value: 2 }], (d) => has(d.qty) && d.qty > 2],
    [[{ field: 'data.qty', op: 'gte', value: '2' }], (d) => has(d.qty) && d.qty >= 2],
    [[{ field: 'data.qty', op: 'lt', value: 0 }], (d) => has(d.qty) && d.qty < 0],
    [[{ field: 'data.qty', op: 'lte', value: 0.5 }], (d) => has(d.qty) && d.qty <= 0.5],
    // As numbers, 10 > 9 (as text "10" < "9").
    [[{ field: 'data.qty', op: 'between', value: [-2, 10] }], (d) => has(d.qty) && d.qty >= -2 && d.qty <= 10],
    [[{ field: 'data.qty', op: 'in', value: [1, 4, 7.5] }], (d) => [1, 4, 7.5].includes(d.qty)],
    [[{ field: 'data.qty', op: 'empty' }], (d) => !has(d.qty)],
    [[{ field: 'data.qty', op: 'notEmpty' }], (d) => has(d.qty)],
    [[{ field: 'data.name', op: 'eq', value: 'alpha' }], (d) => d.name === 'alpha'],
    [[{ field: 'data.name', op: 'ne', value: 'alpha' }], (d) => d.name !== 'alpha'],
    [[{ field: 'data.name', op: 'contains', value: 'HAR' }], (d) => /har/i.test(d.name ?? '')],
    [[{ field: 'data.name', op: 'contains', value: '叉車' }], (d) => (d.name ?? '').includes('叉車')],
    [[{ field: 'data.name', op: 'in', value: ['echo', 'bravo'] }], (d) => ['echo', 'bravo'].includes(d.name)],
    [[{ field: 'data.name', op: 'empty' }], (d) => !has(d.name)],
    [[{ field: 'data.name', op: 'notEmpty' }], (d) => has(d.name)],
    [[{ field: 'data.due', op: 'gte', value: '2026-03-15' }], (d) => has(d.due) && d.due >= '2026-03-15'],
    [
      [{ field: 'data.due', op: 'between', value: ['2026-03-05', '2026-03-20'] }],
      (d) => has(d.due) && d.due >= '2026-03-05' && d.due <= '2026-03-20',
    ],
    [[{ field: 'data.due', op: 'lt', value: '2026-03-10' }], (d) => has(d.due) && d.due < '2026-03-10'],
    [[{ field: 'data.at', op: 'gt', value: '2026-04-05T03:00:00.000Z' }], (d) => has(d.at) && d.at > '2026-04-05T03:00:00.000Z'],
    [[{ field: 'data.ok', op: 'eq', value: true }], (d) => d.ok === true],
    [[{ field: 'data.ok', op: 'ne', value: true }], (d) => d.ok !== true],
    [[{ field: 'data.tags', op: 'contains', value: 'blue' }], (d) => (d.tags ?? []).includes('blue')],
    [[{ field: 'data.tags', op: 'empty' }], (d) => (d.tags ?? []).length === 0],
    [[{ field: 'data.lines', op: 'notEmpty' }], (d) => (d.lines ?? []).length > 0],
    [[{ field: 'data.place', op: 'empty' }], (d) => !d.place],
    [[{ field: 'createdBy', op: 'eq', value: '陳小明' }], (_d, r) => r.createdByName === '陳小明'],
    [
      [
        { field: 'data.qty', op: 'gte', value: 0 },
        { field: 'data.name', op: 'in', value: ['alpha', 'delta'] },
      ],
      (d) => has(d.qty) && d.qty >= 0 && ['alpha', 'delta'].includes(d.name),
    ],
  ];
  for (const [filter, predicate] of cases) {
    it(`filters ${JSON.stringify(filter)}`, async () => {
      const expected = rows.filter((r) => predicate(r.data, r)).map((r) => r.id);
      const res = await list({ filter });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(idsOf(res).sort()).toEqual([...expected].sort());
      expect(res.body.total).toBe(expected.length);
      expect(expected.length).toBeGreaterThan(0); // each case must select something and leave something out
      expect(expected.length).toBeLessThan(rows.length);
    });
  }

  it('filters createdAt by ISO time', async () => {
    const cut = [...rows].sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1))[10].createdAt;
    const res = await list({ filter: [{ field: 'createdAt', op: 'gte', value: cut }] });
    expect(idsOf(res).sort()).toEqual(
      rows
        .filter((r) => r.createdAt >= cut)
        .map((r) => r.id)
        .sort(),
    );
  });

  it('refuses bad filters with 400 invalid_filter and a message naming the problem', async () => {
    const bad: [unknown, RegExp][] = [
      ['not json', /JSON/],
      [{ field: 'data.qty' }, /array/],
      [[{ field: 'data.qty', op: 'like', value: 1 }], /op/],
      [[{ field: 'data.nope', op: 'eq', value: 1 }], /data\.nope/],
      [[{ field: 'name', op: 'eq', value: 1 }], /"name"/],
      [[{ field: 'data.qty', op: 'contains', value: '1' }], /number field takes only/],
      [[{ field: 'data.name', op: 'gt', value: 'a' }], /text field takes only/],
      [[{ field: 'data.tags', op: 'eq', value: 'red' }], /list field/],
      [[{ field: 'data.qty', op: 'eq', value: 'many' }], /expected a number/],
      [[{ field: 'data.qty', op: 'between', value: [5] }], /\[low, high\]/],
      [[{ field: 'data.qty', op: 'between', value: [5, 1] }], /above the high end/],
      [[{ field: 'data.qty', op: 'in', value: [] }], /list of 1 to/],
      [[{ field: 'data.due', op: 'gt', value: 'next week' }], /ISO date/],
      [[{ field: 'data.ok', op: 'eq', value: 'yes' }], /true or false/],
      [[{ field: 'data.name', op: 'contains', value: '' }], /non-empty/],
      [[{ field: 'data.qty', op: 'eq', value: 1, extra: 1 }], /./],
      [Array.from({ length: 21 }, () => ({ field: 'data.qty', op: 'empty' })), /at most 20/],
    ];
    for (const [filter, message] of bad) {
      const res = await list({ filter });
      expect([res.status, res.body.code], JSON.stringify(filter)).toEqual([400, 'invalid_filter']);
      expect(res.body.message).toMatch(message);
    }
  });

  it('searches values and the submitter name, ignoring case, Chinese included; keys do not match', async () => {
    const chinese = await list({ q: '貨倉' });
    expect(chinese.body.items.map((r: Row) => r.data.name)).toEqual(['叉車檢查 Forklift']);
    expect(chinese.body.total).toBe(1);
    expect((await list({ q: 'tuen mun' })).body.total).toBe(1);
    expect((await list({ q: 'FORKLIFT' })).body.total).toBe(1);
    expect((await list({ q: '小明' })).body.total).toBe(fillerRows.length);
    expect((await list({ q: 'S-11' })).body.items.map((r: Row) => r.id)).toEqual([rows[11].id]);
    expect((await list({ q: 'qty' })).body.total).toBe(0); // a key, not a value
    expect((await list({ q: '100%' })).body.total).toBe(0); // % matches itself
    expect((await list({ q: '(貨' })).body.total).toBe(0); // not a pattern, on either database
    expect((await list({ q: '.*' })).body.total).toBe(0);
    // Numbers match as written.
    expect((await list({ q: '7.5' })).body.total).toBe(rows.filter((r) => String(r.data.qty ?? '').includes('7.5')).length);
    expect(rows.filter((r) => String(r.data.qty ?? '').includes('7.5')).length).toBeGreaterThan(0);
    const withFilter = await list({ q: 'alpha', filter: [{ field: 'data.qty', op: 'notEmpty' }] });
    expect(withFilter.body.total).toBe(rows.filter((r) => r.data.name === 'alpha' && r.data.qty !== undefined).length);
    expect((await list({ q: 'x'.repeat(201) })).status).toBe(400);
  });

  it('shows a filler only their own rows, under any sort, filter and search', async () => {
    const mine = await filler.client.get(`/api/forms/${formId}/submissions?sort=data.qty&limit=500`);
    expect(mine.body.total).toBe(fillerRows.length);
    expect(mine.body.items.map((r: Row) => r.id).sort()).toEqual(fillerRows.map((r) => r.id).sort());
    const searched = await filler.client.get(`/api/forms/${formId}/submissions?q=alpha`);
    expect(searched.body.total).toBe(fillerRows.filter((r) => r.data.name === 'alpha').length);
  });

  /** The CSV's rows as objects by header. */
  const csvRows = (text: string) => {
    const lines = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const header = lines[0].split(',');
    return { header, rows: lines.slice(1).map((line) => Object.fromEntries(line.split(',').map((cell, i) => [header[i], cell]))) };
  };

  it('exports the rows of the view in its order, with only the chosen field columns after the fixed ones', async () => {
    const filter = [{ field: 'data.qty', op: 'gte', value: 0 }];
    const view = await list({ sort: '-data.qty', filter });
    const res = await admin.get(
      `/api/forms/${formId}/submissions/export?${q({ format: 'csv', sort: '-data.qty', filter, columns: 'data.qty,name,createdAt' })}`,
    );
    expect(res.status).toBe(200);
    const { header, rows: exported } = csvRows(res.body);
    expect(header).toEqual(['id', 'submitted_at', 'submitted_by', 'form_version', 'qty', 'name']);
    expect(exported.map((r) => r.id)).toEqual(idsOf(view));
    expect(exported.length).toBe(view.body.total);
    expect(exported.length).toBeLessThan(rows.length);
    expect(exported.map((r) => Number(r.qty))).toEqual(view.body.items.map((r: Row) => r.data.qty));
  });

  it('exports a searched view as Excel, a group column with its parts, and every column without `columns`', async () => {
    const res = await fetch(
      `${server.url}/api/forms/${formId}/submissions/export?${q({ format: 'xlsx', q: '貨倉', columns: 'place,note' })}`,
      {
        headers: { cookie: (admin as any).cookie },
      },
    );
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await res.arrayBuffer()) as any);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'id',
      'submitted_at',
      'submitted_by',
      'form_version',
      'place.lat',
      'place.lng',
      'note',
    ]);
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(7).value).toBe('貨倉 Tuen Mun A-01');
    const all = csvRows((await admin.get(`/api/forms/${formId}/submissions/export?format=csv`)).body);
    expect(all.header).toEqual(expect.arrayContaining(['name', 'qty', 'due', 'tags', 'lines', 'place.lat', 'note']));
    expect(all.rows.map((r) => r.id)).toEqual(expectedOrder(rows, (r) => r.createdAt, true));
  });

  it('refuses unknown export columns and bad filters with 400', async () => {
    const unknown = await admin.get(`/api/forms/${formId}/submissions/export?${q({ format: 'csv', columns: 'qty,nope' })}`);
    expect([unknown.status, unknown.body.code]).toEqual([400, 'invalid_columns']);
    expect(unknown.body.message).toContain('"nope"');
    const bad = await admin.get(`/api/forms/${formId}/submissions/export?${q({ format: 'csv', filter: [{ field: 'data.x', op: 'eq' }] })}`);
    expect([bad.status, bad.body.code]).toEqual([400, 'invalid_filter']);
  });

  it("exports only the filler's own rows", async () => {
    const res = await filler.client.get(`/api/forms/${formId}/submissions/export?format=csv`);
    expect(
      csvRows(res.body)
        .rows.map((r) => r.id)
        .sort(),
    ).toEqual(fillerRows.map((r) => r.id).sort());
  });

  it('pages through long texts (a cursor too long to carry the value reads it back) and by last change', async () => {
    const { formId: notes } = await publishedForm(admin, { type: 'object', properties: { text: { type: 'string' } } });
    const made: Row[] = [];
    for (let i = 0; i < 9; i++) {
      const text = `${'abcdefgh'[i % 4].repeat(400)}${i % 3}`; // ties in the first 400 characters, and in whole values
      made.push((await admin.post(`/api/forms/${notes}/submissions`, { data: { text } })).body);
    }
    for (const sort of ['data.text', '-data.text']) {
      const { ids } = await allPages(admin, `/api/forms/${notes}/submissions?sort=${sort}`, 2);
      expect(ids).toEqual(expectedOrder(made, (r) => r.data.text as string, sort.startsWith('-')));
    }
    const edited = [made[3], made[0]];
    for (const row of edited) {
      const res = await admin.request('PATCH', `/api/submissions/${row.id}`, { body: { data: { text: 'edited' } } });
      expect(res.status).toBe(200);
    }
    const { ids } = await allPages(admin, `/api/forms/${notes}/submissions?sort=-updatedAt`, 2);
    expect(ids.slice(0, 2)).toEqual([made[0].id, made[3].id]);
    expect(new Set(ids).size).toBe(made.length);
  });

  it('lists its routes in the OpenAPI document', async () => {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    for (const path of ['/api/submissions/{submissionId}/history', '/api/forms/{formId}/views', '/api/views/{viewId}']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(Object.keys(doc.paths['/api/submissions/{submissionId}'])).toEqual(expect.arrayContaining(['get', 'patch', 'delete']));
  });
});
