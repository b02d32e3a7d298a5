import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, publishedForm, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';
import { Receiver } from './receiver.ts';

// Deliveries are made by the real dispatcher, one pass when the test says (app.dispatcher.runOnce).
process.env.FORMLOOM_DISPATCH_INTERVAL_MS = '0';

const HOUR = 3_600_000;

/** The delivery log and replay, through the API, with deliveries the dispatcher really made to a loopback receiver. */
describe.each(DIALECTS)('webhook deliveries and replay on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let receiver: Receiver;
  let appId: string;
  let formId: string;

  const subscribe = async (body: object = {}) => {
    const res = await admin.post('/api/webhooks', { url: `${receiver.url}/in`, events: ['submission.created'], formId, ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; secret: string };
  };
  const submit = async (data: object = { name: 'Drill', qty: 2 }) => {
    const res = await admin.post(`/api/forms/${formId}/submissions`, { data });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const deliveries = (id: string, query = '') => admin.get(`/api/webhooks/${id}/deliveries${query}`);

  beforeAll(async () => {
    server = await startTestServer(dialect, { webhookAllowHosts: ['127.0.0.1'] });
    admin = await adminClient(server);
    receiver = await new Receiver().start();
    ({ appId, formId } = await publishedForm(admin));
  });
  afterAll(async () => {
    await receiver?.stop();
    await server?.close();
  });

  it('lists deliveries newest first with their latest attempt, paged by a keyset cursor and filtered by status', async () => {
    const hook = await subscribe();
    receiver.setSecret(hook.secret);
    receiver.respond = (r) =>
      JSON.parse(r.body).submission.data.qty === 13 ? { status: 500, body: 'not today' } : { status: 200, body: 'ok' };
    const ids = [];
    for (const qty of [1, 2, 13, 4, 5]) ids.push(await submit({ name: `n${qty}`, qty }));
    await server.app.dispatcher.drain();

    const first = await deliveries(hook.id, '?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await deliveries(hook.id, `?limit=2&cursor=${first.body.nextCursor}`);
    const third = await deliveries(hook.id, `?limit=2&cursor=${second.body.nextCursor}`);
    expect(third.body.nextCursor).toBeNull();
    const all = [...first.body.items, ...second.body.items, ...third.body.items];
    expect(all).toHaveLength(5);
    expect(new Set(all.map((d) => d.id)).size).toBe(5);
    // Newest first (ties, made in one fan-out, by id), the same order the table holds.
    const stored = await server.app
      .db('webhook_deliveries')
      .where({ subscription_id: hook.id })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    expect(all.map((d) => d.id)).toEqual(stored.map((d: { id: string }) => d.id));
    expect(receiver.received.filter((r) => r.verified && all.some((d) => d.id === r.id))).toHaveLength(5);

    const succeeded = all.find((d) => d.status === 'succeeded')!;
    expect(succeeded).toMatchObject({ subscriptionId: hook.id, eventType: 'submission.created', attempts: 1, lastStatusCode: 200 });
    expect(succeeded.id).toMatch(/^msg_/);
    expect(succeeded.log).toHaveLength(1);
    expect(succeeded.log[0]).toMatchObject({
      attempt: 1,
      responseStatus: 200,
      responseBody: 'ok',
      requestUrl: `${receiver.url}/in`,
      error: null,
    });
    expect(succeeded.log[0].requestHeaders['webhook-id']).toBe(succeeded.id);
    expect(JSON.parse(succeeded.log[0].requestBody).type).toBe('submission.created');

    const failed = await deliveries(hook.id, '?status=failed');
    expect(failed.body.items).toHaveLength(1);
    expect(failed.body.items[0]).toMatchObject({ status: 'failed', lastStatusCode: 500, attempts: 1 });
    expect(failed.body.items[0].log[0]).toMatchObject({ responseStatus: 500, responseBody: 'not today' });
    expect((await deliveries(hook.id, '?status=dead')).body.items).toEqual([]);

    const listed = (await admin.get(`/api/webhooks/${hook.id}`)).body;
    expect(listed.stats).toEqual({ succeeded: 4, failed: 1, dead: 0, pending: 0 });

    expect((await deliveries(hook.id, '?cursor=garbage')).body.code).toBe('invalid_cursor');
    expect((await deliveries(hook.id, '?status=lost')).status).toBe(400);
    expect((await deliveries(hook.id, '?limit=0')).status).toBe(400);
  });

  it('GET /api/deliveries/:id has every attempt, newest first; replay sends it again under the same webhook-id', async () => {
    const hook = await subscribe();
    receiver.setSecret(hook.secret);
    let answer = 503;
    receiver.respond = () => ({ status: answer });
    await submit();
    const t0 = new Date();
    await server.app.dispatcher.runOnce(t0);
    await server.app.dispatcher.runOnce(new Date(t0.getTime() + 6_000)); // the 5 s retry
    const [delivery] = (await deliveries(hook.id)).body.items;
    expect(delivery).toMatchObject({ status: 'failed', attempts: 2 });
    expect(delivery.log).toHaveLength(1);
    expect(delivery.log[0].attempt).toBe(2);

    const one = await admin.get(`/api/deliveries/${delivery.id}`);
    expect(one.status).toBe(200);
    expect(one.body.log.map((a: { attempt: number }) => a.attempt)).toEqual([2, 1]);
    expect(one.body.nextAttemptAt > t0.toISOString()).toBe(true);

    // The next try is 5 minutes away; replay makes it due now.
    answer = 200;
    const replayed = await admin.post(`/api/deliveries/${delivery.id}/replay`);
    expect(replayed.status).toBe(202);
    expect(replayed.body).toMatchObject({ id: delivery.id, status: 'pending', attempts: 2 });
    expect(Date.parse(replayed.body.nextAttemptAt)).toBeLessThanOrEqual(Date.now());
    await server.app.dispatcher.runOnce();
    const after = (await admin.get(`/api/deliveries/${delivery.id}`)).body;
    expect(after).toMatchObject({ status: 'succeeded', attempts: 3, lastStatusCode: 200 });
    expect(after.log.map((a: { attempt: number }) => a.attempt)).toEqual([3, 2, 1]);
    const copies = receiver.received.filter((r) => r.id === delivery.id);
    expect(copies).toHaveLength(3);
    expect(copies.every((r) => r.verified)).toBe(true);

    // A succeeded delivery can be sent again too (the receiver asked for it).
    expect((await admin.post(`/api/deliveries/${delivery.id}/replay`)).status).toBe(202);
    await server.app.dispatcher.runOnce();
    expect(receiver.received.filter((r) => r.id === delivery.id)).toHaveLength(4);

    expect((await admin.get('/api/deliveries/msg_nothing')).body.code).toBe('delivery_not_found');
    expect((await admin.post('/api/deliveries/msg_nothing/replay')).status).toBe(404);
  });

  it('replay of a delivery in flight is 409 delivery_in_progress; on a disabled webhook 409 webhook_disabled', async () => {
    const hook = await subscribe();
    receiver.setSecret(hook.secret);
    receiver.respond = () => ({ status: 500 });
    await submit();
    await server.app.dispatcher.runOnce();
    const [delivery] = (await deliveries(hook.id)).body.items;

    await server.app.db('webhook_deliveries').where({ id: delivery.id }).update({ status: 'delivering' });
    const busy = await admin.post(`/api/deliveries/${delivery.id}/replay`);
    expect(busy.status).toBe(409);
    expect(busy.body.code).toBe('delivery_in_progress');
    await server.app.db('webhook_deliveries').where({ id: delivery.id }).update({ status: 'failed' });

    await admin.request('PATCH', `/api/webhooks/${hook.id}`, { body: { enabled: false } });
    const off = await admin.post(`/api/deliveries/${delivery.id}/replay`);
    expect(off.status).toBe(409);
    expect(off.body.code).toBe('webhook_disabled');
    const offAll = await admin.post(`/api/webhooks/${hook.id}/replay`, { since: '2020-01-01T00:00:00Z' });
    expect(offAll.body.code).toBe('webhook_disabled');
    expect((await admin.get(`/api/deliveries/${delivery.id}`)).body.status).toBe('failed');
  });

  it('replays every failed and dead delivery created since a time, and nothing else', async () => {
    const hook = await subscribe();
    receiver.setSecret(hook.secret);
    receiver.respond = () => ({ status: 200 });
    for (let i = 0; i < 5; i++) await submit({ name: `r${i}`, qty: i });
    await server.app.dispatcher.drain();
    const rows = await server.app.db('webhook_deliveries').where({ subscription_id: hook.id }).orderBy('created_at');
    expect(rows).toHaveLength(5);
    // As if: one dead and one failed long ago, one dead and one failed recently, one fine.
    const old = new Date(Date.now() - 48 * HOUR).toISOString();
    const recent = new Date(Date.now() - HOUR).toISOString();
    const set = (i: number, status: string, createdAt: string) =>
      server.app.db('webhook_deliveries').where({ id: rows[i].id }).update({ status, created_at: createdAt, next_attempt_at: null });
    await set(0, 'dead', old);
    await set(1, 'failed', old);
    await set(2, 'dead', recent);
    await set(3, 'failed', recent);

    const since = new Date(Date.now() - 2 * HOUR).toISOString();
    const res = await admin.post(`/api/webhooks/${hook.id}/replay`, { since });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ replayed: 2 });
    const now = await server.app.db('webhook_deliveries').where({ subscription_id: hook.id }).orderBy('created_at');
    expect(now.map((d: { status: string }) => d.status)).toEqual(['dead', 'failed', 'pending', 'pending', 'succeeded']);

    const before = receiver.received.length;
    await server.app.dispatcher.runOnce();
    const resent = receiver.received.slice(before).map((r) => r.id);
    expect(resent.sort()).toEqual([rows[2].id, rows[3].id].sort());
    // Stats count the last 24 hours only: the two old ones are not in them.
    expect((await admin.get(`/api/webhooks/${hook.id}`)).body.stats).toEqual({ succeeded: 3, failed: 0, dead: 0, pending: 0 });

    expect((await admin.post(`/api/webhooks/${hook.id}/replay`, { since: 'yesterday' })).body.code).toBe('invalid_since');
    expect((await admin.post(`/api/webhooks/${hook.id}/replay`, {})).status).toBe(400);
  });

  it('someone who cannot see the webhook cannot see or replay its deliveries (404)', async () => {
    const hook = await subscribe();
    receiver.setSecret(hook.secret);
    receiver.respond = () => ({ status: 200 });
    await submit();
    await server.app.dispatcher.runOnce();
    const [delivery] = (await deliveries(hook.id)).body.items;
    const { client: outsider } = await userClient(server, admin, 'builder', 'outsider');
    expect((await outsider.get(`/api/webhooks/${hook.id}/deliveries`)).body.code).toBe('webhook_not_found');
    expect((await outsider.get(`/api/deliveries/${delivery.id}`)).body.code).toBe('delivery_not_found');
    expect((await outsider.post(`/api/deliveries/${delivery.id}/replay`)).status).toBe(404);
    // Given edit rights in the app, they can.
    const outsiderId = (await outsider.get('/api/auth/me')).body.user.id;
    await admin.put(`/api/apps/${appId}/grants`, { grants: [{ principal: outsiderId, permissions: ['edit'] }] });
    expect((await outsider.get(`/api/deliveries/${delivery.id}`)).status).toBe(200);
    expect((await outsider.post(`/api/deliveries/${delivery.id}/replay`)).status).toBe(202);
  });
});
