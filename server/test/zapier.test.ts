import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, Client, publishedForm, startTestServer, userClient, type TestServer } from './helpers.ts';
import { approve, buildOrg, installFlowTemplate, leaveData, pendingTask, submit as submitAs, type Org } from './workflowFixtures.ts';

/**
 * The Zapier endpoints played the way a Zapier app calls them: an API token in the Authorization
 * header, the connection test, the form dropdown, subscribe/unsubscribe, the polling trigger and
 * the Zap editor's sample. Delivery through the dispatcher is in zapier.delivery.test.ts.
 */

const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** A form with what Zapier items treat specially: a file, a sub-table, a field named like an item key. */
const orderSchema = {
  type: 'object',
  title: 'Order',
  required: ['customer'],
  properties: {
    customer: { type: 'string', title: 'Customer' },
    quantity: { type: 'integer', title: 'Quantity', minimum: 1 },
    status: { type: 'string', title: 'Status', enum: ['new', 'paid'] },
    due: { type: 'string', format: 'date', title: 'Due' },
    receipt: { type: 'string', title: 'Receipt' },
    lines: {
      type: 'array',
      title: 'Lines',
      items: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'number' } } },
    },
  },
};
const orderUi = { receipt: { 'ui:fieldType': 'file' } };

/** Makes an API token for a signed-in client and returns a client that uses only the token. */
async function tokenClient(server: TestServer, signedIn: Client): Promise<Client> {
  const res = await signedIn.post('/api/auth/tokens', { name: 'Zapier' });
  expect(res.status).toBe(201);
  const zapier = new Client(server.url);
  zapier.bearer = res.body.token;
  return zapier;
}

