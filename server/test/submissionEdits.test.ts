import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../src/lib/errors.ts';
import { submissionExtensions, type SubmissionExtension } from '../src/services/submissionExtensions.ts';
import { DIALECTS, adminClient, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';

const schema = {
  type: 'object',
  required: ['name'],
  properties: {
    ref: { type: 'string' },
    name: { type: 'string', minLength: 1 },
    qty: { type: 'integer', minimum: 0 },
    price: { type: 'number' },
    total: { type: 'number' },
    by: { type: 'string' },
    at: { type: 'string', format: 'date-time' },
    lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' }, n: { type: 'number' } } } },
  },
};
const uiSchema = {
  ref: { 'ui:fieldType': 'autonumber', 'ui:options': { pattern: 'R-{000}' } },
  total: { 'ui:fieldType': 'calculated', 'ui:options': { expression: 'qty * price' } },
  by: { 'ui:fieldType': 'currentUser' },
  at: { 'ui:fieldType': 'submitTime' },
};

/** An extension like the stock ledger: refuses deleting some records, and records its in-transaction work. */
const transactionalCalls: string[] = [];
const testExtension: SubmissionExtension = {
  name: 'test-guard',
  transactional: (ctx, data) =>
    ctx.operation === 'update' && data.name === 'watched'
      ? async (trx) => {
          await trx('domain_events').where({ id: 'none' }).first(); // runs inside the write's transaction
          transactionalCalls.push(`${ctx.submissionId}:${String(ctx.previous?.name)}`);
        }
      : null,
  onDelete: async (_ctx, data) => {
    if (data.name === 'locked') throw new ConflictError('record_locked', 'This record is locked.');
  },
};

const count = async (server: TestServer, table: string, where: object = {}) =>
  Number((await server.app.db(table).where(where).count({ n: '*' }).first())!.n);

describe.each(DIALECTS)('editing and deleting submissions on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let formId: string;
  let appId: string;
  let filler: { client: Client; user: any };
  let viewer: { client: Client; user: any };
  let editor: { client: Client; user: any };

  const patch = (client: Client, id: string, data: object, headers: Record<string, string> = {}) =>
    client.request('PATCH', `/api/submissions/${id}`, { body: { data }, headers });
  const del = (client: Client, id: string) => client.request('DELETE', `/api/submissions/${id}`);
  const history = async (client: Client, id: string) => (await client.get(`/api/submissions/${id}/history`)).body.items;
  const submit = async (client: Client, data: object) => {
    const res = await client.post(`/api/forms/${formId}/submissions`, { data });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    submissionExtensions.push(testExtension);
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    const app = (await admin.post('/api/apps', { name: 'Edits' })).body;
    appId = app.id;
    formId = (await admin.post(`/api/apps/${appId}/forms`, { name: 'Orders', schema, uiSchema })).body.id;
    expect((await admin.post(`/api/forms/${formId}/publish`)).status).toBe(201);
    filler = await userClient(server, admin, 'member', '填表人');
    viewer = await userClient(server, admin, 'member', 'Viewer');
    editor = await userClient(server, admin, 'member', 'Editor');
    const me = (await admin.get('/api/auth/me')).body.user;
    await admin.put(`/api/apps/${appId}/grants`, {
      grants: [
        { principal: me.id, permissions: ['edit'] },
        { principal: filler.user.id, permissions: ['fill'] },
        { principal: viewer.user.id, permissions: ['view_all'] },
        { principal: editor.user.id, permissions: ['edit'] },
      ],
    });
  });
  afterAll(async () => {
    submissionExtensions.splice(submissionExtensions.indexOf(testExtension), 1);
    await server?.close();
  });

  it('edits: 200 with the new data, keeps numbers, submitter and submit time, recomputes, and records who changed what', async () => {
    const created = await submit(filler.client, {
      name: 'pump',
      qty: 2,
      price: 10,
      lines: [
        { sku: 'A', n: 1 },
        { sku: 'B', n: 2 },
      ],
    });
    expect(created.data).toMatchObject({ ref: 'R-001', total: 20, by: filler.user.id });
    const res = await patch(editor.client, created.id, {
      name: 'pump 泵',
      qty: 3,
      price: 10,
      ref: 'HACKED',
      by: 'someone-else',
      at: '2000-01-01T00:00:00.000Z',
      lines: [{ sku: 'A', n: 5 }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toEqual({
      name: 'pump 泵',
      qty: 3,
      price: 10,
      total: 30,
      ref: 'R-001',
      by: filler.user.id,
      at: created.data.at,
      lines: [{ sku: 'A', n: 5 }],
    });
    expect(res.body).toMatchObject({
      updatedBy: editor.user.id,
      updatedByName: 'Editor',
      createdBy: filler.user.id,
      canEdit: true,
      canDelete: true,
    });
    expect(res.body.updatedAt > created.createdAt).toBe(true);
    expect(res.headers.get('etag')).toBe(`"${res.body.updatedAt}"`);

    const got = await admin.get(`/api/submissions/${created.id}`);
    expect(got.body.data.name).toBe('pump 泵');
    expect(got.headers.get('etag')).toBe(`"${res.body.updatedAt}"`);

    const items = await history(filler.client, created.id);
    items[1].changes.sort((a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : 1));
    expect(items).toEqual([
      { revision: 1, action: 'created', at: created.createdAt, by: filler.user.id, byName: '填表人', changes: [] },
      {
        revision: 2,
        action: 'updated',
        at: res.body.updatedAt,
        by: editor.user.id,
        byName: 'Editor',
        changes: [
          { path: '/lines/0/n', before: 1, after: 5 },
          { path: '/lines/1/n', before: 2, after: null },
          { path: '/lines/1/sku', before: 'B', after: null },
          { path: '/name', before: 'pump', after: 'pump 泵' },
          { path: '/qty', before: 2, after: 3 },
          { path: '/total', before: 20, after: 30 },
        ],
      },
    ]);
    const event = await server.app
      .db('domain_events')
      .where({ type: 'submission.updated', form_id: formId })
      .orderBy('seq', 'desc')
      .first();
    const payload = typeof event.payload === 'string' ? JSON.parse(event.payload) : event.payload;
    expect(payload).toEqual({ submissionId: created.id, formVersion: 1, revision: 2 });
    expect(event.actor_id).toBe(editor.user.id);
    // No counter was taken by the edit.
    expect((await submit(admin, { name: 'next' })).data.ref).toBe('R-002');
  });

  it('stores nothing for an edit that changes nothing', async () => {
    const created = await submit(admin, { name: 'same', qty: 1, price: 2 });
    const events = await count(server, 'domain_events', { type: 'submission.updated' });
    const res = await patch(admin, created.id, { name: 'same', qty: 1, price: 2 });
    expect(res.status).toBe(200);
    expect(res.body.updatedAt).toBe(created.createdAt);
    expect(await history(admin, created.id)).toHaveLength(1);
    expect(await count(server, 'domain_events', { type: 'submission.updated' })).toBe(events);
  });

  it('refuses a stale If-Match with 412 version_conflict and accepts the current one', async () => {
    const created = await submit(admin, { name: 'v1' });
    const etag = (await admin.get(`/api/submissions/${created.id}`)).headers.get('etag')!;
    const first = await patch(admin, created.id, { name: 'v2' }, { 'if-match': etag });
    expect(first.status).toBe(200);
    const stale = await patch(editor.client, created.id, { name: 'v3' }, { 'if-match': etag });
    expect([stale.status, stale.body.code]).toEqual([412, 'version_conflict']);
    expect((await admin.get(`/api/submissions/${created.id}`)).body.data.name).toBe('v2');
    const fresh = await patch(editor.client, created.id, { name: 'v3' }, { 'if-match': first.headers.get('etag')! });
    expect(fresh.status).toBe(200);
    expect((await patch(admin, created.id, { name: 'v3' }, { 'if-match': '*' })).status).toBe(200);
    const bad = await patch(admin, created.id, { name: 'v4' }, { 'if-match': 'yesterday' });
    expect([bad.status, bad.body.code]).toEqual([400, 'invalid_if_match']);
    expect((await history(admin, created.id)).map((h: any) => h.revision)).toEqual([1, 2, 3]);
  });

  it('lets exactly one of two edits made from the same ETag win; edits without If-Match all land, each as a revision', async () => {
    const created = await submit(admin, { name: 'race', qty: 0 });
    const etag = `"${created.createdAt}"`;
    const raced = await Promise.all([1, 2, 3, 4].map((qty) => patch(admin, created.id, { name: 'race', qty }, { 'if-match': etag })));
    expect(raced.map((r) => r.status).sort()).toEqual([200, 412, 412, 412]);
    const blind = await Promise.all([5, 6, 7].map((qty) => patch(editor.client, created.id, { name: 'race', qty })));
    expect(blind.map((r) => r.status)).toEqual([200, 200, 200]);
    const items = await history(admin, created.id);
    expect(items.map((h: any) => h.revision)).toEqual([1, 2, 3, 4, 5]);
    // Each revision starts where the one before ended: nothing was overwritten unseen.
    const qtys = items.slice(1).map((h: any) => h.changes.find((c: any) => c.path === '/qty'));
    for (let i = 1; i < qtys.length; i++) expect(qtys[i].before).toBe(qtys[i - 1].after);
    expect((await admin.get(`/api/submissions/${created.id}`)).body.data.qty).toBe(qtys[qtys.length - 1].after);
  });

  it('leaves data and history untouched when the new data fails validation (422 as on create)', async () => {
    const created = await submit(admin, { name: 'valid', qty: 1 });
    const res = await patch(admin, created.id, { name: '', qty: -1 });
    expect([res.status, res.body.code]).toEqual([422, 'validation_failed']);
    expect(res.body.details.map((d: any) => d.path).sort()).toEqual(['/name', '/qty']);
    const after = await admin.get(`/api/submissions/${created.id}`);
    expect(after.body.data).toEqual(created.data);
    expect(after.body.updatedAt).toBe(created.createdAt);
    expect(await history(admin, created.id)).toHaveLength(1);
    expect(await count(server, 'submission_revisions', { submission_id: created.id })).toBe(0);
  });

  it('lets the submitter and app editors change a record, "see all" only read it, and hides others', async () => {
    const own = await submit(filler.client, { name: 'mine' });
    const others = await submit(admin, { name: 'theirs' });
    expect((await filler.client.get(`/api/submissions/${own.id}`)).body).toMatchObject({ canEdit: true, canDelete: true });
    expect((await viewer.client.get(`/api/submissions/${own.id}`)).body).toMatchObject({ canEdit: false, canDelete: false });
    expect((await editor.client.get(`/api/submissions/${own.id}`)).body).toMatchObject({ canEdit: true, canDelete: true });

    expect((await patch(filler.client, own.id, { name: 'mine 2' })).status).toBe(200);
    for (const res of [await patch(filler.client, others.id, { name: 'x' }), await del(filler.client, others.id)]) {
      expect([res.status, res.body.code]).toEqual([404, 'submission_not_found']);
    }
    expect((await filler.client.get(`/api/submissions/${others.id}/history`)).status).toBe(404);
    for (const res of [await patch(viewer.client, own.id, { name: 'x' }), await del(viewer.client, own.id)]) {
      expect([res.status, res.body.code]).toEqual([403, 'forbidden']);
    }
    expect((await viewer.client.get(`/api/submissions/${own.id}/history`)).status).toBe(200);
    expect((await patch(editor.client, others.id, { name: 'theirs 2' })).status).toBe(200);
    const outsider = await userClient(server, admin, 'member', 'Outsider');
    expect((await patch(outsider.client, own.id, { name: 'x' })).status).toBe(404);
    expect((await admin.get(`/api/submissions/${own.id}`)).body.data.name).toBe('mine 2');
  });

  it("runs the extensions' transactional work in the edit, with the data before it", async () => {
    const created = await submit(admin, { name: 'plain' });
    transactionalCalls.length = 0;
    expect((await patch(admin, created.id, { name: 'watched' })).status).toBe(200);
    expect(transactionalCalls).toEqual([`${created.id}:plain`]);
  });

  it('deletes: 204, then gone from GET, lists, totals, lookups, history and exports; a second delete is 404', async () => {
    const keep = await submit(admin, { name: 'keep-me' });
    const gone = await submit(filler.client, { name: 'delete-me 刪除' });
    const before = (await admin.get(`/api/forms/${formId}/submissions`)).body.total;
    const res = await del(filler.client, gone.id);
    expect(res.status).toBe(204);
    expect((await admin.get(`/api/submissions/${gone.id}`)).status).toBe(404);
    expect((await admin.get(`/api/submissions/${gone.id}/history`)).status).toBe(404);
    const listed = (await admin.get(`/api/forms/${formId}/submissions?limit=500`)).body;
    expect(listed.total).toBe(before - 1);
    expect(listed.items.map((s: any) => s.id)).not.toContain(gone.id);
    expect(listed.items.map((s: any) => s.id)).toContain(keep.id);
    const lookup = (await admin.get(`/api/forms/${formId}/records?ids=${gone.id},${keep.id}`)).body.items.map((r: any) => r.id);
    expect(lookup).toEqual([keep.id]);
    const csv = (await admin.get(`/api/forms/${formId}/submissions/export?format=csv`)).body as string;
    expect(csv).toContain('keep-me');
    expect(csv).not.toContain('delete-me');
    expect((await del(filler.client, gone.id)).status).toBe(404);
    expect((await patch(admin, gone.id, { name: 'back' })).status).toBe(404);

    const row = await server.app.db('submissions').where({ id: gone.id }).first();
    expect(row).toMatchObject({ deleted_by: filler.user.id, deleted_at: expect.any(String) });
    expect(await count(server, 'submission_revisions', { submission_id: gone.id, action: 'deleted' })).toBe(1);
    const event = await server.app.db('domain_events').where({ type: 'submission.deleted' }).orderBy('seq', 'desc').first();
    const payload = typeof event.payload === 'string' ? JSON.parse(event.payload) : event.payload;
    expect(payload).toEqual({ submissionId: gone.id });
  });

  it('keeps a record an extension refuses to delete, with its answer (409), and writes nothing', async () => {
    const locked = await submit(admin, { name: 'locked' });
    const events = await count(server, 'domain_events', { type: 'submission.deleted' });
    const res = await del(admin, locked.id);
    expect([res.status, res.body.code]).toEqual([409, 'record_locked']);
    expect((await admin.get(`/api/submissions/${locked.id}`)).status).toBe(200);
    expect(await count(server, 'domain_events', { type: 'submission.deleted' })).toBe(events);
    expect(await count(server, 'submission_revisions', { submission_id: locked.id })).toBe(0);
  });

  it("edits a record with photos: keeps the submitter's photo, links the editor's new one, and a delete unlinks them", async () => {
    const png = (salt: string) =>
      Buffer.concat([
        Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
        Buffer.from(salt),
      ]);
    const upload = async (client: Client, salt: string) => {
      const res = await client.request('POST', '/api/files?purpose=photo', {
        rawBody: png(salt) as unknown as string,
        headers: { 'content-type': 'application/octet-stream', 'x-file-name': 'photo.png' },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const photos = (
      await admin.post(`/api/apps/${appId}/forms`, {
        name: 'Visits',
        schema: { type: 'object', properties: { note: { type: 'string' }, photo: { type: 'string' }, extra: { type: 'string' } } },
        uiSchema: { photo: { 'ui:fieldType': 'photo' }, extra: { 'ui:fieldType': 'photo' } },
      })
    ).body.id;
    expect((await admin.post(`/api/forms/${photos}/publish`)).status).toBe(201);
    const fillersPhoto = await upload(filler.client, 'filler');
    const created = (await filler.client.post(`/api/forms/${photos}/submissions`, { data: { note: 'gate', photo: fillersPhoto } })).body;
    const editorsPhoto = await upload(editor.client, 'editor');
    const res = await patch(editor.client, created.id, { note: 'gate 閘口', photo: fillersPhoto, extra: editorsPhoto });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const links = async () =>
      (await server.app.db('submission_files').where('submission_id', created.id)).map((l: { file_id: string }) => l.file_id).sort();
    expect(await links()).toEqual([fillersPhoto, editorsPhoto].sort());
    // Someone else's upload cannot be attached by an edit either.
    const strangers = await upload(viewer.client, 'viewer');
    const refused = await patch(editor.client, created.id, { note: 'x', photo: strangers });
    expect([refused.status, refused.body.code]).toEqual([422, 'validation_failed']);
    expect((await del(filler.client, created.id)).status).toBe(204);
    expect(await links()).toEqual([]);
  });
});
