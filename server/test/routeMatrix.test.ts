import { randomUUID } from 'node:crypto';
import type { AppPermission } from '@formloom/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, DIALECTS, adminClient, startTestServer, userClient, type TestServer } from './helpers.ts';
import { ROUTE_NEEDS, type Need } from './routeMatrixTable.ts';

/**
 * The two-tenant, multi-role route matrix. Every route the server registers (read from its own route
 * tree, so a new route is in the matrix the day it is added, and fails it until routeMatrixTable.ts
 * classifies it) is called by a cast of nine callers with the HR tenant's object ids:
 * - GET routes by everyone; a caller the table does not allow must be refused (401/403/404, or
 *   400/422 before the body is looked at), and no 2xx may carry a marker that caller may not see
 *   (record ids out of their scope, the HKID values, the other tenant's names, objects someone else owns);
 * - unsafe routes (POST/PUT/PATCH/DELETE) by every caller the table does not allow, with a body valid for
 *   the owner where practical and the caller's CSRF token; afterwards every table of the database is
 *   compared with its state before: a refused call wrote nothing.
 * Admin is the control: it sees everything, so its GETs must pass through on most routes.
 */

const HKID_OWN = 'A123456(7)'; // in the HR filler's own record
const HKID_OTHER = 'Q135790(2)'; // in the HR manager's record
const tag = Math.random().toString(36).slice(2, 8);
const NAMES = {
  hrApp: `HR people ${tag}`,
  hrForm: `HR onboarding ${tag}`,
  whApp: `Warehouse stock ${tag}`,
  report: `HR headcount report ${tag}`,
  dashboard: `HR dashboard ${tag}`,
  view: `HR saved view ${tag}`,
  file: `hkid-scan-${tag}.txt`,
  webhook: `hr-hook-${tag}`,
};

type Caller = 'admin' | 'hrManager' | 'hrFiller' | 'hrDept' | 'hrViewAll' | 'whManager' | 'member' | 'anonymous' | 'whToken';
const CALLERS: Caller[] = ['admin', 'hrManager', 'hrFiller', 'hrDept', 'hrViewAll', 'whManager', 'member', 'anonymous', 'whToken'];
const ALL: AppPermission[] = ['fill', 'view_own', 'view_department', 'view_all', 'edit_records', 'delete_records', 'export', 'edit'];
/** Each caller's permissions in the HR app. */
const HR_PERMISSIONS: Record<Caller, AppPermission[]> = {
  admin: ALL,
  hrManager: ALL,
  hrFiller: ['fill', 'view_own'],
  hrDept: ['view_department'],
  hrViewAll: ['view_all', 'fill'], // view_all implies fill (services/access.ts)
  whManager: [],
  member: [],
  anonymous: [],
  whToken: [],
};

function allowed(need: Need, caller: Caller): boolean {
  if (need === 'public') return true;
  if (caller === 'anonymous') return false;
  if (caller === 'admin') return need !== 'none';
  switch (need) {
    case 'signedIn':
      return true;
    case 'builder':
      return ['hrManager', 'whManager', 'whToken'].includes(caller);
    case 'admin':
    case 'none':
      return false;
    case 'record':
      return ['hrManager', 'hrViewAll'].includes(caller);
    case 'hrManager':
      return caller === 'hrManager';
    default: {
      const permission = need.slice(3);
      const held = HR_PERMISSIONS[caller];
      return permission === 'any' ? held.length > 0 : held.includes(permission as AppPermission);
    }
  }
}

/** Tables a refused call may legitimately write: sessions and tokens (last seen), throttling, the audit log. */
/** A notification's e-mail delivery state: the mail sender's background sweep moves it on its own time. */
const withoutEmailState = (row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).filter(([key]) => !key.startsWith('email')));
const WRITABLE_BY_REFUSALS = /^(sessions|api_tokens|audit_log|login_attempts|login_throttle|knex_migrations.*)$/;

