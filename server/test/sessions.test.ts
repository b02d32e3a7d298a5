import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, DIALECTS, adminClient, startTestServer, userClient, type TestServer } from './helpers.ts';

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

describe.each(DIALECTS)('sessions on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Moves a person's sessions back in time (as if that much time had passed), then drops the credential cache. */
  async function age(userId: string, patch: { created_at?: string; last_seen_at?: string }) {
    await server.app.db('sessions').where({ user_id: userId }).update(patch);
    server.app.forgetCredentials();
  }

  it('lists your sessions with address, browser and "this device"; signs one out', async () => {
    const { client: phone, user } = await userClient(server, admin, 'member', 'Lister');
    const laptop = new Client(server.url);
    await laptop.request('POST', '/api/auth/login', {
      body: { email: user.email, password: 'a-long-password-1' },
      headers: { 'user-agent': 'Laptop Browser/1.0' },
    });
    const list = await phone.get('/api/auth/sessions');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    const current = list.body.items.filter((s: any) => s.current);
    expect(current).toHaveLength(1);
    const other = list.body.items.find((s: any) => !s.current);
    expect(other).toMatchObject({ ip: '127.0.0.1', userAgent: 'Laptop Browser/1.0', id: expect.any(String) });
    // The id shown is not the cookie's hash (the sessions table's key).
    expect(await server.app.db('sessions').where({ id: other.id }).first()).toBeUndefined();

    const stranger = (await userClient(server, admin, 'member', 'Stranger')).client;
    expect((await stranger.request('DELETE', `/api/auth/sessions/${other.id}`)).status).toBe(404);
    expect((await phone.request('DELETE', `/api/auth/sessions/${other.id}`)).status).toBe(204);
    expect((await laptop.get('/api/auth/me')).status).toBe(401);
    expect((await phone.get('/api/auth/me')).status).toBe(200);
    expect((await phone.request('DELETE', `/api/auth/sessions/${other.id}`)).status).toBe(404);
    const audit = await server.app.db('audit_log').where({ action: 'session.revoked', target_id: other.id });
    expect(audit).toHaveLength(1);
  });

  it('signs out your other sessions, keeping this one', async () => {
    const { client: a, user } = await userClient(server, admin, 'member', 'Others');
    const b = await new Client(server.url).login(user.email, 'a-long-password-1');
    const c = await new Client(server.url).login(user.email, 'a-long-password-1');
    const res = await a.request('DELETE', '/api/auth/sessions');
    expect(res.body).toEqual({ revoked: 2 });
    expect((await a.get('/api/auth/me')).status).toBe(200);
    expect((await b.get('/api/auth/me')).status).toBe(401);
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('ends a session idle longer than the policy, and any session past its absolute lifetime', async () => {
    await admin.put('/api/security/settings', { sessions: { idleTimeoutMinutes: 30, absoluteLifetimeHours: 8 } });
    const { client: idle, user: idleUser } = await userClient(server, admin, 'member', 'Idle');
    await age(idleUser.id, { last_seen_at: ago(29 * 60_000) });
    expect((await idle.get('/api/auth/me')).status).toBe(200); // still within 30 minutes (and now touched)
    await age(idleUser.id, { last_seen_at: ago(31 * 60_000) });
    expect((await idle.get('/api/auth/me')).status).toBe(401);
    expect(await server.app.db('sessions').where({ user_id: idleUser.id })).toHaveLength(0);

    const { client: busy, user: busyUser } = await userClient(server, admin, 'member', 'Busy');
    await age(busyUser.id, { created_at: ago(7.9 * 3600_000), last_seen_at: ago(1000) });
    expect((await busy.get('/api/auth/me')).status).toBe(200);
    const [listed] = (await busy.get('/api/auth/sessions')).body.items;
    // Ends at the absolute limit (0.1 h from now), not 30 minutes after the last use.
    expect(Date.parse(listed.expiresAt) - Date.now()).toBeLessThan(0.11 * 3600_000);
    await age(busyUser.id, { created_at: ago(8.1 * 3600_000), last_seen_at: ago(1000) });
    expect((await busy.get('/api/auth/me')).status).toBe(401);
    await admin.put('/api/security/settings', {});
  });

  it('a session used now and then slides its idle expiry forward', async () => {
    await admin.put('/api/security/settings', { sessions: { idleTimeoutMinutes: 30 } });
    const { client, user } = await userClient(server, admin, 'member', 'Slider');
    await age(user.id, { last_seen_at: ago(20 * 60_000) });
    expect((await client.get('/api/auth/me')).status).toBe(200);
    const row = await server.app.db('sessions').where({ user_id: user.id }).first();
    expect(Date.now() - Date.parse(row.last_seen_at)).toBeLessThan(60_000);
    await admin.put('/api/security/settings', {});
  });

  it('admins list a person’s sessions and sign them out everywhere; others get 403, unknown people 404', async () => {
    const { client: person, user } = await userClient(server, admin, 'member', 'Everywhere');
    const second = await new Client(server.url).login(user.email, 'a-long-password-1');
    const listed = await admin.get(`/api/users/${user.id}/sessions`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(2);
    expect(listed.body.items.every((s: any) => s.current === false)).toBe(true);
    expect((await person.get(`/api/users/${user.id}/sessions`)).status).toBe(403);
    expect((await person.request('DELETE', `/api/users/${user.id}/sessions`)).status).toBe(403);
    expect((await admin.get('/api/users/no-such-user/sessions')).status).toBe(404);
    expect((await admin.request('DELETE', '/api/users/no-such-user/sessions')).status).toBe(404);

    const res = await admin.request('DELETE', `/api/users/${user.id}/sessions`);
    expect(res.body).toEqual({ revoked: 2 });
    expect((await person.get('/api/auth/me')).status).toBe(401);
    expect((await second.get('/api/auth/me')).status).toBe(401);
    const [entry] = await server.app.db('audit_log').where({ action: 'session.revoked', target_id: user.id });
    const details = typeof entry.details === 'string' ? JSON.parse(entry.details) : entry.details;
    expect(details).toEqual({ scope: 'all', reason: 'admin_signed_out', sessionsEnded: 2 });
    expect(entry.actor_id).not.toBe(user.id);
  });

  it('disabling a person stops their cookie and API token at once; enabling lets them sign in again; both audited', async () => {
    const { client: person, user } = await userClient(server, admin, 'member', 'Disabled');
    const token = (await person.post('/api/auth/tokens', { name: 'script' })).body.token;
    const bot = new Client(server.url);
    bot.bearer = token;
    expect((await bot.get('/api/auth/me')).status).toBe(200);
    expect((await person.get('/api/auth/me')).status).toBe(200);

    expect((await admin.request('PATCH', `/api/users/${user.id}`, { body: { disabled: true } })).status).toBe(200);
    expect((await person.get('/api/auth/me')).status).toBe(401);
    expect((await bot.get('/api/auth/me')).status).toBe(401);
    expect(await server.app.db('sessions').where({ user_id: user.id })).toHaveLength(0);
    expect((await new Client(server.url).post('/api/auth/login', { email: user.email, password: 'a-long-password-1' })).status).toBe(401);

    expect((await admin.request('PATCH', `/api/users/${user.id}`, { body: { disabled: false, name: 'Enabled again' } })).status).toBe(200);
    await new Client(server.url).login(user.email, 'a-long-password-1');
    const actions = await server.app
      .db('audit_log')
      .where({ target_id: user.id })
      .whereIn('action', ['user.created', 'user.disabled', 'user.enabled', 'user.updated', 'api_token.created'])
      .orderBy('seq')
      .select('action', 'details');
    expect(actions.map((a: any) => a.action)).toEqual(['user.created', 'user.disabled', 'user.updated', 'user.enabled']);
    const updated = actions.find((a: any) => a.action === 'user.updated');
    const d = typeof updated.details === 'string' ? JSON.parse(updated.details) : updated.details;
    expect(d).toEqual({ fields: ['name'] });
  });

  it('audits sign-out and API token creation and revocation', async () => {
    const { client, user } = await userClient(server, admin, 'member', 'Tokens');
    const created = await client.post('/api/auth/tokens', { name: 'ci' });
    expect((await client.request('DELETE', `/api/auth/tokens/${created.body.id}`)).status).toBe(204);
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    const rows = await server.app.db('audit_log').where({ actor_id: user.id }).orderBy('seq').select('action', 'details');
    expect(rows.map((r: any) => r.action)).toEqual(['auth.login', 'api_token.created', 'api_token.revoked', 'auth.logout']);
    expect(JSON.stringify(rows)).not.toContain(created.body.token);
  });
});
