import { expect } from 'vitest';
import { ADMIN, type Client, type TestServer } from '../helpers.ts';
import type { FakeQuickBooks } from './quickbooks.ts';

/**
 * Drives the QuickBooks connect flow the way an admin's browser does, through the real routes:
 * settings → POST /connect → the (fake) consent page → its redirect to our callback (with the
 * session cookie) → the redirect to the screen. Redirects are followed by hand to see each hop.
 */

export const QBO = '/api/connectors/quickbooks';

/** Points the server's QuickBooks endpoints at the fake (the server reads them on every use). */
export function useFakeQuickBooks(fake: FakeQuickBooks, server: TestServer): void {
  Object.assign(process.env, fake.env);
  // Intuit sends the browser to the registered redirect URI: here, this test server's callback.
  process.env.FORMLOOM_QBO_REDIRECT_URI = `${server.url}${QBO}/callback`;
}

/** A signed-in browser: a session cookie and the CSRF token, requests without following redirects. */
export class Browser {
  cookie = '';
  csrf = '';
  constructor(readonly server: TestServer) {}

  async signIn(email = ADMIN.email, password = ADMIN.password): Promise<this> {
    const res = await fetch(`${this.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`login: ${res.status}`);
    this.cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('formloom_session='))!
      .split(';')[0];
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    return this;
  }

  /** A request with the cookie when it goes to our server; redirects come back as they are. */
  fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const ours = url.startsWith(this.server.url);
    const headers = new Headers(init.headers);
    if (ours && this.cookie) headers.set('cookie', this.cookie);
    if (ours && init.method && init.method !== 'GET') headers.set('x-csrf-token', this.csrf);
    return fetch(url, { ...init, headers, redirect: 'manual' });
  }
}

export async function saveFakeKeys(admin: Client, fake: FakeQuickBooks): Promise<void> {
  const res = await admin.put(`${QBO}/settings`, { clientId: fake.clientId, clientSecret: fake.clientSecret, environment: 'sandbox' });
  expect(res.status).toBe(200);
}

/** The whole connect flow; returns the screen URL it lands on (`/integrations/quickbooks?connected=…`). */
export async function connectThroughBrowser(browser: Browser, fake: FakeQuickBooks, realmId?: string): Promise<string> {
  if (realmId) fake.consentRealm = realmId;
  const start = await browser.fetch(`${browser.server.url}${QBO}/connect`, { method: 'POST' });
  expect(start.status).toBe(200);
  const { authorizeUrl } = (await start.json()) as { authorizeUrl: string };
  const consent = await browser.fetch(authorizeUrl);
  expect(consent.status).toBe(302);
  const callback = consent.headers.get('location')!;
  expect(callback.startsWith(`${browser.server.url}${QBO}/callback?`)).toBe(true);
  const back = await browser.fetch(callback);
  expect(back.status).toBe(302);
  return back.headers.get('location')!;
}
