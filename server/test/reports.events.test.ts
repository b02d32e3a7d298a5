import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, startTestServer, type Client, type TestServer } from './helpers.ts';
import { byCategory, expenseForm } from './reportLibraryFixtures.ts';

/** Saving, changing and deleting reports, dashboards and digests each write a domain event in the same transaction. */
describe.each(DIALECTS)('report, dashboard and digest events on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let adminId: string;
  let formId: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    adminId = (await admin.get('/api/auth/me')).body.user.id;
    ({ formId } = await expenseForm(admin));
  });
  afterAll(async () => {
    await server?.close();
  });

  const eventsOf = async (prefix: string) =>
    (await server.app.db('domain_events').where('type', 'like', `${prefix}.%`).orderBy('seq')).map((e: any) => ({
      type: e.type,
      actor: e.actor_id,
      payload: typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload,
    }));

  it('records each change of a saved report, a dashboard and a digest', async () => {
    const report = (await admin.post('/api/reports', { definition: byCategory(formId) })).body;
    await admin.request('PATCH', `/api/reports/${report.id}`, { body: { definition: { ...byCategory(formId), limit: 5 } } });
    const dashboard = (
      await admin.post('/api/dashboards', {
        name: { en: 'Spending', 'zh-Hant': '開支' },
        widgets: [{ id: 'w1', reportId: report.id, x: 0, y: 0, w: 6, h: 4 }],
      })
    ).body;
    await admin.request('PATCH', `/api/dashboards/${dashboard.id}`, { body: { shares: [{ kind: 'role', role: 'member' }] } });
    const digest = await admin.post('/api/digests', {
      target: { kind: 'dashboard', dashboardId: dashboard.id },
      enabled: true,
      frequency: { kind: 'weekdays', time: '18:00' },
      recipients: { userIds: [adminId] },
    });
    expect(digest.status).toBe(201);
    await admin.request('PATCH', `/api/digests/${digest.body.id}`, { body: { enabled: false } });
    expect((await admin.request('DELETE', `/api/digests/${digest.body.id}`)).status).toBe(204);
    expect((await admin.request('DELETE', `/api/dashboards/${dashboard.id}`)).status).toBe(204);
    expect((await admin.request('DELETE', `/api/reports/${report.id}`)).status).toBe(204);

    expect(await eventsOf('report')).toEqual([
      { type: 'report.created', actor: adminId, payload: { reportId: report.id } },
      { type: 'report.updated', actor: adminId, payload: { reportId: report.id } },
      { type: 'report.deleted', actor: adminId, payload: { reportId: report.id } },
    ]);
    expect(await eventsOf('dashboard')).toEqual([
      { type: 'dashboard.created', actor: adminId, payload: { dashboardId: dashboard.id } },
      { type: 'dashboard.updated', actor: adminId, payload: { dashboardId: dashboard.id, changed: ['shares'] } },
      { type: 'dashboard.deleted', actor: adminId, payload: { dashboardId: dashboard.id } },
    ]);
    expect(await eventsOf('digest')).toEqual([
      { type: 'digest.created', actor: adminId, payload: { digestId: digest.body.id, enabled: true } },
      { type: 'digest.updated', actor: adminId, payload: { digestId: digest.body.id, enabled: false } },
      { type: 'digest.deleted', actor: adminId, payload: { digestId: digest.body.id } },
    ]);
  });

  it('writes no event when the change is refused', async () => {
    const before = (await eventsOf('report')).length;
    const refused = await admin.post('/api/reports', { definition: { formId, measures: [{ op: 'sum', field: 'data.nope' }] } });
    expect(refused.status).toBe(400);
    expect(await eventsOf('report')).toHaveLength(before);
  });
});
