import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';

const TEMPLATE_IDS = [
  'health-declaration',
  'inventory',
  'purchase-request',
  'leave-request',
  'sales-order',
  'site-check-in',
  'payment-request',
];

describe.each(DIALECTS)('templates on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists the bundled templates with names in both languages', async () => {
    const res = await admin.get('/api/templates');
    expect(res.status).toBe(200);
    expect(res.body.items.map((t: any) => t.id).sort()).toEqual([...TEMPLATE_IDS].sort());
    for (const t of res.body.items) {
      expect(t.name.en).toBeTruthy();
      expect(t.name['zh-Hant']).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it.each(TEMPLATE_IDS)('installs %s as an app with published forms', async (id) => {
    const res = await admin.post(`/api/templates/${id}/install`);
    expect(res.status).toBe(201);
    expect(res.body.app.id).toBeTruthy();
    expect(res.body.forms.length).toBeGreaterThan(0);
    for (const f of res.body.forms) expect(f).toMatchObject({ status: 'published', latestVersion: 1, published: { version: 1 } });
    const forms = (await admin.get(`/api/apps/${res.body.app.id}/forms`)).body.items;
    expect(forms.length).toBe(res.body.forms.length);
  });

  it("links the stock movement's item and zone relations to the installed item and zone forms", async () => {
    const { body } = await admin.post('/api/templates/inventory/install');
    const [item, zone, movement] = body.forms;
    expect(movement.published.uiSchema.item['ui:options'].form).toBe(item.id);
    expect(movement.published.uiSchema.zone['ui:options'].form).toBe(zone.id);
    expect(movement.published.uiSchema.toZone['ui:options'].form).toBe(zone.id);
  });

  it("names the installed app in the caller's language", async () => {
    const res = await admin.post('/api/templates/leave-request/install', undefined, {
      headers: { 'accept-language': 'zh-HK,zh;q=0.9,en;q=0.5' },
    });
    expect(res.body.app.name).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a member may not install templates; unknown ids are 404', async () => {
    const { client } = await userClient(server, admin, 'member');
    expect((await client.post('/api/templates/inventory/install')).status).toBe(403);
    const res = await admin.post('/api/templates/nope/install');
    expect([res.status, res.body.code]).toEqual([404, 'template_not_found']);
  });

  it('an installed health declaration accepts a real declaration and exports it', async () => {
    const { body } = await admin.post('/api/templates/health-declaration/install');
    const form = body.forms[0];
    const bad = await admin.post(`/api/forms/${form.id}/submissions`, { data: {} });
    expect(bad.status).toBe(422);
    expect(bad.body.details.length).toBeGreaterThan(1);
  });
});

describe('OpenAPI', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('serves an OpenAPI 3 document generated from the zod models', async () => {
    const res = await fetch(`${server.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/health',
      '/api/auth/login',
      '/api/apps',
      '/api/apps/{appId}/forms',
      '/api/forms/{formId}/publish',
      '/api/forms/{formId}/submissions',
      '/api/forms/{formId}/submissions/export',
      '/api/templates/{templateId}/install',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    const create = doc.paths['/api/forms/{formId}/submissions'].post;
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '404', '409', '422']));
    expect(JSON.stringify(doc.components.schemas)).toContain('ApiError');
  });
});
