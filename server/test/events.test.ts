import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainEvent } from '@formloom/schemas';
import { DIALECTS, adminClient, startTestServer, type Client, type TestServer } from './helpers.ts';

/** Every state change leaves one domain event, written with it, in order, in the documented shape. */
describe.each(DIALECTS)('domain events on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  const eventsSince = async (seq: number) =>
    (await server.app.db('domain_events').where('seq', '>', seq).orderBy('seq')).map((r: any) => ({
      id: r.id,
      type: r.type,
      appId: r.app_id,
      formId: r.form_id,
      actorId: r.actor_id,
      occurredAt: r.occurred_at,
      payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
    }));
  const lastSeq = async () => Number((await server.app.db('domain_events').max({ m: 'seq' }).first())?.m ?? 0);

  it('records user, app, grants, form, publish, submission and template events', async () => {
    const start = await lastSeq();
    const user = (await admin.post('/api/users', { email: 'ev@example.com', name: 'Ev', password: 'a-long-password' })).body;
    const app = (await admin.post('/api/apps', { name: 'Events' })).body;
    await admin.put(`/api/apps/${app.id}/grants`, { grants: [{ principal: user.id, permissions: ['fill'] }] });
    const form = (
      await admin.post(`/api/apps/${app.id}/forms`, { name: 'F', schema: { type: 'object', properties: { a: { type: 'string' } } } })
    ).body;
    await admin.put(`/api/forms/${form.id}`, { name: 'F2' });
    await admin.post(`/api/forms/${form.id}/publish`);
    const submission = (await admin.post(`/api/forms/${form.id}/submissions`, { data: { a: 'x' } })).body;
    await admin.post('/api/templates/leave-request/install');
    // Refused requests change nothing and leave no event.
    await admin.post(`/api/forms/${form.id}/submissions`, { data: { a: 1 } });
    await admin.post(`/api/apps/${app.id}/forms`, { name: 'bad', schema: { type: 'string' } });

    const events = await eventsSince(start);
    expect(events.map((e) => e.type)).toEqual([
      'user.created',
      'app.created',
      'app.grants_changed',
      'form.created',
      'form.updated',
      'form.published',
      'submission.created',
      'app.created',
      'form.created',
      'form.published',
      'template.installed',
    ]);
    for (const e of events) expect(DomainEvent.safeParse(e).success, e.type).toBe(true);
    const created = events.find((e) => e.type === 'submission.created')!;
    expect(created).toMatchObject({ appId: app.id, formId: form.id, payload: { submissionId: submission.id, formVersion: 1 } });
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });
});
