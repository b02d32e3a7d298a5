import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, simpleSchema, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';

describe.each(DIALECTS)('apps and forms on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let appId: string;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    appId = (await admin.post('/api/apps', { name: 'Warehouse', description: 'Stock' })).body.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates and lists apps', async () => {
    const got = await admin.get(`/api/apps/${appId}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      id: appId,
      name: 'Warehouse',
      description: 'Stock',
      permissions: { canEdit: true, canFill: true, canViewAll: true },
    });
    expect((await admin.get('/api/apps')).body.items.map((a: any) => a.id)).toContain(appId);
    expect((await admin.post('/api/apps', { name: '' })).body.code).toBe('invalid_request');
  });

  it('creates a draft form and publishes immutable versions 1, 2, ...', async () => {
    const created = await admin.post(`/api/apps/${appId}/forms`, { name: 'Check', schema: simpleSchema });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', latestVersion: null, published: null, revision: 1 });
    const id = created.body.id;
    expect((await admin.post(`/api/forms/${id}/publish`)).body.version).toBe(1);
    const changed = { ...simpleSchema, title: 'Check v2' };
    expect((await admin.put(`/api/forms/${id}`, { schema: changed })).status).toBe(200);
    const v2 = await admin.post(`/api/forms/${id}/publish`);
    expect(v2.status).toBe(201);
    expect(v2.body.version).toBe(2);
    const versions = (await admin.get(`/api/forms/${id}/versions`)).body.items;
    expect(versions.map((v: any) => [v.version, v.schema.title])).toEqual([
      [1, 'Equipment check'],
      [2, 'Check v2'],
    ]);
    const form = (await admin.get(`/api/forms/${id}`)).body;
    expect(form).toMatchObject({ status: 'published', latestVersion: 2, published: { version: 2 } });
    // key order survives storage: it decides the order of fields on screen
    expect(Object.keys(form.published.schema.properties)).toEqual(['name', 'qty', 'code', 'items']);
    expect(await server.app.db('domain_events').where({ form_id: id, type: 'form.published' }).count({ n: '*' }).first()).toMatchObject({
      n: expect.anything(),
    });
    const events = await server.app.db('domain_events').where({ form_id: id }).orderBy('seq').select('type');
    expect(events.map((e: any) => e.type)).toEqual(['form.created', 'form.published', 'form.updated', 'form.published']);
  });

  it('rejects a stale edit with 412 version_conflict when If-Match is old', async () => {
    const { body: form, headers } = await admin.post(`/api/apps/${appId}/forms`, { name: 'Edit race', schema: simpleSchema });
    const etag = headers.get('etag')!;
    expect(etag).toBe('"1"');
    const first = await admin.put(`/api/forms/${form.id}`, { name: 'Mine' }, { headers: { 'if-match': etag } });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"2"');
    const stale = await admin.put(`/api/forms/${form.id}`, { name: 'Theirs' }, { headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('version_conflict');
    expect((await admin.get(`/api/forms/${form.id}`)).body.name).toBe('Mine');
  });

  const badSchemas: [string, unknown, RegExp][] = [
    ['root not an object type', { type: 'array', items: {} }, /root/],
    ['not an object at all', 'string', /must be a JSON object/],
    ['an array', [{ type: 'object' }], /must be a JSON object/],
    ['no schema at all', null, /must be a JSON object/],
    ['remote $ref', { type: 'object', properties: { a: { $ref: 'https://evil.example/schema.json' } } }, /local references/],
    ['$data', { type: 'object', properties: { a: { type: 'number', maximum: { $data: '1/b' } } } }, /\$data/],
    ['unsupported draft', { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object' }, /draft-07 or 2020-12/],
    ['unknown keyword', { type: 'object', properties: { a: { type: 'string', colour: 'red' } } }, /not valid JSON Schema/],
    [
      'lookahead pattern RE2 cannot run',
      { type: 'object', properties: { a: { type: 'string', pattern: '^(?=a)a$' } } },
      /not valid JSON Schema/,
    ],
    [
      'too deep',
      (() => {
        let s: any = { type: 'string' };
        for (let i = 0; i < 20; i++) s = { type: 'object', properties: { x: s } };
        return s;
      })(),
      /deeper/,
    ],
  ];
  it.each(badSchemas)('refuses a schema with %s: 422 invalid_schema', async (_name, schema, message) => {
    const res = await admin.post(`/api/apps/${appId}/forms`, { name: 'Bad', schema });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('invalid_schema');
    expect(res.body.message).toMatch(message);
  });

  it('refuses a bad schema or uiSchema on edit too, leaving the draft as it was', async () => {
    const { body: form } = await admin.post(`/api/apps/${appId}/forms`, { name: 'Keep', schema: simpleSchema });
    const res = await admin.put(`/api/forms/${form.id}`, { schema: { type: 'string' } });
    expect(res.status).toBe(422);
    const ui = await admin.put(`/api/forms/${form.id}`, { uiSchema: ['not', 'an', 'object'] });
    expect([ui.status, ui.body.code]).toEqual([422, 'invalid_schema']);
    expect((await admin.get(`/api/forms/${form.id}`)).body.draft.schema).toEqual(simpleSchema);
  });

  it('accepts draft-07 schemas', async () => {
    const res = await admin.post(`/api/apps/${appId}/forms`, {
      name: 'Old',
      schema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { a: { type: 'string' } } },
    });
    expect(res.status).toBe(201);
  });

  it('lets only admins and builders create apps; members get 403', async () => {
    const { client: member } = await userClient(server, admin, 'member');
    const res = await member.post('/api/apps', { name: 'Mine' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
    const { client: builder } = await userClient(server, admin, 'builder');
    expect((await builder.post('/api/apps', { name: 'Builder app' })).status).toBe(201);
  });
});
