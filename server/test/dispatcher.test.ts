import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowCondition } from '@formloom/schemas';
import { newId } from '../src/lib/ids.ts';
import { MAX_ATTEMPTS } from '../src/services/dispatcher/retrySchedule.ts';
import { newWebhookSecret } from '../src/services/webhooks/signature.ts';
import { ADMIN, DIALECTS, adminClient, publishedForm, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';
import { Receiver } from './receiver.ts';

// Passes are driven by the tests (app.dispatcher.runOnce with their own clock), not by the timer.
process.env.FORMLOOM_DISPATCH_INTERVAL_MS = '0';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

interface SubscriptionInput {
  url: string;
  formId?: string | null;
  appId?: string | null;
  events?: string[];
  filter?: FlowCondition | null;
  format?: 'canonical' | 'template' | 'zapier';
  template?: string | null;
  headers?: Record<string, string>;
}

/** A subscription row as the webhook API stores it (secret sealed with the server key). */
async function subscribe(server: TestServer, input: SubscriptionInput): Promise<{ id: string; secret: string }> {
  const owner = await server.app.db('users').where({ email: ADMIN.email }).first('id');
  const secret = newWebhookSecret();
  const id = newId();
  const now = new Date().toISOString();
  await server.app.db('webhook_subscriptions').insert({
    id,
    owner_id: owner.id,
    app_id: input.appId ?? null,
    form_id: input.formId ?? null,
    format: input.format ?? 'canonical',
    url: input.url,
    events: JSON.stringify(input.events ?? ['submission.created']),
    filter: input.filter ? JSON.stringify(input.filter) : null,
    headers: JSON.stringify(input.headers ?? {}),
    template: input.template ?? null,
    secret_sealed: server.app.secretBox.seal(secret),
    created_at: now,
    updated_at: now,
  });
  return { id, secret };
}

describe.each(DIALECTS)('webhook dispatcher on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  const receivers: Receiver[] = [];

  const receiver = async (secret: string | null = null) => {
    const r = await new Receiver(secret).start();
    receivers.push(r);
    return r;
  };
  const submit = async (formId: string, data: object = { name: 'Drill', qty: 2 }) => {
    const res = await admin.post(`/api/forms/${formId}/submissions`, { data });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const deliveriesOf = (subscriptionId: string) =>
    server.app.db('webhook_deliveries').where({ subscription_id: subscriptionId }).orderBy('created_at');
  const attemptsOf = (deliveryId: string) => server.app.db('webhook_attempts').where({ delivery_id: deliveryId }).orderBy('attempt');
  const subscriptionRow = (id: string) => server.app.db('webhook_subscriptions').where({ id }).first();

  beforeAll(async () => {
    server = await startTestServer(dialect, { webhookAllowHosts: ['127.0.0.1'] });
    admin = await adminClient(server);
  });
  afterAll(async () => {
    for (const r of receivers) await r.stop();
    await server?.close();
  });

  it('keeps one webhook-id through connection refused, 500 and 429 Retry-After until a 200, signed every time', async () => {
    const { formId } = await publishedForm(admin);
    const target = await receiver();
    await target.down(); // connection refused
    // Through the webhooks API, as people make them.
    const created = await admin.post('/api/webhooks', {
      url: `${target.url}/hooks`,
      events: ['submission.created'],
      formId,
      headers: { authorization: 'Bearer receiver-token' },
    });
    expect(created.status).toBe(201);
    const sub = created.body as { id: string; secret: string };
    target.setSecret(sub.secret);
    const submissionId = await submit(formId, { name: 'Drill', qty: 7 });

    const t0 = new Date();
    const first = await server.app.dispatcher.runOnce(t0);
    expect(first.events).toBeGreaterThanOrEqual(1);
    expect(first.deliveries.failed).toBe(1);
    const [delivery] = await deliveriesOf(sub.id);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, event_type: 'submission.created' });
    expect(delivery.id).toMatch(/^msg_[0-9a-f]{32}$/);
    // 5 s after the first failure, ±10 %.
    const wait1 = Date.parse(delivery.next_attempt_at) - t0.getTime();
    expect(wait1).toBeGreaterThanOrEqual(4.5 * SECOND);
    expect(wait1).toBeLessThanOrEqual(5.5 * SECOND);
    expect((await subscriptionRow(sub.id)).failing_since).toBe(t0.toISOString());

    // Not due yet: nothing goes.
    expect((await server.app.dispatcher.runOnce(at(t0, 4 * SECOND))).deliveries.failed).toBe(0);

    await target.up();
    target.respond = (_req, nth) =>
      nth === 1 ? { status: 500, body: 'boom' } : nth === 2 ? { status: 429, headers: { 'retry-after': '120' } } : { status: 200 };
    const t1 = at(t0, 6 * SECOND);
    expect((await server.app.dispatcher.runOnce(t1)).deliveries.failed).toBe(1);
    const afterServerError = (await deliveriesOf(sub.id))[0];
    expect(afterServerError).toMatchObject({ status: 'failed', attempts: 2, last_status_code: 500 });
    const wait2 = Date.parse(afterServerError.next_attempt_at) - t1.getTime();
    expect(wait2).toBeGreaterThanOrEqual(4.5 * MINUTE);
    expect(wait2).toBeLessThanOrEqual(5.5 * MINUTE);

    const t2 = at(t1, 5.5 * MINUTE);
    expect((await server.app.dispatcher.runOnce(t2)).deliveries.failed).toBe(1);
    const afterThrottle = (await deliveriesOf(sub.id))[0];
    expect(afterThrottle).toMatchObject({ status: 'failed', attempts: 3, last_status_code: 429 });
    expect(afterThrottle.next_attempt_at).toBe(at(t2, 120 * SECOND).toISOString()); // Retry-After wins over 30 min

    expect((await server.app.dispatcher.runOnce(at(t2, 119 * SECOND))).deliveries.succeeded).toBe(0);
    expect((await server.app.dispatcher.runOnce(at(t2, 121 * SECOND))).deliveries.succeeded).toBe(1);

    const done = (await deliveriesOf(sub.id))[0];
    expect(done).toMatchObject({ status: 'succeeded', attempts: 4, last_status_code: 200, next_attempt_at: null, last_error: null });
    expect(done.delivered_at).toBe(at(t2, 121 * SECOND).toISOString());
    expect((await subscriptionRow(sub.id)).failing_since).toBeNull();

    // The receiver saw three copies (the first never connected), all the same id, all verified.
    expect(target.received.map((r) => r.id)).toEqual([done.id, done.id, done.id]);
    expect(target.received.every((r) => r.verified)).toBe(true);
    const headers = target.received[2]!.headers;
    expect(headers['content-type']).toBe('application/json');
    expect(headers['user-agent']).toMatch(/^Formloom-Webhooks\/\d+\.\d+\.\d+/);
    expect(headers.authorization).toBe('Bearer receiver-token');
    const envelope = JSON.parse(target.received[2]!.body);
    expect(envelope).toMatchObject({
      type: 'submission.created',
      formId,
      submission: { id: submissionId, data: { name: 'Drill', qty: 7 } },
    });

    // The log: every attempt with what was sent and what came back.
    const log = await attemptsOf(done.id);
    expect(log.map((a) => [a.attempt, a.response_status])).toEqual([
      [1, null],
      [2, 500],
      [3, 429],
      [4, 200],
    ]);
    expect(log[0].error).toBeTruthy();
    expect(log[1].response_body).toBe('boom');
    expect(log.every((a) => a.request_url === `${target.url}/hooks` && a.duration_ms >= 0)).toBe(true);
    const sentHeaders = typeof log[3].request_headers === 'string' ? JSON.parse(log[3].request_headers) : log[3].request_headers;
    expect(sentHeaders['webhook-id']).toBe(done.id);
    expect(sentHeaders['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(log[3].request_body).toBe(target.received[2]!.body);
  });

  it('turns a subscription off on 410 Gone and tells its owner; a Zapier hook is removed instead', async () => {
    const { formId } = await publishedForm(admin);
    const target = await receiver();
    target.respond = () => ({ status: 410 });
    const sub = await subscribe(server, { url: `${target.url}/gone`, formId });
    const zap = await subscribe(server, { url: `${target.url}/zap`, formId, format: 'zapier' });
    await submit(formId);
    const now = new Date();
    const pass = await server.app.dispatcher.runOnce(now);
    expect(pass.deliveries.gone).toBe(2);

    expect(await subscriptionRow(sub.id)).toMatchObject({ enabled: dialect === 'sqlite' ? 0 : false, disabled_reason: 'gone' });
    expect((await deliveriesOf(sub.id))[0]).toMatchObject({ status: 'dead', last_status_code: 410 });
    expect(await subscriptionRow(zap.id)).toBeUndefined();
    const notes = await server.app
      .db('notifications')
      .where({ kind: 'webhook_disabled' })
      .where('link', `/integrations/webhooks/${sub.id}`);
    expect(notes).toHaveLength(1);
    expect(JSON.parse(typeof notes[0].params === 'string' ? notes[0].params : JSON.stringify(notes[0].params))).toMatchObject({
      url: `${target.url}/gone`,
      reason: 'gone',
    });

    // A subscription that is off gets nothing of what happens meanwhile.
    await submit(formId);
    await server.app.dispatcher.runOnce(at(now, 2 * DAY));
    expect(target.received).toHaveLength(2);
    expect((await deliveriesOf(sub.id)).map((d) => d.status)).toEqual(['dead']);
  });

  it(`dead-letters a delivery after ${MAX_ATTEMPTS} tries over three days, without turning the subscription off`, async () => {
    const { formId } = await publishedForm(admin);
    const target = await receiver();
    target.respond = () => ({ status: 503, body: 'down for maintenance' });
    const sub = await subscribe(server, { url: target.url, formId });
    await submit(formId);
    let now = new Date();
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await server.app.dispatcher.runOnce(now);
      const [d] = await deliveriesOf(sub.id);
      expect(d.attempts).toBe(i + 1);
      if (i < MAX_ATTEMPTS - 1) {
        expect(d.status).toBe('failed');
        now = new Date(Date.parse(d.next_attempt_at) + 1);
      } else {
        expect(d).toMatchObject({ status: 'dead', next_attempt_at: null, last_status_code: 503 });
      }
    }
    await server.app.dispatcher.runOnce(at(now, 7 * DAY));
    expect(target.received).toHaveLength(MAX_ATTEMPTS);
    expect(new Set(target.received.map((r) => r.id)).size).toBe(1);
    expect((await attemptsOf((await deliveriesOf(sub.id))[0].id)).map((a) => a.attempt)).toEqual(
      Array.from({ length: MAX_ATTEMPTS }, (_, i) => i + 1),
    );
    // The whole schedule is about 3 days: under the 5 days that turn a subscription off.
    expect(await subscriptionRow(sub.id)).toMatchObject({ disabled_reason: null });
  });

  it('turns off a subscription that has failed for more than five days and tells its owner once', async () => {
    const { formId } = await publishedForm(admin);
    const target = await receiver();
    target.respond = () => ({ status: 500 });
    const sub = await subscribe(server, { url: target.url, formId });
    const t0 = new Date();
    await submit(formId);
    await server.app.dispatcher.runOnce(t0);
    await submit(formId);
    await server.app.dispatcher.runOnce(at(t0, 3 * DAY));
    expect(await subscriptionRow(sub.id)).toMatchObject({ failing_since: t0.toISOString(), disabled_reason: null });
    await submit(formId);
    await server.app.dispatcher.runOnce(at(t0, 5 * DAY + HOUR));
    expect(await subscriptionRow(sub.id)).toMatchObject({ disabled_reason: 'failing', enabled: dialect === 'sqlite' ? 0 : false });
    const notes = await server.app.db('notifications').where({ kind: 'webhook_disabled', link: `/integrations/webhooks/${sub.id}` });
    expect(notes).toHaveLength(1);
    const sent = target.received.length;
    await server.app.dispatcher.runOnce(at(t0, 6 * DAY));
    expect(target.received).toHaveLength(sent);
  });

  it('never sends an event whose transaction rolled back', async () => {
    const { appId, formId } = await publishedForm(admin);
    const target = await receiver();
    const sub = await subscribe(server, { url: target.url, formId, events: ['submission.deleted'] });
    const event = (id: string) => ({
      id,
      type: 'submission.deleted',
      app_id: appId,
      form_id: formId,
      actor_id: null,
      payload: JSON.stringify({ submissionId: newId() }),
      occurred_at: new Date().toISOString(),
    });
    const ghost = newId();
    await expect(
      server.app.db.transaction(async (trx) => {
        await trx('domain_events').insert(event(ghost));
        throw new Error('the change failed after its event was written');
      }),
    ).rejects.toThrow('the change failed');
    const kept = newId();
    await server.app.db('domain_events').insert(event(kept));
    await server.app.dispatcher.runOnce();
    expect((await deliveriesOf(sub.id)).map((d) => d.event_id)).toEqual([kept]);
    expect(target.received.map((r) => JSON.parse(r.body).id)).toEqual([kept]);
  });

  it.runIf(dialect === 'postgres')('delivers an event committed late with a lower seq, and never one rolled back meanwhile', async () => {
    const { appId, formId } = await publishedForm(admin);
    const target = await receiver();
    const sub = await subscribe(server, { url: target.url, formId, events: ['submission.deleted'] });
    const event = () => ({
      id: newId(),
      type: 'submission.deleted',
      app_id: appId,
      form_id: formId,
      actor_id: null,
      payload: JSON.stringify({ submissionId: newId() }),
      occurred_at: new Date().toISOString(),
    });
    const late = event();
    const ghost = event();
    const early = await server.app.db.transaction();
    const doomed = await server.app.db.transaction();
    await early.insert(late).into('domain_events'); // lower seq, commits after the next one
    await doomed.insert(ghost).into('domain_events');
    const quick = event();
    await server.app.db('domain_events').insert(quick);
    await server.app.dispatcher.runOnce();
    await early.commit();
    await doomed.rollback();
    await server.app.dispatcher.runOnce();
    expect(target.received.map((r) => JSON.parse(r.body).id)).toEqual([quick.id, late.id]);
    expect((await deliveriesOf(sub.id)).map((d) => d.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('sends only what a subscription asked for: its events, app or form, and filter', async () => {
    const { appId, formId } = await publishedForm(admin);
    const other = await publishedForm(admin);
    const target = await receiver();
    const big = await subscribe(server, { url: `${target.url}/big`, formId, filter: { field: ['qty'], op: 'gt', value: 5 } });
    const app = await subscribe(server, { url: `${target.url}/app`, appId, events: ['submission.*'] });
    const elsewhere = await subscribe(server, { url: `${target.url}/other`, appId: other.appId });
    const updates = await subscribe(server, { url: `${target.url}/updates`, formId, events: ['submission.updated'] });
    const small = await submit(formId, { name: 'Bolt', qty: 3 });
    const large = await submit(formId, { name: 'Crate', qty: 9 });
    await server.app.dispatcher.runOnce();
    const eventsOf = async (id: string) =>
      Promise.all(
        (await deliveriesOf(id)).map(async (d) => (await server.app.db('domain_events').where({ id: d.event_id }).first()).payload),
      );
    const submissionsOf = async (id: string) =>
      (await eventsOf(id)).map((p) => (typeof p === 'string' ? JSON.parse(p) : p).submissionId).sort();
    expect(await submissionsOf(big.id)).toEqual([large]);
    expect(await submissionsOf(app.id)).toEqual([small, large].sort());
    expect(await deliveriesOf(elsewhere.id)).toHaveLength(0);
    expect(await deliveriesOf(updates.id)).toHaveLength(0);
    expect(target.received.filter((r) => r.headers['webhook-id'] && r.body).length).toBe(3);
  });

  it('records a template that fails and an address that is refused as failed attempts', async () => {
    const { formId } = await publishedForm(admin);
    const broken = await subscribe(server, {
      url: 'http://127.0.0.1:9/never',
      formId,
      format: 'template',
      template: '{{#unknownHelper}}x{{/unknownHelper}}',
    });
    const privateAddress = await subscribe(server, { url: 'http://10.255.0.1/hook', formId });
    await submit(formId);
    const pass = await server.app.dispatcher.runOnce();
    expect(pass.deliveries.failed).toBeGreaterThanOrEqual(2);
    for (const id of [broken.id, privateAddress.id]) {
      const [d] = await deliveriesOf(id);
      expect(d).toMatchObject({ status: 'failed', attempts: 1, last_status_code: null });
      const [attempt] = await attemptsOf(d.id);
      expect(attempt.error).toBeTruthy();
      expect(attempt.response_status).toBeNull();
    }
    // Off so later passes of this file leave them alone.
    await server.app.db('webhook_subscriptions').whereIn('id', [broken.id, privateAddress.id]).update({ enabled: false });
  });

  it('delivers each of many events once when passes are asked for at the same time (they take turns)', async () => {
    const { formId } = await publishedForm(admin);
    const target = await receiver();
    const sub = await subscribe(server, { url: target.url, formId });
    for (let i = 0; i < 30; i++) await submit(formId, { name: `n${i}`, qty: i });
    await Promise.all([server.app.dispatcher.runOnce(), server.app.dispatcher.runOnce(), server.app.dispatcher.drain()]);
    const deliveries = await deliveriesOf(sub.id);
    expect(deliveries).toHaveLength(30);
    expect(new Set(deliveries.map((d) => d.event_id)).size).toBe(30);
    expect(deliveries.every((d) => d.status === 'succeeded' && d.attempts === 1)).toBe(true);
    expect(target.received).toHaveLength(30);
    expect(target.maxOverlap).toBe(1);
  });
  it('sends nothing from before a subscription existed, nor to an owner who lost access to the app or was disabled', async () => {
    const { appId, formId } = await publishedForm(admin);
    const target = await receiver();
    await submit(formId, { name: 'before', qty: 1 }); // still in the outbox when the webhook is made
    const { client: editor, user } = await userClient(server, admin, 'builder', 'hook-owner');
    expect((await admin.put(`/api/apps/${appId}/grants`, { grants: [{ principal: user.id, permissions: ['edit'] }] })).status).toBe(200);
    const created = await editor.post('/api/webhooks', { url: target.url, events: ['submission.created'], formId });
    expect(created.status).toBe(201);
    await new Promise((r) => setTimeout(r, 5)); // the next event is strictly later than the subscription
    await submit(formId, { name: 'while allowed', qty: 2 });
    await server.app.dispatcher.drain();
    expect(target.received.map((r) => JSON.parse(r.body).submission.data.name)).toEqual(['while allowed']);

    expect((await admin.put(`/api/apps/${appId}/grants`, { grants: [] })).status).toBe(200);
    await submit(formId, { name: 'after the grant went', qty: 3 });
    await server.app.dispatcher.drain();
    expect(await deliveriesOf(created.body.id)).toHaveLength(1);

    expect((await admin.put(`/api/apps/${appId}/grants`, { grants: [{ principal: user.id, permissions: ['edit'] }] })).status).toBe(200);
    await server.app.db('users').where({ id: user.id }).update({ disabled_at: new Date().toISOString() });
    await submit(formId, { name: 'owner disabled', qty: 4 });
    await server.app.dispatcher.drain();
    expect(await deliveriesOf(created.body.id)).toHaveLength(1);
    expect(target.received).toHaveLength(1);
  });
  it('does not send a queued retry once its owner has lost access to the app', async () => {
    const { appId, formId } = await publishedForm(admin);
    const target = await receiver();
    const { client: editor, user } = await userClient(server, admin, 'builder', 'retry-owner');
    expect((await admin.put(`/api/apps/${appId}/grants`, { grants: [{ principal: user.id, permissions: ['edit'] }] })).status).toBe(200);
    const created = await editor.post('/api/webhooks', { url: target.url, events: ['submission.created'], formId });
    expect(created.status).toBe(201);
    await new Promise((r) => setTimeout(r, 5));
    target.respond = () => ({ status: 503 });
    await submit(formId, { name: 'to retry', qty: 1 });
    const t0 = new Date();
    await server.app.dispatcher.runOnce(t0);
    expect(target.received).toHaveLength(1);

    expect((await admin.put(`/api/apps/${appId}/grants`, { grants: [] })).status).toBe(200);
    target.respond = () => ({ status: 200 });
    await server.app.dispatcher.runOnce(at(t0, 10 * SECOND)); // the retry is due
    expect(target.received).toHaveLength(1); // nothing more went out
    const [delivery] = await deliveriesOf(created.body.id);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 2 });
    expect(delivery.last_error).toMatch(/^Not sent: the webhook's owner/);
  });
});
