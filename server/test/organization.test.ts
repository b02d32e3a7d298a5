import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentHead, managerChain, usersWithPosition } from '../src/services/organization.ts';
import { DIALECTS, adminClient, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';

/** Departments, managers and positions: the org chart approval flows will resolve approvers from. */
describe.each(DIALECTS)('organization on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  const patch = (client: Client, url: string, body: unknown) => client.request('PATCH', url, { body });
  const eventsOf = async (type: string) =>
    (await server.app.db('domain_events').where({ type }).orderBy('seq')).map((r: any) =>
      typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
    );
  let n = 0;
  const createUser = async (name: string, extra: object = {}) =>
    admin.post('/api/users', { email: `${name}-${++n}@example.com`, name, password: 'a-long-password-1', ...extra });
  const department = async (en: string, extra: object = {}) => {
    const res = await admin.post('/api/departments', { name: { en }, ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('builds a department tree listed depth-first with paths, names unique among siblings only', async () => {
    const company = await department('Acme', {});
    const zhName = await admin.post('/api/departments', { name: { en: 'Finance', 'zh-Hant': '財務部' }, parentId: company.id });
    expect(zhName.status).toBe(201);
    expect(zhName.body).toMatchObject({ name: { en: 'Finance', 'zh-Hant': '財務部' }, parentId: company.id, path: ['Acme', 'Finance'] });
    const ops = await department('Operations', { parentId: company.id });
    const warehouse = await department('Warehouse', { parentId: ops.id });
    // The same name under another parent is fine; twice under one parent is not (letter case ignored).
    await department('Finance', { parentId: ops.id });
    const dup = await admin.post('/api/departments', { name: { en: 'FINANCE' }, parentId: company.id });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('department_name_taken');

    const list = (await admin.get('/api/departments')).body.items;
    expect(list.map((d: any) => d.path.join(' / '))).toEqual([
      'Acme',
      'Acme / Finance',
      'Acme / Operations',
      'Acme / Operations / Finance',
      'Acme / Operations / Warehouse',
    ]);
    expect(list.find((d: any) => d.id === warehouse.id).parentId).toBe(ops.id);
  });

  it('refuses unknown parents and heads with a detail at the field, and a move that makes a cycle', async () => {
    const unknownParent = await admin.post('/api/departments', { name: { en: 'Ghost' }, parentId: 'no-such-department' });
    expect(unknownParent.status).toBe(422);
    expect(unknownParent.body).toMatchObject({ code: 'unknown_department', details: [{ path: 'parentId' }] });
    const unknownHead = await admin.post('/api/departments', { name: { en: 'Ghost' }, headUserId: 'no-such-user' });
    expect(unknownHead.status).toBe(422);
    expect(unknownHead.body).toMatchObject({ code: 'unknown_user', details: [{ path: 'headUserId' }] });

    const top = await department('Top');
    const middle = await department('Middle', { parentId: top.id });
    const bottom = await department('Bottom', { parentId: middle.id });
    for (const parentId of [top.id, bottom.id]) {
      const cycle = await patch(admin, `/api/departments/${top.id}`, { parentId });
      expect(cycle.status).toBe(422);
      expect(cycle.body.code).toBe('department_cycle');
    }
    expect((await admin.get('/api/departments')).body.items.find((d: any) => d.id === top.id).parentId).toBeNull();

    // A legal move and rename: the subtree's paths follow.
    const other = await department('Other');
    const moved = await patch(admin, `/api/departments/${middle.id}`, { parentId: other.id, name: { en: 'Centre', 'zh-Hant': '中心' } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ path: ['Other', 'Centre'], name: { en: 'Centre', 'zh-Hant': '中心' } });
    const list = (await admin.get('/api/departments')).body.items;
    expect(list.find((d: any) => d.id === bottom.id).path).toEqual(['Other', 'Centre', 'Bottom']);
    expect((await patch(admin, '/api/departments/nope', { headUserId: null })).status).toBe(404);
  });

  it('lets only one of two concurrent moves that together would loop succeed', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await department(`Race A${round}`);
      const b = await department(`Race B${round}`);
      const results = await Promise.all([
        patch(admin, `/api/departments/${a.id}`, { parentId: b.id }),
        patch(admin, `/api/departments/${b.id}`, { parentId: a.id }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
      const x = (await createUser(`racex${round}`)).body;
      const y = (await createUser(`racey${round}`)).body;
      const managers = await Promise.all([
        patch(admin, `/api/users/${x.id}`, { managerId: y.id }),
        patch(admin, `/api/users/${y.id}`, { managerId: x.id }),
      ]);
      expect(managers.map((r) => r.status).sort()).toEqual([200, 422]);
    }
  });

  it('places users with a department, a manager and positions, and refuses manager loops', async () => {
    const dept = await department('Sales');
    const boss = (await createUser('boss', { departmentId: dept.id, positions: ['General Manager'] })).body;
    const lead = (
      await createUser('lead', { departmentId: dept.id, managerId: boss.id, positions: ['Finance Director', 'finance director'] })
    ).body;
    const clerk = await createUser('clerk', { departmentId: dept.id, managerId: lead.id });
    expect(clerk.status).toBe(201);
    expect(clerk.body).toMatchObject({ departmentId: dept.id, managerId: lead.id, positions: [], disabled: false });
    expect(lead.positions).toEqual(['Finance Director']);

    const self = await patch(admin, `/api/users/${boss.id}`, { managerId: boss.id });
    expect(self.status).toBe(422);
    expect(self.body).toMatchObject({ code: 'manager_cycle', details: [{ path: 'managerId' }] });
    const loop = await patch(admin, `/api/users/${boss.id}`, { managerId: clerk.body.id });
    expect(loop.status).toBe(422);
    expect(loop.body.code).toBe('manager_cycle');
    const unknownManager = await createUser('x', { managerId: 'no-such-user' });
    expect(unknownManager.status).toBe(422);
    expect(unknownManager.body).toMatchObject({ code: 'unknown_user', details: [{ path: 'managerId' }] });
    const unknownDept = await patch(admin, `/api/users/${clerk.body.id}`, { departmentId: 'no-such-department' });
    expect(unknownDept.body).toMatchObject({ code: 'unknown_department', details: [{ path: 'departmentId' }] });
    // Nothing half-written: the refused users do not exist and the boss still has no manager.
    const users = (await admin.get('/api/users')).body.items;
    expect(users.find((u: any) => u.name === 'x')).toBeUndefined();
    expect(users.find((u: any) => u.id === boss.id).managerId).toBeNull();
    expect(users.find((u: any) => u.id === clerk.body.id).departmentId).toBe(dept.id);

    const changed = await patch(admin, `/api/users/${clerk.body.id}`, { name: 'Clerk Chan', positions: ['Cashier'], locale: 'zh-Hant' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Clerk Chan', positions: ['Cashier'], locale: 'zh-Hant', managerId: lead.id });
    const head = await patch(admin, `/api/departments/${dept.id}`, { headUserId: boss.id });
    expect(head.body.headUserId).toBe(boss.id);
  });

  it('serves the lookups approval flows need: manager chain, department head, users with a position', async () => {
    const dept = await department('Lookups');
    const ceo = (await createUser('ceo')).body;
    const director = (await createUser('director', { managerId: ceo.id, positions: ['Lookup Director'] })).body;
    const manager = (await createUser('manager', { managerId: director.id, departmentId: dept.id })).body;
    const staff = (await createUser('staff', { managerId: manager.id, departmentId: dept.id })).body;
    await patch(admin, `/api/departments/${dept.id}`, { headUserId: manager.id });
    const db = server.app.db;

    expect(await managerChain(db, staff.id, 1)).toEqual([manager.id]);
    expect(await managerChain(db, staff.id, 10)).toEqual([manager.id, director.id, ceo.id]);
    expect(await managerChain(db, ceo.id, 3)).toEqual([]);
    expect(await departmentHead(db, dept.id)).toBe(manager.id);
    expect(await departmentHead(db, 'no-such-department')).toBeNull();

    const otherDirector = (await createUser('director2', { positions: ['LOOKUP DIRECTOR'] })).body;
    expect(await usersWithPosition(db, 'lookup director')).toEqual([director.id, otherDirector.id].sort());
    // A disabled user is no longer an approver; positions can be moved by PATCH.
    expect((await patch(admin, `/api/users/${otherDirector.id}`, { disabled: true })).body.disabled).toBe(true);
    expect(await usersWithPosition(db, 'Lookup Director')).toEqual([director.id]);
    await patch(admin, `/api/users/${director.id}`, { positions: [] });
    expect(await usersWithPosition(db, 'Lookup Director')).toEqual([]);
    // A disabled head is no head: flows then follow their empty-resolution setting.
    await patch(admin, `/api/users/${manager.id}`, { disabled: true });
    expect(await departmentHead(db, dept.id)).toBeNull();
  });

  it('writes an event for every change, in the same transaction', async () => {
    const before = {
      created: (await eventsOf('department.created')).length,
      updated: (await eventsOf('department.updated')).length,
      users: (await eventsOf('user.updated')).length,
    };
    const dept = await department('Evented');
    const user = (await createUser('evented')).body;
    await patch(admin, `/api/departments/${dept.id}`, { headUserId: user.id });
    await patch(admin, `/api/users/${user.id}`, { departmentId: dept.id, positions: ['Clerk'] });
    await patch(admin, `/api/users/${user.id}`, { managerId: user.id }); // refused: no event
    expect((await patch(admin, `/api/users/${user.id}`, {})).status).toBe(200); // nothing changed: no event
    expect((await patch(admin, `/api/departments/${dept.id}`, {})).status).toBe(200);
    expect((await eventsOf('department.created')).slice(before.created)).toEqual([{ departmentId: dept.id, parentId: null }]);
    expect((await eventsOf('department.updated')).slice(before.updated)).toEqual([{ departmentId: dept.id, changed: ['headUserId'] }]);
    expect((await eventsOf('user.updated')).slice(before.users)).toEqual([{ userId: user.id, changed: ['departmentId', 'positions'] }]);
  });

  it('is admin only, and an admin cannot lock themselves out', async () => {
    const { client: builder, user } = await userClient(server, admin, 'builder', 'notadmin');
    for (const res of [
      await builder.get('/api/departments'),
      await builder.post('/api/departments', { name: { en: 'Nope' } }),
      await patch(builder, `/api/departments/anything`, { name: { en: 'Nope' } }),
      await patch(builder, `/api/users/${user.id}`, { role: 'admin' }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
    }
    const me = (await admin.get('/api/auth/me')).body.user;
    const demote = await patch(admin, `/api/users/${me.id}`, { disabled: true });
    expect(demote.status).toBe(422);
    expect(demote.body.code).toBe('cannot_demote_self');
    // Disabling signs a user out at once.
    await patch(admin, `/api/users/${user.id}`, { disabled: true });
    expect((await builder.get('/api/auth/me')).status).toBe(401);
    expect((await patch(admin, '/api/users/no-such-user', { name: 'x' })).status).toBe(404);
  });
});
