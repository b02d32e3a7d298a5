import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, adminClient, type TestServer } from '../server/test/helpers.ts';
import { SCREENSHOT_DIR, launchChromium, signIn, startServerWithFrontends } from './browser.ts';

/** A stock-take form: a barcode field and the fields a GS1 label can fill, one of each type. */
const STOCK_TAKE = {
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    title: 'Stock take',
    properties: {
      code: { type: 'string', title: 'Carton barcode' },
      lot: { type: 'string', title: 'Lot' },
      bestBefore: { type: 'string', format: 'date', title: 'Best before' },
      qty: { type: 'number', title: 'Quantity' },
    },
  },
  uiSchema: {
    'ui:order': ['code', 'lot', 'bestBefore', 'qty'],
    code: { 'ui:fieldType': 'barcode' },
    lot: { 'ui:fieldType': 'text' },
    bestBefore: { 'ui:fieldType': 'date' },
    qty: { 'ui:fieldType': 'number' },
  },
};

/**
 * The designer's Scanning block for a barcode field in Chromium, against the real server: what is set
 * lands in the saved draft's uiSchema as the runtime reads it, and comes back when the form is opened
 * again (in Traditional Chinese).
 */
describe('barcode field properties in the designer', () => {
  let server: TestServer;
  let browser: Browser;
  let formId: string;
  beforeAll(async () => {
    server = await startServerWithFrontends();
    browser = await launchChromium();
    const admin = await adminClient(server);
    const app = await admin.post('/api/apps', { name: 'Warehouse' });
    const form = await admin.post(`/api/apps/${app.body.id}/forms`, { name: 'Stock take', ...STOCK_TAKE });
    expect(form.status).toBe(201);
    formId = form.body.id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const scanningSection = (page: Page) =>
    page
      .getByRole('tabpanel')
      .locator('section', { has: page.getByRole('heading', { level: 3 }).filter({ hasText: /^(Scanning|掃描)$/ }) });

  it('sets the scanning options, saves them as ui:options, and shows them again in zh-Hant', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    // The sign-in page asks who is signed in first: that 401 is expected.
    page.on('console', (m) => m.type() === 'error' && !/401/.test(m.text()) && problems.push(m.text()));
    await signIn(page, server.url);
    await page.goto(`${server.url}/builder/forms/${formId}`);
    await page.getByTestId('field-code').locator('button').first().click();
    const section = scanningSection(page);
    await section.getByLabel('Keep the camera open (scan item after item)').check();
    const window = section.getByLabel('Same code again within (seconds)');
    await window.fill('5');
    await window.press('Enter');
    await section.getByLabel('counted (adds 1 to a number field)').check();
    await expect.poll(() => section.getByLabel('Count repeats in').inputValue()).toBe('qty');
    await section.getByLabel('Batch / lot goes to').selectOption('lot');
    await section.getByLabel('Expiry date goes to').selectOption('bestBefore');
    await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 10_000 }).toContain('All changes saved');
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'designer-barcode-scanning-1280-en.png') });

    const admin = await adminClient(server);
    const saved = await admin.get(`/api/forms/${formId}`);
    expect(saved.body.draft.uiSchema.code['ui:options']).toEqual({
      continuous: true,
      duplicateWindowMs: 5000,
      duplicates: 'count',
      countField: 'qty',
      gs1: { batch: 'lot', expiry: 'bestBefore' },
    });
    expect(problems, 'no script errors').toEqual([]);
    await context.close();

    const zh = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-HK' });
    const zhPage = await zh.newPage();
    await zhPage.goto(`${server.url}/login`);
    await zhPage.getByLabel('電郵').fill(ADMIN.email);
    await zhPage.getByLabel('密碼').fill(ADMIN.password);
    await zhPage.getByRole('button', { name: '登入' }).click();
    await zhPage.getByRole('button', { name: '登出' }).waitFor();
    await zhPage.goto(`${server.url}/builder/forms/${formId}`);
    await zhPage.getByTestId('field-code').locator('button').first().click();
    const zhSection = scanningSection(zhPage);
    // Read back from the saved draft: the same options, in Chinese.
    expect(await zhSection.getByLabel('保持相機開啟（逐件掃描）').isChecked()).toBe(true);
    expect(await zhSection.getByLabel('相同條碼再次出現的時限（秒）').inputValue()).toBe('5');
    expect(await zhSection.getByLabel('計數（在數字欄位加 1）').isChecked()).toBe(true);
    expect(await zhSection.getByLabel('批次／批號填入').inputValue()).toBe('lot');
    expect(await zhSection.getByLabel('到期日填入').inputValue()).toBe('bestBefore');
    await zhSection.scrollIntoViewIfNeeded();
    await zhPage.screenshot({ path: path.join(SCREENSHOT_DIR, 'designer-barcode-scanning-1280-zh-Hant.png') });
    await zh.close();
  });
});
