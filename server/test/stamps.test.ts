import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, startTestServer, type Client, type TestServer } from './helpers.ts';

describe.each(DIALECTS)('current user and submit time fields on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('are written by the server, whatever the page sent, also inside sections', async () => {
    const schema = {
      type: 'object',
      properties: {
        note: { type: 'string' },
        by: { type: 'string', readOnly: true },
        at: { type: 'string', format: 'date-time', readOnly: true },
        approval: { type: 'object', properties: { checker: { type: 'string', readOnly: true } } },
      },
    };
    const uiSchema = {
      by: { 'ui:fieldType': 'currentUser' },
      at: { 'ui:fieldType': 'submitTime' },
      approval: { 'ui:fieldType': 'section', checker: { 'ui:fieldType': 'currentUser' } },
    };
    const app = (await admin.post('/api/apps', { name: 'Stamps' })).body;
    const form = (await admin.post(`/api/apps/${app.id}/forms`, { name: 'S', schema, uiSchema })).body;
    await admin.post(`/api/forms/${form.id}/publish`);
    const me = (await admin.get('/api/auth/me')).body.user;
    const res = await admin.post(`/api/forms/${form.id}/submissions`, {
      data: { note: 'x', by: 'someone-else', at: '2000-01-01T00:00:00Z' },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({ note: 'x', by: me.id, at: res.body.createdAt, approval: { checker: me.id } });
  });
});
