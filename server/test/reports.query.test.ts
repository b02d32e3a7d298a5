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
});
