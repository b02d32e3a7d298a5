import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';

/** The people directory: what any signed-in colleague may search for pickers. */
describe.each(DIALECTS)('directory on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let member: Client;
  const ids: Record<string, string> = {};

  const person = async (key: string, name: string, email: string, extra: object = {}) => {
    const res = await admin.post('/api/users', { email, name, password: 'a-long-password-1', ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids[key] = res.body.id;
    return res.body;
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    member = (await userClient(server, admin, 'member', 'Plain')).client;
    const finance = await admin.post('/api/departments', { name: { en: 'Finance', 'zh-Hant': '財務部' } });
    const ops = await admin.post('/api/departments', { name: { en: 'Operations' } });
    await admin.post('/api/departments', { name: { en: 'Warehouse' }, parentId: ops.body.id });
    ids.finance = finance.body.id;
    await person('chan', '陳大文', 'tai.man.chan@example.com', { departmentId: finance.body.id, positions: ['Finance Director'] });
    await person('wong', '黃小明', 'siu.ming@example.com', { positions: ['Clerk', 'finance director'] });
    await person('alice', 'Alice Lee', 'alice@example.com', { departmentId: finance.body.id });
    await person('gone', 'Alice Gone', 'gone@example.com', { positions: ['Ghost Position'] });
    await person('pct', 'Percent_Sign 100%', 'percent@example.com');
    expect((await admin.request('PATCH', `/api/users/${ids.gone}`, { body: { disabled: true } })).status).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lets a member search by name or email, letter case ignored, without disabled users', async () => {
    const res = await member.get('/api/directory/users?q=ALICE');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { id: ids.alice, name: 'Alice Lee', email: 'alice@example.com', departmentId: ids.finance, positions: [], disabled: false },
    ]);
    const byEmail = await member.get('/api/directory/users?q=siu.ming@');
    expect(byEmail.body.items.map((u: any) => u.id)).toEqual([ids.wong]);
    // Nobody sees a role or locale here: this is what colleagues may know about each other.
    expect(Object.keys(byEmail.body.items[0]).sort()).toEqual(['departmentId', 'disabled', 'email', 'id', 'name', 'positions']);
  });

  it('finds Chinese names by any part of them', async () => {
    const res = await member.get(`/api/directory/users?q=${encodeURIComponent('大文')}`);
    expect(res.body.items.map((u: any) => u.name)).toEqual(['陳大文']);
    const surname = await member.get(`/api/directory/users?q=${encodeURIComponent('黃')}`);
    expect(surname.body.items.map((u: any) => u.id)).toEqual([ids.wong]);
  });

  it('treats % and _ as letters, filters by department, looks up ids and honours the limit', async () => {
    expect((await member.get('/api/directory/users?q=%25')).body.items.map((u: any) => u.id)).toEqual([ids.pct]);
    expect((await member.get('/api/directory/users?q=alice_lee')).body.items).toEqual([]);
    const finance = await member.get(`/api/directory/users?departmentId=${ids.finance}`);
    expect(finance.body.items.map((u: any) => u.id).sort()).toEqual([ids.alice, ids.chan].sort());
    const looked = await member.get(`/api/directory/users?ids=${ids.chan},${ids.gone},nope`);
    expect(looked.body.items.map((u: any) => u.id)).toEqual([ids.chan]);
    const limited = await member.get('/api/directory/users?limit=2');
    expect(limited.body.items).toHaveLength(2);
    const tooMany = await member.get('/api/directory/users?limit=100000');
    expect(tooMany.status).toBe(400);
  });

  it('lists positions once each, sorted, leaving out those only disabled people hold', async () => {
    const res = await member.get('/api/directory/positions');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual(['Clerk', 'Finance Director']);
  });

  it('gives every signed-in user the department tree, while /api/departments stays admin-only', async () => {
    const res = await member.get('/api/directory/departments');
    expect(res.status).toBe(200);
    expect(res.body.items.map((d: any) => d.path.join('/'))).toEqual(['Finance', 'Operations', 'Operations/Warehouse']);
    expect(res.body.items[0].name).toEqual({ en: 'Finance', 'zh-Hant': '財務部' });
    expect((await member.get('/api/departments')).status).toBe(403);
  });

  it('accepts an enabled person in a person field and refuses others with unknown_user at the field, also inside a sub-table', async () => {
    const schema = {
      type: 'object',
      properties: {
        approver: { type: 'string', title: 'Approver' },
        helpers: { type: 'array', items: { type: 'object', properties: { who: { type: 'string' } } } },
      },
    };
    const uiSchema = { approver: { 'ui:fieldType': 'person' }, helpers: { items: { who: { 'ui:fieldType': 'person' } } } };
    const app = await admin.post('/api/apps', { name: 'People app' });
    const form = await admin.post(`/api/apps/${app.body.id}/forms`, { name: 'People form', schema, uiSchema });
    expect(form.status, JSON.stringify(form.body)).toBe(201);
    expect((await admin.post(`/api/forms/${form.body.id}/publish`)).status).toBe(201);
    const submit = (data: object) => admin.post(`/api/forms/${form.body.id}/submissions`, { data });

    const ok = await submit({ approver: ids.chan, helpers: [{ who: ids.alice }] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const disabled = await submit({ approver: ids.gone });
    expect(disabled.status).toBe(422);
    expect(disabled.body).toMatchObject({ code: 'unknown_user', details: [{ path: '/approver', keyword: 'person' }] });
    const inRow = await submit({ approver: ids.chan, helpers: [{ who: ids.alice }, { who: 'no-such-user' }] });
    expect(inRow.status).toBe(422);
    expect(inRow.body.details.map((d: any) => d.path)).toEqual(['/helpers/1/who']);

    // Someone disabled after the fact does not lock the record: an edit keeps them without a check.
    const temp = await person('temp', 'Temp Worker', 'temp@example.com');
    const kept = await submit({ approver: temp.id });
    expect(kept.status).toBe(201);
    expect((await admin.request('PATCH', `/api/users/${temp.id}`, { body: { disabled: true } })).status).toBe(200);
    const edit = await admin.request('PATCH', `/api/submissions/${kept.body.id}`, { body: { data: { approver: temp.id, helpers: [] } } });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    const swap = await admin.request('PATCH', `/api/submissions/${kept.body.id}`, { body: { data: { approver: ids.gone } } });
    expect(swap.status).toBe(422);
    expect(swap.body.code).toBe('unknown_user');
  });

  it('answers 401 to someone not signed in', async () => {
    const anonymous = new (admin.constructor as any)(server.url) as Client;
    for (const url of ['/api/directory/users', '/api/directory/positions', '/api/directory/departments']) {
      expect((await anonymous.get(url)).status).toBe(401);
    }
  });
});
