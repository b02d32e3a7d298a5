import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { createServer } from '../src/app.ts';
import { ADMIN, Client, DIALECTS, adminClient, startTestServer, userClient, type TestServer } from './helpers.ts';
import { QBO_SEED, startFakeQuickBooks, type FakeQuickBooks } from './fakes/quickbooks.ts';
import { Browser, QBO, connectThroughBrowser, saveFakeKeys, useFakeQuickBooks } from './fakes/quickbooksConnect.ts';

/**
 * The QuickBooks connection through the real routes against the fake QuickBooks: settings, the
 * OAuth connect (state bound to the admin, single use), companies, token refresh and rotation.
 */

process.env.FORMLOOM_DISPATCH_INTERVAL_MS = '0';

const REALM_A = '9130350000000001';
const REALM_B = '9130350000000002';

describe.each(DIALECTS)('QuickBooks connection (%s)', (dialect) => {
  let server: TestServer;
  let fake: FakeQuickBooks;
  let admin: Client;
  let browser: Browser;

  const company = (realmId: string) => server.app.db('quickbooks_companies').where({ realm_id: realmId }).first();

  beforeAll(async () => {
    server = await startTestServer(dialect);
    fake = await startFakeQuickBooks({
      companies: [
        { realmId: REALM_A, name: 'Kowloon Trading Ltd' },
        { realmId: REALM_B, name: 'Lantau Logistics Ltd' },
      ],
    });
    useFakeQuickBooks(fake, server);
    admin = await adminClient(server);
    browser = await new Browser(server).signIn();
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  it('starts unconfigured, tells the redirect URI to register, and is admin business', async () => {
    const res = await admin.get(`${QBO}/connection`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      configured: false,
      connected: false,
      environment: 'sandbox',
      clientId: null,
      settingsFromEnv: false,
      redirectUri: `${server.url}${QBO}/callback`,
      companies: [],
    });
    expect((await admin.post(`${QBO}/connect`)).body.code).toBe('not_configured');
    const member = await userClient(server, admin, 'member');
    const refused = await member.client.get(`${QBO}/connection`);
    expect(refused.status).toBe(403);
    expect((await member.client.put(`${QBO}/settings`, { clientId: 'x', clientSecret: 'y', environment: 'sandbox' })).status).toBe(403);
  });

  it('keeps the client secret sealed and checks the settings', async () => {
    const bad = await admin.put(`${QBO}/settings`, { clientId: '', clientSecret: 'x', environment: 'staging' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_request');
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['/clientId', '/environment']);

    await saveFakeKeys(admin, fake);
    const row = await server.app.db('quickbooks_settings').first();
    expect(row.client_id).toBe(fake.clientId);
    expect(row.client_secret_sealed).not.toContain(fake.clientSecret);
    expect(server.app.secretBox.open(row.client_secret_sealed)).toBe(fake.clientSecret);
    const view = (await admin.get(`${QBO}/connection`)).body;
    expect(view).toMatchObject({ configured: true, connected: false, clientId: fake.clientId, settingsFromEnv: false });
    expect(JSON.stringify(view)).not.toContain(fake.clientSecret);
  });

  it('lets FORMLOOM_QBO_CLIENT_ID/SECRET win over saved settings', async () => {
    process.env.FORMLOOM_QBO_CLIENT_ID = 'from-env-id';
    process.env.FORMLOOM_QBO_CLIENT_SECRET = 'from-env-secret';
    try {
      const view = (await admin.get(`${QBO}/connection`)).body;
      expect(view).toMatchObject({ clientId: 'from-env-id', settingsFromEnv: true });
      const { authorizeUrl } = (await admin.post(`${QBO}/connect`)).body;
      expect(new URL(authorizeUrl).searchParams.get('client_id')).toBe('from-env-id');
    } finally {
      delete process.env.FORMLOOM_QBO_CLIENT_ID;
      delete process.env.FORMLOOM_QBO_CLIENT_SECRET;
    }
  });

  it('sends the admin to the consent page with the scope, redirect URI and a state', async () => {
    const res = await admin.post(`${QBO}/connect`);
    expect(res.status).toBe(200);
    const url = new URL(res.body.authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe(fake.env.FORMLOOM_QBO_AUTH_URL);
    expect(url.searchParams.get('scope')).toBe('com.intuit.quickbooks.accounting');
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('redirect_uri')).toBe(`${server.url}${QBO}/callback`);
    expect(url.searchParams.get('state')!.length).toBeGreaterThanOrEqual(32);
  });

  it('connects a company through consent and callback, stores its tokens sealed and names it', async () => {
    const landing = await connectThroughBrowser(browser, fake, REALM_A);
    expect(landing).toBe(`/integrations/quickbooks?connected=${REALM_A}`);
    const view = (await admin.get(`${QBO}/connection`)).body;
    expect(view.connected).toBe(true);
    expect(view.companies).toEqual([
      { realmId: REALM_A, name: 'Kowloon Trading Ltd', active: true, connectedAt: expect.any(String), problem: null },
    ]);
    const row = await company(REALM_A);
    const [liveRefresh] = fake.liveRefreshTokens(REALM_A);
    expect(row.refresh_token_sealed).not.toContain(liveRefresh);
    expect(server.app.secretBox.open(row.refresh_token_sealed)).toBe(liveRefresh);
    expect(Date.parse(row.access_expires_at) - Date.now()).toBeGreaterThan(3500_000);
  });

  it('refuses a callback whose state is replayed, unknown, or was started by another admin', async () => {
    const start = await browser.fetch(`${server.url}${QBO}/connect`, { method: 'POST' });
    const consent = await browser.fetch(((await start.json()) as { authorizeUrl: string }).authorizeUrl);
    const callback = consent.headers.get('location')!;

    const otherAdmin = await userClient(server, admin, 'admin', 'second-admin');
    const other = new Browser(server);
    other.cookie = await sessionCookieOf(otherAdmin.client);
    const stolen = await other.fetch(callback);
    expect(stolen.headers.get('location')).toBe('/integrations/quickbooks?error=invalid_state');

    expect((await browser.fetch(callback)).headers.get('location')).toBe(`/integrations/quickbooks?connected=${REALM_A}`);
    expect((await browser.fetch(callback)).headers.get('location')).toBe('/integrations/quickbooks?error=invalid_state');
    const forged = callback.replace(/state=[^&]+/, 'state=forged');
    expect((await browser.fetch(forged)).headers.get('location')).toBe('/integrations/quickbooks?error=invalid_state');
  });

  it('says access_denied when the admin declines, and token_exchange_failed for a dead code', async () => {
    const startDenied = await browser.fetch(`${server.url}${QBO}/connect`, { method: 'POST' });
    const state = new URL(((await startDenied.json()) as { authorizeUrl: string }).authorizeUrl).searchParams.get('state')!;
    const denied = await browser.fetch(`${server.url}${QBO}/callback?error=access_denied&state=${state}`);
    expect(denied.headers.get('location')).toBe('/integrations/quickbooks?error=access_denied');

    const start = await browser.fetch(`${server.url}${QBO}/connect`, { method: 'POST' });
    const state2 = new URL(((await start.json()) as { authorizeUrl: string }).authorizeUrl).searchParams.get('state')!;
    const dead = await browser.fetch(`${server.url}${QBO}/callback?code=never-issued&state=${state2}&realmId=${REALM_A}`);
    expect(dead.headers.get('location')).toBe('/integrations/quickbooks?error=token_exchange_failed');
  });

  it('connects a second company, switches the active one, and forgets one', async () => {
    expect(await connectThroughBrowser(browser, fake, REALM_B)).toBe(`/integrations/quickbooks?connected=${REALM_B}`);
    let view = (await admin.get(`${QBO}/connection`)).body;
    expect(view.companies.map((c: any) => [c.realmId, c.name, c.active])).toEqual([
      [REALM_A, 'Kowloon Trading Ltd', true],
      [REALM_B, 'Lantau Logistics Ltd', false],
    ]);
    view = (await admin.put(`${QBO}/company`, { realmId: REALM_B })).body;
    expect(view.companies.map((c: any) => c.active)).toEqual([false, true]);
    expect((await admin.get(`${QBO}/vendors`)).body.realmId).toBe(REALM_B);

    const unknown = await admin.put(`${QBO}/company`, { realmId: '123' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'company_not_found']);
    expect((await admin.request('DELETE', `${QBO}/companies/${REALM_B}`)).status).toBe(204);
    expect((await admin.request('DELETE', `${QBO}/companies/${REALM_B}`)).body.code).toBe('company_not_found');
    view = (await admin.get(`${QBO}/connection`)).body;
    expect(view.companies.map((c: any) => [c.realmId, c.active])).toEqual([[REALM_A, true]]);
  });

  it("lists the active company's vendors, accounts by type and items", async () => {
    const vendors = await admin.get(`${QBO}/vendors`);
    expect(vendors.status).toBe(200);
    expect(vendors.body).toEqual({
      realmId: REALM_A,
      vendors: [
        { id: QBO_SEED.vendors.hkElectric, name: 'HK Electric Co', active: true },
        { id: QBO_SEED.vendors.wingOn, name: 'Wing On Stationery Ltd', active: true },
      ],
    });
    const banks = await admin.get(`${QBO}/accounts?type=Bank`);
    expect(banks.body.accounts).toEqual([
      { id: QBO_SEED.accounts.checking, name: 'Checking', accountType: 'Bank', accountSubType: 'Checking', active: true },
    ]);
    const expense = await admin.get(`${QBO}/accounts?type=Expense`);
    expect(expense.body.accounts.map((a: any) => a.name)).toEqual([
      'Legal & Professional Fees',
      'Office Supplies',
      'Repair & Maintenance',
      'Travel',
      'Utilities',
    ]);
    expect((await admin.get(`${QBO}/accounts?type=Bank';drop`)).body.code).toBe('invalid_request');
    expect((await admin.get(`${QBO}/items`)).body.items.map((i: any) => i.name)).toEqual(['A4 paper', 'Toner cartridge']);
    // Every call pinned to the minor version.
    expect(fake.apiRequests().every((r) => r.query.minorversion === '75')).toBe(true);
  });

  it('refreshes the access token shortly before it ends, and keeps the rotated refresh token', async () => {
    const before = await company(REALM_A);
    const oldRefresh = server.app.secretBox.open(before.refresh_token_sealed);
    const refreshes = fake.stats.refreshes;
    await server.app
      .db('quickbooks_companies')
      .where({ realm_id: REALM_A })
      .update({ access_expires_at: new Date(Date.now() + 30_000).toISOString() });
    const calls = fake.apiRequests().length;

    expect((await admin.get(`${QBO}/vendors`)).status).toBe(200);
    expect(fake.stats.refreshes).toBe(refreshes + 1);
    expect(
      fake
        .apiRequests()
        .slice(calls)
        .map((r) => r.status),
    ).toEqual([200]);
    const after = await company(REALM_A);
    expect(after.token_version).toBe(before.token_version + 1);
    const newRefresh = server.app.secretBox.open(after.refresh_token_sealed);
    expect(newRefresh).not.toBe(oldRefresh);
    expect(fake.liveRefreshTokens(REALM_A)).toEqual([newRefresh]);
    // The old refresh token is dead at Intuit: had it been kept, the next refresh would fail.
    const reuse = await fetch(fake.env.FORMLOOM_QBO_TOKEN_URL, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${fake.clientId}:${fake.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: oldRefresh }).toString(),
    });
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toEqual({ error: 'invalid_grant' });
  });

  it('refreshes after a 401 and retries the call once', async () => {
    fake.expireAccessTokens();
    const refreshes = fake.stats.refreshes;
    const calls = fake.apiRequests().length;
    const res = await admin.get(`${QBO}/items`);
    expect(res.status).toBe(200);
    expect(
      fake
        .apiRequests()
        .slice(calls)
        .map((r) => r.status),
    ).toEqual([401, 200]);
    expect(fake.stats.refreshes).toBe(refreshes + 1);
  });

  it('makes one refresh when many calls find the token expired at once, ending with one valid refresh token', async () => {
    await server.app
      .db('quickbooks_companies')
      .where({ realm_id: REALM_A })
      .update({ access_expires_at: new Date(Date.now() - 1000).toISOString() });
    const refreshes = fake.stats.refreshes;
    const refused = fake.stats.invalidGrants;
    const results = await Promise.all(Array.from({ length: 6 }, () => admin.get(`${QBO}/vendors`)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(fake.stats.refreshes).toBe(refreshes + 1);
    expect(fake.stats.invalidGrants).toBe(refused);
    const stored = server.app.secretBox.open((await company(REALM_A)).refresh_token_sealed);
    expect(fake.liveRefreshTokens(REALM_A)).toEqual([stored]);
  });

  it('lets one of two servers on the same database refresh, the other wait and use its token', async () => {
    const second = (await createServer(server.config, false)).app;
    await second.listen({ host: '127.0.0.1', port: 0 });
    try {
      const secondAdmin = await new Client(`http://127.0.0.1:${(second.server.address() as AddressInfo).port}`).login(
        ADMIN.email,
        ADMIN.password,
      );
      await server.app
        .db('quickbooks_companies')
        .where({ realm_id: REALM_A })
        .update({ access_expires_at: new Date(Date.now() - 1000).toISOString() });
      const refreshes = fake.stats.refreshes;
      const refused = fake.stats.invalidGrants;
      const results = await Promise.all([admin, secondAdmin, admin, secondAdmin, admin, secondAdmin].map((c) => c.get(`${QBO}/items`)));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(fake.stats.refreshes).toBe(refreshes + 1);
      expect(fake.stats.invalidGrants).toBe(refused);
      const stored = server.app.secretBox.open((await company(REALM_A)).refresh_token_sealed);
      expect(fake.liveRefreshTokens(REALM_A)).toEqual([stored]);
    } finally {
      await second.close();
    }
  });

  it('marks the company for a reconnect when QuickBooks revokes the refresh token', async () => {
    // Another client used up the refresh token (as a second server without our lock would).
    const stored = server.app.secretBox.open((await company(REALM_A)).refresh_token_sealed);
    const steal = await fetch(fake.env.FORMLOOM_QBO_TOKEN_URL, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${fake.clientId}:${fake.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: stored }).toString(),
    });
    expect(steal.status).toBe(200);
    fake.expireAccessTokens();
    const res = await admin.get(`${QBO}/vendors`);
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('quickbooks_error');
    expect(res.body.message).toMatch(/connect the company again/);
    const view = (await admin.get(`${QBO}/connection`)).body;
    expect(view.companies[0].problem).toMatch(/connect the company again/);

    // Connecting again clears it.
    await connectThroughBrowser(browser, fake, REALM_A);
    expect((await admin.get(`${QBO}/connection`)).body.companies[0].problem).toBeNull();
    expect((await admin.get(`${QBO}/vendors`)).status).toBe(200);
  });
});

/** The session cookie a Client holds (it keeps it private; tests that need a browser borrow it). */
async function sessionCookieOf(client: Client): Promise<string> {
  return (client as unknown as { cookie: string }).cookie;
}
