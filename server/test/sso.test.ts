import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordLoginAllowed } from '../src/services/sso/policy.ts';
import { startFakeOidcProvider, type FakeOidcProvider } from './fakes/oidcProvider.ts';
import { DIALECTS, adminClient, startTestServer, type Client, type TestServer } from './helpers.ts';

/**
 * A browser's part of the sign-in: one cookie jar for both sites (cookies ignore the port, as in a
 * browser), redirects followed by hand until the browser lands on a page of Formloom.
 */
class Browser {
  private cookies = new Map<string, string>();
  csrfToken = '';

  constructor(private readonly appUrl: string) {}

  private store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some(
        (a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()),
      );
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.store(res);
    return res;
  }

  /** Follows redirects from `path` until a page (not /api/) of Formloom, or a page at the provider. */
  async visit(path: string): Promise<{ landed: string; hops: string[] }> {
    let url = new URL(path, this.appUrl).href;
    const hops: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await this.fetch(url);
      await res.arrayBuffer();
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { landed: url, hops };
      hops.push(location);
      url = new URL(location, url).href;
      if (url.startsWith(this.appUrl) && !new URL(url).pathname.startsWith('/api/')) return { landed: url, hops };
    }
    throw new Error(`too many redirects: ${hops.join(' → ')}`);
  }

  async me(): Promise<{ status: number; body: any }> {
    const res = await this.fetch(`${this.appUrl}/api/auth/me`);
    const body = await res.json();
    if (res.status === 200) this.csrfToken = body.csrfToken;
    return { status: res.status, body };
  }
}

const landedPath = (landed: string) => {
  const u = new URL(landed);
  return u.pathname + u.search;
};

