import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, publishedForm, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';

// Nothing here is delivered: the dispatcher's timer stays off.
process.env.FORMLOOM_DISPATCH_INTERVAL_MS = '0';

/** A public address (never contacted: saving only checks it). */
const PUBLIC_URL = 'https://93.184.215.14/hooks/formloom';

/** Subscriptions: create, read, change, delete, secrets, validation and who may do what. */
describe.each(DIALECTS)('webhook subscriptions on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let appId: string;
  let formId: string;
  let otherAppId: string;

  const create = (client: Client, body: object) =>
    client.post('/api/webhooks', { url: PUBLIC_URL, events: ['submission.created'], ...body });
  const patch = (client: Client, id: string, body: object) => client.request('PATCH', `/api/webhooks/${id}`, { body });
  const row = (id: string) => server.app.db('webhook_subscriptions').where({ id }).first();

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    ({ appId, formId } = await publishedForm(admin));
    ({ appId: otherAppId } = await publishedForm(admin));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates a subscription: 201 with a whsec_ secret of 32 random bytes, stored sealed, shown again only on request', async () => {
    const res = await create(admin, {
      formId,
      description: 'ERP',
      events: ['submission.created', 'approval.*', 'submission.created'],
      headers: { 'X-Api-Key': 'k1' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      url: PUBLIC_URL,
      description: 'ERP',
      events: ['submission.created', 'approval.*'],
      appId,
      formId,
      filter: null,
      headers: { 'X-Api-Key': 'k1' },
      format: 'canonical',
      template: null,
      contentType: 'application/json',
      enabled: true,
      disabledReason: null,
      failingSince: null,
      stats: { succeeded: 0, failed: 0, dead: 0, pending: 0 },
    });
    const secret: string = res.body.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);

    const stored = await row(res.body.id);
    expect(stored.secret_sealed).not.toContain(secret.slice(6));
    expect(server.app.secretBox.open(stored.secret_sealed)).toBe(secret);

    const got = await admin.get(`/api/webhooks/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body.secret).toBeUndefined();
    expect(got.body.ownerId).toBe(res.body.ownerId);
    const revealed = await admin.get(`/api/webhooks/${res.body.id}/secret`);
    expect(revealed.status).toBe(200);
    expect(revealed.body.secret).toBe(secret);
  });

  it('stores a template subscription and its content type', async () => {
    const res = await create(admin, { appId, template: '{"who": "{{submission.submittedBy.name}}"}', contentType: 'application/json' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ format: 'template', template: '{"who": "{{submission.submittedBy.name}}"}', appId, formId: null });
    const text = await create(admin, { appId, template: 'New: {{type}}', contentType: 'text/plain' });
    expect(text.body).toMatchObject({ format: 'template', contentType: 'text/plain' });
    // No template: the canonical JSON, whatever content type was asked for.
    const blank = await create(admin, { appId, template: '  ', contentType: 'text/plain' });
    expect(blank.body).toMatchObject({ format: 'canonical', template: null, contentType: 'application/json' });
  });

  it('lists newest first, narrowed by appId and formId, and hides Zapier hooks', async () => {
    const mine = await create(admin, { appId: otherAppId, description: 'other app' });
    const zapier = (await create(admin, { appId: otherAppId })).body.id;
    await server.app.db('webhook_subscriptions').where({ id: zapier }).update({ format: 'zapier' });

    const all = await admin.get('/api/webhooks');
    expect(all.status).toBe(200);
    const ids = all.body.items.map((w: { id: string }) => w.id);
    expect(ids[0]).toBe(mine.body.id);
    expect(ids).not.toContain(zapier);
    const inOther = await admin.get(`/api/webhooks?appId=${otherAppId}`);
    expect(inOther.body.items.map((w: { id: string }) => w.id)).toEqual([mine.body.id]);
    const ofForm = await admin.get(`/api/webhooks?formId=${formId}`);
    expect(ofForm.body.items.length).toBeGreaterThan(0);
    expect(ofForm.body.items.every((w: { formId: string }) => w.formId === formId)).toBe(true);
    for (const path of ['', '/secret', '/deliveries']) expect((await admin.get(`/api/webhooks/${zapier}${path}`)).status).toBe(404);
    expect((await patch(admin, zapier, { description: 'x' })).status).toBe(404);
    expect((await admin.request('DELETE', `/api/webhooks/${zapier}`)).status).toBe(404);
  });

  it('PATCH changes only what is given, bumps the revision, and a new template bumps the template version', async () => {
    const { id } = (await create(admin, { formId, template: '{"a": "{{type}}"}' })).body;
    const before = await row(id);
    const described = await patch(admin, id, { description: 'renamed', events: ['submission.*'] });
    expect(described.status, JSON.stringify(described.body)).toBe(200);
    expect(described.body).toMatchObject({ description: 'renamed', events: ['submission.*'], template: '{"a": "{{type}}"}', formId });
    expect(described.body.secret).toBeUndefined();
    let after = await row(id);
    expect(after.revision).toBe(before.revision + 1);
    expect(after.template_version).toBe(before.template_version);

    await patch(admin, id, { template: '{"b": "{{type}}"}' });
    after = await row(id);
    expect(after.template_version).toBe(before.template_version + 1);
    expect(after.revision).toBe(before.revision + 2);
    await patch(admin, id, { contentType: 'text/plain' });
    expect((await row(id)).template_version).toBe(before.template_version + 2);

    const canonical = await patch(admin, id, { template: null });
    expect(canonical.body).toMatchObject({ format: 'canonical', template: null, contentType: 'application/json' });
    const unchanged = await patch(admin, id, {});
    expect(unchanged.status).toBe(200);
    expect((await row(id)).revision).toBe(before.revision + 4);
  });

  it('concurrent PATCHes never lose an update: each one applied bumps the revision, the others answer 409 webhook_changed', async () => {
    const { id } = (await create(admin, { appId })).body;
    const start = (await row(id)).revision;
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => patch(admin, id, { description: `edit ${i}` })));
    const applied = answers.filter((a) => a.status === 200).length;
    for (const a of answers) if (a.status !== 200) expect(a.body).toMatchObject({ statusCode: 409, code: 'webhook_changed' });
    expect(applied).toBeGreaterThan(0);
    expect((await row(id)).revision).toBe(start + applied);
  });

  it('rotateSecret answers with a new secret that replaces the old one', async () => {
    const created = (await create(admin, { appId })).body;
    const rotated = await patch(admin, created.id, { rotateSecret: true });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.secret);
    expect((await admin.get(`/api/webhooks/${created.id}/secret`)).body.secret).toBe(rotated.body.secret);
  });

  it('disabling marks it manual; enabling again clears the disabled reason and failing-since', async () => {
    const { id } = (await create(admin, { appId })).body;
    const off = await patch(admin, id, { enabled: false });
    expect(off.body).toMatchObject({ enabled: false, disabledReason: 'manual' });
    await server.app
      .db('webhook_subscriptions')
      .where({ id })
      .update({ disabled_reason: 'failing', failing_since: '2026-11-01T00:00:00.000Z' });
    expect((await admin.get(`/api/webhooks/${id}`)).body).toMatchObject({
      disabledReason: 'failing',
      failingSince: '2026-11-01T00:00:00.000Z',
    });
    const on = await patch(admin, id, { enabled: true });
    expect(on.body).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
  });

  it('DELETE answers 204 and removes the subscription with its deliveries', async () => {
    const { id } = (await create(admin, { appId })).body;
    const { id: eventId } = await server.app.db('domain_events').first('id');
    const now = new Date().toISOString();
    await server.app.db('webhook_deliveries').insert({
      id: `msg_${id}`,
      subscription_id: id,
      event_id: eventId,
      event_type: 'submission.created',
      status: 'pending',
      created_at: now,
      updated_at: now,
    });
    const res = await admin.request('DELETE', `/api/webhooks/${id}`);
    expect(res.status).toBe(204);
    expect((await admin.get(`/api/webhooks/${id}`)).body.code).toBe('webhook_not_found');
    expect(await server.app.db('webhook_deliveries').where({ subscription_id: id })).toEqual([]);
    expect((await admin.request('DELETE', `/api/webhooks/${id}`)).status).toBe(404);
  });

  it('documents every route with the statuses it answers (OpenAPI)', async () => {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    const statuses = (path: string, method: string) => Object.keys(doc.paths[path]?.[method]?.responses ?? {});
    expect(statuses('/api/webhooks', 'post')).toEqual(expect.arrayContaining(['201', '400', '403', '404', '422']));
    expect(statuses('/api/webhooks', 'get')).toContain('200');
    expect(statuses('/api/webhooks/{id}', 'get')).toEqual(expect.arrayContaining(['200', '404']));
    expect(statuses('/api/webhooks/{id}', 'patch')).toEqual(expect.arrayContaining(['200', '403', '404', '409', '422']));
    expect(statuses('/api/webhooks/{id}', 'delete')).toEqual(expect.arrayContaining(['204', '404']));
    expect(statuses('/api/webhooks/{id}/secret', 'get')).toEqual(expect.arrayContaining(['200', '403', '404']));
    expect(statuses('/api/webhooks/{id}/deliveries', 'get')).toEqual(expect.arrayContaining(['200', '404']));
    expect(statuses('/api/webhooks/{id}/replay', 'post')).toEqual(expect.arrayContaining(['200', '404', '409']));
    expect(statuses('/api/webhooks/preview', 'post')).toEqual(expect.arrayContaining(['200', '404', '422']));
    expect(statuses('/api/deliveries/{deliveryId}', 'get')).toEqual(expect.arrayContaining(['200', '404']));
    expect(statuses('/api/deliveries/{deliveryId}/replay', 'post')).toEqual(expect.arrayContaining(['202', '404', '409']));
  });

  describe('validation', () => {
    it.each([
      ['http://127.0.0.1:8080/hook', 'loopback'],
      ['http://10.1.2.3/hook', 'private'],
      ['http://169.254.169.254/latest/meta-data/', 'metadata'],
      ['http://localhost:3000/hook', 'loopback'],
    ])('%s → 422 webhook_url_not_allowed, nothing saved', async (url, words) => {
      const before = (await server.app.db('webhook_subscriptions').count({ n: '*' }).first())!.n;
      const res = await create(admin, { appId, url });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('webhook_url_not_allowed');
      expect(res.body.message).toContain(words);
      expect(res.body.details).toEqual({ path: 'url' });
      expect((await server.app.db('webhook_subscriptions').count({ n: '*' }).first())!.n).toBe(before);
    });

    it('a PATCH to a refused URL is refused and the old URL stays', async () => {
      const { id } = (await create(admin, { appId })).body;
      const res = await patch(admin, id, { url: 'http://192.168.1.1/' });
      expect(res.body.code).toBe('webhook_url_not_allowed');
      expect((await admin.get(`/api/webhooks/${id}`)).body.url).toBe(PUBLIC_URL);
    });

    it.each(['not a url', 'ftp://example.com/drop', 'https://user:pw@example.com/x', 'javascript:alert(1)'])(
      '%s → 422 invalid_webhook_url',
      async (url) => {
        const res = await create(admin, { appId, url });
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('invalid_webhook_url');
      },
    );

    it('invalid_filter: conditions on the submitter, and fields the form does not have', async () => {
      const submitter = await create(admin, { formId, filter: { submitter: 'role', op: 'eq', value: 'admin' } });
      expect(submitter.status).toBe(422);
      expect(submitter.body).toMatchObject({ code: 'invalid_filter', details: [{ path: 'filter' }] });
      const unknown = await create(admin, {
        formId,
        filter: { all: [{ field: ['qty'], op: 'gt', value: 1 }, { not: { field: ['colour'], op: 'eq', value: 'red' } }] },
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body.code).toBe('invalid_filter');
      expect(unknown.body.details).toEqual([{ path: 'filter.all.1.not.field', message: 'The form has no field "colour".' }]);
      const fine = await create(admin, {
        formId,
        filter: {
          any: [
            { field: ['qty'], op: 'gte', value: 5 },
            { field: ['items', 'sku'], op: 'eq', value: 'X' },
          ],
        },
      });
      expect(fine.status, JSON.stringify(fine.body)).toBe(201);
      // Without a form, keys cannot be checked: any field condition is taken.
      expect((await create(admin, { appId, filter: { field: ['anything'], op: 'notEmpty' } })).status).toBe(201);
      // Moving a filtered subscription to a form without those fields is refused too.
      const { formId: bare } = await publishedForm(admin, { type: 'object', properties: { other: { type: 'string' } } });
      expect((await patch(admin, fine.body.id, { formId: bare })).body.code).toBe('invalid_filter');
    });

    it('invalid_template names the line; unknown helpers and partials are refused when saved', async () => {
      const parse = await create(admin, { appId, template: '{\n  "a": "{{type}}",\n  "b": "{{#if x}}"\n}' });
      expect(parse.status).toBe(422);
      expect(parse.body.code).toBe('invalid_template');
      expect(parse.body.details).toMatchObject({ path: 'template' });
      expect(parse.body.details.line).toBeGreaterThanOrEqual(3);
      const helper = await create(admin, { appId, template: '{"a": "{{exec "ls"}}"}' });
      expect(helper.body).toMatchObject({ code: 'invalid_template' });
      expect(helper.body.message).toContain('unknown helper exec');
      expect((await create(admin, { appId, template: '{{> secrets}}', contentType: 'text/plain' })).body.code).toBe('invalid_template');
      expect((await create(admin, { appId, template: '{"a": {{{type}}}}' })).body.code).toBe('invalid_template');
    });

    it('bad bodies answer 400 invalid_request (unknown events, reserved headers, unknown keys)', async () => {
      for (const body of [
        { events: ['submission.exploded'] },
        { events: [] },
        { headers: { 'webhook-signature': 'v1,forged' } },
        { headers: { 'X-Bad': 'line\r\nbreak' } },
        { secret: 'whsec_mine' },
        { url: '' },
      ]) {
        const res = await create(admin, { appId, ...body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.code).toBe('invalid_request');
      }
      expect((await admin.post('/api/webhooks', { events: ['submission.created'] })).status).toBe(400);
    });

    it('a form outside the app given is invalid_scope; unknown ids are 404', async () => {
      expect((await create(admin, { appId: otherAppId, formId })).body.code).toBe('invalid_scope');
      expect((await create(admin, { formId: 'no-such-form' })).body.code).toBe('form_not_found');
      expect((await create(admin, { appId: 'no-such-app' })).body.code).toBe('app_not_found');
      expect((await admin.get('/api/webhooks/no-such-webhook')).status).toBe(404);
    });
  });

  describe('permissions', () => {
    let editor: Client;
    let editorId: string;
    let filler: Client;
    let stranger: Client;
    let adminHook: string;
    let otherAppHook: string;

    beforeAll(async () => {
      const e = await userClient(server, admin, 'builder', 'editor');
      editor = e.client;
      editorId = e.user.id;
      const f = await userClient(server, admin, 'member', 'filler');
      filler = f.client;
      stranger = (await userClient(server, admin, 'member', 'stranger')).client;
      const grants = [
        { principal: editorId, permissions: ['edit'] },
        { principal: f.user.id, permissions: ['fill', 'view_all'] },
      ];
      expect((await admin.put(`/api/apps/${appId}/grants`, { grants })).status).toBe(200);
      adminHook = (await create(admin, {})).body.id;
      otherAppHook = (await create(admin, { appId: otherAppId })).body.id;
    });

    it('an app editor subscribes to their app or form, and must name one', async () => {
      const byForm = await create(editor, { formId });
      expect(byForm.status, JSON.stringify(byForm.body)).toBe(201);
      expect(byForm.body).toMatchObject({ appId, formId, ownerId: editorId });
      expect((await create(editor, { appId })).status).toBe(201);
      const unscoped = await create(editor, {});
      expect(unscoped.status).toBe(403);
      expect(unscoped.body.code).toBe('forbidden');
    });

    it('others: 403 creating where they only fill, 404 where they cannot see', async () => {
      const fill = await create(filler, { formId });
      expect(fill.status).toBe(403);
      expect(fill.body.code).toBe('forbidden');
      expect((await create(filler, { appId })).status).toBe(403);
      expect((await create(stranger, { formId })).body.code).toBe('form_not_found');
      expect((await create(stranger, { appId })).body.code).toBe('app_not_found');
      // The editor may see the other app, but does not edit it.
      expect((await create(editor, { appId: otherAppId })).status).toBe(403);
    });

    it('an editor sees and manages only the subscriptions of apps they edit; others are 404', async () => {
      const own = (await create(editor, { appId, description: 'editor’s' })).body;
      const colleague = (await create(admin, { formId, description: 'admin’s, in the editor’s app' })).body;
      const listed = (await editor.get('/api/webhooks')).body.items.map((w: { id: string }) => w.id);
      expect(listed).toContain(own.id);
      expect(listed).toContain(colleague.id);
      expect(listed).not.toContain(adminHook);
      expect(listed).not.toContain(otherAppHook);
      expect((await editor.get(`/api/webhooks?appId=${otherAppId}`)).body.items).toEqual([]);

      for (const id of [adminHook, otherAppHook]) {
        expect((await editor.get(`/api/webhooks/${id}`)).body.code).toBe('webhook_not_found');
        expect((await patch(editor, id, { description: 'mine now' })).status).toBe(404);
        expect((await editor.request('DELETE', `/api/webhooks/${id}`)).status).toBe(404);
        expect((await editor.get(`/api/webhooks/${id}/secret`)).status).toBe(404);
        expect((await editor.get(`/api/webhooks/${id}/deliveries`)).status).toBe(404);
        expect((await editor.post(`/api/webhooks/${id}/replay`, { since: '2026-01-01T00:00:00Z' })).status).toBe(404);
      }
      expect((await patch(editor, colleague.id, { description: 'edited by the editor' })).status).toBe(200);
      // Their own secret they may read; a colleague's they may rotate but not read.
      expect((await editor.get(`/api/webhooks/${own.id}/secret`)).body.secret).toBe(own.secret);
      expect((await editor.get(`/api/webhooks/${colleague.id}/secret`)).status).toBe(403);
      expect((await patch(editor, colleague.id, { rotateSecret: true })).body.secret).toMatch(/^whsec_/);
      // Moving it to an app they do not edit is not theirs to do.
      expect((await patch(editor, own.id, { appId: otherAppId })).status).toBe(403);
      expect((await editor.get(`/api/webhooks/${own.id}`)).body.appId).toBe(appId);
      // The stranger sees nothing at all.
      expect((await stranger.get('/api/webhooks')).body.items).toEqual([]);
      expect((await stranger.get(`/api/webhooks/${own.id}`)).status).toBe(404);
      // Losing the edit grant loses the subscriptions too.
      expect((await admin.put(`/api/apps/${appId}/grants`, { grants: [] })).status).toBe(200);
      expect((await editor.get(`/api/webhooks/${own.id}`)).status).toBe(404);
      expect((await editor.get('/api/webhooks')).body.items).toEqual([]);
    });

    it('answers 401 without a session', async () => {
      const anonymous = await fetch(`${server.url}/api/webhooks`);
      expect(anonymous.status).toBe(401);
    });
  });
});