describe.each(DIALECTS)('route matrix on %s', (dialect) => {
  let server: TestServer;
  const c = {} as Record<Caller, Client>;
  const u: Record<string, any> = {};
  const hr: Record<string, string> = {};
  const wh: Record<string, string> = {};
  let routes: { path: string; methods: string[] }[];
  let forbidden: Record<Caller, string[]>;

  const ok = (res: { status: number; body: any }, what: string, status = 201) => {
    expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(status);
    return res.body;
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const admin = (c.admin = await adminClient(server));
    c.anonymous = new Client(server.url);
    routes = routesOf(server.app.printRoutes({ commonPrefix: false }));
    hr.dept = ok(await admin.post('/api/departments', { name: { en: `HR ${tag}` } }), 'department').id;
    const people: [Caller, 'member' | 'builder', Record<string, unknown>][] = [
      ['hrManager', 'builder', { positions: ['HR Officer'] }],
      ['hrFiller', 'member', { departmentId: hr.dept }],
      ['hrDept', 'member', { departmentId: hr.dept }],
      ['hrViewAll', 'member', {}],
      ['whManager', 'builder', {}],
      ['member', 'member', {}],
    ];
    for (const [name, role, facts] of people) {
      ({ client: c[name], user: u[name] } = await userClient(server, admin, role, name));
      ok(await admin.request('PATCH', `/api/users/${u[name].id}`, { body: facts }), `facts of ${name}`, 200);
    }
    c.whToken = new Client(server.url);
    c.whToken.bearer = ok(await c.whManager.post('/api/auth/tokens', { name: 'warehouse script' }), 'token').token;

    // Tenant HR: an app with a form holding a sensitive HKID field and a file, a flow form.
    hr.appId = ok(await admin.post('/api/apps', { name: NAMES.hrApp }), 'HR app').id;
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, hkid: { type: 'string' }, attachment: { type: 'string' } },
    };
    hr.formId = ok(
      await admin.post(`/api/apps/${hr.appId}/forms`, { name: NAMES.hrForm, schema, uiSchema: { attachment: { 'ui:fieldType': 'file' } } }),
      'HR form',
    ).id;
    ok(await admin.post(`/api/forms/${hr.formId}/publish`), 'publish');
    hr.flowFormId = ok(
      await admin.post(`/api/apps/${hr.appId}/forms`, {
        name: `HR leave ${tag}`,
        schema: { type: 'object', properties: { reason: { type: 'string' } } },
        workflow: {
          version: 1,
          nodes: [{ id: 'hr', type: 'approval', name: { en: 'HR' }, approvers: [{ kind: 'user', userId: u.hrManager.id }] }],
        },
      }),
      'flow form',
    ).id;
    ok(await admin.post(`/api/forms/${hr.flowFormId}/publish`), 'publish flow');
    ok(
      await admin.put(`/api/apps/${hr.appId}/grants`, {
        grants: [
          { principal: u.hrManager.id, permissions: ['edit'] },
          { principal: u.hrFiller.id, permissions: ['fill', 'view_own'] },
          { principal: u.hrDept.id, permissions: ['view_department'] },
          { principal: u.hrViewAll.id, permissions: ['view_all'] },
        ],
      }),
      'HR grants',
      200,
    );
    ok(
      await admin.put(`/api/forms/${hr.formId}/field-access`, { fields: [{ field: 'hkid', visibleTo: ['position:HR Officer'] }] }),
      'rules',
      200,
    );
    hr.ownRecord = ok(await c.hrFiller.post(`/api/forms/${hr.formId}/submissions`, { data: { name: 'filler', hkid: HKID_OWN } }), 'R1').id;
    const file = await c.hrManager.request('POST', '/api/files', {
      rawBody: 'scanned id card',
      headers: { 'content-type': 'text/plain', 'x-file-name': encodeURIComponent(NAMES.file) },
    });
    hr.fileId = ok(file, 'file').id;
    hr.submissionId = ok(
      await c.hrManager.post(`/api/forms/${hr.formId}/submissions`, { data: { name: 'manager', hkid: HKID_OTHER, attachment: hr.fileId } }),
      'R2',
    ).id;
    hr.flowRecord = ok(await c.hrFiller.post(`/api/forms/${hr.flowFormId}/submissions`, { data: { reason: 'rest' } }), 'R3').id;
    const tasks = ok(await c.hrManager.get('/api/tasks?status=pending&limit=100'), 'tasks', 200);
    hr.taskId = tasks.items.find((t: any) => t.submissionId === hr.flowRecord).id;
    const notes = ok(await c.hrManager.get('/api/notifications'), 'notifications', 200);
    hr.notificationId = notes.items?.[0]?.id ?? randomUUID();
    hr.reportId = ok(
      await c.hrManager.post('/api/reports', {
        definition: {
          title: { en: NAMES.report, 'zh-Hant': NAMES.report },
          formId: hr.formId,
          dimensions: [{ field: 'data.name' }],
          measures: [{ op: 'count' }],
        },
      }),
      'report',
    ).id;
    hr.dashboardId = ok(
      await c.hrManager.post('/api/dashboards', {
        name: { en: NAMES.dashboard, 'zh-Hant': NAMES.dashboard },
        widgets: [{ id: 'w1', reportId: hr.reportId, x: 0, y: 0, w: 6, h: 4 }],
      }),
      'dashboard',
    ).id;
    hr.viewId = ok(await c.hrManager.post(`/api/forms/${hr.formId}/views`, { name: NAMES.view, columns: ['data.name'] }), 'view').id;
    hr.webhookId = ok(
      await c.hrManager.post('/api/webhooks', {
        url: `https://hooks.example.com/${NAMES.webhook}`,
        events: ['submission.created'],
        formId: hr.formId,
      }),
      'webhook',
    ).id;
    ok(
      await admin.put(`/api/forms/${hr.formId}/schedule`, {
        enabled: true,
        frequency: { kind: 'daily', time: '09:00' },
        audience: { departmentIds: [hr.dept], positions: [], userIds: [] },
        deadline: '18:00',
        reminders: [],
      }),
      'schedule',
      200,
    );
    const periods = ok(await admin.get(`/api/forms/${hr.formId}/periods`), 'periods', 200);
    hr.periodKey = periods.items?.[0]?.key ?? new Date().toISOString().slice(0, 10);
    hr.sessionId = ok(await c.hrManager.get('/api/auth/sessions'), 'sessions', 200).items[0].id;
    hr.tokenId = ok(await c.hrManager.post('/api/auth/tokens', { name: 'hr script' }), 'hr token').id;

    // Tenant Warehouse: its own app, managed by the warehouse manager, with a record.
    wh.appId = ok(await c.whManager.post('/api/apps', { name: NAMES.whApp }), 'WH app').id;
    wh.formId = ok(await c.whManager.post(`/api/apps/${wh.appId}/forms`, { name: `Stock in ${tag}`, schema }), 'WH form').id;
    ok(await c.whManager.post(`/api/forms/${wh.formId}/publish`), 'WH publish');
    ok(
      await c.whManager.put(`/api/apps/${wh.appId}/grants`, { grants: [{ principal: u.whManager.id, permissions: ['edit'] }] }),
      'WH grants',
      200,
    );
    wh.record = ok(await c.whManager.post(`/api/forms/${wh.formId}/submissions`, { data: { name: 'pallet' } }), 'WH record').id;

    const hrAll = [
      NAMES.report,
      hr.reportId,
      hr.taskId,
      hr.ownRecord,
      hr.submissionId,
      hr.flowRecord,
      HKID_OWN,
      HKID_OTHER,
      NAMES.hrApp,
      NAMES.hrForm,
      NAMES.file,
    ];
    // The manager's own objects. (Saved reports are the app's, and the approval task shows with its record.)
    const owned = [NAMES.dashboard, NAMES.view, NAMES.webhook, hr.dashboardId, hr.viewId, hr.webhookId];
    const whAll = [wh.record, NAMES.whApp];
    const outsider = [...hrAll, ...owned];
    forbidden = {
      admin: [],
      hrManager: whAll,
      hrFiller: [hr.submissionId, HKID_OTHER, NAMES.file, ...owned, ...whAll],
      hrDept: [hr.submissionId, HKID_OWN, HKID_OTHER, NAMES.file, ...owned, ...whAll],
      hrViewAll: [HKID_OWN, HKID_OTHER, ...owned, ...whAll],
      whManager: outsider,
      member: [...outsider, ...whAll],
      anonymous: [...outsider, ...whAll],
      whToken: outsider,
    };
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const ids = (): Record<string, string> => ({
    appId: hr.appId,
    formId: hr.formId,
    submissionId: hr.submissionId,
    periodKey: hr.periodKey,
    sessionId: hr.sessionId,
    tokenId: hr.tokenId,
    dashboardId: hr.dashboardId,
    widgetId: 'w1',
    fileId: hr.fileId,
    viewId: hr.viewId,
    templateId: 'daily-health-declaration',
    taskId: hr.taskId,
    reportId: hr.reportId,
    realmId: '9130350000000000',
    // Objects not seeded (no connector, no import, no digest, no delivery, no signing): a fresh id.
    deliveryId: randomUUID(),
    digestId: randomUUID(),
    importId: randomUUID(),
    jobId: randomUUID(),
    signingId: randomUUID(),
  });
  /** `:id` means something different under each resource. */
  const idUnder: Record<string, () => string> = {
    hooks: () => hr.webhookId, // a Zapier hook id is looked up among the caller's own; the HR webhook's id is not one
    users: () => u.hrFiller.id,
    departments: () => hr.dept,
    'trust-roots': () => randomUUID(),
    notifications: () => hr.notificationId,
    webhooks: () => hr.webhookId,
  };
  function fill(path: string): string {
    const known = ids();
    return path.replace(':signingId|:id', ':signingId').replace(/([^/]+)\/:(\w+)/g, (_, before: string, name: string) => {
      if (name === 'id') {
        const value = idUnder[before];
        if (!value) throw new Error(`unclassified :id after /${before}/ in ${path}`);
        return `${before}/${value()}`;
      }
      if (!(name in known)) throw new Error(`unknown route parameter :${name} in ${path}`);
      return `${before}/${known[name]}`;
    });
  }

  /** A body the owner could send (so a refusal is about the caller, not the body), or `{}`. */
  function bodyFor(method: string, path: string): unknown {
    const data = { name: 'changed', hkid: 'Z999999(9)' };
    const known: Record<string, unknown> = {
      'PUT /api/apps/:appId/grants': { grants: [{ principal: '*', permissions: ['view_all', 'export'] }] },
      'POST /api/apps/:appId/forms': { name: 'sneaky', schema: { type: 'object', properties: {} } },
      'PUT /api/forms/:formId': { name: 'renamed', schema: { type: 'object', properties: { name: { type: 'string' } } } },
      'POST /api/forms/:formId/submissions': { data },
      'PATCH /api/submissions/:submissionId': { data },
      'PUT /api/forms/:formId/field-access': { fields: [] },
      'POST /api/forms/:formId/views': { name: 'sneaky', columns: ['data.hkid'] },
      'PATCH /api/views/:viewId': { name: 'renamed' },
      'PATCH /api/reports/:reportId': {
        definition: { formId: hr.formId, dimensions: [{ field: 'data.hkid' }], measures: [{ op: 'count' }] },
      },
      'PATCH /api/dashboards/:dashboardId': { name: { en: 'renamed', 'zh-Hant': 'renamed' } },
      'PATCH /api/webhooks/:id': { enabled: false },
      'POST /api/reports/query': { formId: hr.formId, dimensions: [{ field: 'data.hkid' }], measures: [{ op: 'count' }] },
      'POST /api/reports/export': {
        definition: { formId: hr.formId, dimensions: [{ field: 'data.hkid' }], measures: [{ op: 'count' }] },
        format: 'csv',
      },
      'POST /api/webhooks/preview': { formId: hr.formId, event: 'submission.created', submissionId: hr.submissionId },
      'POST /api/notifications/urgent': { submissionId: hr.submissionId, message: 'now' },
      'PATCH /api/users/:id': { role: 'admin' },
      'PATCH /api/departments/:id': { name: { en: 'renamed', 'zh-Hant': 'renamed' } },
      'PUT /api/org/users/:id/password': { password: 'a-new-long-password-9' },
      'POST /api/tasks/:taskId/transfer': { toUserId: u.member?.id },
      'DELETE /api/forms/:formId/schedule': undefined,
    };
    const key = `${method} ${path}`;
    if (key in known) return known[key];
    return method === 'DELETE' ? undefined : {};
  }

  async function snapshot(): Promise<Map<string, string>> {
    const db = server.app.db;
    const names: string[] =
      dialect === 'sqlite'
        ? (await db.raw(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)).map((r: any) => r.name)
        : (await db.raw(`select table_name as name from information_schema.tables where table_schema = current_schema()`)).rows.map(
            (r: any) => r.name,
          );
    const out = new Map<string, string>();
    for (const name of names.sort()) {
      if (WRITABLE_BY_REFUSALS.test(name)) continue;
      const rows = (await db(name).select('*')).map((r: any) => (name === 'notifications' ? withoutEmailState(r) : r));
      out.set(name, JSON.stringify(rows.map((r: any) => JSON.stringify(r)).sort()));
    }
    return out;
  }

  async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
    const queue = [...items];
    await Promise.all(
      Array.from({ length: limit }, async () => {
        for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
      }),
    );
  }

  const REFUSED_OR_INVALID = [400, 401, 403, 404, 422];

  it('classifies every route; refuses every caller the table does not allow; no 2xx carries what the caller may not see; refusals write nothing', async () => {
    const api = routes.filter((r) => r.path.startsWith('/api/'));
    const unclassified = api.flatMap((r) =>
      r.methods.filter((m) => m !== 'HEAD' && !(`${m} ${r.path}` in ROUTE_NEEDS)).map((m) => `${m} ${r.path}`),
    );
    expect(unclassified, 'routes the matrix does not classify (add them to routeMatrixTable.ts)').toEqual([]);
    const calls: { method: string; path: string; need: Need }[] = api.flatMap((r) =>
      r.methods.filter((m) => m !== 'HEAD').map((method) => ({ method, path: r.path, need: ROUTE_NEEDS[`${method} ${r.path}`] })),
    );
    expect(calls.length).toBeGreaterThan(150);
    for (const call of calls) fill(call.path); // every parameter known before any call is made
    const problems: string[] = [];
    const passedThrough = new Set<string>();

    const query = `?formId=${hr.formId}&appId=${hr.appId}&submissionId=${hr.submissionId}&event=submission.created&limit=20`;
    await pool(
      calls.filter((call) => call.method === 'GET'),
      8,
      async ({ method, path, need }) => {
        // The approvals report is about a form with an approval flow: the HR leave form.
        const url = (path.endsWith('/reports/approvals') ? fill(path).replace(hr.formId, hr.flowFormId) : fill(path)) + query;
        for (const caller of CALLERS) {
          const res = await c[caller].get(url);
          const may = allowed(need, caller);
          if (res.status >= 200 && res.status < 300) {
            if (may && need !== 'public') passedThrough.add(path);
            const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '');
            const seen = forbidden[caller].filter((marker) => text.includes(marker));
            if (seen.length) problems.push(`${caller} ${method} ${path} → ${res.status} carries ${seen.join(', ')}`);
          }
          if (!may && !REFUSED_OR_INVALID.includes(res.status))
            problems.push(`${caller} ${method} ${path} → ${res.status}, expected a refusal`);
        }
      },
    );

    // What the seeding set going in the background (notifications of its tasks, deliveries) settles first,
    // and again before the second look: only what a refused call wrote may differ.
    await server.app.dispatcher.drain();
    const before = await snapshot();
    await pool(
      calls.filter((call) => call.method !== 'GET' && call.need !== 'public'),
      8,
      async ({ method, path, need }) => {
        const url = fill(path);
        for (const caller of CALLERS) {
          if (allowed(need, caller)) continue; // the callers who may would change the seeded objects
          const body = bodyFor(method, path);
          const res = await c[caller].request(method, url, body === undefined ? {} : { body });
          if (!REFUSED_OR_INVALID.includes(res.status))
            problems.push(`${caller} ${method} ${path} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}, expected a refusal`);
        }
      },
    );
    await server.app.dispatcher.drain();
    const after = await snapshot();
    const changed = [...after.keys()].filter((table) => before.get(table) !== after.get(table));
    const diffs = changed.map((table) => {
      const was = new Set(JSON.parse(before.get(table) ?? '[]') as string[]);
      const now = (JSON.parse(after.get(table)!) as string[]).filter((row) => !was.has(row));
      return `${table}: ${now.join('\n').slice(0, 1500)}`;
    });
    expect(problems).toEqual([]);
    expect(diffs, 'rows written by refused calls').toEqual([]);
    // The control: admin and the permitted callers get through on most GET routes (the matrix is not all-refusing).
    const gets = new Set(
      calls.filter((call) => call.method === 'GET' && call.need !== 'public' && call.need !== 'none').map((call) => call.path),
    );
    if (process.env.ROUTE_MATRIX_DEBUG)
      console.log(
        'never passed',
        [...gets].filter((g) => !passedThrough.has(g)),
      );
    expect(passedThrough.size, `passed through on ${[...passedThrough].length} of ${gets.size}`).toBeGreaterThan(gets.size * 0.6);
  }, 300_000);

  it('the markers are real: the HR manager sees the HKID and the file; the view-all viewer sees the record without it', async () => {
    const asManager = ok(await c.hrManager.get(`/api/submissions/${hr.submissionId}`), 'manager reads R2', 200);
    expect(JSON.stringify(asManager)).toContain(HKID_OTHER);
    const asViewer = ok(await c.hrViewAll.get(`/api/submissions/${hr.submissionId}`), 'viewer reads R2', 200);
    expect(JSON.stringify(asViewer)).not.toContain(HKID_OTHER);
    expect((await c.hrManager.get(`/api/files/${hr.fileId}/info`)).status).toBe(200);
  });
});

/** Paths from Fastify's route tree: `├── /api/apps (POST, GET, HEAD)` with children indented by four. */
export function routesOf(tree: string): { path: string; methods: string[] }[] {
  const stack: string[] = [];
  const out: { path: string; methods: string[] }[] = [];
  for (const line of tree.split('\n')) {
    const at = line.search(/[├└]── /);
    if (at < 0) continue;
    const depth = at / 4;
    const rest = line.slice(at + 4);
    const match = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(rest)!;
    stack.length = depth;
    stack.push(match[1]);
    if (match[2]) out.push({ path: stack.join(''), methods: match[2].split(', ') });
  }
  return out;
}
