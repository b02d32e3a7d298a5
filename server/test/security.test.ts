import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SECURITY_DEFAULTS } from '@formloom/schemas';
import { createServer } from '../src/app.ts';
import { LoginThrottle } from '../src/plugins/app/loginThrottle.ts';
import { ADMIN, Client, DIALECTS, adminClient, startTestServer, userClient, type TestServer } from './helpers.ts';

const auditRows = (server: TestServer, action: string) =>
  server.app.db('audit_log').where({ action }).orderBy('seq').select('actor_id', 'target_id', 'ip', 'details');
/** Password hashing (scrypt) dominates some tests; on a busy machine they need more than the default 30 s. */
const SCRYPT_HEAVY_MS = 90_000;
const details = (row: { details: unknown }) => (typeof row.details === 'string' ? JSON.parse(row.details) : row.details);

describe.each(DIALECTS)('security policy and login throttling on %s', (dialect) => {
  let server: TestServer;
  let second: FastifyInstance;
  let secondUrl: string;
  let admin: Client;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    // A second server on the same database, as behind a load balancer.
    second = (await createServer(server.config)).app;
    await second.listen({ host: '127.0.0.1', port: 0 });
    secondUrl = `http://127.0.0.1:${(second.server.address() as { port: number }).port}`;
    admin = await adminClient(server);
  });
  afterAll(async () => {
    await second?.close();
    await server?.close();
  });

  it('serves the defaults until saved, only to admins, and audits a change', async () => {
    const got = await admin.get('/api/security/settings');
    expect(got.status).toBe(200);
    expect(got.body).toEqual(SECURITY_DEFAULTS);
    expect(got.body.passwords.minLength).toBe(10);
    expect(got.body.sessions.idleTimeoutMinutes).toBe(14 * 24 * 60);
    const { client: member } = await userClient(server, admin, 'member');
    expect((await member.get('/api/security/settings')).status).toBe(403);
    expect((await member.put('/api/security/settings', SECURITY_DEFAULTS)).status).toBe(403);
    const bad = await admin.put('/api/security/settings', { passwords: { minLength: 4 } });
    expect(bad.status).toBe(400);

    const saved = await admin.put('/api/security/settings', { passwords: { minLength: 12, requireDigits: true } });
    expect(saved.status).toBe(200);
    expect(saved.body.passwords).toMatchObject({ minLength: 12, requireDigits: true, requireLetters: true, historyCount: 5 });
    expect(saved.body.throttling).toEqual(SECURITY_DEFAULTS.throttling);
    expect((await admin.get('/api/security/settings')).body.passwords.minLength).toBe(12);
    const [entry] = await auditRows(server, 'security.settings_changed');
    expect(details(entry).changed).toEqual({
      'passwords.minLength': { from: 10, to: 12 },
      'passwords.requireDigits': { from: false, to: true },
    });
    // Back to the defaults for the tests below.
    expect((await admin.put('/api/security/settings', {})).body).toEqual(SECURITY_DEFAULTS);
  });

  it('refuses weak passwords for new people with every reason', async () => {
    const post = (password: string, name = 'Chan Tai Man', email = 'chan.taiman@example.com') =>
      admin.post('/api/users', { email, name, password, role: 'member' });
    const short = await post('abcdefgh1');
    expect(short.status).toBe(422);
    expect(short.body.code).toBe('password_too_weak');
    expect(short.body.details.reasons).toEqual(['too_short']);
    expect(short.body.message).toMatch(/at least 10 characters/);
    expect((await post('1234567890')).body.details.reasons).toEqual(['needs_letter', 'too_common']);
    expect((await post('taiman-rocks-2025')).body.details.reasons).toEqual(['contains_personal_info']);
    expect((await post('Sunshine2025!!')).body.details.reasons).toEqual(['too_common']);
    expect((await post('qwertyuiop')).body.details.reasons).toEqual(['too_common']);
    await admin.put('/api/security/settings', { passwords: { requireDigits: true } });
    expect((await post('correct horse battery')).body.details.reasons).toEqual(['needs_digit']);
    await admin.put('/api/security/settings', {});
    const ok = await post('correct horse battery');
    expect(ok.status).toBe(201);
    const created = (await auditRows(server, 'user.created')).find((r) => r.target_id === ok.body.id);
    expect(details(created!)).toEqual({ email: 'chan.taiman@example.com', role: 'member' });
    expect(JSON.stringify(created.details)).not.toContain('correct horse');
  });

  it(
    'changes your own password: checks the current one, the policy and history, ends your other sessions',
    async () => {
      const { client: me, user } = await userClient(server, admin, 'member', 'Changer');
      const other = await new Client(server.url).login(user.email, 'a-long-password-1');
      const change = (currentPassword: string, newPassword: string) => me.post('/api/auth/password', { currentPassword, newPassword });

      const wrong = await change('not-my-password', 'brand new phrase 1');
      expect(wrong.status).toBe(422);
      expect(wrong.body.code).toBe('current_password_wrong');
      const reused = await change('a-long-password-1', 'a-long-password-1');
      expect(reused.status).toBe(422);
      expect(reused.body.details.reasons).toEqual(['reused']);
      const weak = await change('a-long-password-1', 'password');
      expect(weak.body.details.reasons).toEqual(['too_short', 'too_common']);

      const done = await change('a-long-password-1', 'brand new phrase 1');
      expect(done.status).toBe(200);
      expect(done.body).toEqual({ revoked: 1 });
      expect((await me.get('/api/auth/me')).status).toBe(200); // this session stays
      expect((await other.get('/api/auth/me')).status).toBe(401); // the other one ended
      expect((await new Client(server.url).post('/api/auth/login', { email: user.email, password: 'a-long-password-1' })).status).toBe(401);
      await new Client(server.url).login(user.email, 'brand new phrase 1');
      // The previous password is in the history now.
      const back = await change('brand new phrase 1', 'a-long-password-1');
      expect(back.body.details.reasons).toEqual(['reused']);
      const [entry] = (await auditRows(server, 'user.password_changed')).filter((r) => r.target_id === user.id);
      expect(details(entry)).toEqual({ by: 'self', otherSessionsEnded: 1 });
    },
    SCRYPT_HEAVY_MS,
  );

  it(
    'an admin setting a password checks the policy and ends the person’s sessions and API tokens',
    async () => {
      const { client: person, user } = await userClient(server, admin, 'member', 'Resetme');
      const token = (await person.post('/api/auth/tokens', { name: 'script' })).body.token;
      const bot = new Client(server.url);
      bot.bearer = token;
      expect((await bot.get('/api/auth/me')).status).toBe(200);
      const put = (password: string) => admin.request('PUT', `/api/org/users/${user.id}/password`, { body: { password } });
      expect((await put('password1234')).body.details.reasons).toEqual(['too_common']);
      expect((await put('another fine phrase')).status).toBe(204);
      expect((await person.get('/api/auth/me')).status).toBe(401);
      expect((await bot.get('/api/auth/me')).status).toBe(401);
      const [entry] = (await auditRows(server, 'user.password_changed')).filter((r) => r.target_id === user.id);
      expect(details(entry)).toMatchObject({ by: 'admin', sessionsEnded: 1, tokensRevoked: 1 });
    },
    SCRYPT_HEAVY_MS,
  );

  it('directory people cannot set a local password (409 password_managed_elsewhere)', async () => {
    const { client: person, user } = await userClient(server, admin, 'member', 'Directory');
    await server.app.db('users').where({ id: user.id }).update({ auth_source: 'ldap' });
    server.app.forgetCredentials();
    const policy = await person.get('/api/auth/password-policy');
    expect(policy.body).toMatchObject({ canChangePassword: false, authSource: 'ldap', minLength: 10 });
    const res = await person.post('/api/auth/password', { currentPassword: 'a-long-password-1', newPassword: 'brand new phrase 1' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('password_managed_elsewhere');
    const byAdmin = await admin.request('PUT', `/api/org/users/${user.id}/password`, { body: { password: 'another fine phrase' } });
    expect(byAdmin.status).toBe(409);
  });

  it(
    'counts failed sign-ins across servers on one database, locks with 429 + Retry-After, audits it',
    async () => {
      await admin.put('/api/security/settings', { throttling: { maxFailuresPerAccount: 3, lockoutMinutes: 10 } });
      const { user } = await userClient(server, admin, 'member', 'Target');
      const onA = new Client(server.url);
      const onB = new Client(secondUrl);
      expect((await onA.post('/api/auth/login', { email: user.email, password: 'guess-1' })).status).toBe(401);
      expect((await onB.post('/api/auth/login', { email: user.email, password: 'guess-2' })).status).toBe(401);
      expect((await onA.post('/api/auth/login', { email: user.email, password: 'guess-3' })).status).toBe(401);
      for (const c of [onA, onB]) {
        const blocked = await c.post('/api/auth/login', { email: user.email, password: 'a-long-password-1' });
        expect(blocked.status).toBe(429);
        expect(blocked.body.code).toBe('too_many_attempts');
        const wait = Number(blocked.headers.get('retry-after'));
        expect(wait).toBeGreaterThan(590);
        expect(wait).toBeLessThanOrEqual(600);
      }
      const failed = (await auditRows(server, 'auth.login_failed')).filter((r) => r.actor_id === user.id);
      expect(failed.map((r) => details(r))).toEqual([1, 2, 3].map(() => ({ email: user.email, reason: 'wrong_password' })));
      const locked = (await auditRows(server, 'auth.locked_out')).filter((r) => r.target_id === user.id);
      expect(locked).toHaveLength(1);
      expect(details(locked[0])).toMatchObject({ scope: 'account', lockoutMinutes: 10 });

      // The lockout ends (its time moved into the past): the right password works again on either server.
      await server.app.db('login_lockouts').update({ until: new Date(Date.now() - 1000).toISOString() });
      expect((await onB.post('/api/auth/login', { email: user.email, password: 'a-long-password-1' })).status).toBe(200);
      const [login] = (await auditRows(server, 'auth.login')).filter((r) => r.actor_id === user.id).slice(-1);
      expect(details(login)).toEqual({ method: 'local' });
      expect(login.ip).toBe('127.0.0.1');
      await admin.put('/api/security/settings', {});
    },
    SCRYPT_HEAVY_MS,
  );

  it('an unknown email is audited with no actor', async () => {
    const res = await new Client(server.url).post('/api/auth/login', { email: 'Nobody-Here@example.com', password: 'whatever-1' });
    expect(res.status, JSON.stringify(res.body)).toBe(401);
    const rows = (await auditRows(server, 'auth.login_failed')).filter((r) => details(r).email === 'nobody-here@example.com');
    expect(rows).toHaveLength(1);
    expect(rows[0].actor_id).toBeNull();
    expect(details(rows[0]).reason).toBe('unknown_user');
  });

  it('lockouts last their time; failures from before one ended do not count again; a success clears the count', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const throttle = new LoginThrottle(server.app.db, () => now);
    const policy = { ...SECURITY_DEFAULTS.throttling, maxFailuresPerAccount: 3, windowMinutes: 15, lockoutMinutes: 5 };
    const email = 'clock@example.com';
    for (let i = 0; i < 2; i++) expect(await throttle.recordFailure('10.0.0.1', email, policy)).toEqual([]);
    expect(await throttle.lockout('10.0.0.2', email)).toBeNull();
    expect(await throttle.recordFailure('10.0.0.3', email, policy)).toEqual([{ retryAfterSeconds: 300, scope: 'account' }]);
    now += 60_000;
    expect(await throttle.lockout('10.0.0.9', email)).toEqual({ retryAfterSeconds: 240, scope: 'account' });
    now += 240_000;
    expect(await throttle.lockout('10.0.0.9', email)).toBeNull();
    // One more failure right after: the three before the lockout are not counted again.
    expect(await throttle.recordFailure('10.0.0.1', email, policy)).toEqual([]);
    expect(await throttle.lockout('10.0.0.1', email)).toBeNull();
    await throttle.recordSuccess(email);
    expect(await throttle.recordFailure('10.0.0.1', email, policy)).toEqual([]);
    expect(await throttle.recordFailure('10.0.0.1', email, policy)).toEqual([]);
    // Failures outside the window do not add up.
    now += 16 * 60_000;
    expect(await throttle.recordFailure('10.0.0.1', email, policy)).toEqual([]);
  });

  it('locks an address that tries many emails', async () => {
    const now = Date.parse('2031-01-01T00:00:00Z');
    const throttle = new LoginThrottle(server.app.db, () => now);
    const policy = { ...SECURITY_DEFAULTS.throttling, maxFailuresPerAddress: 5 };
    for (let i = 0; i < 4; i++) expect(await throttle.recordFailure('10.9.9.9', `spray-${i}@example.com`, policy)).toEqual([]);
    expect(await throttle.recordFailure('10.9.9.9', 'spray-4@example.com', policy)).toEqual([{ retryAfterSeconds: 900, scope: 'address' }]);
    expect(await throttle.lockout('10.9.9.9', 'someone-else@example.com')).toMatchObject({ scope: 'address' });
    expect(await throttle.lockout('10.9.9.8', 'someone-else@example.com')).toBeNull();
  });

  it('keeps the admin able to sign in', async () => {
    await new Client(server.url).login(ADMIN.email, ADMIN.password);
  });
});
