import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type TestServer } from '../server/test/helpers.ts';
import { SCREENSHOT_DIR, launchChromium, signIn, startServerWithFrontends } from './browser.ts';

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 860 },
  { name: 'phone', width: 360, height: 740 },
] as const;

/**
 * A person's whole first hour, in a real browser against the real server and the built runtime:
 * sign in, install the health declaration template, fill it (once wrongly), submit, see the
 * row, download the CSV and find the values in it.
 */
describe('health declaration in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServerWithFrontends();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const viewport of VIEWPORTS) {
    it(`signs in, installs, fills, submits, sees the row and downloads the CSV (${viewport.width} px)`, async () => {
      const context = await browser.newContext({ viewport, locale: 'en-GB', acceptDownloads: true });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && !/401/.test(m.text()) && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(String(e)));
      const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${viewport.width}.png`), fullPage: true });
      await signIn(page, server.url);

      await page.goto(`${server.url}/templates`);
      await page.getByRole('button', { name: 'Install Daily health declaration' }).click();
      await page.getByRole('link', { name: 'Fill Daily health declaration' }).click();
      await page.locator('legend', { hasText: 'Daily health declaration' }).waitFor();

      // First try without answers: the page explains what is missing, nothing is sent.
      await page.getByRole('button', { name: 'Submit' }).click();
      await expect.poll(() => page.getByText('is required').count()).toBeGreaterThan(0);
      await shot('health-declaration-errors');

      const temperature = `36.${viewport.width === 360 ? 4 : 7}`;
      await page.locator('#root_temperature').fill(temperature);
      await page.getByLabel('Cough').check();
      await page.getByLabel('Headache').check();
      await page.getByRole('radio', { name: 'No' }).check();
      await page.locator('#root_workLocation').selectOption({ label: 'Warehouse' });
      await page.getByLabel(/I declare that the information above is true/).check();
      await shot('health-declaration-filled');
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.getByRole('heading', { name: 'Thank you!' }).waitFor();

      await page.getByRole('link', { name: 'View submissions' }).click();
      await expect.poll(() => page.getByText(temperature, { exact: true }).count()).toBeGreaterThan(0);
      await expect.poll(() => page.getByText('Cough, Headache').count()).toBeGreaterThan(0);
      await shot('health-declaration-submissions');

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
      const csv = fs.readFileSync((await download.path())!);
      expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = csv.toString('utf8');
      expect(text).toContain(temperature);
      expect(text).toContain('warehouse');
      expect(text).toContain('"[""cough"",""headache""]"');
      expect(text).toContain(ADMIN.email);
      expect(problems, 'no script errors and no Content-Security-Policy violations').toEqual([]);
      await context.close();
    });
  }

  it('speaks Traditional Chinese when the browser asks for zh-HK', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-HK' });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByRole('button', { name: '登入' }).waitFor();
    await page.getByLabel('電郵').fill(ADMIN.email);
    await page.getByLabel('密碼').fill(ADMIN.password);
    await page.getByRole('button', { name: '登入' }).click();
    await page.getByRole('button', { name: '登出' }).waitFor();
    const apps = await (await page.request.get(`${server.url}/api/apps`)).json();
    const health = apps.items.find((a: { name: string }) => /Health|健康/.test(a.name));
    const forms = await (await page.request.get(`${server.url}/api/apps/${health.id}/forms`)).json();
    await page.goto(`${server.url}/f/${forms.items[0].id}`);
    await page.locator('legend', { hasText: '每日健康申報' }).waitFor();
    await page.getByText('體溫 (°C)').first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'health-declaration-zh-Hant-360.png'), fullPage: true });
    await context.close();
  });
});
