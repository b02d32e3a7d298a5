import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';

const HEADER = 'email,name,department,manager,positions,role,locale';

/** The org-chart CSV import: a preview with per-row errors, then all or nothing in one transaction. */
describe.each(DIALECTS)('org-chart import on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let member: Client;

  const send = (client: Client, url: string, csv: string, contentType = 'text/csv') =>
    client.request('POST', url, { rawBody: csv, headers: { 'content-type': contentType } });
  const preview = (csv: string) => send(admin, '/api/org/import/preview', csv);
  const importFile = (csv: string) => send(admin, '/api/org/import', csv);
  const counts = async () => ({
    users: Number((await server.app.db('users').count({ n: '*' }).first())!.n),
    departments: Number((await server.app.db('departments').count({ n: '*' }).first())!.n),
  });
  const userByEmail = (email: string) => server.app.db('users').where({ email }).first();
  const departmentPaths = async () => (await admin.get('/api/departments')).body.items.map((d: any) => d.path.join('/'));

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    member = (await userClient(server, admin, 'member', 'plain')).client;
    // An existing person and department the file refers to.
    const ops = await admin.post('/api/departments', { name: { en: 'Operations', 'zh-Hant': '營運部' } });
    expect(ops.status).toBe(201);
    const boss = await admin.post('/api/users', { email: 'boss@example.com', name: 'Big Boss', password: 'a-long-password-1' });
    expect(boss.status).toBe(201);
  });
  afterAll(async () => {
    await server?.close();
  });

  const broken = [
    HEADER,
    'not-an-email,No Email,Operations,,,,',
    'chan@example.com,陳大文,Operations/Warehouse,nobody@example.com,Clerk,member,zh-Hant',
    'a@example.com,Loop A,Finance,b@example.com,,,',
    'b@example.com,Loop B,Finance,a@example.com,,,',
    'lee@example.com,Lee,Operations/Warehouse,boss@example.com,Storekeeper;Driver,superuser,en',
    'ok@example.com,Fine Person,Operations,boss@example.com,,builder,',
  ].join('\n');

  it('previews every row with its own errors and writes nothing', async () => {
    const before = await counts();
    const res = await preview(broken);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const byLine = Object.fromEntries(res.body.rows.map((r: any) => [r.line, r]));
    expect(byLine[2]).toMatchObject({ action: 'error', errors: [{ column: 'email' }] });
    expect(byLine[3]).toMatchObject({
      email: 'chan@example.com',
      action: 'error',
      errors: [{ column: 'manager', code: 'manager_unknown', params: { email: 'nobody@example.com' } }],
    });
    expect(byLine[3].errors[0].message).toContain('nobody@example.com');
    expect(byLine[4].errors).toEqual([
      {
        column: 'manager',
        code: 'manager_loop',
        message: expect.stringContaining('a@example.com → b@example.com → a@example.com'),
        params: { chain: 'a@example.com → b@example.com → a@example.com' },
      },
    ]);
    expect(byLine[5]).toMatchObject({ action: 'error', errors: [{ column: 'manager' }] });
    expect(byLine[6]).toMatchObject({ action: 'error', errors: [{ column: 'role', message: expect.stringContaining('superuser') }] });
    expect(byLine[7]).toMatchObject({ action: 'create', changes: ['name', 'department', 'manager', 'role'], errors: [] });
    expect(res.body.summary).toEqual({ create: 1, update: 0, unchanged: 0, error: 5 });
    expect(res.body.departmentsToCreate).toEqual(['Operations/Warehouse', 'Finance']);
    expect(await counts()).toEqual(before);
  });

  it('refuses to import a file with any error, naming the rows, and writes nothing', async () => {
    const before = await counts();
    const res = await importFile(broken);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('import_has_errors');
    expect(res.body.details.summary.error).toBe(5);
    expect(res.body.details.rows.find((r: any) => r.line === 6).errors[0].column).toBe('role');
    expect(await counts()).toEqual(before);
    expect(await userByEmail('ok@example.com')).toBeUndefined();
  });

  it('imports a fixed file in one go: departments once, managers later in the file, Chinese names, a BOM', async () => {
    const before = await counts();
    const fixed = [
      HEADER,
      // The manager comes two lines later; the department path is shared by two rows.
      'chan@example.com,陳大文,Operations/Warehouse,wong@example.com,Clerk;clerk;Storekeeper,member,zh-Hant',
      'lee@example.com,Lee Ka Ho,operations/warehouse,boss@example.com,Storekeeper;Driver,builder,en',
      'WONG@example.com,黃小明,Operations,boss@example.com,Warehouse Manager,,',
    ].join('\r\n');
    const res = await importFile(`\uFEFF${fixed}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.summary).toEqual({ create: 3, update: 0, unchanged: 0, error: 0 });
    expect(res.body.departmentsToCreate).toEqual(['Operations/Warehouse']);
    expect(await counts()).toEqual({ users: before.users + 3, departments: before.departments + 1 });
    expect(await departmentPaths()).toEqual(['Operations', 'Operations/Warehouse']);

    const users = (await admin.get('/api/users')).body.items;
    const find = (email: string) => users.find((u: any) => u.email === email);
    const warehouse = (await admin.get('/api/departments')).body.items.find((d: any) => d.path.join('/') === 'Operations/Warehouse');
    expect(find('chan@example.com')).toMatchObject({
      name: '陳大文',
      departmentId: warehouse.id,
      managerId: find('wong@example.com').id,
      positions: ['Clerk', 'Storekeeper'],
      role: 'member',
      locale: 'zh-Hant',
    });
    expect(find('lee@example.com')).toMatchObject({ role: 'builder', locale: 'en', managerId: find('boss@example.com').id });
    expect(find('wong@example.com')).toMatchObject({ name: '黃小明', role: 'member', locale: null });
    // No password yet: they cannot sign in until an admin sets one.
    const login = await new (admin.constructor as any)(server.url).post('/api/auth/login', {
      email: 'chan@example.com',
      password: 'anything-at-all',
    });
    expect(login.status).toBe(401);
    // Members find them in the directory at once.
    expect((await member.get(`/api/directory/users?q=${encodeURIComponent('陳')}`)).body.items.map((u: any) => u.email)).toEqual([
      'chan@example.com',
    ]);

    // The same file again changes nothing; one changed cell is one update.
    const again = await importFile(fixed);
    expect(again.body.summary).toEqual({ create: 0, update: 0, unchanged: 3, error: 0 });
    expect(await counts()).toEqual({ users: before.users + 3, departments: before.departments + 1 });
    const moved = await preview(
      fixed.replace('Lee Ka Ho,operations/warehouse,boss@example.com', 'Lee Ka Ho,Operations/Yard,chan@example.com'),
    );
    expect(moved.body.rows[1]).toMatchObject({ action: 'update', changes: ['department', 'manager'] });
    expect(moved.body.departmentsToCreate).toEqual(['Operations/Yard']);
  });

  it('finds a loop through people already stored, and leaves untouched what the file has no column for', async () => {
    // boss ← wong (stored); making boss report to chan, who reports to wong, closes a loop.
    const loop = await preview(['email,name,manager', 'boss@example.com,Big Boss,chan@example.com'].join('\n'));
    expect(loop.body.rows[0].errors[0].message).toContain('boss@example.com → chan@example.com → wong@example.com → boss@example.com');
    // Only email and name: departments, managers and positions stay as they are.
    const renamed = await importFile(['email,name', 'chan@example.com,陳大文 (倉務)'].join('\n'));
    expect(renamed.body.rows[0]).toMatchObject({ action: 'update', changes: ['name'] });
    const chan = (await admin.get('/api/users')).body.items.find((u: any) => u.email === 'chan@example.com');
    expect(chan).toMatchObject({ name: '陳大文 (倉務)', positions: ['Clerk', 'Storekeeper'] });
    expect(chan.managerId).not.toBeNull();
  });

  it('catches duplicates, own-manager rows and an admin demoting themselves', async () => {
    const res = await preview(
      [
        HEADER,
        'dup@example.com,One,,,,,',
        'DUP@example.com,Two,,,,,',
        'self@example.com,Self,,self@example.com,,,',
        'admin@example.com,Administrator,,,,member,',
        'x@example.com,X,Ops//Yard,,,,xx',
      ].join('\n'),
    );
    const errors = res.body.rows.map((r: any) => r.errors.map((e: any) => e.column));
    expect(errors).toEqual([[], ['email'], ['manager'], ['role'], ['department', 'locale']]);
  });

  it('lets an admin give an imported person a password, after which they sign in', async () => {
    const chan = await userByEmail('chan@example.com');
    const anonymous = () => new (admin.constructor as any)(server.url) as Client;
    const login = () => anonymous().post('/api/auth/login', { email: 'chan@example.com', password: 'a-new-password-1' });
    expect((await login()).status).toBe(401);
    const put = (client: Client, id: string, body: unknown) => client.request('PUT', `/api/org/users/${id}/password`, { body });
    expect((await put(member, chan.id, { password: 'a-new-password-1' })).status).toBe(403);
    expect((await put(admin, chan.id, { password: 'short' })).status).toBe(400);
    expect((await put(admin, 'no-such-user', { password: 'a-new-password-1' })).status).toBe(404);
    expect((await put(admin, chan.id, { password: 'a-new-password-1' })).status).toBe(204);
    const signedIn = await login();
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ email: 'chan@example.com', locale: 'zh-Hant' });
  });

  it('refuses members, files without the needed columns, unknown columns and an empty body', async () => {
    expect((await send(member, '/api/org/import/preview', `${HEADER}\na@example.com,A,,,,,`)).status).toBe(403);
    expect((await send(member, '/api/org/import', `${HEADER}\na@example.com,A,,,,,`)).status).toBe(403);
    const noName = await preview('email,department\na@example.com,Ops');
    expect(noName.status).toBe(422);
    expect(noName.body.code).toBe('import_missing_columns');
    const unknown = await preview('email,name,salary\na@example.com,A,100');
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'import_unknown_columns', details: [{ path: 'salary' }] });
    const empty = await send(admin, '/api/org/import/preview', '');
    expect(empty.status).toBe(400);
    // A spreadsheet program's own content type is read the same way.
    const excelType = await send(admin, '/api/org/import/preview', `${HEADER}\nnew@example.com,New,,,,,`, 'application/vnd.ms-excel');
    expect(excelType.status).toBe(200);
  });
});
