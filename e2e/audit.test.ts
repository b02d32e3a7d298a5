import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../runtime/src/i18n/en.json' with { type: 'json' };
import zh from '../runtime/src/i18n/zh-Hant.json' with { type: 'json' };
import { ADMIN, Client, publishedForm, type TestServer } from '../server/test/helpers.ts';
import { expectNoSideScroll, launchChromium, LOCALE_CASES, SCREENSHOT_DIR, signIn, startServerWithFrontends } from './browser.ts';

/** Data events to look at: a record edited and another deleted, an export, and a grants change. */
async function seed(server: TestServer): Promise<{ edited: string; deleted: string }> {
  const admin = await new Client(server.url).login(ADMIN.email, ADMIN.password);
  const { appId, formId } = await publishedForm(admin);
  const submit = async (name: string) =>
    (await admin.post(`/api/forms/${formId}/submissions`, { data: { name, qty: 1 } })).body.id as string;
  const edited = await submit('Chan Tai Man');
  const deleted = await submit('Lee Siu Ming');
  expect(
    (await admin.request('PATCH', `/api/submissions/${edited}`, { body: { data: { name: 'Chan Tai Man (HR)', qty: 2 } } })).status,
  ).toBe(200);
  expect((await admin.request('DELETE', `/api/submissions/${deleted}`)).status).toBe(204);
  expect((await admin.get(`/api/forms/${formId}/submissions/export?format=csv`)).status).toBe(200);
  const member = await admin.post('/api/users', {
    email: 'ng@example.com',
    name: 'Ng Mei Ling',
    password: 'a-long-password-1',
    role: 'member',
  });
  expect(member.status).toBe(201);
  const grants = await admin.put(`/api/apps/${appId}/grants`, {
    grants: [{ principal: member.body.id, permissions: ['fill', 'view_own'] }],
  });
  expect(grants.status).toBe(200);
  return { edited, deleted };
}

describe('audit log page in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const c of LOCALE_CASES) {
    it(`lists, filters, checks and downloads the log (${c.locale}, ${c.width} px)`, async () => {
      const T = (c.locale === 'en' ? en : zh).audit;
      const server = await startServerWithFrontends();
      const context = await browser.newContext({ viewport: { width: c.width, height: c.height }, locale: 'en-GB', acceptDownloads: true });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && !/401/.test(m.text()) && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(String(e)));
      const shot = async (name: string) => {
        await page.evaluate('window.scrollTo(0, 0)');
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `audit-${name}-${c.locale}-${c.width}.png`), fullPage: true });
      };
      try {
        const { edited } = await seed(server);
        await signIn(page, server.url);
        if (c.locale !== 'en') {
          await page.evaluate(`localStorage.setItem('formloom.locale', '${c.locale}')`);
          await page.reload();
        }
        await page.goto(`${server.url}/admin/audit`);
        await page.getByRole('heading', { name: T.title, level: 1 }).waitFor();
        const rows = page.locator('.fl-audit__table tbody tr');
        await rows.first().waitFor();
        // Translated action names, the edit's changed field names, a link to the edited record.
        await rows.getByText(T.actions.submission.edited, { exact: true }).first().waitFor();
        await rows.getByText(T.actions.app.grants_changed, { exact: true }).first().waitFor();
        await rows.getByText(T.actions.submissions.exported, { exact: true }).first().waitFor();
        const editRow = rows.filter({ hasText: T.actions.submission.edited });
        await expect(editRow.getByText('name, qty').isVisible()).resolves.toBe(true);
        await expect(editRow.getByRole('link', { name: edited }).getAttribute('href')).resolves.toBe(`/r/${edited}`);
        // The grants change reads as what was added, not as JSON.
        const grantRow = rows.filter({ hasText: T.actions.app.grants_changed });
        await expect(grantRow.getByText(`+ ${T.permissions.fill}, ${T.permissions.view_own}`).isVisible()).resolves.toBe(true);
        await expectNoSideScroll(page);
        await shot('1-list');

        await page.getByRole('button', { name: T.verify.button }).click();
        await page.getByText(T.verify.okTitle).waitFor();
        const count = (await page.evaluate(`fetch('/api/audit/verify').then((r) => r.json()).then((b) => b.checked)`)) as number;
        expect(count).toBeGreaterThan(4);
        await shot('2-verified');

        // Only record events.
        await page.getByLabel(T.filters.action).selectOption('submission.');
        await page.getByRole('button', { name: T.filters.apply }).click();
        await expect
          .poll(async () =>
            (await rows.allTextContents()).every(
              (text) => text.includes(T.actions.submission.edited) || text.includes(T.actions.submission.deleted),
            ),
          )
          .toBe(true);
        await expect.poll(() => rows.count()).toBe(2);
        await expectNoSideScroll(page);
        await shot('3-filtered');

        // The download is the filtered log, as CSV with a BOM.
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: T.export.csv }).click()]);
        const file = await download.path();
        const text = fs.readFileSync(file!, 'utf8');
        expect(text.startsWith('\uFEFFseq,at,action,')).toBe(true);
        const lines = text.trim().split('\r\n');
        expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(['submission.edited', 'submission.deleted']);
        expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);

        // Clearing shows the export itself, logged.
        await page.getByRole('button', { name: T.filters.clear }).click();
        await rows.getByText(T.actions.audit.exported, { exact: true }).first().waitFor();
        expect(problems).toEqual([]);
      } finally {
        await context.close();
        await server.close();
      }
    });
  }
});
