import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorPermanentError, ConnectorRetryableError, defineConnector, type ConnectorPlugin } from '@formloom/plugin-api';
import type { DomainEvent } from '@formloom/schemas';
import { createDispatcher, type Dispatcher } from '../src/services/dispatcher/index.ts';
import { DIALECTS, adminClient, publishedForm, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';

process.env.FORMLOOM_DISPATCH_INTERVAL_MS = '0';

/**
 * A tiny connector standing in for Shopify/QuickBooks: it wants submissions of one form, and each
 * submission's fate is scripted by its `name` (ok, throttled once, refused for good).
 */
function fakeCrm(formId: () => string, seen: DomainEvent[]): ConnectorPlugin {
  const calls = new Map<string, number>();
  return defineConnector({
    id: 'fakecrm',
    name: 'Fake CRM',
    version: '0.0.1',
    events: ['submission.created'],
    migrations: [],
    accepts: async (event) => event.formId === formId(),
    async handle(event, host) {
      seen.push(event);
      const submissionId = (event.payload as { submissionId: string }).submissionId;
      const submission = await host.submissions.get(submissionId);
      const name = String(submission?.data.name);
      const n = (calls.get(submissionId) ?? 0) + 1;
      calls.set(submissionId, n);
      if (name === 'throttled' && n === 1) throw new ConnectorRetryableError('Throttled: 50 of 1000 points left', 30_000);
      if (name === 'refused' && n === 1) throw new ConnectorPermanentError('Email is invalid');
      await host.submissions.setExternalRef({ submissionId, kind: 'order', externalId: `gid://crm/Order/${n}`, label: `#${n}`, url: null });
      return { result: { order: n } };
    },
    routes: async () => {},
  });
}

describe.each(DIALECTS)('connector jobs and integration routes on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let dispatcher: Dispatcher;
  let appId: string;
  let formId: string;
  const seen: DomainEvent[] = [];

  const submit = async (name: string) =>
    (await admin.post(`/api/forms/${formId}/submissions`, { data: { name, qty: 1 } })).body.id as string;
  const jobOf = (submissionId: string) => server.app.db('connector_jobs').where({ submission_id: submissionId }).first();

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    ({ appId, formId } = await publishedForm(admin));
    dispatcher = createDispatcher(server.app, { connectors: [fakeCrm(() => formId, seen)] });
  });
  afterAll(async () => {
    await dispatcher?.stop();
    await server?.close();
  });

  it('makes a job per accepted event and records what the connector made', async () => {
    const other = await publishedForm(admin);
    const ignored = (await admin.post(`/api/forms/${other.formId}/submissions`, { data: { name: 'ok', qty: 1 } })).body.id;
    const id = await submit('ok');
    const pass = await dispatcher.runOnce();
    expect(pass.jobs.succeeded).toBe(1);
    expect(await jobOf(ignored)).toBeUndefined();
    const job = await jobOf(id);
    expect(job).toMatchObject({
      connector: 'fakecrm',
      event_type: 'submission.created',
      status: 'succeeded',
      attempts: 1,
      last_error: null,
    });
    expect(typeof job.result === 'string' ? JSON.parse(job.result) : job.result).toEqual({ order: 1 });

    const res = await admin.get(`/api/submissions/${id}/integrations`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        connector: 'fakecrm',
        jobId: job.id,
        status: 'succeeded',
        attempts: 1,
        lastError: null,
        nextAttemptAt: null,
        refs: [{ kind: 'order', externalId: 'gid://crm/Order/1', label: '#1', url: null }],
      }),
    ]);
    // A submission nobody connected: an empty list.
    expect((await admin.get(`/api/submissions/${ignored}/integrations`)).body.items).toEqual([]);
  });

  it("retries a throttled job after the connector's own wait", async () => {
    const id = await submit('throttled');
    const t0 = new Date();
    expect((await dispatcher.runOnce(t0)).jobs.failed).toBe(1);
    const failed = await jobOf(id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, last_error: 'Throttled: 50 of 1000 points left' });
    expect(failed.next_attempt_at).toBe(new Date(t0.getTime() + 30_000).toISOString());
    const listed = (await admin.get(`/api/submissions/${id}/integrations`)).body.items[0];
    expect(listed).toMatchObject({ status: 'failed', nextAttemptAt: failed.next_attempt_at, lastError: failed.last_error });

    expect((await dispatcher.runOnce(new Date(t0.getTime() + 29_000))).jobs.succeeded).toBe(0);
    expect((await dispatcher.runOnce(new Date(t0.getTime() + 31_000))).jobs.succeeded).toBe(1);
    expect(await jobOf(id)).toMatchObject({ status: 'succeeded', attempts: 2, last_error: null });
  });

  it('gives up at once on a permanent error, tells the app editors and admins, and lets an editor retry', async () => {
    const { user: editor, client: editorClient } = await userClient(server, admin, 'member', 'editor');
    const { user: viewer, client: viewerClient } = await userClient(server, admin, 'member', 'viewer');
    const { client: stranger } = await userClient(server, admin, 'member', 'stranger');
    const grants = await admin.request('PUT', `/api/apps/${appId}/grants`, {
      body: {
        grants: [
          { principal: editor.id, permissions: ['edit'] },
          { principal: viewer.id, permissions: ['view_all'] },
        ],
      },
    });
    expect(grants.status).toBe(200);

    const id = await submit('refused');
    expect((await dispatcher.runOnce()).jobs.dead).toBe(1);
    const job = await jobOf(id);
    expect(job).toMatchObject({ status: 'dead', attempts: 1, last_error: 'Email is invalid', next_attempt_at: null });

    const told = await server.app.db('notifications').where({ kind: 'integration_failed', submission_id: id }).select('user_id', 'params');
    const adminId = (await admin.get('/api/auth/me')).body.user.id;
    expect(told.map((n) => n.user_id).sort()).toEqual([adminId, editor.id].sort());
    const params = typeof told[0].params === 'string' ? JSON.parse(told[0].params) : told[0].params;
    expect(params).toMatchObject({ connector: 'Fake CRM', formName: 'Test form', message: 'Email is invalid' });

    // Who may see and who may retry.
    expect((await stranger.get(`/api/submissions/${id}/integrations`)).status).toBe(404);
    expect((await stranger.post(`/api/integration-jobs/${job.id}/retry`)).body.code).toBe('job_not_found');
    expect((await viewerClient.get(`/api/submissions/${id}/integrations`)).body.items[0]).toMatchObject({
      status: 'dead',
      canRetry: false,
    });
    expect((await editorClient.get(`/api/submissions/${id}/integrations`)).body.items[0]).toMatchObject({ status: 'dead', canRetry: true });
    const forbidden = await viewerClient.post(`/api/integration-jobs/${job.id}/retry`);
    expect(forbidden.status).toBe(403);
    expect((await admin.post('/api/integration-jobs/no-such-job/retry')).status).toBe(404);

    const retried = await editorClient.post(`/api/integration-jobs/${job.id}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({
      connector: 'fakecrm',
      jobId: job.id,
      status: 'pending',
      attempts: 0,
      lastError: 'Email is invalid',
      canRetry: false,
    });
    const again = await editorClient.post(`/api/integration-jobs/${job.id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('job_not_retryable');

    expect((await dispatcher.runOnce()).jobs.succeeded).toBe(1);
    const item = (await editorClient.get(`/api/submissions/${id}/integrations`)).body.items[0];
    expect(item).toMatchObject({
      status: 'succeeded',
      canRetry: false,
      attempts: 1,
      lastError: null,
      refs: [expect.objectContaining({ kind: 'order' })],
    });
    // The same event each time: the handler's idempotency keys rest on it.
    const events = seen.filter((e) => (e.payload as { submissionId: string }).submissionId === id);
    expect(events).toHaveLength(2);
    expect(events[0]!.id).toBe(events[1]!.id);
  });

  it('answers 409 job_not_retryable for a job that succeeded', async () => {
    const id = await submit('ok');
    await dispatcher.runOnce();
    const job = await jobOf(id);
    const res = await admin.post(`/api/integration-jobs/${job.id}/retry`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('job_not_retryable');
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await admin.get('/api/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/submissions/{submissionId}/integrations'].get.responses)).toEqual(
      expect.arrayContaining(['200', '404']),
    );
    expect(Object.keys(doc.paths['/api/integration-jobs/{jobId}/retry'].post.responses)).toEqual(
      expect.arrayContaining(['202', '403', '404', '409']),
    );
  });
});
