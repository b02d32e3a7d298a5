import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, publishedForm, startTestServer, type Client, type TestServer } from './helpers.ts';

describe.each(DIALECTS)('bad input on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let formId: string;
  const rows = async () => Number((await server.app.db('submissions').count({ n: '*' }).first())!.n);
  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    ({ formId } = await publishedForm(admin));
  });
  afterAll(async () => {
    await server?.close();
  });

  const expectError = (res: { status: number; body: any }, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ statusCode: status, code, error: expect.any(String), message: expect.any(String) });
    expect(res.body.message.length).toBeGreaterThan(10);
  };

  it('non-JSON body → 400 invalid_json', async () => {
    expectError(await admin.request('POST', `/api/forms/${formId}/submissions`, { rawBody: '{"data": {"name": ' }), 400, 'invalid_json');
    expectError(await admin.request('POST', `/api/forms/${formId}/submissions`, { rawBody: '' }), 400, 'invalid_json');
  });

  it('other content types → 415', async () => {
    expectError(
      await admin.request('POST', `/api/forms/${formId}/submissions`, {
        rawBody: 'name=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
      'unsupported_media_type',
    );
  });

  it('body over the limit → 413 payload_too_large', async () => {
    const big = JSON.stringify({ data: { name: 'x'.repeat(2 * 1024 * 1024), qty: 1 } });
    expectError(await admin.request('POST', `/api/forms/${formId}/submissions`, { rawBody: big }), 413, 'payload_too_large');
  });

  it('__proto__ and constructor.prototype keys → 400, nothing stored', async () => {
    const before = await rows();
    expectError(
      await admin.request('POST', `/api/forms/${formId}/submissions`, {
        rawBody: '{"data":{"name":"x","qty":1,"__proto__":{"isAdmin":true}}}',
      }),
      400,
      'forbidden_key',
    );
    expectError(
      await admin.request('POST', `/api/forms/${formId}/submissions`, {
        rawBody: '{"data":{"name":"x","qty":1,"constructor":{"prototype":{"isAdmin":true}}}}',
      }),
      400,
      'forbidden_key',
    );
    expect(await rows()).toBe(before);
    expect(({} as any).isAdmin).toBeUndefined();
  });

  it('JSON nested deeper than the limit → 400 json_too_deep', async () => {
    const deep = `{"data":{"name":"x","qty":1,"n":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    expectError(await admin.request('POST', `/api/forms/${formId}/submissions`, { rawBody: deep }), 400, 'json_too_deep');
  });

  it('unknown API route → 404 JSON route_not_found', async () => {
    expectError(await admin.get('/api/nope'), 404, 'route_not_found');
    expectError(await admin.request('DELETE', '/api/apps'), 404, 'route_not_found');
  });

  it('bad ids and query strings get 4xx, never 500', async () => {
    expectError(await admin.get(`/api/forms/${'x'.repeat(300)}`), 404, 'form_not_found');
    expectError(await admin.get('/api/forms/%E0%A4%A'), 400, 'bad_url');
    expectError(await admin.get(`/api/forms/${formId}/submissions?limit=abc`), 400, 'invalid_request');
    expectError(await admin.get(`/api/forms/${formId}/submissions/export?format=pdf`), 400, 'invalid_request');
    expectError(
      await admin.request('POST', `/api/forms/${formId}/submissions`, {
        body: { data: { name: 'x', qty: 1 } },
        headers: { 'idempotency-key': 'k'.repeat(300) },
      }),
      400,
      'invalid_idempotency_key',
    );
    expectError(await admin.put(`/api/forms/${formId}`, { name: 'x' }, { headers: { 'if-match': 'garbage' } }), 400, 'invalid_if_match');
  });
});

describe('an unexpected fault', () => {
  it('answers 500 with a request id that is in the log, and no internals in the response', async () => {
    const lines: string[] = [];
    const stream = { write: (line: string) => void lines.push(line) };
    const server = await startTestServer('sqlite', {}, { level: 'error', stream });
    try {
      const admin = await adminClient(server);
      const { formId } = await publishedForm(admin);
      await server.app.db.schema.renameTable('submissions', 'submissions_away');
      const res = await admin.post(`/api/forms/${formId}/submissions`, { data: { name: 'x', qty: 1 } });
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ statusCode: 500, code: 'internal_error', requestId: expect.stringMatching(/^req-/) });
      expect(JSON.stringify(res.body)).not.toMatch(/submissions|SQLITE|at .*\(/);
      const logged = lines.map((l) => JSON.parse(l)).find((l) => l.requestId === res.body.requestId || l.reqId === res.body.requestId);
      expect(logged, 'the failing request is in the log under its id').toBeTruthy();
      expect(JSON.stringify(logged)).toMatch(/no such table: submissions/);
    } finally {
      await server.close();
    }
  });
});

describe.each(DIALECTS)('reserved names on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers 422 (not 500) for submitted keys that every JavaScript object already has', async () => {
    // uniqueItems over objects makes ajv compare them deeply, which calls toString().
    const { formId } = await publishedForm(admin, {
      type: 'object',
      properties: { tags: { type: 'array', uniqueItems: true, items: { type: 'object' } } },
    });
    for (const data of [{ tags: [{ toString: 1 }, { toString: 2 }] }, { tags: [{ valueOf: 'x' }] }, { toString: 'x' }]) {
      const res = await admin.post(`/api/forms/${formId}/submissions`, { data });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.details[0]).toMatchObject({ keyword: 'reserved' });
    }
  });

  it('refuses forms whose fields are named like built-in object properties', async () => {
    const app = (await admin.post('/api/apps', { name: 'Reserved' })).body;
    for (const key of ['constructor', 'toString', 'hasOwnProperty']) {
      const res = await admin.post(`/api/apps/${app.id}/forms`, {
        name: 'x',
        schema: { type: 'object', properties: { [key]: { type: 'string' } } },
      });
      expect([res.status, res.body.code]).toEqual([422, 'invalid_schema']);
      expect(res.body.message).toContain(key);
    }
  });
});
