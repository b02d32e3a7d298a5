import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { DIALECTS, adminClient, Client, startTestServer, type TestServer } from './helpers.ts';

/**
 * Zapier played end to end: a Zap subscribes its catch URL through the REST hook endpoint, a
 * submission arrives there through the real dispatcher (signed like every webhook), its body is the
 * polling trigger's item, unsubscribing stops it, and a 410 from the catch URL removes the hook.
 */

interface Caught {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Zapier's side: catch URLs that answer like hooks.zapier.com (200 success) or like a deleted Zap (410). */
class FakeZapier {
  readonly caught: Caught[] = [];
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      this.caught.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const gone = this.gonePaths.has(path);
      const ok = req.method === 'POST' && req.headers['content-type']?.startsWith('application/json');
      res.writeHead(gone ? 410 : ok ? 200 : 400, { 'content-type': 'application/json' });
      res.end(JSON.stringify(gone ? { status: 'error', message: 'Zap is off' } : { status: 'success', attempt: 'x' }));
    });
  });
  readonly gonePaths = new Set<string>();
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  async stop(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve));
  }
  at(path: string): Caught[] {
    return this.caught.filter((c) => c.path === path);
  }
}

const schema = {
  type: 'object',
  required: ['customer'],
  properties: {
    customer: { type: 'string', title: 'Customer' },
    quantity: { type: 'integer', title: 'Quantity' },
    lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'number' } } } },
  },
};

describe.each(DIALECTS)('Zapier REST hooks delivered on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let zapier: Client;
  let target: FakeZapier;
  let formId: string;
  let otherFormId: string;

  beforeAll(async () => {
    target = new FakeZapier();
    await target.start();
    // Passes are driven by the test (app.dispatcher.runOnce), not by the timer (read when the app is built).
    const interval = process.env.FORMLOOM_DISPATCH_INTERVAL_MS;
    process.env.FORMLOOM_DISPATCH_INTERVAL_MS = '0';
    try {
      server = await startTestServer(dialect, { webhookAllowHosts: ['127.0.0.1'] });
    } finally {
      if (interval === undefined) delete process.env.FORMLOOM_DISPATCH_INTERVAL_MS;
      else process.env.FORMLOOM_DISPATCH_INTERVAL_MS = interval;
    }
    admin = await adminClient(server);
    zapier = new Client(server.url);
    zapier.bearer = (await admin.post('/api/auth/tokens', { name: 'Zapier' })).body.token;
    const app = await admin.post('/api/apps', { name: 'Shop' });
    for (const name of ['Orders', 'Returns']) {
      const form = await admin.post(`/api/apps/${app.body.id}/forms`, { name, schema });
      await admin.post(`/api/forms/${form.body.id}/publish`);
      if (name === 'Orders') formId = form.body.id;
      else otherFormId = form.body.id;
    }
  });
  afterAll(async () => {
    await server?.close();
    await target?.stop();
  });
  beforeEach(async () => {
    // Nothing left over from an earlier test is sent during the next one.
    await server.app.dispatcher.runOnce();
    target.caught.length = 0;
  });

  const subscribe = async (path: string, event: string, form = formId) => {
    const res = await zapier.post('/api/hooks/subscribe', { targetUrl: target.url + path, event, formId: form });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; secret: string };
  };
  const submit = async (data: Record<string, unknown>, form = formId) => {
    const res = await admin.post(`/api/forms/${form}/submissions`, { data });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const poll = async (event: string) => (await zapier.get(`/api/hooks/poll?event=${event}&formId=${formId}`)).body;

  it('sends a new submission to the subscribed catch URL, signed, with exactly the polling item as body', async () => {
    const hook = await subscribe('/hooks/catch/1/created/', 'submission.created');
    await subscribe('/hooks/catch/1/updated/', 'submission.updated');
    await subscribe('/hooks/catch/1/other-form/', 'submission.created', otherFormId);

    const id = await submit({ customer: 'Ada', quantity: 2, lines: [{ sku: 'A-1', qty: 2 }] });
    await server.app.dispatcher.runOnce();

    const [caught, ...more] = target.at('/hooks/catch/1/created/');
    expect(more).toEqual([]);
    expect(caught.headers['content-type']).toMatch(/^application\/json/);
    // What a Zapier app that verifies signatures does, with the secret the subscribe call returned.
    const verified = new Webhook(hook.secret).verify(caught.body, {
      'webhook-id': String(caught.headers['webhook-id']),
      'webhook-timestamp': String(caught.headers['webhook-timestamp']),
      'webhook-signature': String(caught.headers['webhook-signature']),
    });
    const body = JSON.parse(caught.body);
    expect(verified).toEqual(body);
    expect(body).toMatchObject({ id, event: 'submission.created', submission_id: id, customer: 'Ada', lines: [{ sku: 'A-1', qty: 2 }] });
    expect(body).toEqual((await poll('submission.created'))[0]);
    // Other triggers and other forms' hooks stay quiet.
    expect(target.at('/hooks/catch/1/updated/')).toEqual([]);
    expect(target.at('/hooks/catch/1/other-form/')).toEqual([]);

    expect((await admin.request('PATCH', `/api/submissions/${id}`, { body: { data: { customer: 'Ada', quantity: 3 } } })).status).toBe(200);
    await server.app.dispatcher.runOnce();
    const [update] = target.at('/hooks/catch/1/updated/');
    expect(JSON.parse(update.body)).toEqual((await poll('submission.updated'))[0]);
    expect(JSON.parse(update.body)).toMatchObject({ id: `${id}:r2`, quantity: 3 });
    expect(target.at('/hooks/catch/1/created/')).toHaveLength(1);
  });

  it('stops sending once the Zap unsubscribes', async () => {
    const hook = await subscribe('/hooks/catch/2/', 'submission.created');
    await submit({ customer: 'Bob' });
    await server.app.dispatcher.runOnce();
    expect(target.at('/hooks/catch/2/')).toHaveLength(1);

    expect((await zapier.request('DELETE', `/api/hooks/${hook.id}`)).status).toBe(204);
    await submit({ customer: 'Cy' });
    await server.app.dispatcher.runOnce();
    expect(target.at('/hooks/catch/2/')).toHaveLength(1);
    // Polling still works without a hook (the Zap editor and polling Zaps use it).
    expect((await poll('submission.created'))[0]).toMatchObject({ customer: 'Cy' });
  });

  it('removes the hook when its catch URL answers 410 (the Zap is gone), and sends there no more', async () => {
    target.gonePaths.add('/hooks/catch/3/');
    const gone = await subscribe('/hooks/catch/3/', 'submission.created');
    const alive = await subscribe('/hooks/catch/4/', 'submission.created');

    await submit({ customer: 'Dee' });
    await server.app.dispatcher.runOnce();
    expect(target.at('/hooks/catch/3/')).toHaveLength(1);
    expect(target.at('/hooks/catch/4/')).toHaveLength(1);
    expect(await server.app.db('webhook_subscriptions').where({ id: gone.id }).first()).toBeUndefined();
    expect(await server.app.db('webhook_subscriptions').where({ id: alive.id }).first()).toBeTruthy();

    await submit({ customer: 'Eve' });
    await server.app.dispatcher.runOnce();
    expect(target.at('/hooks/catch/3/')).toHaveLength(1);
    expect(target.at('/hooks/catch/4/')).toHaveLength(2);
    // Zapier's own unsubscribe after that finds nothing to remove.
    expect((await zapier.request('DELETE', `/api/hooks/${gone.id}`)).status).toBe(404);
  });
});
