import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeFilterValue } from '../src/services/directorySync/ldap.ts';
import { RUN_INTERRUPTED_AFTER_MS } from '../src/services/directorySync/sync.ts';
import { DIALECTS, adminClient, Client, startTestServer, userClient, type TestServer } from './helpers.ts';
import { PEOPLE_BASE, SLAPD_ADMIN, SLAPD_BASE, dnOf, passwordOf, startSlapd, type Slapd } from './fakes/slapd.ts';
import { installFlowTemplate, leaveData, pendingTask } from './workflowFixtures.ts';

describe('LDAP filter escaping (RFC 4515)', () => {
  it('escapes the five special characters and nothing else', () => {
    expect(escapeFilterValue('a*b(c)d\\e\0f')).toBe('a\\2ab\\28c\\29d\\5ce\\00f');
    expect(escapeFilterValue('wendy@example.hk')).toBe('wendy@example.hk');
    expect(escapeFilterValue('*)(uid=*')).toBe('\\2a\\29\\28uid=\\2a');
    expect(escapeFilterValue('陳大文@例子.香港')).toBe('陳大文@例子.香港');
  });
});

describe.each(DIALECTS)('directory sync against a real slapd on %s', (dialect) => {
  let server: TestServer;
  let slapd: Slapd;
  let admin: Client;
  let settings: Record<string, unknown>;
  const db = () => server.app.db;

  const userByEmail = (email: string) => db()('users').where({ email }).first();
  const directoryLogin = (email: string, password: string) => new Client(server.url).post('/api/auth/login', { email, password });

  beforeAll(async () => {
    slapd = await startSlapd();
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    settings = {
      url: slapd.url,
      bindDn: SLAPD_ADMIN.dn,
      bindPassword: SLAPD_ADMIN.password,
      baseDn: PEOPLE_BASE,
      userFilter: '(objectClass=inetOrgPerson)',
      departmentSource: 'ou',
      defaultRole: 'member',
      loginEnabled: true,
    };
  });
  afterAll(async () => {
    await server?.close();
    await slapd?.close();
  });

  it('settings: admin only; the bind password is stored sealed and never returned', async () => {
    expect((await admin.get('/api/directory-sync/settings')).body).toEqual({ settings: null });
    const { client: member } = await userClient(server, admin, 'member');
    expect((await member.get('/api/directory-sync/settings')).status).toBe(403);
    expect((await member.put('/api/directory-sync/settings', settings)).status).toBe(403);
    expect((await member.post('/api/directory-sync/run')).status).toBe(403);

    const saved = await admin.put('/api/directory-sync/settings', settings);
    expect(saved.status).toBe(200);
    expect(saved.body.settings).toMatchObject({ url: slapd.url, hasBindPassword: true, attributes: { email: 'mail', id: 'entryUUID' } });
    const read = await admin.get('/api/directory-sync/settings');
    expect(read.body.settings.hasBindPassword).toBe(true);
    for (const body of [saved.body, read.body]) expect(JSON.stringify(body)).not.toContain(SLAPD_ADMIN.password);

    const raw = await db()('system_settings').where({ key: 'directory' }).first();
    const text = typeof raw.value === 'string' ? raw.value : JSON.stringify(raw.value);
    expect(text).not.toContain(SLAPD_ADMIN.password);
    const value = typeof raw.value === 'string' ? JSON.parse(raw.value) : raw.value;
    expect(value.sealedBindPassword).toMatch(/^v1\./);
    expect(server.app.secretBox.open(value.sealedBindPassword)).toBe(SLAPD_ADMIN.password);

    // A save without the password keeps it.
    const { bindPassword: _omit, ...withoutPassword } = settings;
    expect((await admin.put('/api/directory-sync/settings', { ...withoutPassword, syncIntervalMinutes: 30 })).status).toBe(200);
    expect((await admin.post('/api/directory-sync/test')).body).toMatchObject({ ok: true, userCount: 5 });

    const audit = await db()('audit_log').where({ action: 'directory.settings_changed' }).orderBy('seq');
    expect(audit).toHaveLength(2);
    for (const row of audit) expect(JSON.stringify(row.details)).not.toContain(SLAPD_ADMIN.password);
  });

  it('test button: ok, bad credentials, bad base DN, bad filter, unreachable', async () => {
    const ok = await admin.post('/api/directory-sync/test', settings);
    expect(ok.body).toMatchObject({ ok: true, outcome: 'ok', userCount: 5 });
    expect(ok.body.sample).toContain('grace@example.hk');
    const cases: [Record<string, unknown>, string][] = [
      [{ bindPassword: 'wrong' }, 'bad_credentials'],
      [{ baseDn: 'ou=Nowhere,dc=example,dc=com' }, 'bad_base_dn'],
      [{ userFilter: '(objectClass=inetOrgPerson' }, 'bad_filter'],
      [{ url: 'ldap://127.0.0.1:1' }, 'unreachable'],
    ];
    for (const [change, outcome] of cases) {
      const res = await admin.post('/api/directory-sync/test', { ...settings, ...change });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: false, outcome, userCount: null });
      expect(res.body.message.length).toBeGreaterThan(10);
    }
  });

  it('the dry run writes nothing, and the run then does exactly what it showed', async () => {
    const usersBefore = await db()('users').count({ n: '*' }).first();
    const preview = await admin.post('/api/directory-sync/preview');
    expect(preview.status).toBe(200);
    expect(preview.body.entries).toBe(5);
    expect(preview.body.created.map((c: any) => c.email).sort()).toEqual(
      ['fiona', 'grace', 'oscar', 'walter', 'wendy'].map((u) => `${u}@example.hk`),
    );
    expect(preview.body.departmentsCreated.map((d: any) => d.path)).toEqual(
      expect.arrayContaining([['Operations'], ['Operations', 'Warehouse'], ['Finance']]),
    );
    expect(preview.body.created.find((c: any) => c.email === 'walter@example.hk')).toMatchObject({
      department: ['Operations', 'Warehouse'],
      position: 'Picker',
      manager: 'wendy@example.hk',
    });
    expect(preview.body.managersSet).toHaveLength(4);
    expect(await db()('users').count({ n: '*' }).first()).toEqual(usersBefore);
    expect(Number((await db()('departments').count({ n: '*' }).first())!.n)).toBe(0);

    const run = await admin.post('/api/directory-sync/run');
    expect(run.status).toBe(200);
    expect(run.body.changes).toEqual(preview.body);
    expect(run.body.run).toMatchObject({
      trigger: 'manual',
      status: 'succeeded',
      counts: { created: 5, departmentsCreated: 3, managersSet: 4 },
    });

    const walter = await userByEmail('walter@example.hk');
    const wendy = await userByEmail('wendy@example.hk');
    const oscar = await userByEmail('oscar@example.hk');
    const grace = await userByEmail('grace@example.hk');
    expect(walter).toMatchObject({ auth_source: 'ldap', name: 'Walter Lam', manager_id: wendy.id, password_hash: null, role: 'member' });
    expect(walter.external_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(wendy.manager_id).toBe(oscar.id);
    expect(oscar.manager_id).toBe(grace.id);
    expect(grace.manager_id).toBeNull();
    expect(grace.department_id).toBeNull();
    const departments = await admin.get('/api/departments');
    const warehouse = departments.body.items.find((d: any) => d.path.join('/') === 'Operations/Warehouse');
    expect(warehouse).toBeTruthy();
    expect(walter.department_id).toBe(warehouse.id);
    expect(oscar.department_id).toBe(departments.body.items.find((d: any) => d.path.join('/') === 'Operations').id);
    const positions = await db()('user_roles').where({ user_id: walter.id }).pluck('role');
    expect(positions).toEqual(['Picker']);

    const audit = await db()('audit_log').where({ action: 'directory.synced' }).first();
    const details = typeof audit.details === 'string' ? JSON.parse(audit.details) : audit.details;
    expect(details).toMatchObject({ trigger: 'manual', created: 5 });
    const createdAudit = await db()('audit_log').where({ action: 'user.created', target_id: walter.id }).first();
    expect(JSON.parse(typeof createdAudit.details === 'string' ? createdAudit.details : JSON.stringify(createdAudit.details))).toEqual({
      source: 'ldap',
    });

    // Nothing left to do.
    const again = await admin.post('/api/directory-sync/preview');
    expect(again.body).toMatchObject({
      created: [],
      updated: [],
      deactivated: [],
      reactivated: [],
      departmentsCreated: [],
      managersSet: [],
    });
  });

  it('a second sync after the directory changed: updates, leavers, newcomers, a renamed OU, a new manager', async () => {
    const grace = await userByEmail('grace@example.hk');
    const financeBefore = (await admin.get('/api/departments')).body.items.find((d: any) => d.path.join('/') === 'Finance');
    slapd.modify(
      [
        `dn: ${dnOf('walter', ['Warehouse', 'Operations'])}\nchangetype: modify\nreplace: cn\ncn: Walter Lam Ka Wai\n-\nreplace: title\ntitle: Senior Picker\n-\nreplace: manager\nmanager: ${dnOf('oscar', ['Operations'])}\n`,
        `dn: ${dnOf('fiona', ['Finance'])}\nchangetype: delete\n`,
        `dn: ou=Finance,${PEOPLE_BASE}\nchangetype: modrdn\nnewrdn: ou=Accounts\ndeleteoldrdn: 1\n`,
        `dn: ${dnOf('nina', ['Accounts'])}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: nina\ncn: Nina Tse\nsn: Tse\nmail: nina@example.hk\ntitle: Accountant\nmanager: ${dnOf('grace')}\nuserPassword: ${passwordOf('nina')}\n`,
      ].join('\n'),
    );
    const preview = await admin.post('/api/directory-sync/preview');
    expect(preview.status).toBe(200);
    expect(preview.body.created.map((c: any) => c.email)).toEqual(['nina@example.hk']);
    expect(preview.body.created[0]).toMatchObject({ department: ['Accounts'], manager: 'grace@example.hk' });
    expect(preview.body.deactivated.map((d: any) => d.email)).toEqual(['fiona@example.hk']);
    expect(preview.body.departmentsMoved).toEqual([{ departmentId: financeBefore.id, from: ['Finance'], to: ['Accounts'] }]);
    expect(preview.body.departmentsCreated).toEqual([]);
    const walterChange = preview.body.updated.find((u: any) => u.email === 'walter@example.hk');
    expect(walterChange.changes).toEqual(
      expect.arrayContaining([
        { field: 'name', before: 'Walter Lam', after: 'Walter Lam Ka Wai' },
        { field: 'position', before: 'Picker', after: 'Senior Picker' },
      ]),
    );
    expect(preview.body.managersSet).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ email: 'walter@example.hk', before: 'wendy@example.hk', after: 'oscar@example.hk' }),
      ]),
    );

    const run = await admin.post('/api/directory-sync/run');
    expect(run.body.changes).toEqual(preview.body);
    const fiona = await userByEmail('fiona@example.hk');
    expect(fiona.disabled_at).not.toBeNull();
    expect(Boolean(fiona.directory_disabled)).toBe(true);
    const nina = await userByEmail('nina@example.hk');
    expect(nina).toMatchObject({ auth_source: 'ldap', department_id: financeBefore.id, manager_id: grace.id });
    const walter = await userByEmail('walter@example.hk');
    expect(walter.name).toBe('Walter Lam Ka Wai');
    expect(walter.manager_id).toBe((await userByEmail('oscar@example.hk')).id);
    const renamed = (await admin.get('/api/departments')).body.items.find((d: any) => d.id === financeBefore.id);
    expect(renamed.path).toEqual(['Accounts']);
    const disabledAudit = await db()('audit_log').where({ action: 'user.disabled', target_id: fiona.id }).first();
    expect(disabledAudit).toBeTruthy();

    // Fiona comes back (a new entry, so a new entryUUID): found by email and reactivated.
    slapd.modify(
      `dn: ${dnOf('fiona', ['Accounts'])}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: fiona\ncn: 何芳 Fiona Ho\nsn: Ho\nmail: fiona@example.hk\ntitle: Accountant\nmanager: ${dnOf('grace')}\nuserPassword: ${passwordOf('fiona')}\n`,
    );
    const back = await admin.post('/api/directory-sync/run');
    expect(back.body.changes.reactivated.map((r: any) => r.email)).toEqual(['fiona@example.hk']);
    expect(back.body.changes.created).toEqual([]);
    const fionaAgain = await userByEmail('fiona@example.hk');
    expect(fionaAgain.disabled_at).toBeNull();
    expect(fionaAgain.id).toBe(fiona.id);
    expect(fionaAgain.external_id).not.toBe(fiona.external_id);
  });

  it('refuses to disable everyone when the search finds nobody', async () => {
    const res = await admin.put('/api/directory-sync/settings', { ...settings, userFilter: '(objectClass=nobodyHasThis)' });
    expect(res.status).toBe(200);
    const preview = await admin.post('/api/directory-sync/preview');
    expect(preview.status).toBe(422);
    expect(preview.body.code).toBe('directory_empty');
    const run = await admin.post('/api/directory-sync/run');
    expect(run.status).toBe(422);
    expect(Number((await db()('users').where({ auth_source: 'ldap' }).whereNotNull('disabled_at').count({ n: '*' }).first())!.n)).toBe(0);
    const runs = await admin.get('/api/directory-sync/runs');
    expect(runs.body.items[0]).toMatchObject({ status: 'failed', counts: null });
    expect(runs.body.items[0].error).toMatch(/found nobody/);
    await admin.put('/api/directory-sync/settings', settings);
  });

  it('a sync is all or nothing: a failure part-way leaves no department, person or change behind', async () => {
    slapd.modify(
      [
        `dn: ou=Logistics,${PEOPLE_BASE}\nchangetype: add\nobjectClass: organizationalUnit\nou: Logistics\n`,
        `dn: ${dnOf('zoe', ['Logistics'])}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: zoe\ncn: Zoe Yip\nsn: Yip\nmail: zoe@example.hk\nuserPassword: ${passwordOf('zoe')}\n`,
        `dn: ${dnOf('oscar', ['Operations'])}\nchangetype: modify\nreplace: cn\ncn: Oscar Chan Tai Man\n`,
      ].join('\n'),
    );
    // The database itself refuses Zoe's row, after the department and other changes were written in the transaction.
    if (dialect === 'postgres') {
      await db().raw(`CREATE FUNCTION refuse_zoe() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.email = 'zoe@example.hk' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`);
      await db().raw('CREATE TRIGGER refuse_zoe BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION refuse_zoe()');
    } else {
      await db().raw(
        "CREATE TRIGGER refuse_zoe BEFORE INSERT ON users WHEN NEW.email = 'zoe@example.hk' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
      );
    }
    const auditBefore = await db()('audit_log').count({ n: '*' }).first();
    try {
      const preview = await admin.post('/api/directory-sync/preview');
      expect(preview.body.departmentsCreated).toEqual([{ path: ['Logistics'] }]);
      expect(preview.body.updated.map((u: any) => u.email)).toContain('oscar@example.hk');
      const run = await admin.post('/api/directory-sync/run');
      expect(run.status).toBe(500);
      expect(await db()('departments').where({ name: 'Logistics' }).first()).toBeUndefined();
      expect(await userByEmail('zoe@example.hk')).toBeUndefined();
      expect((await userByEmail('oscar@example.hk')).name).toBe('Oscar Chan');
      expect(await db()('audit_log').count({ n: '*' }).first()).toEqual(auditBefore);
      const runs = await admin.get('/api/directory-sync/runs');
      expect(runs.body.items[0]).toMatchObject({ status: 'failed', trigger: 'manual' });
      expect(runs.body.items[0].error).toMatch(/refused by the test/);
    } finally {
      await db().raw('DROP TRIGGER refuse_zoe' + (dialect === 'postgres' ? ' ON users' : ''));
      slapd.modify(
        [
          `dn: ${dnOf('zoe', ['Logistics'])}\nchangetype: delete\n`,
          `dn: ou=Logistics,${PEOPLE_BASE}\nchangetype: delete\n`,
          `dn: ${dnOf('oscar', ['Operations'])}\nchangetype: modify\nreplace: cn\ncn: Oscar Chan\n`,
        ].join('\n'),
      );
    }
  });

  it('the scheduled sync runs each interval once, however often (and from however many timers) it ticks', async () => {
    await admin.put('/api/directory-sync/settings', { ...settings, syncEnabled: true, syncIntervalMinutes: 60 });
    slapd.modify(`dn: ${dnOf('grace')}\nchangetype: modify\nreplace: cn\ncn: Grace Lee Wing Yan\n`);
    const now = new Date('2030-01-01T10:15:00Z');
    const [a, b] = await Promise.all([
      server.app.directorySync.runOnce(now),
      server.app.directorySync.runOnce(new Date('2030-01-01T10:45:00Z')),
    ]);
    const runs = [a, b].filter(Boolean);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: 'scheduled', status: 'succeeded', actorId: null, counts: { updated: 1 } });
    expect((await userByEmail('grace@example.hk')).name).toBe('Grace Lee Wing Yan');
    expect(await server.app.directorySync.runOnce(new Date('2030-01-01T11:05:00Z'))).toMatchObject({ status: 'succeeded' });
    const history = await admin.get('/api/directory-sync/runs');
    expect(history.body.items.filter((r: any) => r.trigger === 'scheduled')).toHaveLength(2);

    await admin.put('/api/directory-sync/settings', { ...settings, syncEnabled: false });
    expect(await server.app.directorySync.runOnce(new Date('2030-01-01T13:05:00Z'))).toBeNull();
  });

  it('a group filter: only members of the groups it finds are synced and sign in with the directory', async () => {
    const GROUPS = `ou=Groups,${SLAPD_BASE}`;
    const group = (cn: string, members: string[]) =>
      `dn: cn=${cn},${GROUPS}\nchangetype: add\nobjectClass: groupOfNames\ncn: ${cn}\n${members.map((m) => `member: ${m}\n`).join('')}`;
    slapd.modify(
      [
        `dn: ${GROUPS}\nchangetype: add\nobjectClass: organizationalUnit\nou: Groups\n`,
        // A DN spelled with other case and spaces is still Wendy.
        group('formloom-users', [dnOf('grace'), dnOf('oscar', ['Operations']), dnOf('wendy', ['Warehouse', 'Operations']).toUpperCase()]),
        group('others', [dnOf('fiona', ['Finance'])]),
      ].join('\n'),
    );
    const grouped = { ...settings, groupFilter: '(cn=formloom-users)', groupBaseDn: GROUPS };
    try {
      const tested = await admin.post('/api/directory-sync/test', grouped);
      expect(tested.body).toMatchObject({ ok: true, userCount: 3 });
      const badGroupFilter = await admin.post('/api/directory-sync/test', { ...grouped, groupFilter: '(cn=formloom-users' });
      expect(badGroupFilter.body).toMatchObject({ ok: false, outcome: 'bad_filter' });
      expect(badGroupFilter.body.message).toMatch(/group filter/);

      expect((await admin.put('/api/directory-sync/settings', grouped)).status).toBe(200);
      const preview = await admin.post('/api/directory-sync/preview');
      expect(preview.status).toBe(200);
      expect(preview.body.entries).toBe(3);
      const leaving = preview.body.deactivated.map((p: any) => p.email);
      expect(leaving).toEqual(expect.arrayContaining(['walter@example.hk', 'fiona@example.hk']));
      for (const member of ['grace', 'oscar', 'wendy']) expect(leaving).not.toContain(`${member}@example.hk`);

      expect((await directoryLogin('wendy@example.hk', passwordOf('wendy'))).status).toBe(200);
      expect((await directoryLogin('fiona@example.hk', passwordOf('fiona'))).status).toBe(401);
    } finally {
      expect((await admin.put('/api/directory-sync/settings', settings)).status).toBe(200);
      slapd.modify(
        [`cn=formloom-users,${GROUPS}`, `cn=others,${GROUPS}`, GROUPS].map((dn) => `dn: ${dn}\nchangetype: delete\n`).join('\n'),
      );
    }
    expect((await directoryLogin('fiona@example.hk', passwordOf('fiona'))).status).toBe(200);
  });

  it('a run its server never finished (crash, deploy) reads as interrupted once it is past any real run time', async () => {
    // The rows a server leaves when it stops between claiming a run and recording its outcome.
    const startedAt = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
    const row = { trigger: 'manual', slot: null, actor_id: null, status: 'running', counts: null, error: null, finished_at: null };
    await db()('directory_sync_runs').insert([
      { ...row, id: 'run-cut-off', started_at: startedAt(RUN_INTERRUPTED_AFTER_MS + 60_000) },
      { ...row, id: 'run-in-progress', started_at: startedAt(60_000) },
    ]);
    try {
      const items: any[] = (await admin.get('/api/directory-sync/runs')).body.items;
      expect(items.find((r) => r.id === 'run-cut-off')).toMatchObject({ status: 'interrupted', finishedAt: null });
      expect(items.find((r) => r.id === 'run-in-progress')).toMatchObject({ status: 'running' });
    } finally {
      await db()('directory_sync_runs').whereIn('id', ['run-cut-off', 'run-in-progress']).delete();
    }
  });

  it('directory sign-in: right password, wrong password, person gone, not yet synced, escaped filter, directory down', async () => {
    const ok = await directoryLogin('wendy@example.hk', passwordOf('wendy'));
    expect(ok.status).toBe(200);
    expect(ok.body.user.email).toBe('wendy@example.hk');
    expect((await directoryLogin('wendy@example.hk', 'wrong-password')).status).toBe(401);
    // An empty password would be an LDAP "unauthenticated bind"; never a sign-in.
    expect((await directoryLogin('wendy@example.hk', '')).status).not.toBe(200);

    // Gone from the directory: refused even with the old password.
    slapd.modify(`dn: ${dnOf('nina', ['Accounts'])}\nchangetype: delete\n`);
    expect((await directoryLogin('nina@example.hk', passwordOf('nina'))).status).toBe(401);

    // In the directory but never synced: signs in and is created from the entry, with the manager it names.
    slapd.modify(
      `dn: ${dnOf('newbie', ['Operations'])}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: newbie\ncn: New Bie\nsn: Bie\nmail: newbie@example.hk\ntitle: Trainee\nmanager: ${dnOf('grace')}\nuserPassword: ${passwordOf('newbie')}\n`,
    );
    const first = await directoryLogin('newbie@example.hk', passwordOf('newbie'));
    expect(first.status).toBe(200);
    const newbie = await userByEmail('newbie@example.hk');
    expect(newbie).toMatchObject({ auth_source: 'ldap', name: 'New Bie', role: 'member', password_hash: null });
    expect(newbie.manager_id).toBe((await userByEmail('grace@example.hk')).id);
    const operations = (await admin.get('/api/departments')).body.items.find((d: any) => d.path.join('/') === 'Operations');
    expect(newbie.department_id).toBe(operations.id);

    // A wildcard in the email is a literal, not a pattern: "wen*" does not find Wendy's entry.
    expect((await directoryLogin('wen*', passwordOf('wendy'))).status).toBe(401);
    expect((await directoryLogin('*)(mail=wendy@example.hk', passwordOf('wendy'))).status).toBe(401);

    // The local admin still signs in with their own password.
    expect((await adminClient(server)).csrfToken).toBeTruthy();

    await slapd.stop();
    try {
      const down = await directoryLogin('wendy@example.hk', passwordOf('wendy'));
      expect(down.status).toBe(503);
      expect(down.body.code).toBe('directory_unavailable');
      const preview = await admin.post('/api/directory-sync/preview');
      expect(preview.status).toBe(503);
      expect(preview.body.code).toBe('directory_unavailable');
    } finally {
      await slapd.start();
    }
  });

  it("a synced person's leave request goes to their synced manager", async () => {
    await admin.post('/api/directory-sync/run');
    const { formId } = await installFlowTemplate(admin, 'leave-request');
    const walter = await directoryLogin('walter@example.hk', passwordOf('walter'));
    expect(walter.status).toBe(200);
    const walterClient = new Client(server.url);
    await walterClient.login('walter@example.hk', passwordOf('walter'));
    const created = await walterClient.post(`/api/forms/${formId}/submissions`, { data: leaveData(2) });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('pending');
    // Walter's manager in the directory is now Oscar (changed in the second sync).
    const oscar = { client: await new Client(server.url).login('oscar@example.hk', passwordOf('oscar')) } as any;
    const wendy = { client: await new Client(server.url).login('wendy@example.hk', passwordOf('wendy')) } as any;
    expect(await pendingTask(oscar, created.body.id)).toMatchObject({ kind: 'approve', nodeId: 'manager' });
    expect(await pendingTask(wendy, created.body.id)).toBeUndefined();
  });
});
