import { describe, expect, it, vi } from 'vitest';
import { createHttpClient } from './client.ts';
import { ApiError, NetworkError, parseRetryAfter } from './errors.ts';

type Call = { url: string; init: RequestInit };

/** A fetch that answers from a queue and records what it was asked. */
function scriptedFetch(...responses: (Response | Error)[]) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    const next = responses.shift();
    if (!next) throw new Error('no scripted response left');
    if (next instanceof Error) throw next;
    return next;
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const headerOf = (call: Call, name: string) => (call.init.headers as Record<string, string>)[name];
const sessionBody = (csrfToken: string) => ({ user: { id: 'u1', email: 'a@b.c', name: 'A', role: 'admin', locale: null }, csrfToken });

describe('createHttpClient', () => {
  it('sends the CSRF token from the session on writes, not on reads', async () => {
    const { fetch, calls } = scriptedFetch(json(200, sessionBody('tok-1')), json(200, { items: [] }), json(201, { id: 's1' }));
    const api = createHttpClient({ fetch });
    await api.me();
    await api.listApps();
    await api.createSubmission('f1', { a: 1 }, 'key-1');
    expect(headerOf(calls[1], 'X-CSRF-Token')).toBeUndefined();
    expect(headerOf(calls[2], 'X-CSRF-Token')).toBe('tok-1');
    expect(headerOf(calls[2], 'Idempotency-Key')).toBe('key-1');
    expect(calls[2].url).toBe('/api/forms/f1/submissions');
    expect(JSON.parse(String(calls[2].init.body))).toEqual({ data: { a: 1 } });
  });

  it('on 403 csrf_token_invalid refetches the session once and retries with the new token and the same key', async () => {
    const { fetch, calls } = scriptedFetch(
      json(200, sessionBody('old')),
      json(403, { statusCode: 403, code: 'csrf_token_invalid', error: 'Forbidden', message: 'bad token' }),
      json(200, sessionBody('new')),
      json(201, { id: 's1' }),
    );
    const api = createHttpClient({ fetch });
    await api.me();
    await expect(api.createSubmission('f1', {}, 'key-9')).resolves.toEqual({ id: 's1' });
    expect(calls.map((c) => c.url)).toEqual(['/api/auth/me', '/api/forms/f1/submissions', '/api/auth/me', '/api/forms/f1/submissions']);
    expect(headerOf(calls[3], 'X-CSRF-Token')).toBe('new');
    expect(headerOf(calls[3], 'Idempotency-Key')).toBe('key-9');
  });

  it('retries a CSRF failure only once', async () => {
    const csrf = () => json(403, { statusCode: 403, code: 'csrf_token_invalid', error: 'Forbidden', message: 'bad' });
    const { fetch, calls } = scriptedFetch(csrf(), json(200, sessionBody('t')), csrf());
    const api = createHttpClient({ fetch });
    await expect(api.installTemplate('tpl')).rejects.toMatchObject({ code: 'csrf_token_invalid', status: 403 });
    expect(calls).toHaveLength(3);
  });

  it('maps error bodies to ApiError with code, details, requestId and Retry-After', async () => {
    const details = [{ path: '/items/0/qty', message: 'must be >= 1' }];
    const { fetch } = scriptedFetch(
      json(422, { statusCode: 422, code: 'validation_failed', error: 'Unprocessable Entity', message: 'bad', details, requestId: 'req-7' }),
      json(429, { statusCode: 429, code: 'too_many_attempts', error: 'Too Many Requests', message: 'slow down' }, { 'Retry-After': '300' }),
    );
    const api = createHttpClient({ fetch });
    const e1 = await api.createSubmission('f1', {}, 'k').catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ApiError);
    expect(e1).toMatchObject({ status: 422, code: 'validation_failed', requestId: 'req-7', message: 'bad' });
    expect((e1 as ApiError).validationDetails).toEqual(details);
    const e2 = await api.login('a@b.c', 'x').catch((e: unknown) => e);
    expect(e2).toMatchObject({ status: 429, retryAfterSeconds: 300 });
  });

  it('turns a non-JSON error page into an ApiError with the status', async () => {
    const { fetch } = scriptedFetch(new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const err = await createHttpClient({ fetch })
      .listApps()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 502, code: 'http_502' });
  });

  it('reports a failed connection as NetworkError', async () => {
    const { fetch } = scriptedFetch(new TypeError('Failed to fetch'));
    await expect(createHttpClient({ fetch }).listApps()).rejects.toBeInstanceOf(NetworkError);
  });

  it('sends the UI language as Accept-Language', async () => {
    const { fetch, calls } = scriptedFetch(json(201, { app: {}, forms: [] }));
    let language = 'en';
    const api = createHttpClient({ fetch, language: () => language });
    language = 'zh-Hant';
    await api.installTemplate('health-declaration');
    expect(headerOf(calls[0], 'Accept-Language')).toBe('zh-Hant');
  });

  it('builds list and export URLs with the cursor and format', async () => {
    const { fetch, calls } = scriptedFetch(json(200, { items: [], nextCursor: null }));
    const api = createHttpClient({ fetch, baseUrl: '' });
    await api.listSubmissions('f/1', { limit: 50, cursor: 'abc==' });
    expect(calls[0].url).toBe('/api/forms/f%2F1/submissions?limit=50&cursor=abc%3D%3D');
    expect(api.exportUrl('f1', 'xlsx')).toBe('/api/forms/f1/submissions/export?format=xlsx');
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:02:30 GMT', now)).toBe(150);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
