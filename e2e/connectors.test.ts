import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../server/src/config.ts';
import en from '../runtime/src/i18n/en.json' with { type: 'json' };
import zh from '../runtime/src/i18n/zh-Hant.json' with { type: 'json' };
import { startFakeQuickBooks, type FakeQuickBooks } from '../server/test/fakes/quickbooks.ts';
import { QBO_SEED } from '../server/test/fakes/quickbooksData.ts';
import { startFakeShopify, type FakeShopify } from '../server/test/fakes/shopify.ts';
import { adminClient, startTestServer, type Client, type TestServer } from '../server/test/helpers.ts';
import { expectNoSideScroll, launchChromium, signIn } from './browser.ts';

/**
 * The connector screens in Chromium against the real server, with the fake Shopify and QuickBooks
 * standing in for the SaaS (the product's real HTTP code path runs): connect Shopify, map the sales
 * order form, submit, see the draft order on the record page; connect QuickBooks through the OAuth
 * redirect, choose the company, map the purchase request and preview the PurchaseOrder.
 */

const SHOTS = process.env.FORMLOOM_SHOTS_DIR ?? new URL('./screenshots/', import.meta.url).pathname;
const QBO_PATH = '/api/connectors/quickbooks';

const SIZES = [
  { width: 1280, height: 860 },
  { width: 360, height: 740 },
] as const;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\（）]/g, '.');

/** The real server with the built front-ends; the test drives the dispatcher (no timer). */
async function startServer(): Promise<TestServer> {
  const { FORMLOOM_RUNTIME_DIST, FORMLOOM_BUILDER_DIST } = process.env;
  const built = configFromEnv({ FORMLOOM_RUNTIME_DIST, FORMLOOM_BUILDER_DIST });
  for (const dist of [built.runtimeDist!, built.builderDist!]) {
    if (!fs.existsSync(path.join(dist, 'index.html'))) throw new Error(`Build the front-ends first (npm test does): ${dist}`);
  }
  const interval = process.env.FORMLOOM_DISPATCH_INTERVAL_MS;
  process.env.FORMLOOM_DISPATCH_INTERVAL_MS = '0'; // read when the dispatcher is made, at start
  try {
    return await startTestServer('sqlite', { runtimeDist: built.runtimeDist, builderDist: built.builderDist });
  } finally {
    if (interval === undefined) delete process.env.FORMLOOM_DISPATCH_INTERVAL_MS;
    else process.env.FORMLOOM_DISPATCH_INTERVAL_MS = interval;
  }
}

async function install(admin: Client, templateId: string): Promise<{ appId: string; formId: string; appName: string }> {
  const res = await admin.post(`/api/templates/${templateId}/install`);
  expect(res.status).toBe(201);
  return { appId: res.body.app.id, appName: res.body.app.name, formId: res.body.forms[0].id };
}

