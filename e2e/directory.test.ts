import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../runtime/src/i18n/en.json' with { type: 'json' };
import zh from '../runtime/src/i18n/zh-Hant.json' with { type: 'json' };
import { configFromEnv } from '../server/src/config.ts';
import { startTestServer, type TestServer } from '../server/test/helpers.ts';
import { PEOPLE_BASE, SLAPD_ADMIN, passwordOf, startSlapd, type Slapd } from '../server/test/fakes/slapd.ts';
import { expectNoSideScroll, interpolate, launchChromium, LOCALE_CASES, SCREENSHOT_DIR, signIn } from './browser.ts';

/** The server with the runtime only (FORMLOOM_RUNTIME_DIST, or the default build folder). */
async function startServer(): Promise<TestServer> {
  const { runtimeDist } = configFromEnv({ FORMLOOM_RUNTIME_DIST: process.env.FORMLOOM_RUNTIME_DIST });
  return startTestServer('sqlite', { runtimeDist, builderDist: null });
}

describe('company directory page in Chromium, against a real slapd', () => {
  let browser: Browser;
  let slapd: Slapd;
  beforeAll(async () => {
    browser = await launchChromium();
    slapd = await startSlapd();
  });
  afterAll(async () => {
    await browser?.close();
    await slapd?.close();
  });

  for (const c of LOCALE_CASES) {
    it(`sets up the connection, tests it, previews, syncs and signs a synced person in (${c.locale}, ${c.width} px)`, async () => {
      const T = (c.locale === 'en' ? en : zh).directorySync;
      const server = await startServer();
      const context = await browser.newContext({ viewport: { width: c.width, height: c.height }, locale: 'en-GB' });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && !/40[13]/.test(m.text()) && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(String(e)));
      const shot = async (name: string) => {
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `directory-${name}-${c.locale}-${c.width}.png`), fullPage: true });
      };
      try {
        await signIn(page, server.url);
        if (c.locale !== 'en') await page.evaluate(`localStorage.setItem('formloom.locale', '${c.locale}')`);
        await page.goto(`${server.url}/admin/directory`);
        await page.getByRole('heading', { name: T.title, level: 1 }).waitFor();
        await page.getByText(T.connection.notConfigured, { exact: true }).waitFor();

        await page.getByLabel(T.connection.url, { exact: true }).fill(slapd.url);
        await page.getByLabel(T.connection.bindDn, { exact: true }).fill(SLAPD_ADMIN.dn);
        await page.getByLabel(T.connection.bindPassword, { exact: true }).fill('wrong-password');
        await page.getByLabel(T.connection.baseDn, { exact: true }).fill(PEOPLE_BASE);
        await page.getByRole('button', { name: T.test.button }).click();
        await page.getByText(T.test.outcome.bad_credentials).waitFor();
        await shot('1-test-refused');

        await page.getByLabel(T.connection.bindPassword, { exact: true }).fill(SLAPD_ADMIN.password);
        await page.getByRole('button', { name: T.test.button }).click();
        await page.getByText(interpolate(T.test.ok_other, { count: 5 })).waitFor();
        await page.getByLabel(T.behaviour.loginEnabled).check();
        await page.getByRole('button', { name: T.save }).click();
        await page.getByText(T.saved, { exact: true }).waitFor();
        await page.getByText(T.connection.passwordStored).waitFor();
        await expectNoSideScroll(page);
        await shot('2-settings');

        // The dry run: five new people, three departments, four managers; nothing written.
        await page.getByRole('button', { name: T.sync.preview }).click();
        await page.getByText(interpolate(T.sync.previewDone, { entries: 5 })).waitFor();
        const created = page.locator('details', { hasText: T.changes.created });
        await created.getByText('walter@example.hk').waitFor();
        await created
          .getByText(interpolate(T.changes.inDepartment, { path: 'Operations / Warehouse' }))
          .first()
          .waitFor();
        await page.locator('details', { hasText: T.changes.departmentsCreated }).getByText('Operations / Warehouse').waitFor();
        expect(Number((await server.app.db('users').count({ n: '*' }).first())!.n)).toBe(1);
        await expectNoSideScroll(page);
        await page.getByRole('heading', { name: T.sync.title }).scrollIntoViewIfNeeded();
        await shot('3-preview');

        await page.getByRole('button', { name: T.sync.run }).click();
        await page.getByText(interpolate(T.sync.ranDone, { entries: 5 })).waitFor();
        await page.getByText(T.history.status.succeeded, { exact: true }).waitFor();
        await page.getByText(interpolate(T.history.count.created_other, { count: 5 })).waitFor();
        expect(Number((await server.app.db('users').where({ auth_source: 'ldap' }).count({ n: '*' }).first())!.n)).toBe(5);

        // A change in the directory shows as a before → after in the next preview.
        slapd.modify(`dn: uid=fiona,ou=Finance,${PEOPLE_BASE}\nchangetype: modify\nreplace: title\ntitle: Senior Accountant ${c.width}\n`);
        await page.getByRole('button', { name: T.sync.preview }).click();
        await page.getByText(`Senior Accountant ${c.width}`).waitFor();
        await expectNoSideScroll(page);
        await shot('4-second-preview');
        expect(problems).toEqual([]);

        // A synced person signs in with their directory password.
        const other = await browser.newContext({ viewport: { width: c.width, height: c.height }, locale: 'en-GB' });
        const walter = await other.newPage();
        await walter.goto(`${server.url}/login`);
        await walter.getByLabel('Email').fill('walter@example.hk');
        await walter.getByLabel('Password').fill(passwordOf('walter'));
        await walter.getByRole('button', { name: 'Sign in' }).click();
        await walter.getByRole('heading', { name: 'Your apps' }).waitFor();
        await other.close();
      } finally {
        await context.close();
        await server.close();
      }
    }, 120_000);
  }
});
