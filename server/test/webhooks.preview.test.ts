import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, publishedForm, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';
import { Receiver } from './receiver.ts';

process.env.FORMLOOM_DISPATCH_INTERVAL_MS = '0';

/** POST /api/webhooks/preview: the body for a real submission, the filter's verdict, nothing saved. */
describe.each(DIALECTS)('webhook preview on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let appId: string;
  let formId: string;
  let emptyFormId: string;
  let firstId: string;
  let latestId: string;

  const preview = (body: object, client: Client = admin) => client.post('/api/webhooks/preview', body);
  const submit = async (data: object) => {
    const res = await admin.post(`/api/forms/${formId}/submissions`, { data });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    server = await startTestServer(dialect, { webhookAllowHosts: ['127.0.0.1'] });
    admin = await adminClient(server);
    ({ appId, formId } = await publishedForm(admin));
    ({ formId: emptyFormId } = await publishedForm(admin));
    firstId = await submit({ name: 'First "quoted"', qty: 1 });
    latestId = await submit({ name: 'Latest', qty: 9, code: 'AB-12' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('the canonical body of the form’s latest submission is exactly what the dispatcher then sends', async () => {
    const res = await preview({ formId });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ contentType: 'application/json', matchesFilter: true, submissionId: latestId });
    const body = JSON.parse(res.body.body);
    expect(body).toMatchObject({
      type: 'submission.created',
      appId,
      formId,
      form: { id: formId, name: 'Test form' },
      data: { submissionId: latestId },
      submission: { id: latestId, data: { name: 'Latest', qty: 9, code: 'AB-12' }, submittedBy: { email: 'admin@example.com' } },
    });

    // The real delivery of that event carries the same body.
    const receiver = await new Receiver().start();
    try {
      const hook = await admin.post('/api/webhooks', { url: `${receiver.url}/in`, events: ['submission.created'], formId });
      receiver.setSecret(hook.body.secret);
      // Send the earlier event again as if the hook had been there then (hooks skip events older than themselves).
      await server.app.db('webhook_subscriptions').where({ id: hook.body.id }).update({ created_at: '2000-01-01T00:00:00.000Z' });
      await server.app.db('domain_events').update({ dispatched_at: null }).where({ form_id: formId, type: 'submission.created' });
      await server.app.dispatcher.drain();
      const sent = receiver.received.find((r) => JSON.parse(r.body).data.submissionId === latestId)!;
      expect(sent.verified).toBe(true);
      expect(sent.body).toBe(res.body.body);
    } finally {
      await receiver.stop();
    }
    // Nothing was saved by previewing: no subscription appeared from it.
    expect((await admin.get(`/api/webhooks?formId=${formId}`)).body.items).toHaveLength(1);
  });

  it('renders a template for a chosen submission, in JSON, text or form encoding', async () => {
    const json = await preview({
      submissionId: firstId,
      template: '{"name": "{{submission.data.name}}", "qty": {{submission.data.qty}}, "form": "{{form.name}}"}',
    });
    expect(json.status, JSON.stringify(json.body)).toBe(200);
    expect(json.body.submissionId).toBe(firstId);
    expect(JSON.parse(json.body.body)).toEqual({ name: 'First "quoted"', qty: 1, form: 'Test form' });
    const text = await preview({ formId, template: 'New {{type}}: {{upper submission.data.name}}', contentType: 'text/plain' });
    expect(text.body).toMatchObject({ body: 'New submission.created: LATEST', contentType: 'text/plain' });
    const form = await preview({
      formId,
      template: 'name={{submission.data.name}}&qty={{submission.data.qty}}',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(form.body.body).toBe('name=Latest&qty=9');
  });

  it('says whether the filter lets the submission through', async () => {
    const big = { field: ['qty'], op: 'gte', value: 5 };
    expect((await preview({ formId, filter: big })).body.matchesFilter).toBe(true);
    expect((await preview({ submissionId: firstId, filter: big })).body.matchesFilter).toBe(false);
    expect((await preview({ submissionId: firstId, filter: { not: big } })).body.matchesFilter).toBe(true);
    const unknown = await preview({ formId, filter: { field: ['colour'], op: 'eq', value: 'red' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('invalid_filter');
  });

  it('previews other events of the submission, with their real payload when there is one', async () => {
    const edited = await admin.request('PATCH', `/api/submissions/${latestId}`, { body: { data: { name: 'Latest, edited', qty: 9 } } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const res = await preview({ submissionId: latestId, event: 'submission.updated' });
    const body = JSON.parse(res.body.body);
    expect(body).toMatchObject({ type: 'submission.updated', data: { submissionId: latestId, revision: 2 } });
    expect(body.submission.data.name).toBe('Latest, edited');
    const invalid = await preview({ formId, event: 'submission.exploded' });
    expect(invalid.status).toBe(422);
    expect(invalid.body.code).toBe('invalid_event');
  });

  it('404 no_submission_to_preview when there is none; 422 for a bad template or no form/submission', async () => {
    const none = await preview({ formId: emptyFormId });
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('no_submission_to_preview');
    expect((await preview({ submissionId: 'no-such-submission' })).body.code).toBe('no_submission_to_preview');
    // A submission of another form than the one named is not one to preview with.
    expect((await preview({ formId: emptyFormId, submissionId: firstId })).body.code).toBe('no_submission_to_preview');
    const bad = await preview({ formId, template: '{"a": "{{#each}}"' });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('invalid_template');
    const notJson = await preview({ formId, template: '{"a": {{submission.data.name}}}' });
    expect(notJson.status).toBe(422);
    expect(notJson.body.message).toContain('valid JSON');
    expect((await preview({})).body.code).toBe('preview_needs_submission');
    expect((await preview({ formId, unknown: 1 })).status).toBe(400);
  });

  it('only app editors preview with a form’s submissions; others see no submission there', async () => {
    const { client: outsider, user } = await userClient(server, admin, 'member', 'outsider');
    await admin.put(`/api/apps/${appId}/grants`, { grants: [] });
    expect((await preview({ formId }, outsider)).body.code).toBe('form_not_found');
    expect((await preview({ submissionId: firstId }, outsider)).body.code).toBe('no_submission_to_preview');
    await admin.put(`/api/apps/${appId}/grants`, { grants: [{ principal: user.id, permissions: ['fill', 'view_all'] }] });
    expect((await preview({ formId }, outsider)).status).toBe(403);
    await admin.put(`/api/apps/${appId}/grants`, { grants: [{ principal: user.id, permissions: ['edit'] }] });
    expect((await preview({ submissionId: firstId }, outsider)).status).toBe(200);
  });
});
