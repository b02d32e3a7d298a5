import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../runtime/src/i18n/en.json' with { type: 'json' };
import zh from '../runtime/src/i18n/zh-Hant.json' with { type: 'json' };
import { configFromEnv } from '../server/src/config.ts';
import { startFakeOidcProvider, type FakeOidcProvider } from '../server/test/fakes/oidcProvider.ts';
import { ADMIN, adminClient, startTestServer, type TestServer } from '../server/test/helpers.ts';
import { expectNoSideScroll, interpolate, launchChromium, LOCALE_CASES, SCREENSHOT_DIR } from './browser.ts';

const NAME = { en: 'Contoso ID', 'zh-Hant': 'Contoso 帳戶' };
const PERSON = { sub: 'mei-1', email: 'mei.chan@contoso.example', emailVerified: true, name: '陳美 Mei Chan', password: 'provider-pass-1' };

describe('single sign-on in Chromium against a local OpenID provider', () => {
  let browser: Browser;
  let server: TestServer;
  let provider: FakeOidcProvider;

  beforeAll(async () => {
    const runtimeDist = configFromEnv({ FORMLOOM_RUNTIME_DIST: process.env.FORMLOOM_RUNTIME_DIST }).runtimeDist!;
    if (!fs.existsSync(path.join(runtimeDist, 'index.html'))) throw new Error(`Build the runtime first (npm test does): ${runtimeDist}`);
    server = await startTestServer('sqlite', { runtimeDist, webhookAllowHosts: ['127.0.0.1'] });
    provider = await startFakeOidcProvider({ redirectUris: [`${server.url}/api/auth/sso/callback`], accounts: [PERSON] });
    const admin = await adminClient(server);
    const saved = await admin.put('/api/sso/settings', {
      enabled: true,
      displayName: NAME,
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      scopes: ['openid', 'email', 'profile'],
      emailClaim: 'email',
      nameClaim: 'name',
      defaultRole: 'member',
      allowedEmailDomains: [],
      disablePasswordForSsoUsers: false,
      trustUnverifiedEmail: false,
    });
    if (saved.status !== 200) throw new Error(`saving SSO settings: ${saved.status} ${JSON.stringify(saved.body)}`);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await provider?.close();
  });

  async function newPage(c: (typeof LOCALE_CASES)[number]) {
    const context = await browser.newContext({ viewport: { width: c.width, height: c.height }, locale: 'en-GB' });
    const page = await context.newPage();
    const problems: string[] = [];
    // The provider's own page (no favicon) is not ours to judge.
    page.on('console', (m) => {
      if (m.type() === 'error' && !/401/.test(m.text()) && !m.location().url.startsWith(provider.issuer))
        problems.push(`${m.text()} ${m.location().url}`);
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${server.url}/login`);
    if (c.locale !== 'en') {
      await page.evaluate(`localStorage.setItem('formloom.locale', '${c.locale}')`);
      await page.reload();
    }
    return { context, page, problems };
  }

  const shot = (page: Page, name: string, c: (typeof LOCALE_CASES)[number]) =>
    page.screenshot({ path: path.join(SCREENSHOT_DIR, `sso-${name}-${c.locale}-${c.width}.png`), fullPage: true });

  it('signs a new person in through the provider and lands on the page they asked for', async () => {
    const { context, page, problems } = await newPage(LOCALE_CASES[0]);
    try {
      await page.goto(`${server.url}/templates`);
      await page.waitForURL((u) => u.pathname === '/login');
      expect(new URL(page.url()).search).toBe('?next=%2Ftemplates');
      const button = page.getByRole('link', { name: interpolate(en.sso.signInWith, { name: NAME.en }) });
      await button.click();
      // At the provider: its own page, its own form.
      await page.getByRole('heading', { name: 'Test identity provider' }).waitFor();
      expect(page.url().startsWith(provider.issuer)).toBe(true);
      await page.getByLabel('Email').fill(PERSON.email);
      await page.getByLabel('Password').fill(PERSON.password);
      await page.getByRole('button', { name: 'Sign in at provider' }).click();
      await page.waitForURL((u) => u.origin === server.url && u.pathname === '/templates');
      await page.getByRole('heading', { name: en.templates.title, level: 1 }).waitFor();
      const me = (await page.evaluate(`fetch('/api/auth/me').then((r) => r.json())`)) as {
        user: { email: string; name: string; role: string };
      };
      expect(me.user).toMatchObject({ email: PERSON.email, name: PERSON.name, role: 'member' });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('explains a refused sign-in on the login page', async () => {
    const { context, page } = await newPage(LOCALE_CASES[0]);
    try {
      // A forged callback (no sign-in started in this browser) comes back as state_mismatch.
      await page.goto(`${server.url}/api/auth/sso/callback?code=x&state=forged`);
      await page.waitForURL((u) => u.pathname === '/login');
      expect(new URL(page.url()).searchParams.get('sso_error')).toBe('state_mismatch');
      await expect(page.getByRole('alert').textContent()).resolves.toContain(en.sso.errors.state_mismatch);
      await shot(page, 'login-error', LOCALE_CASES[0]);
    } finally {
      await context.close();
    }
  });

  for (const c of LOCALE_CASES) {
    it(`shows the provider's button and the settings page (${c.locale}, ${c.width} px)`, async () => {
      const T = c.locale === 'en' ? en : zh;
      const { context, page, problems } = await newPage(c);
      try {
        const button = page.getByRole('link', { name: interpolate(T.sso.signInWith, { name: NAME[c.locale] }) });
        await button.waitFor();
        expect(await page.getByLabel(T.login.password).count()).toBe(0);
        await expectNoSideScroll(page);
        await shot(page, 'login', c);

        // The admin opens the password form under the button and signs in with it.
        await page.getByRole('button', { name: T.sso.usePassword }).click();
        await page.getByLabel(T.login.email).fill(ADMIN.email);
        await page.getByLabel(T.login.password).fill(ADMIN.password);
        await shot(page, 'login-password', c);
        await page.getByRole('button', { name: T.login.submit, exact: true }).click();
        await page.getByRole('heading', { name: T.home.title }).waitFor();

        await page.goto(`${server.url}/admin/sso`);
        await page.getByRole('heading', { name: T.sso.admin.title, level: 1 }).waitFor();
        await expect(page.getByLabel(T.sso.admin.issuer, { exact: true }).inputValue()).resolves.toBe(provider.issuer);
        expect(await page.getByTestId('sso-redirect-uri').textContent()).toBe(`${server.url}/api/auth/sso/callback`);
        expect(await page.getByLabel(T.sso.admin.clientSecret, { exact: true }).inputValue()).toBe('');
        await page.getByRole('button', { name: T.sso.admin.test }).click();
        await page.getByText(T.sso.admin.discoveryOk).waitFor();
        await expectNoSideScroll(page);
        await shot(page, 'admin', c);

        // Saving keeps the stored secret and says so.
        await page.getByRole('button', { name: T.sso.admin.save, exact: true }).click();
        await page.getByText(T.sso.admin.saved).waitFor();
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
