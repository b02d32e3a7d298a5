import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, publishedForm, startTestServer, type Client, type TestServer } from './helpers.ts';
import { Receiver } from './receiver.ts';

process.env.FORMLOOM_DISPATCH_INTERVAL_MS = '0';

/** Addresses a user-typed webhook URL may not reach, in the spellings people (and attackers) use. */
const REFUSED = [
  ['http://127.0.0.1/hook', 'loopback'],
  ['http://[::1]/hook', 'loopback'],
  ['http://10.0.0.1/hook', 'private'],
  ['http://172.16.5.4/hook', 'private'],
  ['http://192.168.1.1/hook', 'private'],
  ['http://100.64.0.1/hook', 'carrier-grade NAT'],
  ['http://169.254.169.254/latest/meta-data/', 'metadata'],
  ['http://[fd00:ec2::254]/latest/meta-data/', 'metadata'],
  ['http://metadata.google.internal/computeMetadata/v1/', 'metadata'],
  ['http://[fe80::1]/hook', 'link-local'],
  ['http://[fc00::1]/hook', 'private'],
  ['http://[::ffff:127.0.0.1]/hook', 'loopback'],
  ['http://[::ffff:169.254.169.254]/', 'metadata'],
  ['http://0.0.0.0/hook', 'unspecified'],
  ['http://[::]/hook', 'unspecified'],
  ['http://224.0.0.1/hook', 'multicast'],
  ['http://255.255.255.255/hook', 'broadcast'],
  ['http://localhost/hook', 'loopback'],
  ['http://2130706433/hook', 'loopback'],
  ['http://0177.0.0.1/hook', 'loopback'],
  ['http://0x7f000001/hook', 'loopback'],
  ['http://127.1/hook', 'loopback'],
] as const;

describe.each(DIALECTS)('the address guard through the API on %s', (dialect) => {
  let guarded: TestServer;
  let allowed: TestServer;
  let guardedAdmin: Client;
  let allowedAdmin: Client;
  let allowedFormId: string;
  let guardedAppId: string;

  beforeAll(async () => {
    guarded = await startTestServer(dialect);
    allowed = await startTestServer(dialect, { webhookAllowHosts: ['127.0.0.1'] });
    guardedAdmin = await adminClient(guarded);
    allowedAdmin = await adminClient(allowed);
    ({ appId: guardedAppId } = await publishedForm(guardedAdmin));
    ({ formId: allowedFormId } = await publishedForm(allowedAdmin));
  });
  afterAll(async () => {
    await guarded?.close();
    await allowed?.close();
  });

  it.each(REFUSED)('refuses %s (%s) with 422 webhook_url_not_allowed', async (url, words) => {
    const res = await guardedAdmin.post('/api/webhooks', { url, events: ['submission.created'], appId: guardedAppId });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('webhook_url_not_allowed');
    expect(res.body.message).toContain(words);
    // An address range can be allowed by an administrator; the metadata service's name is simply refused.
    if (!url.includes('metadata.google')) expect(res.body.message).toContain('FORMLOOM_WEBHOOK_ALLOW_HOSTS');
  });

  it('an allowed host is accepted and delivered to, signed; other private addresses stay refused', async () => {
    const receiver = await new Receiver().start();
    try {
      const hook = await allowedAdmin.post('/api/webhooks', {
        url: `${receiver.url}/in`,
        events: ['submission.created'],
        formId: allowedFormId,
      });
      expect(hook.status, JSON.stringify(hook.body)).toBe(201);
      receiver.setSecret(hook.body.secret);
      expect((await allowedAdmin.post(`/api/forms/${allowedFormId}/submissions`, { data: { name: 'x', qty: 1 } })).status).toBe(201);
      await allowed.app.dispatcher.drain();
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]).toMatchObject({ verified: true, answered: 200 });
      // 127.0.0.1 is allowed there; localhost is a name that is not on the list, but resolves to it.
      const other = await allowedAdmin.post('/api/webhooks', {
        url: 'http://10.0.0.1/',
        events: ['submission.created'],
        formId: allowedFormId,
      });
      expect(other.body.code).toBe('webhook_url_not_allowed');
      const metadata = await allowedAdmin.post('/api/webhooks', {
        url: 'http://169.254.169.254/',
        events: ['submission.created'],
        formId: allowedFormId,
      });
      expect(metadata.body.code).toBe('webhook_url_not_allowed');
    } finally {
      await receiver.stop();
    }
  });

  it('a redirect from an allowed receiver to a private or metadata address is not followed; the attempt says why', async () => {
    const hits: string[] = [];
    const redirector = http.createServer((req, res) => {
      hits.push(req.url!);
      res
        .writeHead(307, { location: req.url === '/to-metadata' ? 'http://169.254.169.254/latest/meta-data/' : 'http://10.0.0.1/steal' })
        .end();
    });
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
    try {
      for (const path of ['/to-metadata', '/to-private']) {
        const hook = await allowedAdmin.post('/api/webhooks', {
          url: `${base}${path}`,
          events: ['submission.created'],
          formId: allowedFormId,
        });
        expect(hook.status).toBe(201);
      }
      expect((await allowedAdmin.post(`/api/forms/${allowedFormId}/submissions`, { data: { name: 'y', qty: 2 } })).status).toBe(201);
      await allowed.app.dispatcher.runOnce();
      expect(hits.sort()).toEqual(['/to-metadata', '/to-private']);
      const attempts = await allowed.app
        .db('webhook_attempts as a')
        .join('webhook_deliveries as d', 'd.id', 'a.delivery_id')
        .join('webhook_subscriptions as s', 's.id', 'd.subscription_id')
        .where('s.url', 'like', `${base}%`)
        .select('s.url', 'a.error', 'a.response_status', 'd.status');
      expect(attempts).toHaveLength(2);
      for (const a of attempts) {
        expect(a.status).toBe('failed');
        expect(a.response_status).toBeNull();
        expect(a.error).toContain(a.url.endsWith('/to-metadata') ? 'a cloud metadata address' : 'a private network address');
      }
    } finally {
      await new Promise((r) => redirector.close(r));
    }
  });
});
