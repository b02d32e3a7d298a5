import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, publishedForm, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';
import { expensesSchema, expensesUiSchema, seedExpenses } from './reports.query.fixtures.ts';

/** The totals below were worked out by hand from the seed described in reports.query.fixtures.ts. */
describe.each(DIALECTS)('reports: POST /api/reports/query on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let mei: Client;
  let ids: { admin: string; mei: string; ken: string };
  let form: { appId: string; formId: string };
  let finance: string;
  let ops: string;

  const run = (definition: object, client: Client = admin) => client.post('/api/reports/query', { formId: form.formId, ...definition });
  const ok = async (definition: object, client?: Client) => {
    const res = await run(definition, client);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    const meiUser = await userClient(server, admin, 'member', 'Mei');
    const kenUser = await userClient(server, admin, 'member', 'Ken');
    mei = meiUser.client;
    const me = (await admin.get('/api/auth/me')).body.user;
    ids = { admin: me.id, mei: meiUser.user.id, ken: kenUser.user.id };
    finance = (await admin.post('/api/departments', { name: { en: 'Finance', 'zh-Hant': '財務部' } })).body.id;
    ops = (await admin.post('/api/departments', { name: { en: 'Operations' } })).body.id;
    await server.app.db('users').where({ id: ids.mei }).update({ department_id: finance });
    await server.app.db('users').where({ id: ids.ken }).update({ department_id: ops });

    const app = await admin.post('/api/apps', { name: 'Reports app' });
    const created = await admin.post(`/api/apps/${app.body.id}/forms`, {
      name: 'Expenses',
      schema: expensesSchema,
      uiSchema: expensesUiSchema,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await admin.post(`/api/forms/${created.body.id}/publish`)).status).toBe(201);
    form = { appId: app.body.id, formId: created.body.id };
    await seedExpenses(server, form, ids);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('counts and sums money by a select field, exact to the cent, with option titles in en and zh-Hant', async () => {
    const result = await ok({ dimensions: [{ field: 'data.category' }], measures: [{ op: 'count' }, { op: 'sum', field: 'data.amount' }] });
    expect(result.columns).toEqual([
      { id: 'd0', role: 'dimension', label: { en: 'Category', 'zh-Hant': '類別' }, type: 'text' },
      { id: 'm0', role: 'measure', label: { en: 'Count', 'zh-Hant': '數量' }, type: 'number' },
      { id: 'm1', role: 'measure', label: { en: 'Sum of Amount', 'zh-Hant': '金額總和' }, type: 'money' },
    ]);
    // Sorted by the dimension, the missing category last; the deleted row (travel, 1000) is not counted.
    expect(result.rows).toEqual([
      ['meals', 9, 20.89],
      ['office', 9, 40.88],
      ['travel', 9, 40.88],
      [null, 3, 0.3],
    ]);
    expect(result.labels).toEqual({
      d0: {
        meals: { en: 'Meals', 'zh-Hant': '膳食' },
        office: { en: 'Office', 'zh-Hant': '辦公室' },
        travel: { en: 'Travel', 'zh-Hant': '差旅' },
      },
    });
    expect(result.truncated).toBe(false);
    expect(Date.parse(result.computedAt)).not.toBeNaN();
  });

  it('aggregates numbers as numbers and money exactly over the whole form; null and missing values are no value', async () => {
    // At most 8 measures a report: three reports over the same rows.
    const money = await ok({
      measures: [
        { op: 'count' },
        { op: 'sum', field: 'data.amount' },
        { op: 'avg', field: 'data.amount' },
        { op: 'min', field: 'data.amount' },
        { op: 'max', field: 'data.amount' },
        { op: 'count', field: 'data.amount' },
      ],
    });
    // 10 × 0.1 + 10 × 0.2 + 5 × 19.99 (a float sum would drift to 102.94999…); avg 102.95 / 25 = 4.118 → 4.12.
    expect(money.rows).toEqual([[30, 102.95, 4.12, 0.1, 19.99, 25]]);
    expect(money.columns.map((c: { type: string }) => c.type)).toEqual(['number', 'money', 'money', 'money', 'money', 'number']);
    expect(money.columns[2].label).toEqual({ en: 'Average of Amount', 'zh-Hant': '金額平均值' });

    const numbers = await ok({
      measures: [
        { op: 'sum', field: 'data.qty' },
        { op: 'avg', field: 'data.qty' },
        { op: 'min', field: 'data.qty' },
        { op: 'max', field: 'data.qty' },
        { op: 'count', field: 'data.tags' },
        { op: 'countDistinct', field: 'data.note' },
        { op: 'countDistinct', field: 'createdBy' },
      ],
    });
    const [row] = numbers.rows;
    expect(numbers.rows).toHaveLength(1);
    expect(row[0]).toBe(70);
    expect(row[1]).toBeCloseTo(70 / 24, 10);
    expect(row.slice(2)).toEqual([0, 6, 16, 3, 3]);
    expect(numbers.columns.every((c: { type: string }) => c.type === 'number')).toBe(true);
    expect(numbers.columns[5].label).toEqual({ en: 'Distinct Note', 'zh-Hant': 'Note不同值數量' });

    const dates = await ok({
      measures: [
        { op: 'min', field: 'createdAt' },
        { op: 'max', field: 'createdAt' },
        { op: 'min', field: 'data.spentOn' },
        { op: 'max', field: 'data.spentOn' },
      ],
    });
    expect(dates.rows).toEqual([['2026-02-28T15:30:00.000Z', '2026-03-02T16:30:00.000Z', '2026-03-01', '2026-03-10']]);
    expect(dates.columns.map((c: { type: string }) => c.type)).toEqual(['datetime', 'datetime', 'date', 'date']);
  });

  it('groups by a number field as numbers, in numeric order', async () => {
    const result = await ok({
      dimensions: [{ field: 'data.qty' }],
      measures: [{ op: 'count' }],
      sort: [{ column: 'd0', descending: true }],
    });
    expect(result.columns[0].type).toBe('number');
    expect(result.rows).toEqual([
      [6, 4],
      [5, 3],
      [4, 3],
      [3, 3],
      [2, 3],
      [1, 4],
      [0, 4],
      [null, 6],
    ]);
  });

  it('groups a multi-select by each chosen value; nothing chosen is the null group', async () => {
    const result = await ok({ dimensions: [{ field: 'data.tags' }], measures: [{ op: 'count' }] });
    expect(result.rows).toEqual([
      ['client', 8],
      ['urgent', 16],
      [null, 14],
    ]);
    expect(result.labels.d0).toEqual({ client: { en: 'Client', 'zh-Hant': 'Client' }, urgent: { en: 'Urgent', 'zh-Hant': '緊急' } });
  });

  it('groups yes/no as booleans labelled from the options, and Chinese free text as it is', async () => {
    const yesNo = await ok({ dimensions: [{ field: 'data.approved' }], measures: [{ op: 'count' }, { op: 'sum', field: 'data.amount' }] });
    expect(yesNo.columns[0].type).toBe('boolean');
    expect(yesNo.rows).toEqual([
      [false, 5, 0.6],
      [true, 15, 61.47],
      [null, 10, 40.88],
    ]);
    expect(yesNo.labels.d0).toEqual({ true: { en: 'Yes', 'zh-Hant': '是' }, false: { en: 'No', 'zh-Hant': '否' } });

    const notes = await ok({ dimensions: [{ field: 'data.note' }], measures: [{ op: 'count' }] });
    // Text order follows the database's collation, so compare as a set.
    expect([...notes.rows].sort()).toEqual(
      [
        ...[
          ['文具', 10],
          ['的士', 10],
          ['茶點', 10],
        ],
      ].sort(),
    );
    const taxi = await ok({ filters: [{ field: 'data.note', op: 'eq', value: '的士' }], measures: [{ op: 'sum', field: 'data.amount' }] });
    expect(taxi.rows).toEqual([[21.09]]);
  });

  it('groups by submitter and by department now, with names as labels', async () => {
    const adminName = (await admin.get('/api/auth/me')).body.user.name;
    const bySubmitter = await ok({
      dimensions: [{ field: 'createdBy' }],
      measures: [{ op: 'count' }, { op: 'sum', field: 'data.amount' }],
      sort: [{ column: 'm0', descending: true }],
    });
    expect(bySubmitter.columns[0]).toMatchObject({ type: 'person', label: { en: 'Submitted by', 'zh-Hant': '提交人' } });
    expect(bySubmitter.rows).toEqual([
      [ids.mei, 15, 41.48],
      [ids.admin, 8, 40.68],
      [ids.ken, 7, 20.79],
    ]);
    expect(bySubmitter.labels.d0).toEqual({
      [ids.mei]: { en: 'Mei', 'zh-Hant': 'Mei' },
      [ids.admin]: { en: adminName, 'zh-Hant': adminName },
      [ids.ken]: { en: 'Ken', 'zh-Hant': 'Ken' },
    });

    const byDepartment = await ok({
      dimensions: [{ field: 'department' }],
      measures: [{ op: 'count' }],
      sort: [{ column: 'm0', descending: true }],
    });
    expect(byDepartment.columns[0].type).toBe('department');
    expect(byDepartment.rows).toEqual([
      [finance, 15],
      [null, 8],
      [ops, 7],
    ]);
    expect(byDepartment.labels.d0).toEqual({
      [finance]: { en: 'Finance', 'zh-Hant': '財務部' },
      [ops]: { en: 'Operations', 'zh-Hant': 'Operations' },
    });

    const byOwner = await ok({ dimensions: [{ field: 'data.owner' }], measures: [{ op: 'count' }] });
    expect(byOwner.columns[0].type).toBe('person');
    expect(byOwner.rows).toEqual([
      [ids.ken, 6],
      [null, 24],
    ]);
    expect(byOwner.labels.d0).toEqual({ [ids.ken]: { en: 'Ken', 'zh-Hant': 'Ken' } });

    const byStatus = await ok({ dimensions: [{ field: 'status' }], measures: [{ op: 'count' }] });
    expect(byStatus.rows).toEqual([
      ['approved', 1],
      ['submitted', 29],
    ]);
    expect(byStatus.labels.d0.approved).toEqual({ en: 'Approved', 'zh-Hant': '已批准' });
  });

  it('buckets submission times by day, ISO week and month in Asia/Hong_Kong, across UTC midnight', async () => {
    const buckets = async (bucket: string, timezone: string) =>
      (await ok({ dimensions: [{ field: 'createdAt', bucket }], measures: [{ op: 'count' }], timezone })).rows;
    // Odd rows were sent at 16:30Z: 00:30 the next day in Hong Kong.
    expect(await buckets('day', 'Asia/Hong_Kong')).toEqual([
      ['2026-02-28', 5],
      ['2026-03-01', 10],
      ['2026-03-02', 10],
      ['2026-03-03', 5],
    ]);
    expect(await buckets('day', 'UTC')).toEqual([
      ['2026-02-28', 10],
      ['2026-03-01', 10],
      ['2026-03-02', 10],
    ]);
    // 2026-03-01 is a Sunday: its 23:30 stays in the week of Monday 23 February, its 00:30 of Monday 2 March opens the next.
    expect(await buckets('week', 'Asia/Hong_Kong')).toEqual([
      ['2026-02-23', 15],
      ['2026-03-02', 15],
    ]);
    expect(await buckets('week', 'UTC')).toEqual([
      ['2026-02-23', 20],
      ['2026-03-02', 10],
    ]);
    expect(await buckets('month', 'Asia/Hong_Kong')).toEqual([
      ['2026-02-01', 5],
      ['2026-03-01', 25],
    ]);
    expect(await buckets('month', 'UTC')).toEqual([
      ['2026-02-01', 10],
      ['2026-03-01', 20],
    ]);
    expect(await buckets('year', 'Asia/Hong_Kong')).toEqual([['2026-01-01', 30]]);

    const result = await ok({ dimensions: [{ field: 'createdAt', bucket: 'day' }], measures: [{ op: 'count' }] });
    expect(result.columns[0]).toEqual({
      id: 'd0',
      role: 'dimension',
      label: { en: 'Submitted (by day)', 'zh-Hant': '提交時間（按日）' },
      type: 'date',
      bucket: 'day',
    });
    expect(result.labels).toEqual({});
  });

  it('buckets a date-time field in the zone; a value that is no date-time is no value', async () => {
    const result = await ok({ dimensions: [{ field: 'data.paidAt', bucket: 'day' }], measures: [{ op: 'count' }] });
    expect(result.rows).toEqual([
      ['2026-03-01', 1],
      ['2026-03-02', 1],
      [null, 28],
    ]);
  });

  it('buckets a date field without a zone (Monday weeks)', async () => {
    const result = await ok({
      dimensions: [{ field: 'data.spentOn', bucket: 'week' }],
      measures: [{ op: 'count' }],
      timezone: 'America/New_York',
    });
    expect(result.rows).toEqual([
      ['2026-02-23', 3],
      ['2026-03-02', 21],
      ['2026-03-09', 6],
    ]);
  });

  it('filters by a createdAt range, field values, the department and the submitter', async () => {
    const count = async (filters: object[]) =>
      (await ok({ filters, measures: [{ op: 'count' }, { op: 'sum', field: 'data.amount' }] })).rows[0];
    expect(await count([{ field: 'createdAt', op: 'between', value: ['2026-03-01T00:00:00.000Z', '2026-03-01T23:59:59.999Z'] }])).toEqual([
      10, 21.09,
    ]);
    expect(await count([{ field: 'data.category', op: 'eq', value: 'travel' }])).toEqual([9, 40.88]);
    expect(await count([{ field: 'data.category', op: 'in', value: ['travel', 'meals'] }])).toEqual([18, 61.77]);
    expect((await count([{ field: 'data.qty', op: 'gt', value: 4 }]))[0]).toBe(7);
    expect((await count([{ field: 'data.tags', op: 'contains', value: 'client' }]))[0]).toBe(8);
    expect(await count([{ field: 'department', op: 'eq', value: finance }])).toEqual([15, 41.48]);
    expect((await count([{ field: 'department', op: 'in', value: [finance, ops] }]))[0]).toBe(22);
    expect((await count([{ field: 'department', op: 'ne', value: finance }]))[0]).toBe(15);
    expect((await count([{ field: 'department', op: 'empty' }]))[0]).toBe(8);
    expect((await count([{ field: 'createdBy', op: 'eq', value: ids.ken }]))[0]).toBe(7);
    // Two conditions both hold; a filter that matches nothing still answers one row of zeros.
    const firstOfMarch = { field: 'createdAt', op: 'between', value: ['2026-03-01T00:00:00.000Z', '2026-03-01T23:59:59.999Z'] };
    expect(await count([firstOfMarch, { field: 'data.category', op: 'eq', value: 'meals' }])).toEqual([9, 20.89]);
    expect(await count([firstOfMarch, { field: 'data.category', op: 'eq', value: 'travel' }])).toEqual([0, 0]);
  });

  it('sorts by any column id, cuts at limit and says truncated', async () => {
    const definition = {
      dimensions: [{ id: 'cat', field: 'data.category', label: { en: 'Kind', 'zh-Hant': '種類' } }],
      measures: [{ id: 'total', op: 'sum', field: 'data.amount' }, { op: 'count' }],
      sort: [{ column: 'total', descending: true }],
    };
    const top = await ok({ ...definition, limit: 2 });
    expect(top.columns.map((c: { id: string }) => c.id)).toEqual(['cat', 'total', 'm1']);
    expect(top.columns[0].label).toEqual({ en: 'Kind', 'zh-Hant': '種類' });
    // Ties (40.88) fall back to the dimension's order.
    expect(top.rows).toEqual([
      ['office', 40.88, 9],
      ['travel', 40.88, 9],
    ]);
    expect(top.truncated).toBe(true);
    const all = await ok({ ...definition, limit: 4 });
    expect(all.rows.map((r: unknown[]) => r[0])).toEqual(['office', 'travel', 'meals', null]);
    expect(all.truncated).toBe(false);
    // Missing values stay last in descending order too.
    const byCategoryDesc = await ok({ ...definition, sort: [{ column: 'cat', descending: true }] });
    expect(byCategoryDesc.rows.map((r: unknown[]) => r[0])).toEqual(['travel', 'office', 'meals', null]);
  });

  it('runs as the caller: a member who may only fill sees their own submissions', async () => {
    const own = await ok({ dimensions: [{ field: 'createdBy' }], measures: [{ op: 'count' }, { op: 'sum', field: 'data.amount' }] }, mei);
    expect(own.rows).toEqual([[ids.mei, 15, 41.48]]);
  });

  it('answers 404 form_not_found for a form without a grant or that does not exist; an empty form gives zeros', async () => {
    const hidden = await publishedForm(admin);
    expect(
      (await admin.put(`/api/apps/${hidden.appId}/grants`, { grants: [{ principal: ids.admin, permissions: ['edit'] }] })).status,
    ).toBe(200);
    const denied = await mei.post('/api/reports/query', { formId: hidden.formId, measures: [{ op: 'count' }] });
    expect(denied.status).toBe(404);
    expect(denied.body.code).toBe('form_not_found');
    const missing = await admin.post('/api/reports/query', { formId: 'no-such-form', measures: [{ op: 'count' }] });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('form_not_found');

    const measures = ['count', 'sum', 'avg', 'min', 'max'].map((op) => (op === 'count' ? { op } : { op, field: 'data.qty' }));
    const empty = await admin.post('/api/reports/query', { formId: hidden.formId, measures });
    expect(empty.status).toBe(200);
    expect(empty.body.rows).toEqual([[0, 0, null, null, null]]);
    const grouped = await admin.post('/api/reports/query', { formId: hidden.formId, dimensions: [{ field: 'data.name' }], measures });
    expect(grouped.body).toMatchObject({ rows: [], labels: {}, truncated: false });
  });

  it.each([
    [{ measures: [] }, /at measures: .*1/],
    [{ measures: [{ op: 'median' }] }, /at measures\.0\.op/],
    [{ measures: [{ op: 'sum' }] }, /Measure 1 \(sum\): name the field/],
    [{ measures: [{ op: 'count', field: 'data.nope' }] }, /"data\.nope" is not a field of this form/],
    [{ measures: [{ op: 'sum', field: 'data.note' }] }, /sum needs a number field; data\.note holds text/],
    [{ measures: [{ op: 'min', field: 'data.category' }] }, /min needs a number, date or date-time field/],
    [{ measures: [{ op: 'countDistinct', field: 'data.tags' }] }, /countDistinct needs a field holding one value/],
    [
      { dimensions: [{ field: 'data.category', bucket: 'week' }], measures: [{ op: 'count' }] },
      /week bucket needs a date or date-time field/,
    ],
    [{ dimensions: [{ field: 'data.lines' }], measures: [{ op: 'count' }] }, /sub-table/],
    [{ measures: [{ op: 'count' }], timezone: 'Mars/Olympus' }, /not a time zone name/],
    [{ measures: [{ op: 'count' }], timezone: '+08:00' }, /not a time zone name/],
    [{ measures: [{ op: 'count' }], sort: [{ column: 'm9' }] }, /Sort 1: "m9" is not a column of this report; use one of m0/],
    [{ dimensions: [{ id: 'x', field: 'status' }], measures: [{ id: 'x', op: 'count' }] }, /Two columns share the id "x"/],
    [
      { measures: [{ op: 'count' }], filters: [{ field: 'data.qty', op: 'contains', value: 'x' }] },
      /Filter 1 \(data\.qty contains\): a number field takes only/,
    ],
    [{ measures: [{ op: 'count' }], filters: [{ field: 'department', op: 'gt', value: 'x' }] }, /department takes only eq, ne, in/],
    [{ measures: [{ op: 'count' }], limit: 0 }, /at limit/],
  ])('refuses a bad definition with 400 invalid_report and says what to fix (%#)', async (definition, message) => {
    const res = await run(definition);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.code).toBe('invalid_report');
    expect(res.body.message).toMatch(message);
  });

  it('refuses a body that is not a definition, and one without a form', async () => {
    for (const body of [[1, 2], 'text', { measures: [{ op: 'count' }] }]) {
      const res = await admin.post('/api/reports/query', body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.code).toBe('invalid_report');
    }
  });

  it('treats hostile field keys as unknown names: 400, and nothing in the database changes', async () => {
    const before = await server.app.db('submissions').count({ n: '*' }).first();
    const hostile = [
      `data.x'); DROP TABLE submissions; --`,
      'data.amount" ) OR 1=1 --',
      "data.category' OR '1'='1",
      'data.__proto__',
      `createdAt; DELETE FROM submissions`,
    ];
    for (const field of hostile) {
      for (const definition of [
        { dimensions: [{ field }], measures: [{ op: 'count' }] },
        { measures: [{ op: 'countDistinct', field }] },
        { measures: [{ op: 'count' }], filters: [{ field, op: 'eq', value: 'x' }] },
      ]) {
        const res = await run(definition);
        expect(res.status, `${field}: ${JSON.stringify(res.body)}`).toBe(400);
        expect(res.body.code).toBe('invalid_report');
        expect(res.body.message).toContain('is not a field of this form');
      }
    }
    // Hostile values are only ever bound: they match nothing and harm nothing.
    const value = await ok({ measures: [{ op: 'count' }], filters: [{ field: 'data.category', op: 'eq', value: "x' OR '1'='1" }] });
    expect(value.rows).toEqual([[0]]);
    const sortId = await run({ measures: [{ op: 'count' }], sort: [{ column: 'm0; DROP TABLE users' }] });
    expect(sortId.status).toBe(400);
    expect(await server.app.db('submissions').count({ n: '*' }).first()).toEqual(before);
    expect((await ok({ measures: [{ op: 'count' }] })).rows).toEqual([[30]]);
  });

  it('is in the OpenAPI document with the definition as its body and the result and errors as responses', async () => {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    const route = doc.paths['/api/reports/query']?.post;
    expect(route.tags).toEqual(['reports']);
    expect(JSON.stringify(route.requestBody)).toContain('ReportDefinition');
    expect(Object.keys(route.responses)).toEqual(expect.arrayContaining(['200', '400', '404']));
    expect(JSON.stringify(route.responses['200'])).toContain('ReportResult');
  });
});
