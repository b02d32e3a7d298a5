import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpired } from '../src/plugins/app/maintenance.ts';
import { verifyAuditChain } from '../src/services/audit/verify.ts';
import { DIALECTS, adminClient, publishedForm, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';
import { download, parseCsv, readXlsx } from './reportLibraryFixtures.ts';

const BOM = '\uFEFF';

async function finishedImport(client: Client, id: string) {
  for (let i = 0; i < 400; i++) {
    const res = await client.get(`/api/imports/${id}`);
    if (res.body.status === 'done' || res.body.status === 'failed') return res.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the import did not finish');
}

describe.each(DIALECTS)('audit log on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let adminUser: { id: string; name: string };
  let member: { client: Client; user: any };
  let form: { appId: string; formId: string };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    adminUser = (await admin.get('/api/auth/me')).body.user;
    member = await userClient(server, admin, 'member');
    form = await publishedForm(admin);
  });
  afterAll(async () => {
    await server?.close();
  });

  const submit = async (data: Record<string, unknown>, client = admin) => {
    const res = await client.post(`/api/forms/${form.formId}/submissions`, { data });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const entries = async (query: string) => {
    const res = await admin.get(`/api/audit?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items as any[];
  };
  const auditRows = async () => Number((await server.app.db('audit_log').count({ n: '*' }).first())!.n);

  it('records an edit with the names of the changed fields, never their values', async () => {
    const id = await submit({ name: 'Chan Tai Man A123456(7)', qty: 1 });
    const patch = await admin.request('PATCH', `/api/submissions/${id}`, { body: { data: { name: 'Wong Siu Ming Z987654(3)', qty: 2 } } });
    expect(patch.status, JSON.stringify(patch.body)).toBe(200);
    const [entry, ...more] = await entries(`action=submission.edited&targetId=${id}`);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      action: 'submission.edited',
      actorId: adminUser.id,
      actorName: adminUser.name,
      targetType: 'submission',
      targetId: id,
      appId: form.appId,
      details: { formId: form.formId, formName: 'Test form', revision: 2, fields: ['name', 'qty'] },
    });
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
    const stored = JSON.stringify(await server.app.db('audit_log').where({ target_id: id }));
    expect(stored).not.toContain('Chan Tai Man');
    expect(stored).not.toContain('Wong Siu Ming');
    expect(stored).not.toContain('A123456');

    // Unchanged data stores nothing, so it logs nothing either.
    const before = await auditRows();
    expect(
      (await admin.request('PATCH', `/api/submissions/${id}`, { body: { data: { name: 'Wong Siu Ming Z987654(3)', qty: 2 } } })).status,
    ).toBe(200);
    expect(await auditRows()).toBe(before);
  });

  it('records a delete, and only when it happens', async () => {
    const id = await submit({ name: 'to delete', qty: 1 });
    const other = await userClient(server, admin, 'member', 'outsider');
    expect((await other.client.request('DELETE', `/api/submissions/${id}`)).status).toBe(404);
    expect(await entries(`action=submission.deleted&targetId=${id}`)).toEqual([]);
    expect((await admin.request('DELETE', `/api/submissions/${id}`)).status).toBe(204);
    const [entry] = await entries(`action=submission.deleted&targetId=${id}`);
    expect(entry).toMatchObject({ actorId: adminUser.id, targetType: 'submission', appId: form.appId, details: { formId: form.formId } });
  });

  it('records a submissions export with its format, row count and filtered fields (not the filter values)', async () => {
    await submit({ name: 'export me', qty: 3 });
    const filter = JSON.stringify([{ field: 'data.name', op: 'contains', value: 'SECRET-NEEDLE' }]);
    const res = await download(
      admin,
      `/api/forms/${form.formId}/submissions/export?format=xlsx&q=HIDDEN-TEXT&filter=${encodeURIComponent(filter)}`,
    );
    expect(res.status).toBe(200);
    const [entry] = await entries(`action=submissions.exported&appId=${form.appId}`);
    expect(entry).toMatchObject({
      actorId: adminUser.id,
      targetType: 'form',
      targetId: form.formId,
      details: { format: 'xlsx', rowCount: 0, filters: [{ field: 'data.name', op: 'contains' }], searched: true },
    });
    expect(entry.ip).toBe('127.0.0.1');
    expect(JSON.stringify(entry)).not.toContain('SECRET-NEEDLE');
    expect(JSON.stringify(entry)).not.toContain('HIDDEN-TEXT');

    expect((await download(admin, `/api/forms/${form.formId}/submissions/export`)).status).toBe(200);
    const [plain] = await entries(`action=submissions.exported&appId=${form.appId}&limit=1`);
    expect(plain.details).toMatchObject({ format: 'csv', filters: [], searched: false });
    expect(plain.details.rowCount).toBeGreaterThan(0);
  });

  it('records an import in its transaction, with the file name and counts', async () => {
    const bytes = Buffer.from(`${BOM}Name,Quantity\r\nImported one,4\r\nImported two,5\r\n`, 'utf8');
    const up = await admin.request('POST', `/api/forms/${form.formId}/imports`, {
      rawBody: bytes as unknown as string,
      headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent('員工.csv') },
    });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const commit = await admin.post(`/api/imports/${up.body.id}/commit`, { mapping: { Name: 'name', Quantity: 'qty' } });
    expect(commit.status, JSON.stringify(commit.body)).toBe(202);
    expect((await finishedImport(admin, up.body.id)).status).toBe('done');
    const [entry] = await entries(`action=submissions.imported&targetId=${form.formId}`);
    expect(entry).toMatchObject({
      actorId: adminUser.id,
      appId: form.appId,
      details: { importId: up.body.id, fileName: '員工.csv', inserted: 2, skipped: 0, formId: form.formId },
    });
  });

  it('has the grants change PUT /api/apps/:id/grants writes, and report exports', async () => {
    const put = await admin.put(`/api/apps/${form.appId}/grants`, {
      grants: [{ principal: member.user.id, permissions: ['fill', 'view_own'] }],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const [grants] = await entries(`action=app.grants_changed&appId=${form.appId}`);
    expect(grants).toMatchObject({ targetType: 'app', targetId: form.appId, actorId: adminUser.id });
    expect(JSON.stringify(grants.details.after)).toContain(member.user.id);

    const definition = {
      formId: form.formId,
      title: { en: 'By name', 'zh-Hant': '按名稱' },
      dimensions: [{ field: 'data.name' }],
      measures: [{ op: 'count' }],
    };
    const file = await download(admin, '/api/reports/export?format=csv', { method: 'POST', body: definition });
    expect(file.status).toBe(200);
    const [report] = await entries('action=report.exported');
    expect(report).toMatchObject({
      targetType: 'form',
      targetId: form.formId,
      appId: form.appId,
      details: { format: 'csv', formId: form.formId },
    });
    expect(report.details.rowCount).toBeGreaterThan(0);

    const saved = await admin.post('/api/reports', { definition });
    expect(saved.status).toBe(201);
    expect((await download(admin, `/api/reports/${saved.body.id}/export?format=xlsx`)).status).toBe(200);
    const [savedExport] = await entries('action=report.exported&targetType=report');
    expect(savedExport).toMatchObject({ targetId: saved.body.id, details: { format: 'xlsx', reportId: saved.body.id } });
  });

  it('filters by action prefix, actor, target, app and time, and pages newest first by seq', async () => {
    const own = await userClient(server, admin, 'member', 'pager');
    await admin.put(`/api/apps/${form.appId}/grants`, {
      grants: [{ principal: own.user.id, permissions: ['fill', 'view_own'] }],
    });
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await submit({ name: `mine ${i}`, qty: i }, own.client));
    for (const id of ids) expect((await own.client.request('DELETE', `/api/submissions/${id}`)).status).toBe(204);

    const byActor = await entries(`actorId=${own.user.id}&action=submission.`);
    expect(byActor.map((e) => e.targetId)).toEqual([...ids].reverse());
    expect(byActor.every((e) => e.actorName === own.user.name)).toBe(true);
    const starred = await entries(`actorId=${own.user.id}&action=submission.*`);
    expect(starred).toEqual(byActor);

    // Paging one at a time walks the same entries, newest first, without repeats.
    const walked: any[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await admin.get(`/api/audit?actorId=${own.user.id}&action=submission.&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      walked.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(walked.map((e) => e.seq)).toEqual(byActor.map((e) => e.seq));
    expect([...walked.map((e) => e.seq)].sort((a, b) => b - a)).toEqual(walked.map((e) => e.seq));

    const all = await entries('limit=200');
    expect(all.length).toBeGreaterThan(5);
    expect(all.every((e) => e.appId === form.appId || e.appId === null)).toBe(true);
    expect(new Set(all.map((e) => e.action)).has('submission.deleted')).toBe(true);
    expect((await entries(`targetType=submission&targetId=${ids[0]}`)).map((e) => e.action)).toEqual(['submission.deleted']);
    expect(await entries(`appId=no-such-app`)).toEqual([]);

    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect((await entries(`actorId=${own.user.id}&action=submission.&from=${today}&to=${today}`)).length).toBe(byActor.length);
    expect(await entries(`actorId=${own.user.id}&to=${yesterday}`)).toEqual([]);
    expect(await entries(`actorId=${own.user.id}&from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);

    const unknown = await admin.get('/api/audit?action=submission.shredded');
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('invalid_audit_filter');
    const badDate = await admin.get('/api/audit?from=yesterday');
    expect(badDate.status).toBe(400);
    expect(badDate.body.code).toBe('invalid_audit_filter');
    expect((await admin.get('/api/audit?action=DROP%20TABLE')).status).toBe(400);
    expect((await admin.get('/api/audit?cursor=abc')).status).toBe(400);
  });

  it('refuses everyone but admins (403), for reading, exporting and checking', async () => {
    const builder = await userClient(server, admin, 'builder');
    for (const client of [member.client, builder.client]) {
      for (const url of ['/api/audit', '/api/audit/export?format=csv', '/api/audit/verify']) {
        const res = await client.get(url);
        expect(res.status, url).toBe(403);
        expect(res.body.code).toBe('forbidden');
      }
    }
    const anonymous = await fetch(`${server.url}/api/audit`);
    expect(anonymous.status).toBe(401);
  });

  it('exports CSV (oldest first, formulas neutralized, its own download logged) and XLSX', async () => {
    const sneaky = await userClient(server, admin, 'member', '=HYPERLINK("http://evil")');
    await admin.put(`/api/apps/${form.appId}/grants`, { grants: [{ principal: sneaky.user.id, permissions: ['fill', 'view_own'] }] });
    const id = await submit({ name: 'x', qty: 1 }, sneaky.client);
    expect((await sneaky.client.request('DELETE', `/api/submissions/${id}`)).status).toBe(204);

    const res = await download(admin, `/api/audit/export?format=csv&action=submission.`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"/);
    const rows = parseCsv(res.bytes);
    expect(rows[0]).toEqual([
      'seq',
      'at',
      'action',
      'actor_id',
      'actor_name',
      'target_type',
      'target_id',
      'app_id',
      'ip',
      'details',
      'hash',
    ]);
    const body = rows.slice(1);
    const listed = await entries('action=submission.&limit=200');
    expect(body.map((r) => Number(r[0]))).toEqual(listed.map((e) => e.seq).reverse());
    const mine = body.find((r) => r[6] === id)!;
    expect(mine[2]).toBe('submission.deleted');
    expect(mine[4]).toBe(`'=HYPERLINK("http://evil")`);
    expect(JSON.parse(mine[9])).toMatchObject({ formId: form.formId });

    const [logged] = await entries('action=audit.exported');
    expect(logged).toMatchObject({ actorId: adminUser.id, details: { format: 'csv', filters: { action: 'submission.' } } });

    const xlsx = await download(admin, `/api/audit/export?format=xlsx&targetId=${id}`);
    expect(xlsx.status).toBe(200);
    const sheet = await readXlsx(xlsx.bytes);
    expect(sheet.name).toBe('Audit log');
    expect(sheet.values[0]?.[2]).toBe('action');
    expect(sheet.values.slice(1).map((r) => r[2])).toEqual(['submission.deleted']);

    expect((await admin.get('/api/audit/export?format=csv&from=not-a-date')).status).toBe(400);
  });

  it('keeps one unbroken chain under 20 concurrent edits', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => submit({ name: `parallel ${i}`, qty: i })));
    const results = await Promise.all(
      ids.map((id, i) => admin.request('PATCH', `/api/submissions/${id}`, { body: { data: { name: `parallel ${i} edited`, qty: i } } })),
    );
    expect(results.map((r) => r.status)).toEqual(ids.map(() => 200));
    for (const id of ids) expect((await entries(`action=submission.edited&targetId=${id}`)).length).toBe(1);
    const verify = await admin.get('/api/audit/verify');
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true, brokenSeq: null, problem: null });
    expect(verify.body.checked).toBe(await auditRows());
    // Walked in small pages, the same answer.
    expect(await verifyAuditChain(server.app.db, 3)).toMatchObject({
      ok: true,
      checked: verify.body.checked,
      lastSeq: verify.body.lastSeq,
    });
    const seqs = (await server.app.db('audit_log').orderBy('seq').select('seq', 'prev_hash', 'hash')) as any[];
    seqs.forEach((row, i) => i > 0 && expect(row.prev_hash).toBe(seqs[i - 1].hash));
  });

  it('is never touched by the hourly purge', async () => {
    const before = await auditRows();
    await purgeExpired(server.app.db, Date.now() + 10 * 365 * 86_400_000);
    expect(await auditRows()).toBe(before);
    admin = await adminClient(server); // the purge ended every session
  });

  it('is refused UPDATE, DELETE and TRUNCATE by the database itself', async () => {
    const db = server.app.db;
    const before = await auditRows();
    await expect(db('audit_log').update({ action: 'auth.login' })).rejects.toThrow(/append-only/);
    await expect(db('audit_log').where('seq', 1).update({ details: '{}' })).rejects.toThrow(/append-only/);
    await expect(db('audit_log').where('seq', 1).delete()).rejects.toThrow(/append-only/);
    // SQLite has no TRUNCATE; an unqualified DELETE is its truncate, and the trigger turns that off.
    await expect(db.raw(dialect === 'postgres' ? 'TRUNCATE audit_log' : 'DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    expect(await auditRows()).toBe(before);
    expect((await admin.get('/api/audit/verify')).body.ok).toBe(true);
  });

  it('finds the first changed entry, and the entry after a removed one', async () => {
    const db = server.app.db;
    const pg = dialect === 'postgres';
    // Bypassing the guard as only the database's owner could: the chain still tells.
    const unguarded = async (work: () => Promise<unknown>) => {
      if (pg) await db.raw('ALTER TABLE audit_log DISABLE TRIGGER USER');
      else {
        await db.raw('DROP TRIGGER audit_log_no_update');
        await db.raw('DROP TRIGGER audit_log_no_delete');
      }
      try {
        await work();
      } finally {
        if (pg) await db.raw('ALTER TABLE audit_log ENABLE TRIGGER USER');
        else {
          await db.raw(
            `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
          );
          await db.raw(
            `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
          );
        }
      }
    };
    const rows = (await db('audit_log').orderBy('seq').select('seq', 'details', 'actor_id')) as any[];
    expect(rows.length).toBeGreaterThan(6);
    const target = rows[3];
    const seq = Number(target.seq);
    const original = typeof target.details === 'string' ? target.details : JSON.stringify(target.details);

    await unguarded(() =>
      db('audit_log')
        .where({ seq })
        .update({ details: JSON.stringify({ ...JSON.parse(original), forged: true }) }),
    );
    let verify = await admin.get('/api/audit/verify');
    expect(verify.body).toMatchObject({ ok: false, brokenSeq: seq, problem: 'content_changed', checked: 3, lastSeq: Number(rows[2].seq) });

    // Put back exactly: sound again.
    await unguarded(() => db('audit_log').where({ seq }).update({ details: original }));
    expect((await admin.get('/api/audit/verify')).body).toMatchObject({ ok: true });

    const changedActor = Number(rows[4].seq);
    await unguarded(() => db('audit_log').where({ seq: changedActor }).update({ actor_id: member.user.id }));
    expect((await admin.get('/api/audit/verify')).body).toMatchObject({ ok: false, brokenSeq: changedActor, problem: 'content_changed' });
    await unguarded(() => db('audit_log').where({ seq: changedActor }).update({ actor_id: rows[4].actor_id }));

    await unguarded(() =>
      db('audit_log')
        .where({ seq: Number(rows[5].seq) })
        .delete(),
    );
    verify = await admin.get('/api/audit/verify');
    expect(verify.body).toMatchObject({ ok: false, brokenSeq: Number(rows[6].seq), problem: 'chain_broken' });
    // And the guard is back.
    await expect(db('audit_log').where({ seq }).delete()).rejects.toThrow(/append-only/);
  });
});
