import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../runtime/src/i18n/en.json' with { type: 'json' };
import zh from '../runtime/src/i18n/zh-Hant.json' with { type: 'json' };
import { configFromEnv } from '../server/src/config.ts';
import { ADMIN, Client, startTestServer, type TestServer } from '../server/test/helpers.ts';
import { expectNoSideScroll, interpolate, launchChromium, LOCALE_CASES, SCREENSHOT_DIR } from './browser.ts';

/**
 * /account (password change with the policy shown, a refused weak password, sessions with "this
 * device" and signing out another) and /admin/security (the policy, saved) in Chromium, in English and
 * Traditional Chinese at 360 and 1280 px.
 */

describe('account and security pages in Chromium', () => {
  let browser: Browser;
  let server: TestServer;
  beforeAll(async () => {
    const runtimeDist = configFromEnv({ FORMLOOM_RUNTIME_DIST: process.env.FORMLOOM_RUNTIME_DIST }).runtimeDist;
    server = await startTestServer('sqlite', { runtimeDist, builderDist: null });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const c of LOCALE_CASES) {
    it(`changes a password after a refusal, signs out another session, saves the policy (${c.locale}, ${c.width} px)`, async () => {
      const T = c.locale === 'en' ? en : zh;
      const A = T.account;
      // A person of their own for each case, with a second session elsewhere (a "phone").
      const admin = await new Client(server.url).login(ADMIN.email, ADMIN.password);
      const email = `account-${c.locale}-${c.width}@example.com`;
      const created = await admin.post('/api/users', { email, name: 'Chan Siu Ming', password: 'first pass phrase 1', role: 'admin' });
      expect(created.status).toBe(201);
      const phone = new Client(server.url);
      await phone.request('POST', '/api/auth/login', {
        body: { email, password: 'first pass phrase 1' },
        headers: {
          'user-agent': 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36',
        },
      });

      const context = await browser.newContext({ viewport: { width: c.width, height: c.height }, locale: 'en-GB' });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && !/40[19]|422/.test(m.text()) && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(String(e)));
      const shot = async (name: string) => {
        await page.evaluate('window.scrollTo(0, 0)');
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `account-${name}-${c.locale}-${c.width}.png`), fullPage: true });
      };
      try {
        await page.goto(`${server.url}/login`);
        await page.evaluate(`localStorage.setItem('formloom.locale', '${c.locale}')`);
        await page.reload();
        await page.locator('input[type=email], input[autocomplete=username]').first().fill(email);
        await page.locator('input[type=password]').first().fill('first pass phrase 1');
        await page.locator('button[type=submit]').first().click();
        // The header's name opens the account page.
        await page.getByRole('link', { name: A.headerLink }).click();
        await page.getByRole('heading', { name: A.title, level: 1 }).waitFor();
        await page.getByText(interpolate(A.rules.minLength_other, { count: 10 })).waitFor();
        await page.getByText(A.sessions.thisDevice).waitFor();
        await page.getByText('Chrome · Android').waitFor();
        await expectNoSideScroll(page);
        await shot('1-page');

        // A weak password: refused with the reasons in words.
        await page.getByLabel(A.password.current, { exact: true }).fill('first pass phrase 1');
        await page.getByLabel(A.password.new, { exact: true }).fill('Password2025');
        await page.getByLabel(A.password.confirm, { exact: true }).fill('Password2025');
        await page.getByRole('button', { name: A.password.submit }).click();
        await page.getByRole('alert').getByText(A.reasons.too_common).waitFor();
        await expectNoSideScroll(page);
        await page.getByRole('alert').screenshot({ path: path.join(SCREENSHOT_DIR, `account-2-refused-${c.locale}-${c.width}.png`) });
        await shot('2-refused-page');

        // Sign the phone out from here.
        await page.getByRole('button', { name: interpolate(A.sessions.signOutNamed, { browser: 'Chrome · Android' }) }).click();
        await page.getByText('Chrome · Android').waitFor({ state: 'detached' });
        expect((await phone.get('/api/auth/me')).status).toBe(401);

        // A good one: changed, and this session stays.
        await page.getByLabel(A.password.new, { exact: true }).fill('a much better phrase 7');
        await page.getByLabel(A.password.confirm, { exact: true }).fill('a much better phrase 7');
        await page.getByRole('button', { name: A.password.submit }).click();
        await page
          .getByRole('status')
          .getByText(interpolate(A.password.changed_other, { count: 0 }))
          .waitFor();
        await new Client(server.url).login(email, 'a much better phrase 7');

        // The security settings (this person is an admin).
        const S = T.security;
        await page.goto(`${server.url}/admin/security`);
        await page.getByRole('heading', { name: S.title, level: 1 }).waitFor();
        await expectNoSideScroll(page);
        await shot('3-security');
        await page.getByLabel(S.fields.minLength, { exact: true }).fill('12');
        await page.getByLabel(S.fields.requireDigits, { exact: true }).check();
        await page.getByRole('button', { name: S.save }).click();
        await page.getByRole('status').getByText(S.saved).waitFor();
        const saved = (await admin.get('/api/security/settings')).body;
        expect(saved.passwords).toMatchObject({ minLength: 12, requireDigits: true });
        await shot('4-security-saved');
        expect((await admin.put('/api/security/settings', {})).status).toBe(200);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    }, 120_000);
  }
});
