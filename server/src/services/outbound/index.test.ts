import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundHttp, OutboundError, type OutboundRequest } from './index.ts';
import type { Resolver } from './guard.ts';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A loopback receiver whose answer per path the test decides; it records what arrived. */
async function receiver(handle: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      handle(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { server, port, base: `http://127.0.0.1:${port}`, seen, close: () => new Promise((r) => server.close(r)) };
}

const rejection = async (promise: Promise<unknown>): Promise<OutboundError> => {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(OutboundError);
    return err as OutboundError;
  }
  throw new Error('expected a rejection');
};

describe('createOutboundHttp', () => {
  let target: Awaited<ReturnType<typeof receiver>>;
  let other: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    other = await receiver((_req, res) => res.end('other'));
    target = await receiver((req, res, body) => {
      const path = req.url!;
      if (path === '/ok') res.writeHead(200, { 'content-type': 'text/plain', 'x-answer': 'yes' }).end(`got ${body}`);
      else if (path === '/fail') res.writeHead(500).end('broken');
      else if (path === '/to-private') res.writeHead(302, { location: 'http://10.0.0.1/steal' }).end();
      else if (path === '/to-metadata') res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      else if (path === '/to-other-port') res.writeHead(302, { location: `${other.base}/` }).end();
      else if (path === '/see-other') res.writeHead(303, { location: '/ok' }).end();
      else if (path === '/keep-post') res.writeHead(308, { location: '/ok' }).end();
      else if (path.startsWith('/loop')) res.writeHead(302, { location: `/loop${Number(path.slice(5) || 0) + 1}` }).end();
      else if (path === '/slow') setTimeout(() => res.end('late'), 2_000);
      else if (path === '/trickle') {
        res.writeHead(200);
        const tick = setInterval(() => res.write('.'), 50);
        res.on('close', () => clearInterval(tick));
      } else if (path === '/big') res.end('x'.repeat(200_000));
      else res.writeHead(404).end();
    });
  });
  afterAll(async () => {
    await target.close();
    await other.close();
  });

  const post = (url: string, extra: Partial<OutboundRequest> = {}): OutboundRequest => ({
    method: 'POST',
    url,
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer s3cret' },
    body: '{"a":1}',
    ...extra,
  });

  it('refuses loopback without an allow list, before anything is sent', async () => {
    const before = target.seen.length;
    const err = await rejection(createOutboundHttp().request(post(`${target.base}/ok`)));
    expect(err.code).toBe('address_not_allowed');
    expect(err.message).toContain('loopback');
    expect(target.seen.length).toBe(before);
    await expect(createOutboundHttp().check(`${target.base}/ok`)).rejects.toMatchObject({ code: 'address_not_allowed' });
  });

  it('sends to an allowed host and answers whatever the status', async () => {
    const outbound = createOutboundHttp({ allowHosts: ['127.0.0.1'] });
    await expect(outbound.check(`${target.base}/ok`)).resolves.toBeUndefined();
    const ok = await outbound.request(post(`${target.base}/ok`));
    expect(ok).toMatchObject({ status: 200, body: 'got {"a":1}', finalUrl: `${target.base}/ok` });
    expect(ok.headers['x-answer']).toBe('yes');
    expect(ok.durationMs).toBeGreaterThanOrEqual(0);
    expect(target.seen.at(-1)!.headers['content-length']).toBe('7');
    const failed = await outbound.request(post(`${target.base}/fail`));
    expect(failed).toMatchObject({ status: 500, body: 'broken' });
  });

  it('checks every redirect: from an allowed receiver to a private or metadata address is refused', async () => {
    const outbound = createOutboundHttp({ allowHosts: [`127.0.0.1:${target.port}`] });
    expect((await rejection(outbound.request(post(`${target.base}/to-private`)))).code).toBe('address_not_allowed');
    expect((await rejection(outbound.request(post(`${target.base}/to-metadata`)))).message).toContain('metadata');
    // Allowed is 127.0.0.1 on the receiver's port only: another loopback port is refused.
    const before = other.seen.length;
    expect((await rejection(outbound.request(post(`${target.base}/to-other-port`)))).code).toBe('address_not_allowed');
    expect(other.seen.length).toBe(before);
  });

  it('follows 303 as GET without the body, 308 with it, and drops credentials across origins', async () => {
    const outbound = createOutboundHttp({ allowHosts: ['127.0.0.1'] });
    const seeOther = await outbound.request(post(`${target.base}/see-other`));
    expect(seeOther).toMatchObject({ status: 200, body: 'got ', finalUrl: `${target.base}/ok` });
    expect(target.seen.at(-1)).toMatchObject({ method: 'GET', body: '' });
    const kept = await outbound.request(post(`${target.base}/keep-post`));
    expect(kept.body).toBe('got {"a":1}');
    expect(target.seen.at(-1)!.headers.authorization).toBe('Bearer s3cret');
    const moved = await outbound.request(post(`${target.base}/to-other-port`));
    expect(moved.body).toBe('other');
    expect(other.seen.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('stops after the redirect limit', async () => {
    const outbound = createOutboundHttp({ allowHosts: ['127.0.0.1'] });
    const before = target.seen.length;
    const err = await rejection(outbound.request(post(`${target.base}/loop0`)));
    expect(err.code).toBe('too_many_redirects');
    // The first request and three redirects followed; the fourth is not.
    expect(target.seen.slice(before).map((s) => s.url)).toEqual(['/loop0', '/loop1', '/loop2', '/loop3']);
  });

  it('times out over the whole exchange, a slow answer or an endless body alike', async () => {
    const outbound = createOutboundHttp({ allowHosts: ['127.0.0.1'] });
    expect((await rejection(outbound.request(post(`${target.base}/slow`, { timeoutMs: 300 })))).code).toBe('timeout');
    expect((await rejection(outbound.request(post(`${target.base}/trickle`, { timeoutMs: 300 })))).code).toBe('timeout');
  });

  it('keeps at most maxBodyBytes of the answer', async () => {
    const outbound = createOutboundHttp({ allowHosts: ['127.0.0.1'] });
    const res = await outbound.request(post(`${target.base}/big`, { maxBodyBytes: 1000 }));
    expect(res.status).toBe(200);
    expect(res.body).toBe('x'.repeat(1000));
  });

  it('reports a closed port as network_error', async () => {
    const closed = await receiver(() => undefined);
    await closed.close();
    const outbound = createOutboundHttp({ allowHosts: ['127.0.0.1'] });
    const err = await rejection(outbound.request(post(`${closed.base}/`)));
    expect(err.code).toBe('network_error');
    expect(err.message).toContain('refused');
  });

  it('judges the resolved address, and connects to the address it judged (no second lookup)', async () => {
    // Names only this resolver knows: if the request looked the name up again, it would fail.
    const resolve: Resolver = async (host) => {
      if (host === 'rebind.test' || host === 'receiver.test') return [{ address: '127.0.0.1', family: 4 }];
      throw Object.assign(new Error('unknown'), { code: 'ENOTFOUND' });
    };
    const guarded = createOutboundHttp({ resolve });
    expect((await rejection(guarded.request(post(`http://rebind.test:${target.port}/ok`)))).message).toContain(
      'rebind.test resolves to 127.0.0.1',
    );
    const allowed = createOutboundHttp({ resolve, allowHosts: ['receiver.test'] });
    const res = await allowed.request(post(`http://receiver.test:${target.port}/ok`));
    expect(res.status).toBe(200);
    expect(target.seen.at(-1)!.headers.host).toBe(`receiver.test:${target.port}`);
    expect((await rejection(allowed.request(post(`http://rebind.test:${target.port}/ok`)))).code).toBe('address_not_allowed');
  });

  it('an allowed name tries each of its addresses: IPv6 first, then the IPv4 the receiver listens on', async () => {
    const resolve: Resolver = async () => [
      { address: '::1', family: 6 },
      { address: '127.0.0.1', family: 4 },
    ];
    const outbound = createOutboundHttp({ resolve, allowHosts: ['both.test'] });
    const res = await outbound.request(post(`http://both.test:${target.port}/ok`));
    expect(res.status).toBe(200);
  });

  it('trusted (guard off) reaches loopback but still only speaks http(s)', async () => {
    const trusted = createOutboundHttp({ guard: false });
    expect((await trusted.request(post(`${target.base}/ok`))).status).toBe(200);
    expect((await rejection(trusted.request(post('file:///etc/passwd')))).code).toBe('invalid_url');
  });
});
