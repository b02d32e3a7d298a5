import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';
import { byCategory, byMonth, download, expenseForm, parseCsv, readXlsx } from './reportLibraryFixtures.ts';

type Person = { client: Client; user: any };

const NAME = { en: 'Spending', 'zh-Hant': '開支' };
const TRAVEL_ROWS = [
  ['travel', 3, 30.4],
  [null, 2, 5],
  ['meals', 2, 0.5],
];

describe.each(DIALECTS)('dashboards on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let adminId: string;
  let appId: string;
  let formId: string;
  let reportId: string;
  let monthlyId: string;
  let operations: string;
  let warehouse: string;
  let owner: Person; // view_all in the app; owns the dashboard
  let colleague: Person; // view_all in the app, not shared: cannot open the dashboard
  let warehouseClerk: Person; // in Warehouse, below the shared Operations; no grant in the app
  let director: Person; // holds the shared position (other letter case)
  let builder: Person; // the shared access role
  let named: Person; // shared by name
  let stranger: Person; // nothing matches

  const create = (client: Client, body: object) => client.post('/api/dashboards', body);
  const patch = (client: Client, id: string, body: object) => client.request('PATCH', `/api/dashboards/${id}`, { body });
  const widgetQuery = (client: Client, id: string, widgetId: string) => client.post(`/api/dashboards/${id}/widgets/${widgetId}/query`);
  const listedIds = async (client: Client) => ((await client.get('/api/dashboards')).body.items as any[]).map((d) => d.id);

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    adminId = (await admin.get('/api/auth/me')).body.user.id;
    ({ appId, formId } = await expenseForm(admin));
    operations = (await admin.post('/api/departments', { name: { en: 'Operations', 'zh-Hant': '營運部' } })).body.id;
    warehouse = (await admin.post('/api/departments', { name: { en: 'Warehouse' }, parentId: operations })).body.id;
    owner = await userClient(server, admin, 'member', 'Owner');
    colleague = await userClient(server, admin, 'member', 'Colleague');
    warehouseClerk = await userClient(server, admin, 'member', 'Clerk');
    director = await userClient(server, admin, 'member', 'Director');
    builder = await userClient(server, admin, 'builder', 'Builder');
    named = await userClient(server, admin, 'member', 'Named');
    stranger = await userClient(server, admin, 'member', 'Stranger');
    expect((await admin.request('PATCH', `/api/users/${warehouseClerk.user.id}`, { body: { departmentId: warehouse } })).status).toBe(200);
    expect((await admin.request('PATCH', `/api/users/${director.user.id}`, { body: { positions: ['Finance Director'] } })).status).toBe(
      200,
    );
    await setOwnerGrant(true);
    reportId = (await owner.client.post('/api/reports', { definition: byCategory(formId) })).body.id;
    monthlyId = (await owner.client.post('/api/reports', { definition: byMonth(formId) })).body.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  async function setOwnerGrant(on: boolean) {
    const grants = [
      { principal: adminId, permissions: ['edit'] },
      { principal: colleague.user.id, permissions: ['view_all', 'export'] },
      ...(on ? [{ principal: owner.user.id, permissions: ['view_all', 'export'] }] : []),
    ];
    expect((await admin.put(`/api/apps/${appId}/grants`, { grants })).status).toBe(200);
  }

  const shares = () => [
    { kind: 'department', departmentId: operations },
    { kind: 'position', position: 'finance DIRECTOR' },
    { kind: 'role', role: 'builder' },
    { kind: 'user', userId: named.user.id },
  ];

  async function sharedDashboard(): Promise<any> {
    const res = await create(owner.client, {
      name: NAME,
      widgets: [
        { id: 'spend', reportId, x: 0, y: 0, w: 6, h: 4 },
        { id: 'monthly', reportId: monthlyId, x: 6, y: 0, w: 6, h: 4 },
      ],
      shares: shares(),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  it('creates a dashboard: 201 with its widgets, shares (position shown as held) and reports filled in', async () => {
    const dashboard = await sharedDashboard();
    expect(dashboard).toMatchObject({ name: NAME, ownerId: owner.user.id, canEdit: true, revision: 1 });
    expect(dashboard.widgets.map((w: any) => w.id)).toEqual(['spend', 'monthly']);
    expect(dashboard.shares).toEqual(
      expect.arrayContaining([
        { kind: 'department', departmentId: operations },
        { kind: 'position', position: 'Finance Director' },
        { kind: 'role', role: 'builder' },
        { kind: 'user', userId: named.user.id },
      ]),
    );
    expect(dashboard.shares).toHaveLength(4);
    expect(dashboard.reports.map((r: any) => r.id).sort()).toEqual([reportId, monthlyId].sort());
    expect(dashboard.reports[0]).toMatchObject({ appId, formId, canEdit: true });
  });

  it('opens for the owner, admins and each share (role, department and below, position in any case, person); others 404', async () => {
    const dashboard = await sharedDashboard();
    for (const person of [owner.client, admin, warehouseClerk.client, director.client, builder.client, named.client]) {
      const res = await person.get(`/api/dashboards/${dashboard.id}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(await listedIds(person)).toContain(dashboard.id);
    }
    for (const person of [stranger.client, colleague.client]) {
      const res = await person.get(`/api/dashboards/${dashboard.id}`);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('dashboard_not_found');
      expect(await listedIds(person)).not.toContain(dashboard.id);
      expect((await widgetQuery(person, dashboard.id, 'spend')).status).toBe(404);
      expect((await patch(person, dashboard.id, { name: NAME })).status).toBe(404);
    }
    // Viewers see the reports it draws (not theirs to change) but not whom it is shared with.
    const seen = (await warehouseClerk.client.get(`/api/dashboards/${dashboard.id}`)).body;
    expect(seen).toMatchObject({ canEdit: false, shares: [] });
    expect(seen.reports.every((r: any) => r.canEdit === false)).toBe(true);
    expect((await admin.get(`/api/dashboards/${dashboard.id}`)).body).toMatchObject({ canEdit: true });
    expect((await admin.get(`/api/dashboards/${dashboard.id}`)).body.shares).toHaveLength(4);

    // Moving the clerk out of Operations closes it to them.
    await admin.request('PATCH', `/api/users/${warehouseClerk.user.id}`, { body: { departmentId: null } });
    expect((await warehouseClerk.client.get(`/api/dashboards/${dashboard.id}`)).status).toBe(404);
    await admin.request('PATCH', `/api/users/${warehouseClerk.user.id}`, { body: { departmentId: warehouse } });
  });

  it('widget figures use the owner’s access: a viewer without any grant in the app gets every submission counted', async () => {
    const dashboard = await sharedDashboard();
    expect((await warehouseClerk.client.get(`/api/reports/${reportId}`)).status).toBe(404); // no grant of their own
    const res = await widgetQuery(warehouseClerk.client, dashboard.id, 'spend');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.rows).toEqual(TRAVEL_ROWS);
    const unknown = await widgetQuery(warehouseClerk.client, dashboard.id, 'nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('widget_not_found');

    const csv = await download(warehouseClerk.client, `/api/dashboards/${dashboard.id}/widgets/spend/export?format=csv`, {
      locale: 'zh-Hant',
    });
    expect(csv.status).toBe(200);
    expect(parseCsv(csv.bytes)).toEqual([
      ['類別', '申請數', '總額 (港幣)'],
      ['交通', '3', '30.4'],
      ['', '2', '5'],
      ['膳食', '2', '0.5'],
    ]);
    const xlsx = await download(named.client, `/api/dashboards/${dashboard.id}/widgets/spend/export?format=xlsx`);
    expect((await readXlsx(xlsx.bytes)).values[1]).toEqual(['Travel', 3, 30.4]);
    expect((await download(stranger.client, `/api/dashboards/${dashboard.id}/widgets/spend/export`)).status).toBe(404);
  });

  it('the owner losing the app’s grant: 409 dashboard_owner_no_access; disabled: 409 dashboard_owner_inactive until an admin takes over', async () => {
    const dashboard = await sharedDashboard();
    await setOwnerGrant(false);
    const noAccess = await widgetQuery(named.client, dashboard.id, 'spend');
    expect(noAccess.status).toBe(409);
    expect(noAccess.body.code).toBe('dashboard_owner_no_access');
    await setOwnerGrant(true);
    expect((await widgetQuery(named.client, dashboard.id, 'spend')).status).toBe(200);

    expect((await admin.request('PATCH', `/api/users/${owner.user.id}`, { body: { disabled: true } })).status).toBe(200);
    try {
      const inactive = await widgetQuery(named.client, dashboard.id, 'spend');
      expect(inactive.status).toBe(409);
      expect(inactive.body.code).toBe('dashboard_owner_inactive');
      expect(inactive.body.message).toMatch(/admin/);
      // Only admins hand a dashboard over.
      expect((await patch(builder.client, dashboard.id, { ownerId: builder.user.id })).status).toBe(403);
      const takenOver = await patch(admin, dashboard.id, { ownerId: adminId });
      expect(takenOver.status, JSON.stringify(takenOver.body)).toBe(200);
      expect(takenOver.body.ownerId).toBe(adminId);
      const afterTakeover = await widgetQuery(named.client, dashboard.id, 'spend');
      expect(afterTakeover.body.rows, JSON.stringify(afterTakeover.body)).toEqual(TRAVEL_ROWS);
      // Handing it to someone who may not run its reports is refused.
      const toStranger = await patch(admin, dashboard.id, { ownerId: stranger.user.id });
      expect(toStranger.status).toBe(400);
      expect(toStranger.body.code).toBe('invalid_dashboard');
    } finally {
      await admin.request('PATCH', `/api/users/${owner.user.id}`, { body: { disabled: false } });
      // Disabling ended the owner's sessions: sign them in again for the tests after this one.
      await owner.client.login(owner.user.email, 'a-long-password-1');
    }
  });

  it('refuses invalid widgets and shares with 400 invalid_dashboard naming the widget', async () => {
    const base = { name: NAME, shares: [] };
    const widget = { id: 'a', reportId, x: 0, y: 0, w: 4, h: 3 };
    const cases: [object, string][] = [
      [{ ...base, widgets: [widget, { ...widget, id: 'b', reportId: '01900000-0000-7000-8000-000000000000' }] }, 'widgets.1.reportId'],
      [{ ...base, widgets: [widget, { ...widget, x: 4 }] }, 'widgets.1.id'],
      [{ ...base, widgets: [{ ...widget, x: 8, w: 6 }] }, 'widgets.0.w'],
      [
        { ...base, widgets: [], shares: [{ kind: 'department', departmentId: '01900000-0000-7000-8000-000000000001' }] },
        'shares.0.departmentId',
      ],
      [{ ...base, widgets: [], shares: [{ kind: 'user', userId: '01900000-0000-7000-8000-000000000002' }] }, 'shares.0.userId'],
    ];
    for (const [body, path] of cases) {
      const res = await create(owner.client, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('invalid_dashboard');
      expect(res.body.details).toEqual([{ path, message: expect.any(String) }]);
    }
    // A report of an app the owner has no grant in: it exists, but the owner may not run it.
    const other = await expenseForm(admin);
    expect((await admin.put(`/api/apps/${other.appId}/grants`, { grants: [{ principal: adminId, permissions: ['edit'] }] })).status).toBe(
      200,
    );
    const foreign = (await admin.post('/api/reports', { definition: byCategory(other.formId) })).body.id;
    const res = await create(owner.client, { ...base, widgets: [{ ...widget, reportId: foreign }] });
    expect(res.status).toBe(400);
    expect(res.body.details[0].path).toBe('widgets.0.reportId');
    // An admin may put it on their own dashboard.
    expect((await create(admin, { ...base, widgets: [{ ...widget, reportId: foreign }] })).status).toBe(201);
    // Bad shapes are refused by the body schema.
    expect((await create(owner.client, { ...base, widgets: [{ ...widget, w: 13 }] })).status).toBe(400);
  });

  it('changes: owner and admin only (viewers 403), with a revision guard (409 dashboard_conflict); delete keeps the reports', async () => {
    const dashboard = await sharedDashboard();
    const denied = await patch(named.client, dashboard.id, { name: { en: 'Mine', 'zh-Hant': '我的' } });
    expect(denied.status).toBe(403);
    expect((await patch(named.client, dashboard.id, { shares: [] })).status).toBe(403);

    const moved = await patch(owner.client, dashboard.id, {
      revision: 1,
      widgets: [{ id: 'spend', reportId, x: 0, y: 0, w: 12, h: 5 }],
      shares: [{ kind: 'user', userId: named.user.id }],
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ revision: 2, widgets: [{ id: 'spend', w: 12 }], shares: [{ kind: 'user', userId: named.user.id }] });
    expect(moved.body.reports.map((r: any) => r.id)).toEqual([reportId]);
    // The department share is gone: the clerk no longer sees it; the named person still does.
    expect((await warehouseClerk.client.get(`/api/dashboards/${dashboard.id}`)).status).toBe(404);
    expect((await named.client.get(`/api/dashboards/${dashboard.id}`)).status).toBe(200);

    const stale = await patch(admin, dashboard.id, { revision: 1, name: { en: 'Stale', 'zh-Hant': '過時' } });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('dashboard_conflict');
    const byAdmin = await patch(admin, dashboard.id, { revision: 2, name: { en: 'Fresh', 'zh-Hant': '新' } });
    expect(byAdmin.body).toMatchObject({ revision: 3, name: { en: 'Fresh', 'zh-Hant': '新' }, ownerId: owner.user.id });
    // What a PATCH leaves out stays as it was.
    expect(byAdmin.body.shares).toEqual([{ kind: 'user', userId: named.user.id }]);
    expect(byAdmin.body.widgets.map((w: any) => w.id)).toEqual(['spend']);

    const namedDelete = await named.client.request('DELETE', `/api/dashboards/${dashboard.id}`);
    expect(namedDelete.status, JSON.stringify(namedDelete.body)).toBe(403);
    expect((await stranger.client.request('DELETE', `/api/dashboards/${dashboard.id}`)).status).toBe(404);
    expect((await owner.client.request('DELETE', `/api/dashboards/${dashboard.id}`)).status).toBe(204);
    expect((await owner.client.get(`/api/dashboards/${dashboard.id}`)).status).toBe(404);
    expect((await owner.client.get(`/api/reports/${reportId}`)).status).toBe(200);
  });

  it('deleting a saved report takes its widgets off the dashboards that showed it', async () => {
    const extra = (await owner.client.post('/api/reports', { definition: byMonth(formId) })).body.id;
    const res = await create(owner.client, {
      name: NAME,
      widgets: [
        { id: 'keep', reportId, x: 0, y: 0, w: 6, h: 4 },
        { id: 'gone', reportId: extra, x: 6, y: 0, w: 6, h: 4 },
      ],
    });
    expect(res.status).toBe(201);
    expect((await owner.client.request('DELETE', `/api/reports/${extra}`)).status).toBe(204);
    const after = (await owner.client.get(`/api/dashboards/${res.body.id}`)).body;
    expect(after.widgets.map((w: any) => w.id)).toEqual(['keep']);
    expect(after.reports.map((r: any) => r.id)).toEqual([reportId]);
    expect(after.revision).toBe(2);
    expect((await widgetQuery(owner.client, res.body.id, 'gone')).body.code).toBe('widget_not_found');
  });

  it('documents the routes with the statuses they answer (OpenAPI)', async () => {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    const statuses = (path: string, method: string) => Object.keys(doc.paths[path]?.[method]?.responses ?? {});
    expect(statuses('/api/dashboards', 'get')).toContain('200');
    expect(statuses('/api/dashboards', 'post')).toEqual(expect.arrayContaining(['201', '400']));
    expect(statuses('/api/dashboards/{dashboardId}', 'patch')).toEqual(expect.arrayContaining(['200', '400', '403', '404', '409']));
    expect(statuses('/api/dashboards/{dashboardId}/widgets/{widgetId}/query', 'post')).toEqual(
      expect.arrayContaining(['200', '404', '409']),
    );
    expect(statuses('/api/dashboards/{dashboardId}/widgets/{widgetId}/export', 'get')).toEqual(
      expect.arrayContaining(['200', '404', '409']),
    );
    expect(statuses('/api/reports', 'post')).toEqual(expect.arrayContaining(['201', '400', '404']));
    expect(statuses('/api/reports/{reportId}', 'patch')).toEqual(expect.arrayContaining(['200', '400', '403', '404']));
    expect(statuses('/api/reports/{reportId}/query', 'post')).toEqual(expect.arrayContaining(['200', '404']));
    expect(statuses('/api/reports/{reportId}/export', 'get')).toEqual(expect.arrayContaining(['200', '404']));
    expect(statuses('/api/reports/export', 'post')).toEqual(expect.arrayContaining(['200', '400', '404']));
  });
});
