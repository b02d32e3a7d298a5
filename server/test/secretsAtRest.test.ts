import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretBoxFromKey } from '../src/lib/secretBox.ts';
import { DIALECTS, adminClient, publishedForm, startTestServer, type Client, type TestServer } from './helpers.ts';
import { startFakeShopify, type FakeShopify } from './fakes/shopify.ts';
import { startFakeQuickBooks, type FakeQuickBooks } from './fakes/quickbooks.ts';
import { Browser, connectThroughBrowser, saveFakeKeys, useFakeQuickBooks } from './fakes/quickbooksConnect.ts';
import { SHOPIFY } from './shopifyFixtures.ts';

/**
 * Every secret the server keeps — webhook and Zapier signing secrets, the Shopify access token, the
 * QuickBooks client secret and OAuth tokens, the directory bind password, the OIDC client secret —
 * is configured through the real routes, then every text column of every table is scanned for the
 * plaintext. A server key other than the one that sealed them cannot open any of them.
 */
process.env.FORMLOOM_DISPATCH_INTERVAL_MS = '0';
const PUBLIC_URL = 'https://93.184.215.14/hooks/formloom';

describe.each(DIALECTS)('secrets at rest on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let shopify: FakeShopify;
  let quickbooks: FakeQuickBooks;
  /** name → plaintext that must not appear anywhere in the database. */
  const secrets = new Map<string, string>();

  beforeAll(async () => {
    shopify = await startFakeShopify();
    process.env.FORMLOOM_SHOPIFY_API_ORIGIN = shopify.url;
    server = await startTestServer(dialect, {}, { level: 'warn' });
    quickbooks = await startFakeQuickBooks({ companies: [{ realmId: '9130000000000001', name: 'Kowloon Trading Ltd' }] });
    useFakeQuickBooks(quickbooks, server);
    admin = await adminClient(server);
  });
  afterAll(async () => {
    delete process.env.FORMLOOM_SHOPIFY_API_ORIGIN;
    await server?.close();
    await shopify?.close();
    await quickbooks?.close();
  });

  /** Every row of every table as text, table by table (the test databases are small). */
  async function databaseText(): Promise<Map<string, string>> {
    const db = server.app.db;
    const tables: string[] =
      dialect === 'postgres'
        ? (await db.raw("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).rows.map(
            (r: { table_name: string }) => r.table_name,
          )
        : (await db.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).map(
            (r: { name: string }) => r.name,
          );
    const out = new Map<string, string>();
    for (const table of tables) out.set(table, JSON.stringify(await db(table).select('*')));
    return out;
  }

  it('stores every configured secret sealed: no plaintext in any table', async () => {
    const { formId, appId } = await publishedForm(admin);

    const hook = await admin.post('/api/webhooks', { url: PUBLIC_URL, events: ['submission.created'], appId });
    expect(hook.status).toBe(201);
    secrets.set('webhook signing secret', hook.body.secret.slice('whsec_'.length));

    const zap = await admin.post('/api/hooks/subscribe', { targetUrl: `${PUBLIC_URL}/zap`, event: 'submission.created', formId });
    expect(zap.status).toBe(201);
    if (zap.body.secret) secrets.set('zapier signing secret', String(zap.body.secret).replace(/^whsec_/, ''));

    expect((await admin.put(`${SHOPIFY}/connection`, { shopDomain: shopify.shopDomain, accessToken: shopify.accessToken })).status).toBe(
      200,
    );
    secrets.set('shopify access token', shopify.accessToken);

    await saveFakeKeys(admin, quickbooks);
    secrets.set('quickbooks client secret', quickbooks.clientSecret);
    const browser = await new Browser(server).signIn();
    expect(await connectThroughBrowser(browser, quickbooks)).toMatch(/connected=/);
    for (const [i, token] of quickbooks.liveRefreshTokens().entries()) secrets.set(`quickbooks refresh token ${i}`, token);

    const bindPassword = 'Bind-Pa55word-for-the-directory';
    const directory = await admin.put('/api/directory-sync/settings', {
      url: 'ldap://127.0.0.1:1389',
      bindDn: 'cn=admin,dc=example,dc=org',
      baseDn: 'dc=example,dc=org',
      bindPassword,
    });
    if (directory.status !== 404) {
      expect(directory.status).toBe(200);
      secrets.set('directory bind password', bindPassword);
    }

    const clientSecret = 'oidc-client-secret-0123456789abcdef';
    const current = await admin.get('/api/sso/settings');
    if (current.status === 200) {
      const { hasClientSecret: _h, redirectUri: _r, ...fields } = current.body;
      const sso = await admin.put('/api/sso/settings', {
        ...fields,
        issuer: 'https://login.example.com',
        clientId: 'formloom',
        clientSecret,
      });
      expect(sso.status).toBe(200);
      secrets.set('oidc client secret', clientSecret);
    }

    expect([...secrets.keys()]).toEqual(
      expect.arrayContaining([
        'webhook signing secret',
        'zapier signing secret',
        'shopify access token',
        'quickbooks client secret',
        'quickbooks refresh token 0',
      ]),
    );
    const text = await databaseText();
    const found: string[] = [];
    for (const [name, plain] of secrets) {
      expect(plain.length).toBeGreaterThan(8);
      for (const [table, content] of text) if (content.includes(plain)) found.push(`${name} in ${table}`);
    }
    expect(found).toEqual([]);
  });

  it('a different server key cannot open them; the right one can', async () => {
    const sealed: string[] = [];
    for (const [, content] of await databaseText()) {
      for (const m of content.matchAll(/v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*/g)) sealed.push(m[0]);
    }
    expect(sealed.length).toBeGreaterThanOrEqual(4);
    const wrong = secretBoxFromKey(randomBytes(32));
    const opened = new Set<string>();
    for (const value of sealed) {
      expect(() => wrong.open(value)).toThrow();
      opened.add(server.app.secretBox.open(value));
    }
    for (const [name, plain] of secrets) {
      expect(
        [...opened].some((o) => o.includes(plain)),
        name,
      ).toBe(true);
    }
  });
});
