import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, Client, DIALECTS, adminClient, startTestServer, type TestServer } from './helpers.ts';

describe.each(DIALECTS)('auth on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reports health with the database kind', async () => {
    const res = await new Client(server.url).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: dialect, version: expect.any(String) });
  });

  it('signs in with an HttpOnly SameSite cookie and returns the user and a CSRF token', async () => {
    const res = await new Client(server.url).post('/api/auth/login', { email: ADMIN.email.toUpperCase(), password: ADMIN.password });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: ADMIN.email, role: 'admin' });
    expect(res.body.user).not.toHaveProperty('passwordHash');
    expect(res.body.csrfToken).toMatch(/.{20,}/);
    const cookie = res.headers.getSetCookie().join(';');
    expect(cookie).toMatch(/formloom_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('answers 401 invalid_credentials for a wrong password and for an unknown email', async () => {
    for (const email of [ADMIN.email, 'nobody@example.com']) {
      const res = await new Client(server.url).post(
        '/api/auth/login',
        { email, password: 'wrong-password' },
        { headers: { 'x-forwarded-for': '1.1.1.1' } },
      );
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, code: 'invalid_credentials', error: 'Unauthorized' });
      expect(res.body.message).toMatch(/wrong/);
    }
  });

  it('rate-limits repeated failures with 429 and Retry-After, even with the right password', async () => {
    const c = new Client(server.url);
    const email = 'victim@example.com';
    for (let i = 0; i < 5; i++) expect((await c.post('/api/auth/login', { email, password: `guess-${i}` })).status).toBe(401);
    const blocked = await c.post('/api/auth/login', { email, password: 'guess-6' });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('too_many_attempts');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('GET /api/auth/me needs a session; logout ends it', async () => {
    expect((await new Client(server.url).get('/api/auth/me')).body.code).toBe('unauthenticated');
    const c = await adminClient(server);
    const me = await c.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.csrfToken).toBe(c.csrfToken);
    expect((await c.post('/api/auth/logout')).status).toBe(204);
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses someone signed out as such before looking at what they sent (401, not 400 on a bad body)', async () => {
    const anonymous = new Client(server.url);
    for (const body of [{}, { name: '' }, { name: 'x', unexpected: true }]) {
      const res = await anonymous.post('/api/apps', body);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('unauthenticated');
    }
    const c = await adminClient(server);
    const noCsrf = await c.post('/api/apps', {}, { csrf: false });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.code).toBe('csrf_token_invalid');
  });

  it('refuses cookie-authenticated unsafe requests without the right X-CSRF-Token', async () => {
    const c = await adminClient(server);
    const missing = await c.post('/api/apps', { name: 'x' }, { csrf: false });
    expect(missing.status).toBe(403);
    expect(missing.body.code).toBe('csrf_token_invalid');
    const wrong = await c.post('/api/apps', { name: 'x' }, { csrf: false, headers: { 'x-csrf-token': 'nope' } });
    expect(wrong.status).toBe(403);
    expect((await c.post('/api/apps', { name: 'x' })).status).toBe(201);
  });

  it('issues API tokens that work as Bearer on every route without CSRF, stored only hashed', async () => {
    const c = await adminClient(server);
    const created = await c.post('/api/auth/tokens', { name: 'script' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), token: expect.stringMatching(/^flt_/) });
    const bot = new Client(server.url);
    bot.bearer = created.body.token;
    expect((await bot.get('/api/auth/me')).body.user.email).toBe(ADMIN.email);
    expect((await bot.post('/api/apps', { name: 'from a script' })).status).toBe(201);
    const stored = await server.app.db('api_tokens').where({ id: created.body.id }).first();
    expect(stored.token_hash).not.toContain(created.body.token);
    expect(JSON.stringify(stored)).not.toContain(created.body.token);
    expect((await c.request('DELETE', `/api/auth/tokens/${created.body.id}`)).status).toBe(204);
    const revoked = await bot.get('/api/auth/me');
    expect(revoked.status).toBe(401);
    expect(revoked.body.code).toBe('unauthenticated');
  });

  it('stores passwords only as scrypt hashes', async () => {
    const row = await server.app.db('users').where({ email: ADMIN.email }).first();
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain(ADMIN.password);
  });
});