describe('connector screens in Chromium', () => {
  let browser: Browser;
  let shopify: FakeShopify;
  let quickbooks: FakeQuickBooks;
  let server: TestServer;
  let admin: Client;
  const saved = { ...process.env };

  beforeAll(async () => {
    browser = await launchChromium();
    shopify = await startFakeShopify();
    quickbooks = await startFakeQuickBooks({
      companies: [
        { realmId: '9130001', name: 'Formloom Trading Ltd' },
        { realmId: '9130002', name: 'Formloom Sandbox HK' },
      ],
    });
    // Operator settings: the server talks to the fakes instead of Shopify and Intuit.
    process.env.FORMLOOM_SHOPIFY_API_ORIGIN = shopify.url;
    Object.assign(process.env, quickbooks.env);
    server = await startServer();
    process.env.FORMLOOM_QBO_REDIRECT_URI = `${server.url}${QBO_PATH}/callback`;
    admin = await adminClient(server);
  });
  afterAll(async () => {
    process.env = saved;
    await server?.close();
    await shopify?.close();
    await quickbooks?.close();
    await browser?.close();
  });

  it('connects Shopify, maps the sales order form, and a submission shows its draft order on the record page; then QuickBooks through OAuth', async () => {
    const S = en.shopify;
    const Q = en.quickbooks;
    const C = en.connectors;
    const sales = await install(admin, 'sales-order');
    const purchasing = await install(admin, 'purchase-request');
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
    const page = await context.newPage();
    const problems: string[] = [];
    // 401 before signing in; 404 while a form has no mapping yet (the editor starts empty); 422 for the wrong token tried on purpose.
    page.on('console', (m) => m.type() === 'error' && !/status of (401|404|422)/.test(m.text()) && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(String(e)));
    const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `h6-${name}-en-1280.png`), fullPage: true });
    try {
      await signIn(page, server.url);

      // Shopify: a wrong token is refused at the token (checked with Shopify), the right one connects.
      await page.goto(`${server.url}/integrations/shopify`);
      await page.getByLabel(S.connection.domain, { exact: true }).fill(shopify.shopDomain);
      const token = page.getByLabel(S.connection.token, { exact: true });
      await token.fill('shpat_wrong');
      await page.getByRole('button', { name: S.connection.connect, exact: true }).click();
      await expect.poll(() => token.getAttribute('aria-invalid')).toBe('true');
      await shot('shopify-connect-refused');
      await token.fill(shopify.accessToken);
      await page.getByRole('button', { name: S.connection.connect, exact: true }).click();
      await page.getByTestId('shopify-shop-name').waitFor();
      expect(await page.getByText('2025-09').count()).toBeGreaterThan(0);
      await shot('shopify-connected');

      // Map the sales order: the server suggests the template's mapping; saved as it is.
      await page.getByRole('button', { name: S.mappings.new }).click();
      await page.getByLabel(C.form.app, { exact: true }).selectOption(sales.appId);
      await page.getByLabel(C.form.form, { exact: true }).selectOption(sales.formId);
      await page.getByText(S.editor.suggested).waitFor();
      expect(await page.getByLabel(S.editor.email, { exact: true }).inputValue()).toBe('email');
      await page.getByRole('button', { name: S.editor.save }).click();
      await page.getByText(S.editor.saved).waitFor();

      // A sales order: the dispatcher sends it; the record page names the draft order with its link.
      const order = await admin.post(`/api/forms/${sales.formId}/submissions`, {
        data: {
          customerName: 'Chan Tai Man',
          email: 'chan@example.com',
          phone: '91234567',
          lines: [{ sku: 'TEA-0042', description: 'Lemon tea 250 g', quantity: 3, unitPrice: 48 }],
          shipping: { line1: 'Flat A, 12/F, Kwun Tong Tower', district: 'Kwun Tong', region: 'kowloon' },
        },
      });
      expect(order.status).toBe(201);
      await server.app.dispatcher.drain();
      expect(shopify.draftOrders).toHaveLength(1);
      const draft = shopify.draftOrders[0];

      // The preview is built from that submission (nothing more is sent).
      await page.getByRole('button', { name: S.preview.run, exact: true }).click();
      const preview = page.getByTestId('shopify-preview-body');
      await expect.poll(async () => (await preview.isVisible()) && preview.innerText()).toContain('Lemon tea 250 g');
      expect(shopify.draftOrders).toHaveLength(1);
      await shot('shopify-mapping');
      await expectNoSideScroll(page);

      await page.goto(`${server.url}/r/${order.body.id}`);
      const panel = page.getByRole('region', { name: en.recordIntegrations.title });
      await panel.waitFor();
      const link = panel.getByRole('link', {
        name: new RegExp(`^Shopify ${escape(en.recordIntegrations.kinds.draft_order)} ${escape(draft.name)}$`),
      });
      await link.waitFor();
      expect(await panel.locator('[data-connector="shopify"]').getAttribute('data-status')).toBe('succeeded');
      await shot('record-panel');

      // Shopify refuses the token once (a revoked app, say): the job gives up with Shopify's answer; after the
      // store is fixed, Retry (for app editors) sends it now.
      shopify.failNext(401, 1);
      const second = await admin.post(`/api/forms/${sales.formId}/submissions`, {
        data: {
          customerName: 'Lee Siu Ming',
          email: 'lee@example.com',
          phone: '92345678',
          lines: [{ sku: 'CUP-0001', description: 'Tea cup', quantity: 2, unitPrice: 120 }],
          shipping: { line1: '3/F, 8 Queen’s Road Central', district: 'Central', region: 'hong-kong-island' },
        },
      });
      await server.app.dispatcher.runOnce();
      expect(shopify.draftOrders).toHaveLength(1);
      await page.goto(`${server.url}/r/${second.body.id}`);
      const failing = page.locator('[data-connector="shopify"]');
      await failing.waitFor();
      expect(await failing.getAttribute('data-status')).toBe('dead');
      expect(await failing.innerText()).toContain(en.recordIntegrations.status.dead);
      expect(await failing.innerText()).toContain(en.recordIntegrations.said.replace('{{name}}', 'Shopify'));
      await shot('record-panel-failed');
      await expectNoSideScroll(page);
      await failing.getByRole('button', { name: en.recordIntegrations.retry, exact: true }).click();
      await expect.poll(() => failing.getAttribute('data-status')).toBe('pending');
      const passes = await server.app.dispatcher.drain();
      const jobs = await admin.get(`/api/submissions/${second.body.id}/integrations`);
      expect(
        shopify.draftOrders,
        JSON.stringify({ passes, jobs: jobs.body, requests: shopify.requests.map((r) => [r.operationName, r.status]) }),
      ).toHaveLength(2);
      // The panel looks again while the job is queued: "Sent" with the new draft order, no reload.
      await expect.poll(() => failing.getAttribute('data-status'), { timeout: 10_000 }).toBe('succeeded');
      await failing.getByRole('link', { name: new RegExp(escape(shopify.draftOrders[1].name) + '$') }).waitFor();

      // QuickBooks: the Intuit app's keys, then Connect goes through the (fake) consent page and back.
      await page.goto(`${server.url}/integrations/quickbooks`);
      await page.getByLabel(Q.settings.clientId, { exact: true }).fill(quickbooks.clientId);
      await page.getByLabel(Q.settings.clientSecret, { exact: true }).fill(quickbooks.clientSecret);
      await page.getByRole('button', { name: Q.settings.save }).click();
      await page.getByRole('button', { name: Q.companies.connect, exact: true }).click();
      await page.waitForURL(/\/integrations\/quickbooks\?connected=9130001/);
      await page.getByText(Q.outcome.connected.replace('{{realmId}}', '9130001')).waitFor();
      // A second company, then the first made active again.
      quickbooks.consentRealm = '9130002';
      await page.getByRole('button', { name: Q.companies.connectAnother }).click();
      await page.waitForURL(/connected=9130002/);
      const first = page.getByRole('radio', { name: /Formloom Trading Ltd/ });
      await first.waitFor();
      if (!(await first.isChecked())) await first.check();
      await expect.poll(() => page.getByRole('radio', { name: /Formloom Trading Ltd/ }).isChecked()).toBe(true);
      const connection = await admin.get(`${QBO_PATH}/connection`);
      expect(connection.body.companies.find((c: { active: boolean }) => c.active).realmId).toBe('9130001');
      await shot('quickbooks-companies');

      // Map the purchase request to a purchase order: vendor fixed, A/P account, account-based lines.
      await page.getByRole('button', { name: Q.mappings.new }).click();
      await page.getByLabel(C.form.app, { exact: true }).selectOption(purchasing.appId);
      await page.getByLabel(C.form.form, { exact: true }).selectOption(purchasing.formId);
      await page.getByRole('radio', { name: Q.editor.vendorMode.fixed }).check();
      await page.locator('#qbo-vendor').selectOption(QBO_SEED.vendors.wingOn);
      await page.locator('#qbo-ap-account').selectOption(QBO_SEED.accounts.accountsPayable);
      await page.locator('#qbo-lines-field').selectOption('lines');
      await page.locator('#qbo-description').selectOption('description');
      await page.locator('#qbo-quantity').selectOption('quantity');
      await page.locator('#qbo-unit-price').selectOption('unitPrice');
      await page.getByRole('radio', { name: Q.editor.detailType.account }).check();
      await page.locator('#qbo-line-account').selectOption(QBO_SEED.accounts.officeSupplies);
      await page.locator('#qbo-due-date').selectOption('neededBy');
      await page.getByRole('button', { name: Q.editor.save }).click();
      await page.getByText(Q.editor.saved).waitFor();
      const mapping = await admin.get(`${QBO_PATH}/mappings/${purchasing.formId}`);
      expect(mapping.status).toBe(200);
      expect(mapping.body.target).toMatchObject({
        kind: 'purchase_order',
        vendor: { mode: 'fixed', vendor: { value: QBO_SEED.vendors.wingOn } },
        apAccount: { value: QBO_SEED.accounts.accountsPayable },
        lines: {
          field: 'lines',
          quantity: 'quantity',
          unitPrice: 'unitPrice',
          detail: { type: 'account', account: { value: QBO_SEED.accounts.officeSupplies } },
        },
        dueDate: 'neededBy',
      });

      // The preview: the PurchaseOrder the latest purchase request would become (nothing is sent).
      const department = await admin.post('/api/departments', { name: { en: 'Operations', 'zh-Hant': '營運部' } });
      expect(department.status, JSON.stringify(department.body)).toBe(201);
      const request = await admin.post(`/api/forms/${purchasing.formId}/submissions`, {
        data: {
          department: department.body.id,
          neededBy: '2026-12-10',
          supplier: 'Wing On Stationery Ltd',
          lines: [{ description: 'A4 paper, 5 reams', quantity: 4, unitPrice: 32.5 }],
          justification: 'The office printer runs out next week.',
        },
      });
      expect(request.status, JSON.stringify(request.body)).toBe(201);
      const sentBefore = quickbooks.apiRequests().filter((r) => r.method === 'POST').length;
      await page.getByRole('button', { name: Q.preview.run, exact: true }).click();
      const qboPreview = page.getByTestId('qbo-preview-body');
      await expect.poll(async () => (await qboPreview.isVisible()) && qboPreview.innerText()).toContain('A4 paper, 5 reams');
      expect(JSON.parse(await qboPreview.innerText())).toMatchObject({
        VendorRef: { value: QBO_SEED.vendors.wingOn },
        APAccountRef: { value: QBO_SEED.accounts.accountsPayable },
        Line: [{ Amount: 130, DetailType: 'AccountBasedExpenseLineDetail' }],
      });
      expect(quickbooks.apiRequests().filter((r) => r.method === 'POST').length).toBe(sentBefore);
      await shot('quickbooks-mapping');
      await expectNoSideScroll(page);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('the mapping screens and the record panel at 360 and 1280 px, in English and Traditional Chinese', async () => {
    const sales = (await admin.get('/api/apps')).body.items as { id: string }[];
    expect(sales.length).toBeGreaterThan(0);
    const mapped = (await admin.get('/api/connectors/shopify/mappings')).body.mappings as { formId: string }[];
    const qbo = (await admin.get(`${QBO_PATH}/mappings`)).body.mappings as { formId: string }[];
    const page1 = await admin.get(`/api/forms/${mapped[0].formId}/submissions`);
    const recordId = page1.body.items[0].id as string;
    for (const locale of ['en', 'zh-Hant'] as const) {
      const T = locale === 'en' ? en : zh;
      for (const size of SIZES) {
        const context = await browser.newContext({ viewport: size, locale: 'en-GB' });
        const page = await context.newPage();
        const shot = (name: string) =>
          page.screenshot({ path: path.join(SHOTS, `h6-${name}-${locale}-${size.width}.png`), fullPage: true });
        try {
          await signIn(page, server.url);
          await page.evaluate(`localStorage.setItem('formloom.locale', '${locale}')`);
          await page.goto(`${server.url}/integrations/shopify?form=${mapped[0].formId}`);
          await page.getByRole('button', { name: T.shopify.editor.save }).waitFor();
          await page.getByRole('button', { name: T.shopify.preview.run, exact: true }).click();
          await page.getByTestId('shopify-preview-body').waitFor();
          await expectNoSideScroll(page);
          await shot('shopify-mapping');

          await page.goto(`${server.url}/integrations/quickbooks?form=${qbo[0].formId}`);
          await page.getByRole('button', { name: T.quickbooks.editor.save }).waitFor();
          await page.getByRole('button', { name: T.quickbooks.preview.run, exact: true }).click();
          await page.getByTestId('qbo-preview-body').waitFor();
          await expectNoSideScroll(page);
          await shot('quickbooks-mapping');

          await page.goto(`${server.url}/integrations/quickbooks`);
          await page.getByRole('heading', { name: T.quickbooks.companies.title }).waitFor();
          await expectNoSideScroll(page);
          await shot('quickbooks-page');

          await page.goto(`${server.url}/r/${recordId}`);
          await page.getByRole('region', { name: T.recordIntegrations.title }).waitFor();
          await expectNoSideScroll(page);
          await shot('record-panel');
        } finally {
          await context.close();
        }
      }
    }
  }, 180_000);
});