describe.each(DIALECTS)('single sign-on with OpenID Connect on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let provider: FakeOidcProvider;

  const baseSettings = () => ({
    enabled: true,
    displayName: { en: 'Contoso ID', 'zh-Hant': 'Contoso 帳戶' },
    issuer: provider.issuer,
    clientId: provider.clientId,
    scopes: ['openid', 'email', 'profile'],
    emailClaim: 'email',
    nameClaim: 'name',
    defaultRole: 'member' as const,
    allowedEmailDomains: [] as string[],
    disablePasswordForSsoUsers: false,
    trustUnverifiedEmail: false,
  });
  const saveSettings = async (patch: Record<string, unknown> = {}) => {
    const res = await admin.put('/api/sso/settings', { ...baseSettings(), ...patch });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const auditOf = async (action: string) =>
    (await server.app.db('audit_log').where({ action }).orderBy('seq')).map((r: any) => ({
      ...r,
      details: typeof r.details === 'string' ? JSON.parse(r.details) : r.details,
    }));
  const signIn = async (sub: string, returnTo = '/') => {
    const browser = new Browser(server.url);
    provider.signInAs(sub);
    const result = await browser.visit(`/api/auth/sso/start?returnTo=${encodeURIComponent(returnTo)}`);
    return { browser, ...result, path: landedPath(result.landed) };
  };

  beforeAll(async () => {
    server = await startTestServer(dialect, { webhookAllowHosts: ['127.0.0.1'] });
    provider = await startFakeOidcProvider({ redirectUris: [`${server.url}/api/auth/sso/callback`] });
    admin = await adminClient(server);
  });
  afterAll(async () => {
    await server?.close();
    await provider?.close();
  });

  it('offers no button until an admin switches it on; the settings are admin-only', async () => {
    const options = await new Browser(server.url).fetch(`${server.url}/api/auth/sso`);
    expect(await options.json()).toEqual({ enabled: false, displayName: null });
    const member = await admin.post('/api/users', {
      email: 'plain@example.com',
      name: 'Plain',
      password: 'a-long-password-1',
      role: 'member',
    });
    expect(member.status).toBe(201);
    const { Client } = await import('./helpers.ts');
    const memberClient = await new Client(server.url).login('plain@example.com', 'a-long-password-1');
    expect((await memberClient.get('/api/sso/settings')).status).toBe(403);
    expect((await memberClient.put('/api/sso/settings', baseSettings())).status).toBe(403);
    expect((await memberClient.post('/api/sso/settings/discovery', { issuer: provider.issuer })).status).toBe(403);
    expect((await new Browser(server.url).fetch(`${server.url}/api/sso/settings`)).status).toBe(401);
  });

  it('refuses incomplete or insecure settings', async () => {
    let res = await admin.put('/api/sso/settings', { ...baseSettings(), issuer: '' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('sso_incomplete');
    res = await admin.put('/api/sso/settings', { ...baseSettings(), issuer: 'http://login.example.com' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('sso_issuer_insecure');
    res = await admin.put('/api/sso/settings', { ...baseSettings(), defaultRole: 'owner' });
    expect(res.status).toBe(400);
  });

  it('stores the client secret sealed, never answers it, and audits the change without it', async () => {
    const body = await saveSettings({ clientSecret: provider.clientSecret });
    expect(body.hasClientSecret).toBe(true);
    expect(JSON.stringify(body)).not.toContain(provider.clientSecret);
    expect(body.redirectUri).toBe(`${server.url}/api/auth/sso/callback`);
    const row = await server.app.db('system_settings').where({ key: 'sso' }).first();
    const raw = typeof row.value === 'string' ? row.value : JSON.stringify(row.value);
    expect(raw).not.toContain(provider.clientSecret);
    const stored = JSON.parse(raw);
    expect(server.app.secretBox.open(stored.clientSecretSealed)).toBe(provider.clientSecret);
    const got = await admin.get('/api/sso/settings');
    expect(got.body.hasClientSecret).toBe(true);
    expect(got.body).not.toHaveProperty('clientSecret');
    expect(got.body).not.toHaveProperty('clientSecretSealed');
    // Saving again without a secret keeps it.
    expect((await saveSettings()).hasClientSecret).toBe(true);
    const audits = await auditOf('sso.settings_changed');
    expect(audits.length).toBeGreaterThan(0);
    expect(audits[0].details.changed).toContain('clientSecret');
    expect(JSON.stringify(audits)).not.toContain(provider.clientSecret);
    expect(JSON.stringify(audits)).not.toContain(stored.clientSecretSealed);
    const options = await new Browser(server.url).fetch(`${server.url}/api/auth/sso`);
    expect(await options.json()).toEqual({ enabled: true, displayName: { en: 'Contoso ID', 'zh-Hant': 'Contoso 帳戶' } });
  });

  it('tests discovery against the provider and explains failures', async () => {
    const ok = await admin.post('/api/sso/settings/discovery', { issuer: provider.issuer });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.issuer).toBe(provider.issuer);
    expect(ok.body.supportsPkceS256).toBe(true);
    expect(ok.body.authorizationEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/auth$/);
    const saved = await admin.post('/api/sso/settings/discovery', {});
    expect(saved.status).toBe(200);
    const closed = await admin.post('/api/sso/settings/discovery', { issuer: 'http://127.0.0.1:9/none' });
    expect(closed.status).toBe(422);
    expect(closed.body.code).toBe('sso_discovery_failed');
  });

  it('creates a user just in time with the default role and lands on the page asked for', async () => {
    await saveSettings();
    provider.addAccount({ sub: 'jit-1', email: 'Jamie.Lee@jit.example', emailVerified: true, name: 'Jamie Lee' });
    const { browser, path, hops } = await signIn('jit-1', '/apps/abc?tab=data');
    expect(path).toBe('/apps/abc?tab=data');
    expect(hops[0]).toMatch(new RegExp(`^${provider.issuer}/auth\\?`));
    const authUrl = new URL(hops[0]!);
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authUrl.searchParams.get('state')).toBeTruthy();
    expect(authUrl.searchParams.get('nonce')).toBeTruthy();
    expect(browser.cookie('formloom_sso')).toBeUndefined();
    const me = await browser.me();
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: 'jamie.lee@jit.example', name: 'Jamie Lee', role: 'member' });
    const identity = await server.app.db('user_identities').where({ subject: 'jit-1' }).first();
    expect(identity).toMatchObject({ user_id: me.body.user.id, issuer: provider.issuer });
    const created = (await auditOf('user.created')).find((a) => a.target_id === me.body.user.id);
    expect(created?.details).toMatchObject({ source: 'sso', role: 'member' });
    const logins = (await auditOf('auth.sso_login')).filter((a) => a.target_id === me.body.user.id);
    expect(logins.map((a) => a.details)).toEqual([{ issuer: provider.issuer, outcome: 'created' }]);
    const event = await server.app.db('domain_events').where({ type: 'user.created' }).orderBy('occurred_at', 'desc').first();
    expect(JSON.stringify(event.payload)).toContain(me.body.user.id);
    // A JIT user has no local password.
    const row = await server.app.db('users').where({ id: me.body.user.id }).first();
    expect(row.password_hash).toBeNull();
  });

  it('finds the same person by subject on the next sign-in, even with a new email', async () => {
    provider.addAccount({ sub: 'jit-1', email: 'jamie.new@jit.example', emailVerified: true, name: 'Jamie Lee' });
    const { browser, path } = await signIn('jit-1');
    expect(path).toBe('/');
    const me = await browser.me();
    expect(me.body.user.email).toBe('jamie.lee@jit.example');
    expect(await server.app.db('user_identities').where({ subject: 'jit-1' }).count({ n: '*' }).first()).toMatchObject({
      n: expect.anything(),
    });
    const logins = (await auditOf('auth.sso_login')).filter((a) => a.target_id === me.body.user.id);
    expect(logins.map((a) => a.details.outcome)).toEqual(['created', 'existing']);
    expect(Number((await server.app.db('users').where('email', 'like', 'jamie%').count({ n: '*' }).first())?.n)).toBe(1);
  });

  it('gives just-in-time users the configured default role', async () => {
    await saveSettings({ defaultRole: 'builder' });
    provider.addAccount({ sub: 'jit-2', email: 'builder.person@jit.example', emailVerified: true });
    const { browser } = await signIn('jit-2');
    const me = await browser.me();
    expect(me.body.user).toMatchObject({ role: 'builder', name: 'builder.person@jit.example' });
    await saveSettings();
  });

  it('links to an existing user by verified email, and refuses an unverified one', async () => {
    const existing = await admin.post('/api/users', {
      email: 'chan.tai.man@example.com',
      name: 'Chan Tai Man',
      password: 'a-long-password-1',
      role: 'builder',
    });
    expect(existing.status).toBe(201);
    provider.addAccount({ sub: 'unverified-1', email: 'chan.tai.man@example.com', emailVerified: false });
    const refused = await signIn('unverified-1');
    expect(refused.path).toBe('/login?sso_error=email_not_verified');
    expect((await refused.browser.me()).status).toBe(401);

    provider.addAccount({ sub: 'linked-1', email: 'CHAN.tai.man@example.com', emailVerified: true });
    const { browser } = await signIn('linked-1', '/inbox');
    const me = await browser.me();
    expect(me.body.user).toMatchObject({ id: existing.body.id, role: 'builder' });
    const linked = (await auditOf('auth.sso_login')).find((a) => a.target_id === existing.body.id);
    expect(linked?.details).toEqual({ issuer: provider.issuer, outcome: 'linked' });
    const failed = (await auditOf('auth.login_failed')).filter((a) => a.details.method === 'sso');
    expect(failed.map((a) => a.details.reason)).toContain('email_not_verified');
  });

  it('switches local passwords off for linked people when asked, and only then', async () => {
    const linked = await server.app.db('users').where({ email: 'chan.tai.man@example.com' }).first();
    const plain = await server.app.db('users').where({ email: 'plain@example.com' }).first();
    const tryPassword = (email: string) =>
      fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'a-long-password-1' }),
      });
    expect(await passwordLoginAllowed(server.app.db, linked.id)).toBe(true);
    expect((await tryPassword('chan.tai.man@example.com')).status).toBe(200);

    await saveSettings({ disablePasswordForSsoUsers: true });
    expect(await passwordLoginAllowed(server.app.db, linked.id)).toBe(false);
    expect(await passwordLoginAllowed(server.app.db, plain.id)).toBe(true);
    const refused = await tryPassword('chan.tai.man@example.com');
    expect(refused.status).toBe(403);
    expect((await refused.json()).code).toBe('password_login_disabled');
    expect((await tryPassword('plain@example.com')).status).toBe(200);

    // Single sign-on switched off: passwords work again, nobody is locked out.
    await saveSettings({ enabled: false, disablePasswordForSsoUsers: true });
    expect(await passwordLoginAllowed(server.app.db, linked.id)).toBe(true);
    await saveSettings();
  });

  it('refuses disabled people however they are found', async () => {
    const user = await server.app.db('users').where({ email: 'chan.tai.man@example.com' }).first();
    expect((await admin.request('PATCH', `/api/users/${user.id}`, { body: { disabled: true } })).status).toBe(200);
    const bySubject = await signIn('linked-1');
    expect(bySubject.path).toBe('/login?sso_error=account_disabled');
    expect((await bySubject.browser.me()).status).toBe(401);
    provider.addAccount({ sub: 'linked-2', email: 'chan.tai.man@example.com', emailVerified: true });
    const byEmail = await signIn('linked-2');
    expect(byEmail.path).toBe('/login?sso_error=account_disabled');
    const failed = (await auditOf('auth.login_failed')).filter((a) => a.details.reason === 'account_disabled');
    expect(failed.length).toBe(2);
    expect(await server.app.db('user_identities').where({ subject: 'linked-2' }).first()).toBeUndefined();
    await admin.request('PATCH', `/api/users/${user.id}`, { body: { disabled: false } });
  });

  it('refuses a callback whose state does not match, or that has no state cookie', async () => {
    provider.addAccount({ sub: 'state-1', email: 'state@jit.example', emailVerified: true });
    const browser = new Browser(server.url);
    const start = await browser.fetch(`${server.url}/api/auth/sso/start?returnTo=%2Fapps`);
    expect(start.status).toBe(302);
    expect(browser.cookie('formloom_sso')).toBeTruthy();
    // Through the provider by hand, then the callback with a forged state.
    provider.signInAs('state-1');
    let url = start.headers.get('location')!;
    let callback: URL | null = null;
    for (let i = 0; i < 10 && !callback; i++) {
      const res = await browser.fetch(url);
      url = new URL(res.headers.get('location')!, url).href;
      if (url.startsWith(`${server.url}/api/auth/sso/callback`)) callback = new URL(url);
    }
    expect(callback).not.toBeNull();
    const sealed = browser.cookie('formloom_sso')!;
    const forged = new URL(callback!);
    forged.searchParams.set('state', 'forged-state');
    const res = await browser.fetch(forged.href);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?sso_error=state_mismatch&next=%2Fapps');
    expect((await browser.me()).status).toBe(401);

    // The genuine callback in another browser (no state cookie) is refused too.
    const other = new Browser(server.url);
    const noCookie = await other.fetch(callback!.href);
    expect(noCookie.headers.get('location')).toBe('/login?sso_error=state_mismatch');
    // A state cookie that is not this server's sealed value is ignored.
    const tampered = new Browser(server.url);
    tampered.setCookie('formloom_sso', sealed.slice(0, -4) + 'AAAA');
    expect((await tampered.fetch(callback!.href)).headers.get('location')).toBe('/login?sso_error=state_mismatch');
  });

  it.each(['https://evil.example/x', '//evil.example/x', '/\\evil.example', '/%5Cevil.example', 'javascript:alert(1)', '/\tevil'])(
    'refuses returnTo=%s (no open redirect)',
    async (returnTo) => {
      const browser = new Browser(server.url);
      const res = await browser.fetch(`${server.url}/api/auth/sso/start?returnTo=${encodeURIComponent(returnTo)}`);
      const location = res.headers.get('location') ?? '';
      if (returnTo === '/%5Cevil.example') {
        // Encoded: a path on this site, harmless; the browser would ask this server for it.
        expect(location.startsWith(provider.issuer)).toBe(true);
        return;
      }
      expect(res.status).toBe(302);
      expect(location).toBe('/login?sso_error=invalid_return_to');
    },
  );

  it('refuses emails outside the allowed domains, and passes on the provider refusing', async () => {
    await saveSettings({ allowedEmailDomains: ['jit.example'] });
    provider.addAccount({ sub: 'outsider', email: 'someone@elsewhere.example', emailVerified: true });
    const outside = await signIn('outsider');
    expect(outside.path).toBe('/login?sso_error=domain_not_allowed');
    expect(await server.app.db('users').where({ email: 'someone@elsewhere.example' }).first()).toBeUndefined();
    const inside = await signIn('jit-1');
    expect((await inside.browser.me()).status).toBe(200);
    await saveSettings();

    provider.denyNext();
    const denied = await signIn('jit-1', '/reports');
    expect(denied.path).toBe('/login?sso_error=provider_error&next=%2Freports');
  });

  it('sends people back to the login page when single sign-on is off', async () => {
    await saveSettings({ enabled: false });
    const { path } = await signIn('jit-1', '/apps');
    expect(path).toBe('/login?sso_error=sso_disabled&next=%2Fapps');
    await saveSettings();
  });
});

describe.each(DIALECTS)('the identity provider behind the address guard on %s', (dialect) => {
  let server: TestServer;
  let provider: FakeOidcProvider;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    provider = await startFakeOidcProvider({ redirectUris: [`${server.url}/api/auth/sso/callback`] });
  });
  afterAll(async () => {
    await server?.close();
    await provider?.close();
  });

  it('does not reach a loopback issuer the operator has not allowed', async () => {
    const admin = await adminClient(server);
    const res = await admin.post('/api/sso/settings/discovery', { issuer: provider.issuer });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('sso_discovery_failed');
    expect(res.body.message).toContain('loopback');
    const saved = await admin.put('/api/sso/settings', {
      enabled: true,
      displayName: { en: 'Contoso ID', 'zh-Hant': 'Contoso 帳戶' },
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      scopes: ['openid', 'email'],
      emailClaim: 'email',
      nameClaim: 'name',
      defaultRole: 'member',
      allowedEmailDomains: [],
      disablePasswordForSsoUsers: false,
      trustUnverifiedEmail: false,
    });
    expect(saved.status).toBe(200);
    const start = await fetch(`${server.url}/api/auth/sso/start`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    expect(start.headers.get('location')).toBe('/login?sso_error=provider_unreachable');
  });
});