describe.each(DIALECTS)('Zapier endpoints on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let zapier: Client;
  let formId: string;
  let appId: string;

  const publicUrl = process.env.FORMLOOM_PUBLIC_URL;
  beforeAll(async () => {
    // Where file links point (read when an item is built).
    process.env.FORMLOOM_PUBLIC_URL = 'https://forms.example.com/';
    server = await startTestServer(dialect, { webhookAllowHosts: ['127.0.0.1'] });
    admin = await adminClient(server);
    zapier = await tokenClient(server, admin);
    const app = await admin.post('/api/apps', { name: 'Shop' });
    appId = app.body.id;
    const form = await admin.post(`/api/apps/${appId}/forms`, { name: 'Orders', schema: orderSchema, uiSchema: orderUi });
    expect(form.status).toBe(201);
    formId = form.body.id;
    expect((await admin.post(`/api/forms/${formId}/publish`)).status).toBe(201);
  });
  afterAll(async () => {
    if (publicUrl === undefined) delete process.env.FORMLOOM_PUBLIC_URL;
    else process.env.FORMLOOM_PUBLIC_URL = publicUrl;
    await server?.close();
  });

  const submit = async (data: Record<string, unknown>) => {
    const res = await admin.post(`/api/forms/${formId}/submissions`, { data });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const uploadReceipt = async (name: string) => {
    const res = await admin.request('POST', '/api/files', {
      rawBody: PNG_1PX as unknown as string,
      headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const poll = (event: string, id = formId) => zapier.get(`/api/hooks/poll?event=${encodeURIComponent(event)}&formId=${id}`);

  it('refuses calls without a token, or with a revoked or malformed one (401)', async () => {
    const anonymous = new Client(server.url);
    for (const url of ['/api/hooks/me', '/api/hooks/forms', `/api/hooks/poll?event=submission.created&formId=${formId}`]) {
      const res = await anonymous.get(url);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('unauthenticated');
    }
    const subscribe = await anonymous.post('/api/hooks/subscribe', {
      targetUrl: 'http://127.0.0.1:9/',
      event: 'submission.created',
      formId,
    });
    expect(subscribe.status).toBe(401);
    const wrong = new Client(server.url);
    wrong.bearer = 'flt_not-a-token';
    expect((await wrong.get('/api/hooks/me')).status).toBe(401);
    const basic = await fetch(`${server.url}/api/hooks/me`, { headers: { authorization: 'Basic YTpi' } });
    expect(basic.status).toBe(401);
    expect(Number((await server.app.db('webhook_subscriptions').count({ n: '*' }).first())?.n)).toBe(0);
  });

  it('lists its routes in the OpenAPI document with their answers', async () => {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    expect(Object.keys(doc.paths['/api/hooks/subscribe'].post.responses)).toEqual(expect.arrayContaining(['201', '404', '422']));
    expect(Object.keys(doc.paths['/api/hooks/{id}'].delete.responses)).toEqual(expect.arrayContaining(['204', '404']));
    for (const path of ['/api/hooks/poll', '/api/hooks/sample', '/api/hooks/forms', '/api/hooks/me'])
      expect(doc.paths[path]?.get).toBeTruthy();
  });

  it("answers the connection test with the token's user", async () => {
    const res = await zapier.get('/api/hooks/me');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: expect.any(String), email: 'admin@example.com', name: expect.any(String) });
  });

  it('lists the published forms whose data the caller may see, for the dropdown', async () => {
    await admin.post(`/api/apps/${appId}/forms`, { name: 'Draft only', schema: orderSchema }); // never published
    const other = await publishedForm(admin);
    const { client: member, user } = await userClient(server, admin, 'member', 'viewer');
    await admin.put(`/api/apps/${appId}/grants`, { grants: [{ principal: user.id, permissions: ['view_all'] }] });
    await admin.put(`/api/apps/${other.appId}/grants`, { grants: [{ principal: user.id, permissions: ['fill'] }] });

    const all = await zapier.get('/api/hooks/forms');
    expect(all.status).toBe(200);
    expect(all.body).toContainEqual({ id: formId, name: 'Orders', app: 'Shop' });
    expect(all.body).toContainEqual({ id: other.formId, name: 'Test form', app: 'Test app' });
    expect(all.body.map((f: any) => f.name)).not.toContain('Draft only');

    const memberZapier = await tokenClient(server, member);
    const mine = await memberZapier.get('/api/hooks/forms');
    expect(mine.body).toEqual([{ id: formId, name: 'Orders', app: 'Shop' }]);
  });

  it('subscribes a target URL to one event of a form: a zapier-format webhook subscription with a sealed secret', async () => {
    const res = await zapier.post('/api/hooks/subscribe', {
      targetUrl: 'https://hooks.zapier.com/hooks/standard/1/abc/',
      event: 'submission.created',
      formId,
      // Zapier sends more than we need; it is ignored.
      subscriptionData: { zap: 42 },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/) });
    const row = await server.app.db('webhook_subscriptions').where({ id: res.body.id }).first();
    const me = (await zapier.get('/api/hooks/me')).body;
    expect(row).toMatchObject({
      format: 'zapier',
      url: 'https://hooks.zapier.com/hooks/standard/1/abc/',
      form_id: formId,
      app_id: appId,
      owner_id: me.id,
      template: null,
      filter: null,
    });
    expect(typeof row.events === 'string' ? JSON.parse(row.events) : row.events).toEqual(['submission.created']);
    expect(Boolean(row.enabled)).toBe(true);
    expect(row.secret_sealed).not.toContain(res.body.secret.slice(6));
    expect(server.app.secretBox.open(row.secret_sealed)).toBe(res.body.secret);
  });

  it('refuses unknown events (422 unknown_event), forbidden URLs (422 webhook_url_not_allowed) and bad bodies (400)', async () => {
    const base = { targetUrl: 'https://hooks.zapier.com/hooks/standard/1/x/', event: 'submission.created', formId };
    const before = Number((await server.app.db('webhook_subscriptions').count({ n: '*' }).first())?.n);

    for (const event of ['submission.exploded', 'approval.approved', 'form.published', '*']) {
      const res = await zapier.post('/api/hooks/subscribe', { ...base, event });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('unknown_event');
      expect(res.body.message).toContain('submission.status_changed');
    }
    for (const targetUrl of ['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/hook', 'not a url', 'ftp://hooks.example.com/']) {
      const res = await zapier.post('/api/hooks/subscribe', { ...base, targetUrl });
      expect(res.status, targetUrl).toBe(422);
      expect(res.body.code).toBe('webhook_url_not_allowed');
    }
    const missing = await zapier.post('/api/hooks/subscribe', { event: 'submission.created', formId });
    expect(missing.status).toBe(400);
    const pollBad = await poll('submission.nope');
    expect(pollBad.status).toBe(422);
    expect(pollBad.body.code).toBe('unknown_event');
    expect((await zapier.get(`/api/hooks/sample?event=nope&formId=${formId}`)).body.code).toBe('unknown_event');

    expect(Number((await server.app.db('webhook_subscriptions').count({ n: '*' }).first())?.n)).toBe(before);
  });

  it('answers 404 form_not_found for unknown forms and forms whose data the caller may not see', async () => {
    const { client: filler, user } = await userClient(server, admin, 'member', 'filler');
    await admin.put(`/api/apps/${appId}/grants`, { grants: [{ principal: user.id, permissions: ['fill'] }] });
    const fillerZapier = await tokenClient(server, filler);
    const body = { targetUrl: 'https://hooks.zapier.com/hooks/standard/1/y/', event: 'submission.created' };

    for (const [client, id] of [
      [zapier, 'no-such-form'],
      [fillerZapier, formId],
    ] as const) {
      const res = await client.post('/api/hooks/subscribe', { ...body, formId: id });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('form_not_found');
      expect((await client.get(`/api/hooks/poll?event=submission.created&formId=${id}`)).status).toBe(404);
      expect((await client.get(`/api/hooks/sample?event=submission.created&formId=${id}`)).status).toBe(404);
    }
    expect((await fillerZapier.get('/api/hooks/forms')).body).toEqual([]);
  });

  it("unsubscribes its own hooks only: another user's, a plain webhook's or an unknown id is 404", async () => {
    const mine = (
      await zapier.post('/api/hooks/subscribe', {
        targetUrl: 'https://hooks.zapier.com/hooks/standard/1/z/',
        event: 'submission.deleted',
        formId,
      })
    ).body.id;
    const { client: viewer, user } = await userClient(server, admin, 'member', 'other');
    await admin.put(`/api/apps/${appId}/grants`, { grants: [{ principal: user.id, permissions: ['view_all'] }] });
    const otherZapier = await tokenClient(server, viewer);

    const stranger = await otherZapier.request('DELETE', `/api/hooks/${mine}`);
    expect(stranger.status).toBe(404);
    expect(stranger.body.code).toBe('hook_not_found');
    expect(await server.app.db('webhook_subscriptions').where({ id: mine }).first()).toBeTruthy();

    // A canonical webhook row of the same owner is not a Zapier hook.
    const row = await server.app.db('webhook_subscriptions').where({ id: mine }).first();
    const json = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
    await server.app
      .db('webhook_subscriptions')
      .insert({ ...row, id: 'plain-webhook-1', format: 'canonical', events: json(row.events), headers: json(row.headers) });
    expect((await zapier.request('DELETE', '/api/hooks/plain-webhook-1')).status).toBe(404);
    expect((await zapier.request('DELETE', '/api/hooks/no-such-hook')).status).toBe(404);

    expect((await zapier.request('DELETE', `/api/hooks/${mine}`)).status).toBe(204);
    expect(await server.app.db('webhook_subscriptions').where({ id: mine }).first()).toBeUndefined();
    expect((await zapier.request('DELETE', `/api/hooks/${mine}`)).status).toBe(404);
    await server.app.db('webhook_subscriptions').where({ id: 'plain-webhook-1' }).delete();
  });

  it('polls the latest created items newest first, flat, with files as links, rows as objects and deleted ones left out', async () => {
    const receipt = await uploadReceipt('receipt 7.png');
    const first = await submit({
      customer: 'Ada',
      quantity: 2,
      status: 'paid',
      due: '2026-03-01',
      receipt,
      lines: [{ sku: 'A-1', qty: 2 }],
    });
    const second = await submit({ customer: 'Bob', quantity: 1 });
    const gone = await submit({ customer: 'Cy', quantity: 3 });
    expect((await admin.request('DELETE', `/api/submissions/${gone}`)).status).toBe(204);

    const res = await poll('submission.created');
    expect(res.status).toBe(200);
    expect(res.body.map((i: any) => i.id)).toEqual([second, first]);
    const me = (await zapier.get('/api/hooks/me')).body;
    const [newest, older] = res.body;
    expect(older).toEqual({
      id: first,
      event: 'submission.created',
      event_id: expect.any(String),
      occurred_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      form_id: formId,
      form_name: 'Orders',
      submission_id: first,
      status: 'submitted',
      previous_status: null,
      revision: null,
      submitted_by_id: me.id,
      submitted_by_name: me.name,
      submitted_by_email: 'admin@example.com',
      created_at: expect.any(String),
      updated_at: expect.any(String),
      customer: 'Ada',
      quantity: 2,
      field_status: 'paid',
      due: '2026-03-01',
      receipt: { name: 'receipt 7.png', url: `https://forms.example.com/api/files/${receipt}` },
      lines: [{ sku: 'A-1', qty: 2 }],
    });
    expect(newest).toMatchObject({ id: second, customer: 'Bob', quantity: 1 });
    expect(newest).not.toHaveProperty('receipt');

    // The file link opens with the same token (the Zapier app hydrates files with its auth).
    const file = await fetch(`${server.url}/api/files/${receipt}`, { headers: { authorization: `Bearer ${zapier.bearer}` } });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(PNG_1PX);
  });

  it('polls edits by revision and deletions once each, so Zapier dedupes them right', async () => {
    const id = await submit({ customer: 'Dee', quantity: 1 });
    expect((await admin.request('PATCH', `/api/submissions/${id}`, { body: { data: { customer: 'Dee', quantity: 5 } } })).status).toBe(200);
    expect((await admin.request('PATCH', `/api/submissions/${id}`, { body: { data: { customer: 'Dee', quantity: 6 } } })).status).toBe(200);

    const updated = (await poll('submission.updated')).body;
    expect(updated.map((i: any) => i.id)).toEqual([`${id}:r3`, `${id}:r2`]);
    expect(updated.map((i: any) => i.revision)).toEqual([3, 2]);
    // Items show the submission as it is now, as the hook does when it is sent.
    expect(updated[1]).toMatchObject({ event: 'submission.updated', submission_id: id, quantity: 6 });

    expect((await admin.request('DELETE', `/api/submissions/${id}`)).status).toBe(204);
    const deleted = (await poll('submission.deleted')).body;
    expect(deleted[0]).toMatchObject({
      id: `${id}:deleted`,
      event: 'submission.deleted',
      submission_id: id,
      status: 'deleted',
      form_name: 'Orders',
    });
    expect(deleted[0]).not.toHaveProperty('customer');
    expect((await poll('submission.updated')).body).toEqual([]);
    expect((await poll('submission.status_changed')).body).toEqual([]);
  });

  it('returns at most 50 items', async () => {
    const many = await publishedForm(admin, { type: 'object', properties: { n: { type: 'integer' } } });
    for (let n = 0; n < 53; n++) expect((await admin.post(`/api/forms/${many.formId}/submissions`, { data: { n } })).status).toBe(201);
    const res = await poll('submission.created', many.formId);
    expect(res.body).toHaveLength(50);
    expect(res.body[0].n).toBe(52);
    expect(res.body[49].n).toBe(3);
  });

  it('samples the latest real item, else one made from the form fields for the Zap editor', async () => {
    const real = await zapier.get(`/api/hooks/sample?event=submission.created&formId=${formId}`);
    expect(real.status).toBe(200);
    expect(real.body).toEqual([(await poll('submission.created')).body[0]]);

    const fresh = await admin.post(`/api/apps/${appId}/forms`, { name: 'Empty', schema: orderSchema, uiSchema: orderUi });
    await admin.post(`/api/forms/${fresh.body.id}/publish`);
    for (const event of ['submission.created', 'submission.updated', 'submission.status_changed']) {
      const res = await zapier.get(`/api/hooks/sample?event=${event}&formId=${fresh.body.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(1);
      const [item] = res.body;
      expect(item).toMatchObject({
        event,
        form_id: fresh.body.id,
        form_name: 'Empty',
        submitted_by_email: 'admin@example.com',
        customer: 'Sample Customer',
        quantity: 1,
        field_status: 'new',
        due: '2026-01-31',
        receipt: { name: 'document.pdf', url: 'https://forms.example.com/api/files/sample-file-receipt' },
        lines: [{ sku: 'Sample sku', qty: 1.5 }],
      });
      // The same keys a real item of this form has, so mappings made on the sample hold.
      const realKeys = Object.keys((await poll('submission.created')).body.find((i: any) => i.receipt && i.lines) ?? {});
      expect(Object.keys(item).sort()).toEqual(realKeys.sort());
    }
    const statusSample = (await zapier.get(`/api/hooks/sample?event=submission.status_changed&formId=${fresh.body.id}`)).body[0];
    expect(statusSample).toMatchObject({ status: 'approved', previous_status: 'pending' });
    const deletion = (await zapier.get(`/api/hooks/sample?event=submission.deleted&formId=${fresh.body.id}`)).body[0];
    expect(deletion).toMatchObject({ event: 'submission.deleted', status: 'deleted' });
    expect(deletion).not.toHaveProperty('customer');
  });

  it('samples from the latest submission when the trigger has no item yet', async () => {
    const res = await zapier.get(`/api/hooks/sample?event=submission.status_changed&formId=${formId}`);
    expect(res.status).toBe(200);
    const latest = (await poll('submission.created')).body[0];
    expect(res.body[0]).toMatchObject({
      event: 'submission.status_changed',
      submission_id: latest.submission_id,
      customer: latest.customer,
      previous_status: 'pending',
      status: 'approved',
    });
  });
});

describe.each(DIALECTS)('Zapier status-change trigger on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let zapier: Client;
  let org: Org;
  let formId: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    zapier = await tokenClient(server, admin);
    org = await buildOrg(server, admin);
    ({ formId } = await installFlowTemplate(admin, 'leave-request'));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('polls each status change once, also when a status comes back (returned, resubmitted, pending again)', async () => {
    const leave = await submitAs(org.staff, formId, leaveData(2));
    const task = await pendingTask(org.salesLead, leave.id);
    expect((await org.salesLead.client.post(`/api/tasks/${task.id}/return`, { comment: 'Wrong dates' })).status).toBe(200);
    expect((await org.staff.client.post(`/api/submissions/${leave.id}/resubmit`, { data: leaveData(1) })).status).toBe(200);
    await approve(org.salesLead, leave.id);

    const res = await zapier.get(`/api/hooks/poll?event=submission.status_changed&formId=${formId}`);
    expect(res.status).toBe(200);
    const changes = res.body.map((i: any) => [i.previous_status, i.status]);
    expect(changes[0]).toEqual(['pending', 'approved']);
    expect(changes).toContainEqual(['pending', 'returned']);
    expect(changes).toContainEqual(['returned', 'pending']);
    const ids = res.body.map((i: any) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const item of res.body) {
      expect(item.id).toBe(`${leave.id}:${item.status}:${item.event_id}`);
      expect(item).toMatchObject({
        event: 'submission.status_changed',
        submission_id: leave.id,
        submitted_by_email: org.staff.email,
        days: 1,
      });
    }
  });
});
