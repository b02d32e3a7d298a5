import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';
import { byCategory, byMonth, download, expenseForm, parseCsv, readXlsx } from './reportLibraryFixtures.ts';

type Person = { client: Client; user: any };

describe.each(DIALECTS)('saved reports on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let formId: string;
  let appId: string;
  let owner: Person; // view_all in the app: saves the reports
  let editor: Person; // edit in the app
  let filler: Person; // fill only: sees the reports, runs them over their own submissions
  let outsider: Person; // no grant

  const save = (client: Client, definition: unknown) => client.post('/api/reports', { definition });
  const patch = (client: Client, id: string, definition: unknown) =>
    client.request('PATCH', `/api/reports/${id}`, { body: { definition } });
  const del = (client: Client, id: string) => client.request('DELETE', `/api/reports/${id}`);
  const listed = async (client: Client, query = '') => {
    const res = await client.get(`/api/reports${query}`);
    expect(res.status).toBe(200);
    return (res.body.items as any[]).map((r) => r.id);
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    ({ appId, formId } = await expenseForm(admin));
    owner = await userClient(server, admin, 'member', 'Owner');
    editor = await userClient(server, admin, 'member', 'Editor');
    filler = await userClient(server, admin, 'member', 'Filler');
    outsider = await userClient(server, admin, 'member', 'Outsider');
    const me = (await admin.get('/api/auth/me')).body.user;
    const grants = await admin.put(`/api/apps/${appId}/grants`, {
      grants: [
        { principal: me.id, permissions: ['edit'] },
        { principal: owner.user.id, permissions: ['view_all', 'export'] },
        { principal: editor.user.id, permissions: ['edit'] },
        { principal: filler.user.id, permissions: ['fill'] },
      ],
    });
    expect(grants.status).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('saves a checked definition: 201 with its app and form; bad ones 400 invalid_report; no grant 404', async () => {
    const res = await save(owner.client, byCategory(formId));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ appId, formId, ownerId: owner.user.id, canEdit: true });
    // Stored as the checked definition, defaults filled in.
    expect(res.body.definition).toMatchObject({ formId, limit: 1000, timezone: 'Asia/Hong_Kong', chart: { type: 'table' } });

    const unknownField = await save(owner.client, { ...byCategory(formId), dimensions: [{ field: 'data.nope' }] });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.code).toBe('invalid_report');
    const notADefinition = await save(owner.client, { formId, measures: [] });
    expect(notADefinition.status).toBe(400);
    expect(notADefinition.body.code).toBe('invalid_report');
    const missing = await owner.client.post('/api/reports', {});
    expect(missing.status).toBe(400);

    const noGrant = await save(outsider.client, byCategory(formId));
    expect(noGrant.status).toBe(404);
    expect(noGrant.body.code).toBe('form_not_found');
  });

  it('permissions: who sees, lists, changes and deletes a report (owner, app editor, member with a grant, no grant, admin)', async () => {
    const { body: report } = await save(owner.client, byCategory(formId, { en: 'Matrix', 'zh-Hant': '矩陣' }));
    const seen = async (person: Client) => (await person.get(`/api/reports/${report.id}`)).body;

    expect(await seen(owner.client)).toMatchObject({ id: report.id, canEdit: true });
    expect(await seen(editor.client)).toMatchObject({ id: report.id, canEdit: true });
    expect(await seen(admin)).toMatchObject({ id: report.id, canEdit: true });
    expect(await seen(filler.client)).toMatchObject({ id: report.id, canEdit: false });
    const hidden = await outsider.client.get(`/api/reports/${report.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.code).toBe('report_not_found');

    for (const person of [owner.client, editor.client, filler.client, admin]) expect(await listed(person)).toContain(report.id);
    expect(await listed(filler.client, `?formId=${formId}`)).toContain(report.id);
    expect(await listed(outsider.client)).toEqual([]);
    expect((await outsider.client.get(`/api/reports?formId=${formId}`)).status).toBe(404);
    // A grant to a role (or department, position) lists the app's reports as a grant by name does.
    const byRole = await userClient(server, admin, 'builder', 'ByRole');
    const grants = (await admin.get(`/api/apps/${appId}/grants`)).body.grants;
    expect(
      (await admin.put(`/api/apps/${appId}/grants`, { grants: [...grants, { principal: 'role:builder', permissions: ['fill'] }] })).status,
    ).toBe(200);
    try {
      expect(await listed(byRole.client)).toContain(report.id);
    } finally {
      expect((await admin.put(`/api/apps/${appId}/grants`, { grants })).status).toBe(200);
    }

    const renamed = { ...byCategory(formId), title: { en: 'Renamed', 'zh-Hant': '改名' } };
    expect((await patch(filler.client, report.id, renamed)).status).toBe(403);
    expect((await patch(outsider.client, report.id, renamed)).status).toBe(404);
    const byEditor = await patch(editor.client, report.id, renamed);
    expect(byEditor.status).toBe(200);
    expect(byEditor.body.definition.title).toEqual(renamed.title);
    expect(byEditor.body.ownerId).toBe(owner.user.id);
    expect((await patch(owner.client, report.id, { ...renamed, measures: [{ op: 'sum', field: 'data.category' }] })).body.code).toBe(
      'invalid_report',
    );

    expect((await del(filler.client, report.id)).status).toBe(403);
    expect((await del(outsider.client, report.id)).status).toBe(404);
    expect((await del(owner.client, report.id)).status).toBe(204);
    expect((await owner.client.get(`/api/reports/${report.id}`)).status).toBe(404);
    expect(await listed(admin)).not.toContain(report.id);

    // A member with only a fill grant may save their own, and change it.
    const own = await save(filler.client, byMonth(formId));
    expect(own.status).toBe(201);
    expect((await patch(filler.client, own.body.id, byMonth(formId))).status).toBe(200);
  });

  it('runs a saved report with the caller’s own access: exact money sums; fill-only sees their own submissions only', async () => {
    const { body: report } = await save(owner.client, byCategory(formId));
    const run = await owner.client.post(`/api/reports/${report.id}/query`);
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body.rows).toEqual([
      ['travel', 3, 30.4],
      [null, 2, 5],
      ['meals', 2, 0.5],
    ]);
    expect(run.body.labels.d0.travel).toEqual({ en: 'Travel', 'zh-Hant': '交通' });

    // The filler submitted nothing, so over their own submissions there is nothing to count.
    const theirs = await filler.client.post(`/api/reports/${report.id}/query`);
    expect(theirs.status).toBe(200);
    expect(theirs.body.rows).toEqual([]);
    expect((await outsider.client.post(`/api/reports/${report.id}/query`)).status).toBe(404);
  });

  it('exports CSV with the reader’s labels (zh-Hant), coded values resolved and money as numbers', async () => {
    const { body: report } = await save(owner.client, byCategory(formId));
    const zh = await download(owner.client, `/api/reports/${report.id}/export?format=csv`, { locale: 'zh-Hant' });
    expect(zh.status).toBe(200);
    expect(zh.headers.get('content-type')).toContain('text/csv');
    expect(parseCsv(zh.bytes)).toEqual([
      ['類別', '申請數', '總額 (港幣)'],
      ['交通', '3', '30.4'],
      ['', '2', '5'],
      ['膳食', '2', '0.5'],
    ]);
    const disposition = zh.headers.get('content-disposition')!;
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1])).toMatch(/^按類別開支-\d{4}-\d{2}-\d{2}\.csv$/);

    const en = await download(owner.client, `/api/reports/${report.id}/export`);
    expect(parseCsv(en.bytes)[0]).toEqual(['Category', 'Claims', 'Total (HKD)']);
    expect(parseCsv(en.bytes)[1]).toEqual(['Travel', '3', '30.4']);
    expect((await download(outsider.client, `/api/reports/${report.id}/export`)).status).toBe(404);
  });

  it('exports XLSX: numbers as numbers, money formatted with cents, month buckets as dates', async () => {
    const { body: report } = await save(owner.client, byCategory(formId));
    const file = await download(owner.client, `/api/reports/${report.id}/export?format=xlsx`, { locale: 'zh-Hant' });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheet = await readXlsx(file.bytes);
    expect(sheet.name).toBe('按類別開支');
    expect(sheet.values).toEqual([
      ['類別', '申請數', '總額 (港幣)'],
      ['交通', 3, 30.4],
      [null, 2, 5],
      ['膳食', 2, 0.5],
    ]);
    expect(sheet.formats[1][2]).toBe('#,##0.00');

    // An unsaved definition, as the builder exports it before saving.
    const monthly = await download(owner.client, '/api/reports/export?format=xlsx', { method: 'POST', body: byMonth(formId) });
    expect(monthly.status).toBe(200);
    const months = await readXlsx(monthly.bytes);
    expect(months.values[0]).toEqual(['Month', 'Total']);
    expect(months.values.slice(1)).toEqual([
      [new Date('2026-10-01T00:00:00Z'), 30.3],
      [new Date('2026-11-01T00:00:00Z'), 5.6],
      [null, 0],
    ]);
    expect(months.formats[1][0]).toBe('yyyy-mm-dd');
    const refused = await download(outsider.client, '/api/reports/export?format=csv', { method: 'POST', body: byMonth(formId) });
    expect(refused.status).toBe(404);
  });

  it('a hostile title cannot break the download header; spreadsheet formulas in labels stay text', async () => {
    const title = { en: 'Q4 "totals"\r\nSet-Cookie: x=1; ../..\\etc 100%', 'zh-Hant': '=HYPERLINK("http://x")' };
    const definition = {
      ...byCategory(formId, title),
      measures: [{ op: 'count', label: { en: '=1+1', 'zh-Hant': '@SUM(A1)' } }],
      sort: [],
    };
    const { body: report, status } = await save(owner.client, definition);
    expect(status, JSON.stringify(report)).toBe(201);
    const file = await download(owner.client, `/api/reports/${report.id}/export`);
    expect(file.status).toBe(200);
    expect(file.headers.get('set-cookie')).toBeNull();
    const disposition = file.headers.get('content-disposition')!;
    const [, ascii, star] = /^attachment; filename="([^"]*)"; filename\*=UTF-8''([A-Za-z0-9%!#$&+\-.^_`|~]+)$/.exec(disposition)!;
    expect(ascii).toMatch(/^Q4 _totals___Set-Cookie: x=1_ \.\._\.\._etc 100_-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(decodeURIComponent(star)).toMatch(/^Q4 "totals"__Set-Cookie: x=1; \.\._\.\._etc 100%-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(parseCsv(file.bytes)[0]).toEqual(['Category', "'=1+1"]);

    const zh = await download(owner.client, `/api/reports/${report.id}/export?format=xlsx`, { locale: 'zh-Hant' });
    const sheet = await readXlsx(zh.bytes);
    expect(sheet.values[0]).toEqual(['類別', "'@SUM(A1)"]);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(zh.headers.get('content-disposition')!)![1])).toMatch(
      /^=HYPERLINK\("http:__x"\)-\d{4}-\d{2}-\d{2}\.xlsx$/,
    );
  });
});
