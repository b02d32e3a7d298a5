import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, publishedForm, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';

const hrSchema = {
  type: 'object',
  title: 'Staff health declaration',
  required: ['name'],
  properties: {
    name: { type: 'string', title: 'Name' },
    hkid: { type: 'string', title: 'HKID' },
    medical: { type: 'string', title: 'Medical conditions' },
    notes: { type: 'string', title: 'Notes' },
  },
};

const HKID = 'A123456(7)';

/**
 * Permission sets per app (people, roles, departments with their sub-departments, positions; view
 * own / department / all, edit and delete records, export) and sensitive fields, end to end.
 */
describe.each(DIALECTS)('permission sets and sensitive fields on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  const c: Record<string, Client> = {};
  const u: Record<string, any> = {};
  let formId: string;
  let appId: string;
  const dept: Record<string, string> = {};
  const rec: Record<string, string> = {};

  const patch = (client: Client, url: string, body: unknown) => client.request('PATCH', url, { body });
  const del = (client: Client, url: string) => client.request('DELETE', url);
  const ids = async (client: Client, query = '') => {
    const res = await client.get(`/api/forms/${formId}/submissions${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items.map((s: any) => s.id).sort();
  };
  const setGrants = async (grants: { principal: string; permissions: string[] }[]) => {
    const res = await admin.put(`/api/apps/${appId}/grants`, { grants });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const baseGrants = () => [
    { principal: '*', permissions: ['fill'] },
    { principal: `department:${dept.hr}`, permissions: ['view_department'] },
    { principal: 'role:builder', permissions: ['view_all'] },
    { principal: 'position:Auditor', permissions: ['view_all', 'export'] },
  ];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    ({ appId, formId } = await publishedForm(admin, hrSchema));
    const department = async (en: string, parentId?: string) => {
      const res = await admin.post('/api/departments', { name: { en }, parentId });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    dept.hr = await department('Human Resources');
    dept.payroll = await department('Payroll', dept.hr);
    dept.sales = await department('Sales');
    const people: [string, 'member' | 'builder', Record<string, unknown>][] = [
      ['hrHead', 'member', { departmentId: dept.hr }],
      ['payroll', 'member', { departmentId: dept.payroll }],
      ['sales', 'member', { departmentId: dept.sales }],
      ['outsider', 'member', {}],
      ['auditor', 'member', { positions: ['auditor'] }],
      ['builder', 'builder', {}],
    ];
    for (const [name, role, facts] of people) {
      ({ client: c[name], user: u[name] } = await userClient(server, admin, role, name));
      if (Object.keys(facts).length) expect((await patch(admin, `/api/users/${u[name].id}`, facts)).status).toBe(200);
    }
    await setGrants(baseGrants());
    for (const name of ['hrHead', 'payroll', 'sales', 'outsider']) {
      const res = await c[name].post(`/api/forms/${formId}/submissions`, {
        data: { name: `${name} record`, hkid: name === 'payroll' ? HKID : `Z${name.length}00000(1)`, medical: `${name} asthma`, notes: '' },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      rec[name] = res.body.id;
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('view own: a filler lists, opens and exports only their own records; others answer 404', async () => {
    expect(await ids(c.sales)).toEqual([rec.sales]);
    expect((await c.sales.get(`/api/submissions/${rec.hrHead}`)).status).toBe(404);
    expect((await c.sales.get(`/api/submissions/${rec.sales}`)).status).toBe(200);
    const csv = await c.sales.get(`/api/forms/${formId}/submissions/export?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.body).toContain('sales record');
    expect(csv.body).not.toContain('hrHead record');
    expect((await c.sales.get(`/api/apps/${appId}`)).body.permissions).toMatchObject({ viewScope: 'own', canExport: false });
  });

  it('view department: the department and its sub-departments, resolved again when people or departments move', async () => {
    // The grant to HR reaches Payroll (a sub-department): both get "view department", each over their own subtree.
    expect((await c.hrHead.get(`/api/apps/${appId}`)).body.permissions.viewScope).toBe('department');
    expect(await ids(c.hrHead)).toEqual([rec.hrHead, rec.payroll].sort());
    expect(await ids(c.payroll)).toEqual([rec.payroll]);
    expect((await c.hrHead.get(`/api/submissions/${rec.payroll}`)).status).toBe(200);
    expect((await c.hrHead.get(`/api/submissions/${rec.sales}`)).status).toBe(404);
    expect((await c.hrHead.get(`/api/forms/${formId}/submissions?q=sales`)).body.total).toBe(0);

    // The salesperson moves to Payroll: their records come along into HR's view at once.
    expect((await patch(admin, `/api/users/${u.sales.id}`, { departmentId: dept.payroll })).status).toBe(200);
    expect(await ids(c.hrHead)).toEqual([rec.hrHead, rec.payroll, rec.sales].sort());
    expect((await c.hrHead.get(`/api/submissions/${rec.sales}`)).status).toBe(200);
    // Sales becomes a sub-department of Payroll: the payroll clerk now sees it as well.
    expect((await patch(admin, `/api/users/${u.sales.id}`, { departmentId: dept.sales })).status).toBe(200);
    expect((await patch(admin, `/api/departments/${dept.sales}`, { parentId: dept.payroll })).status).toBe(200);
    expect(await ids(c.payroll)).toEqual([rec.payroll, rec.sales].sort());
    expect((await patch(admin, `/api/departments/${dept.sales}`, { parentId: null })).status).toBe(200);
    expect(await ids(c.payroll)).toEqual([rec.payroll]);
    expect(await ids(c.hrHead)).toEqual([rec.hrHead, rec.payroll].sort());

    // Without "export", a department viewer's file holds only their own rows.
    const csv = await c.hrHead.get(`/api/forms/${formId}/submissions/export?format=csv`);
    expect(csv.headers.get('x-export-scope')).toBe('own');
    expect(csv.body).toContain('hrHead record');
    expect(csv.body).not.toContain('payroll record');
  });

  it('role and position principals: view all through role:builder, view all + export through a position (any letter case)', async () => {
    expect(await ids(c.builder)).toEqual(Object.values(rec).sort());
    expect((await c.builder.get(`/api/submissions/${rec.outsider}`)).status).toBe(200);
    expect(await ids(c.auditor)).toEqual(Object.values(rec).sort());
    const csv = await c.auditor.get(`/api/forms/${formId}/submissions/export?format=csv`);
    expect(csv.headers.get('x-export-scope')).toBe('all');
    for (const name of Object.keys(rec)) expect(csv.body).toContain(`${name} record`);
    // The outsider has no department and fill only.
    expect(await ids(c.outsider)).toEqual([rec.outsider]);
  });

  it('edit and delete records: refused with 403 without the grant, allowed with it within the scope only', async () => {
    const data = { name: 'payroll record', hkid: HKID, medical: 'payroll asthma', notes: 'checked' };
    const refused = await patch(c.hrHead, `/api/submissions/${rec.payroll}`, { data });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/edit records/);
    expect((await c.hrHead.get(`/api/submissions/${rec.payroll}`)).body).toMatchObject({ canEdit: false, canDelete: false });
    expect((await del(c.hrHead, `/api/submissions/${rec.payroll}`)).status).toBe(403);

    await setGrants([...baseGrants(), { principal: `department:${dept.hr}`, permissions: ['edit_records'] }]);
    expect((await c.hrHead.get(`/api/submissions/${rec.payroll}`)).body).toMatchObject({ canEdit: true, canDelete: false });
    const edited = await patch(c.hrHead, `/api/submissions/${rec.payroll}`, { data });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.data.notes).toBe('checked');
    expect(edited.body.canDelete).toBe(false);
    // Out of scope stays out of reach.
    expect((await patch(c.hrHead, `/api/submissions/${rec.sales}`, { data })).status).toBe(404);
    expect((await del(c.hrHead, `/api/submissions/${rec.payroll}`)).status).toBe(403);

    // Delete records: a throwaway record of payroll's, deleted by HR's head.
    const extra = (await c.payroll.post(`/api/forms/${formId}/submissions`, { data: { name: 'extra' } })).body.id;
    await setGrants([...baseGrants(), { principal: u.hrHead.id, permissions: ['delete_records'] }]);
    expect((await c.hrHead.get(`/api/submissions/${extra}`)).body).toMatchObject({ canEdit: false, canDelete: true });
    expect((await patch(c.hrHead, `/api/submissions/${extra}`, { data: { name: 'x' } })).status).toBe(403);
    expect((await del(c.hrHead, `/api/submissions/${extra}`)).status).toBe(204);
    expect((await del(c.hrHead, `/api/submissions/${rec.sales}`)).status).toBe(404);
    // Submitters still change their own open records.
    expect((await patch(c.sales, `/api/submissions/${rec.sales}`, { data: { name: 'sales record', notes: 'mine' } })).status).toBe(200);
    await setGrants(baseGrants());
  });

  it('field-access rules: managers only, fields of the form only, principals checked, audited', async () => {
    const url = `/api/forms/${formId}/field-access`;
    expect((await c.builder.get(url)).status).toBe(403);
    const body = {
      fields: [
        { field: 'hkid', visibleTo: [`department:${dept.hr}`] },
        { field: 'medical', visibleTo: ['position:Auditor'] },
      ],
    };
    expect((await c.builder.put(url, body)).status).toBe(403);
    expect((await c.outsider.put(url, body)).status).toBe(403); // fill only: sees the form, may not manage it
    const unknown = await admin.put(url, { fields: [{ field: 'salary', visibleTo: ['*'] }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('unknown_field');
    expect((await admin.put(url, { fields: [{ field: 'hkid', visibleTo: ['department:nope'] }] })).body.code).toBe('unknown_department');
    expect((await admin.put(url, { fields: [body.fields[0], body.fields[0]] })).body.code).toBe('duplicate_field');
    const saved = await admin.put(url, body);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.fields).toEqual([
      { field: 'hkid', visibleTo: [`department:${dept.hr}`] },
      { field: 'medical', visibleTo: ['position:auditor'] },
    ]);
    expect((await admin.get(url)).body).toEqual(saved.body);
    const audit = await admin.get('/api/audit?action=form.field_access_changed');
    if (audit.status === 200) {
      const entry = audit.body.items.find((e: any) => e.targetId === formId);
      expect(entry?.details?.after).toEqual(saved.body.fields);
    }
  });

  it('sensitive fields are absent from records and lists of those not allowed them; the submitter sees their own', async () => {
    const one = (await c.builder.get(`/api/submissions/${rec.payroll}`)).body;
    expect(one.data.name).toBe('payroll record');
    expect(one.data).not.toHaveProperty('hkid');
    expect(one.data).not.toHaveProperty('medical');
    const list = (await c.builder.get(`/api/forms/${formId}/submissions`)).body;
    expect(list.hiddenFields).toEqual(['hkid', 'medical']);
    for (const item of list.items) expect(Object.keys(item.data)).not.toContain('hkid');
    expect(JSON.stringify(list)).not.toContain(HKID);

    // HR sees HKIDs (not medical answers); the auditor medical answers (not HKIDs).
    expect((await c.hrHead.get(`/api/submissions/${rec.payroll}`)).body.data).toMatchObject({ hkid: HKID });
    expect((await c.hrHead.get(`/api/submissions/${rec.payroll}`)).body.data).not.toHaveProperty('medical');
    expect((await c.auditor.get(`/api/submissions/${rec.payroll}`)).body.data).toMatchObject({ medical: 'payroll asthma' });
    expect((await c.auditor.get(`/api/submissions/${rec.payroll}`)).body.data).not.toHaveProperty('hkid');
    // The submitter and admins see everything in it.
    expect((await c.payroll.get(`/api/submissions/${rec.payroll}`)).body.data).toMatchObject({ hkid: HKID, medical: 'payroll asthma' });
    expect((await c.payroll.get(`/api/forms/${formId}/submissions`)).body.items[0].data.hkid).toBe(HKID);
    expect((await admin.get(`/api/submissions/${rec.payroll}`)).body.data.hkid).toBe(HKID);
  });

  it('search never matches inside a hidden field; filter and sort on one are refused with 403 field_hidden', async () => {
    const search = (client: Client, q: string) => client.get(`/api/forms/${formId}/submissions?q=${encodeURIComponent(q)}`);
    expect((await search(c.builder, 'A123456')).body.total).toBe(0);
    expect((await search(c.builder, 'asthma')).body.total).toBe(0);
    expect((await search(c.builder, 'payroll record')).body.total).toBe(1);
    expect((await search(c.hrHead, 'A123456')).body.items.map((s: any) => s.id)).toEqual([rec.payroll]);
    expect((await search(c.auditor, 'A123456')).body.total).toBe(0);
    expect((await search(c.auditor, 'payroll asthma')).body.total).toBe(1);
    // In their own record the submitter finds their own HKID.
    expect((await search(c.payroll, 'A123456')).body.total).toBe(1);

    const filter = encodeURIComponent(JSON.stringify([{ field: 'data.hkid', op: 'eq', value: HKID }]));
    for (const query of [`?filter=${filter}`, '?sort=data.hkid', '?sort=-data.medical']) {
      const res = await c.builder.get(`/api/forms/${formId}/submissions${query}`);
      expect(res.status, query).toBe(403);
      expect(res.body.code).toBe('field_hidden');
    }
    expect((await c.hrHead.get(`/api/forms/${formId}/submissions?filter=${filter}`)).body.total).toBe(1);
    // A saved view may not sort or filter by one either.
    const view = await c.builder.post(`/api/forms/${formId}/views`, { name: 'By HKID', columns: ['data.hkid'], sort: 'data.hkid' });
    expect(view.status).toBe(403);
    expect(view.body.code).toBe('field_hidden');
  });

  it('exports leave hidden columns out; naming one is refused', async () => {
    const csv = await c.auditor.get(`/api/forms/${formId}/submissions/export?format=csv`);
    expect(csv.status).toBe(200);
    const header = csv.body.replace(/^\uFEFF/, '').split(/\r?\n/)[0];
    expect(header).toContain('medical');
    expect(header).not.toContain('hkid');
    expect(csv.body).not.toContain(HKID);
    expect(csv.body).toContain('payroll asthma');
    const named = await c.auditor.get(`/api/forms/${formId}/submissions/export?format=csv&columns=name,hkid`);
    expect(named.status).toBe(403);
    expect(named.body.code).toBe('field_hidden');
    const full = await admin.get(`/api/forms/${formId}/submissions/export?format=csv`);
    expect(full.body).toContain(HKID);
  });

  it('edits by someone who cannot see a field keep its value and may not change it; history hides its changes', async () => {
    await setGrants([...baseGrants(), { principal: 'role:builder', permissions: ['edit_records'] }]);
    const url = `/api/submissions/${rec.payroll}`;
    // The builder's page never had the HKID or the medical answer: they send the fields they saw.
    const seen = (await c.builder.get(url)).body.data;
    const edited = await patch(c.builder, url, { data: { ...seen, notes: 'reviewed by builder' } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.data).not.toHaveProperty('hkid');
    const stored = (await admin.get(url)).body.data;
    expect(stored).toMatchObject({ hkid: HKID, medical: 'payroll asthma', notes: 'reviewed by builder' });
    // Sending another value for a hidden field is refused, not silently dropped.
    const overwrite = await patch(c.builder, url, { data: { ...seen, hkid: 'B999999(9)' } });
    expect(overwrite.status).toBe(403);
    expect(overwrite.body.code).toBe('field_hidden');
    expect((await admin.get(url)).body.data.hkid).toBe(HKID);

    // An admin corrects the HKID: the change shows in HR's history, not in the builder's.
    expect((await patch(admin, url, { data: { ...stored, hkid: 'A765432(1)' } })).status).toBe(200);
    const paths = async (client: Client) =>
      ((await client.get(`${url}/history`)).body.items as any[]).flatMap((i) => i.changes.map((ch: any) => ch.path));
    expect(await paths(c.hrHead)).toContain('/hkid');
    expect(await paths(c.builder)).not.toContain('/hkid');
    expect(await paths(c.builder)).toContain('/notes');
    expect(JSON.stringify((await c.builder.get(`${url}/history`)).body)).not.toContain('A765432');
    expect(await paths(c.payroll)).toContain('/hkid');
    await patch(admin, url, { data: { ...stored, hkid: HKID } });
    await setGrants(baseGrants());
  });

  it('record lookups do not show, label or search by a hidden field', async () => {
    const records = await c.builder.get(`/api/forms/${formId}/records?display=name`);
    expect(records.status).toBe(200);
    expect(JSON.stringify(records.body)).not.toContain(HKID);
    expect(records.body.items.length).toBe(Object.keys(rec).length);
    const byHkid = await c.builder.get(`/api/forms/${formId}/records?display=hkid&q=A123`);
    expect(byHkid.status).toBe(403);
    expect(byHkid.body.code).toBe('field_hidden');
    const hr = await c.hrHead.get(`/api/forms/${formId}/records?display=hkid&q=A123`);
    expect(hr.body.items.map((r: any) => r.id)).toEqual([rec.payroll]);
  });
});
