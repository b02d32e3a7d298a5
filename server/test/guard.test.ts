import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, publishedForm, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';
import { Receiver } from './receiver.ts';

const schema = {
  type: 'object',
  title: 'Staff record',
  required: ['name'],
  properties: {
    name: { type: 'string', title: 'Name' },
    hkid: { type: 'string', title: 'HKID' },
    shift: { type: 'string', title: 'Shift', enum: ['day', 'night'] },
  },
};

const HKID = 'K987654(3)';

/**
 * Permissions where data leaves besides records (reports, report exports, webhooks, previews,
 * Zapier polls): the caller's (or the subscription owner's) view scope and sensitive fields.
 */
describe.each(DIALECTS)('guard: reports, exports, webhooks and Zapier under permissions on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let appId: string;
  let formId: string;
  const c: Record<string, Client> = {};
  const u: Record<string, any> = {};
  const dept: Record<string, string> = {};
  const receivers: Receiver[] = [];

  const count = async (client: Client, body: Record<string, unknown>) =>
    client.post('/api/reports/query', { formId, dimensions: [], measures: [{ op: 'count' }], ...body });

  beforeAll(async () => {
    server = await startTestServer(dialect, { webhookAllowHosts: ['127.0.0.1'] });
    admin = await adminClient(server);
    ({ appId, formId } = await publishedForm(admin, schema));
    for (const name of ['HR', 'Warehouse']) {
      const res = await admin.post('/api/departments', { name: { en: name } });
      expect(res.status).toBe(201);
      dept[name] = res.body.id;
    }
    const people: [string, 'member' | 'builder', Record<string, unknown>][] = [
      ['manager', 'builder', {}],
      ['viewAll', 'member', {}],
      ['exporter', 'member', {}],
      ['hrViewer', 'member', { departmentId: dept.HR }],
      ['hrClerk', 'member', { departmentId: dept.HR }],
      ['picker', 'member', { departmentId: dept.Warehouse }],
      ['nurse', 'member', { positions: ['Nurse'] }],
    ];
    for (const [name, role, facts] of people) {
      ({ client: c[name], user: u[name] } = await userClient(server, admin, role, name));
      if (Object.keys(facts).length) expect((await admin.request('PATCH', `/api/users/${u[name].id}`, { body: facts })).status).toBe(200);
    }
    const grants = await admin.put(`/api/apps/${appId}/grants`, {
      grants: [
        { principal: '*', permissions: ['fill'] },
        { principal: u.manager.id, permissions: ['edit'] },
        { principal: u.viewAll.id, permissions: ['view_all'] },
        { principal: u.exporter.id, permissions: ['view_all', 'export'] },
        { principal: `department:${dept.HR}`, permissions: ['view_department'] },
        { principal: 'position:Nurse', permissions: ['view_all'] },
      ],
    });
    expect(grants.status, JSON.stringify(grants.body)).toBe(200);
    const rules = await admin.put(`/api/forms/${formId}/field-access`, { fields: [{ field: 'hkid', visibleTo: ['position:Nurse'] }] });
    expect(rules.status, JSON.stringify(rules.body)).toBe(200);
    for (const [name, shift] of [
      ['hrClerk', 'day'],
      ['picker', 'night'],
      ['picker', 'day'],
    ] as const) {
      const res = await c[name].post(`/api/forms/${formId}/submissions`, { data: { name: `${name} ${shift}`, hkid: HKID, shift } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  });
  afterAll(async () => {
    for (const r of receivers) await r.stop();
    await server?.close();
  });

  it('a report aggregates over the caller’s view scope: all, their department’s, or their own', async () => {
    const total = async (client: Client) => {
      const res = await count(client, {});
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.rows[0][0];
    };
    expect(await total(c.viewAll)).toBe(3);
    expect(await total(c.hrViewer)).toBe(1); // the HR clerk's record only
    expect(await total(c.picker)).toBe(2); // fill only: their own two
    expect(await total(c.hrClerk)).toBe(1);
    // A department viewer grouping by department sees no other department at all.
    const byDept = await c.hrViewer.post('/api/reports/query', {
      formId,
      dimensions: [{ field: 'department' }],
      measures: [{ op: 'count' }],
    });
    expect(byDept.body.rows).toEqual([[dept.HR, 1]]);
  });

  it('a hidden field may not be grouped, measured or filtered on (403 field_hidden), except by those who see it or over one’s own records', async () => {
    for (const body of [
      { dimensions: [{ field: 'data.hkid' }] },
      { measures: [{ op: 'countDistinct', field: 'data.hkid' }] },
      { filters: [{ field: 'data.hkid', op: 'eq', value: HKID }] },
    ]) {
      for (const who of ['viewAll', 'manager', 'hrViewer']) {
        const res = await count(c[who], body);
        expect(res.status, `${who} ${JSON.stringify(body)}`).toBe(403);
        expect(res.body.code).toBe('field_hidden');
      }
      expect((await count(c.nurse, body)).status).toBe(200);
      expect((await count(admin, body)).status).toBe(200);
      expect((await count(c.picker, body)).status).toBe(200); // their own records only
    }
    // Visible fields are fine for everyone in scope.
    expect((await count(c.viewAll, { dimensions: [{ field: 'data.shift' }] })).status).toBe(200);
    // Saved reports go through the same check when they run.
    const saved = await c.nurse.post('/api/reports', {
      definition: { formId, dimensions: [{ field: 'data.hkid' }], measures: [{ op: 'count' }] },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    // Someone else running the nurse's saved report runs it as themselves: refused, not shown.
    const rerun = await c.viewAll.post(`/api/reports/${saved.body.id}/query`);
    expect(rerun.status).toBe(403);
    expect(rerun.body.code).toBe('field_hidden');
    expect((await c.nurse.post(`/api/reports/${saved.body.id}/query`)).body.rows).toEqual([[HKID, 3]]);
  });

  it('report exports need the export grant; a widget export needs its owner’s', async () => {
    const definition = { formId, dimensions: [{ field: 'data.shift' }], measures: [{ op: 'count' }] };
    const refused = await c.viewAll.post('/api/reports/export?format=csv', definition);
    expect(refused.status).toBe(403);
    const allowed = await c.exporter.post('/api/reports/export?format=csv', definition);
    expect(allowed.status, JSON.stringify(allowed.body)).toBe(200);
    expect(String(allowed.body)).toContain('night');
    const saved = await c.viewAll.post('/api/reports', { definition });
    expect(saved.status).toBe(201);
    expect((await c.viewAll.get(`/api/reports/${saved.body.id}/export?format=csv`)).status).toBe(403);
    expect((await c.viewAll.post(`/api/reports/${saved.body.id}/query`)).status).toBe(200);
  });

  it('webhook deliveries carry no field hidden from the subscription’s owner; an admin’s carry all', async () => {
    const managerTarget = await new Receiver(null).start();
    const adminTarget = await new Receiver(null).start();
    receivers.push(managerTarget, adminTarget);
    const mine = await c.manager.post('/api/webhooks', { url: managerTarget.url, events: ['submission.created'], formId });
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    const theirs = await admin.post('/api/webhooks', { url: adminTarget.url, events: ['submission.created'], formId });
    expect(theirs.status).toBe(201);
    await new Promise((r) => setTimeout(r, 5));
    const res = await c.picker.post(`/api/forms/${formId}/submissions`, { data: { name: 'hooked', hkid: HKID, shift: 'day' } });
    expect(res.status).toBe(201);
    await server.app.dispatcher.drain();
    expect(managerTarget.received).toHaveLength(1);
    const body = managerTarget.received[0]!.body;
    expect(JSON.parse(body).submission.data).toEqual({ name: 'hooked', shift: 'day' });
    expect(body).not.toContain(HKID);
    expect(adminTarget.received).toHaveLength(1);
    expect(JSON.parse(adminTarget.received[0]!.body).submission.data.hkid).toBe(HKID);

    // The preview is what the manager's hook would send: no HKID either.
    const preview = await c.manager.post('/api/webhooks/preview', { event: 'submission.created', submissionId: res.body.id });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.body).not.toContain(HKID);
    expect(preview.body.body).toContain('hooked');
  });

  it('a webhook filter may not name a field hidden from the hook’s owner (its deliveries would reveal the value)', async () => {
    const onHkid = { field: ['hkid'], op: 'eq', value: HKID };
    const refused = await c.manager.post('/api/webhooks', {
      url: 'http://127.0.0.1:9/x',
      events: ['submission.created'],
      formId,
      filter: onHkid,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('invalid_filter');
    expect(refused.body.details).toEqual([{ path: 'filter.field', message: expect.stringContaining('sensitive field') }]);
    const preview = await c.manager.post('/api/webhooks/preview', { event: 'submission.created', formId, filter: { not: onHkid } });
    expect(preview.status).toBe(422);
    expect(preview.body.details[0].path).toBe('filter.not.field');

    // The manager's hook on a field they see; an admin editing it still cannot point it at HKID.
    const hook = await c.manager.post('/api/webhooks', {
      url: 'http://127.0.0.1:9/x',
      events: ['submission.created'],
      formId,
      filter: { field: ['shift'], op: 'eq', value: 'day' },
    });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const edited = await admin.request('PATCH', `/api/webhooks/${hook.body.id}`, { body: { filter: onHkid } });
    expect(edited.status).toBe(422);
    expect(edited.body.code).toBe('invalid_filter');
    const stored = await server.app.db('webhook_subscriptions').where({ id: hook.body.id }).first('filter');
    expect(JSON.stringify(stored.filter)).toContain('shift');

    // Those who see the field may filter on it.
    const adminHook = await admin.post('/api/webhooks', {
      url: 'http://127.0.0.1:9/y',
      events: ['submission.created'],
      formId,
      filter: onHkid,
    });
    expect(adminHook.status, JSON.stringify(adminHook.body)).toBe(201);
    for (const id of [hook.body.id, adminHook.body.id]) expect((await admin.request('DELETE', `/api/webhooks/${id}`)).status).toBe(204);
  });

  it('a hook whose owner sees only their department gets only that department’s records', async () => {
    const target = await new Receiver(null).start();
    receivers.push(target);
    // The owner manages the app when they make the hook, then keeps only "view department" in it.
    const { client: lead, user } = await userClient(server, admin, 'builder', 'hrLead');
    expect((await admin.request('PATCH', `/api/users/${user.id}`, { body: { departmentId: dept.HR } })).status).toBe(200);
    const current = (await admin.get(`/api/apps/${appId}/grants`)).body.grants as { principal: string; permissions: string[] }[];
    const put = (extra: string[]) =>
      admin.put(`/api/apps/${appId}/grants`, { grants: [...current, { principal: user.id, permissions: extra }] });
    expect((await put(['edit'])).status).toBe(200);
    const hook = await lead.post('/api/webhooks', { url: target.url, events: ['submission.created'], formId });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    expect((await put(['view_department'])).status).toBe(200);
    await new Promise((r) => setTimeout(r, 5));
    expect((await c.picker.post(`/api/forms/${formId}/submissions`, { data: { name: 'warehouse only', shift: 'day' } })).status).toBe(201);
    expect((await c.hrClerk.post(`/api/forms/${formId}/submissions`, { data: { name: 'hr only', hkid: HKID, shift: 'day' } })).status).toBe(
      201,
    );
    await server.app.dispatcher.drain();
    expect(target.received.map((r) => JSON.parse(r.body).submission.data)).toEqual([{ name: 'hr only', shift: 'day' }]);
    expect((await admin.put(`/api/apps/${appId}/grants`, { grants: current })).status).toBe(200);
  });

  it('Zapier polls and samples leave out fields hidden from the caller', async () => {
    const poll = await c.manager.get(`/api/hooks/poll?event=submission.created&formId=${formId}`);
    expect(poll.status, JSON.stringify(poll.body)).toBe(200);
    expect(poll.body.length).toBeGreaterThan(0);
    expect(JSON.stringify(poll.body)).not.toContain(HKID);
    const sample = await c.manager.get(`/api/hooks/sample?event=submission.created&formId=${formId}`);
    expect(sample.status).toBe(200);
    expect(JSON.stringify(sample.body)).not.toContain(HKID);
    const nursePoll = await c.nurse.get(`/api/hooks/poll?event=submission.created&formId=${formId}`);
    expect(JSON.stringify(nursePoll.body)).toContain(HKID);
  });
});
