import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, adminClient, type Client, type TestServer } from '../server/test/helpers.ts';
import { SCREENSHOT_DIR, launchChromium, startServerWithFrontends } from './browser.ts';
import { wedgeScan } from './stockWedge.ts';

/**
 * The inventory app on a phone: a keyboard-wedge scanner (keys ~10 ms apart, then Enter) records a
 * stock movement on the scan page; an unknown barcode offers to create the item and comes back to
 * scanning with it; low stock and the stock card read what was recorded.
 */
describe('inventory scan page in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Client;
  let itemForm: any;
  let zoneForm: any;
  let movementForm: any;
  const zones: Record<string, string> = {};
  let tea: string;

  beforeAll(async () => {
    server = await startServerWithFrontends();
    browser = await launchChromium();
    admin = await adminClient(server);
    const installed = (await admin.post('/api/templates/inventory/install')).body;
    [itemForm, zoneForm, movementForm] = installed.forms;
    for (const [code, name, nameZh] of [
      ['TM-A-01', 'Tuen Mun A-01', '屯門 A-01'],
      ['KB-B-02', 'Kowloon Bay B-02', '九龍灣 B-02'],
    ]) {
      zones[code] = (await admin.post(`/api/forms/${zoneForm.id}/submissions`, { data: { code, name, nameZh } })).body.id;
    }
    const item = await admin.post(`/api/forms/${itemForm.id}/submissions`, {
      data: { sku: 'TEA-0042', name: 'Lemon tea', barcode: '4891028164456', unit: 'carton', reorderPoint: 10 },
    });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    tea = item.body.id;
    await admin.post(`/api/forms/${itemForm.id}/submissions`, {
      data: { sku: 'GLV-0001', name: 'Nitrile gloves', barcode: '0012345678905', unit: 'box', reorderPoint: 5 },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function phone(locale: 'en' | 'zh-Hant', width = 360): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 800 }, locale: locale === 'en' ? 'en-GB' : 'zh-HK' });
    await context.addInitScript(`localStorage.setItem('formloom.locale', ${JSON.stringify(locale)})`);
    const login = await context.request.post(`${server.url}/api/auth/login`, { data: ADMIN });
    expect(login.status()).toBe(200);
    return { context, page: await context.newPage() };
  }

  const onHand = async (item: string, zone: string) =>
    (await admin.get(`/api/forms/${movementForm.id}/stock?item=${item}&zone=${zone}`)).body.items[0]?.onHand;

  it('records a movement from a wedge scan, and explains a refused issue in words', async () => {
    const { context, page } = await phone('en');
    await page.goto(`${server.url}/stock/${movementForm.id}`);
    await page.getByRole('radio', { name: 'Receive' }).click();
    await page.getByLabel('Zone', { exact: true }).selectOption(zones['KB-B-02']);
    await page.getByRole('button', { name: 'One more' }).click(); // 2
    await page.getByRole('button', { name: 'One more' }).click(); // 3
    await wedgeScan(page, '4891028164456');
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Saved: received 3 × Lemon tea into Kowloon Bay B-02\./);
    expect(await onHand(tea, zones['KB-B-02'])).toBe(3);
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/On hand there now: 3\./);

    // Issuing more than is there: refused, nothing stored, and the page says why.
    await page.getByRole('radio', { name: 'Issue' }).click();
    await page.getByRole('textbox', { name: 'Quantity' }).fill('5');
    await wedgeScan(page, '4891028164456');
    await expect
      .poll(() => page.locator('.fl-stock__notice [role="alert"]').textContent())
      .toMatch(/Not saved: Kowloon Bay B-02 has only 3 of Lemon tea, and this takes 5\./);
    expect(await onHand(tea, zones['KB-B-02'])).toBe(3);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'stock-scan-refused-360-en.png'), fullPage: true });

    // A person typing the same digits slowly is not a scanner: nothing is looked up or saved.
    await page.getByRole('textbox', { name: 'Quantity' }).fill('1');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.type('4891028164456', { delay: 120 });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    expect(await onHand(tea, zones['KB-B-02'])).toBe(3);

    await wedgeScan(page, '4891028164456');
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Saved: issued 1 × Lemon tea from Kowloon Bay B-02\./);
    expect(await onHand(tea, zones['KB-B-02'])).toBe(2);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'stock-scan-saved-360-en.png'), fullPage: true });
    await context.close();
  });

  it('offers to create an item for an unknown barcode and comes back to scanning with it', async () => {
    const { context, page } = await phone('en');
    await page.goto(`${server.url}/stock/${movementForm.id}`);
    await page.getByLabel('Zone', { exact: true }).selectOption(zones['TM-A-01']);
    await wedgeScan(page, '9501101530003');
    await page.getByText('No item has the code 9501101530003. Create a new item with it?').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'stock-scan-unknown-360-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Create item' }).click();

    await page.getByRole('heading', { name: 'New item' }).waitFor();
    expect(await page.locator('#root_barcode').inputValue()).toBe('9501101530003');
    await page.locator('#root_sku').fill('RICE-0005');
    await page.locator('#root_name').fill('Jasmine rice 5 kg');
    await page.locator('#root_unit').selectOption({ label: 'Kilogram' });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'stock-create-item-360-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Save item' }).click();

    await page.getByText('Item Jasmine rice 5 kg created.').waitFor();
    await page.getByRole('button', { name: 'Receive 1' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Saved: received 1 × Jasmine rice 5 kg into Tuen Mun A-01\./);
    const rice = (await admin.get(`/api/forms/${itemForm.id}/records?display=barcode&q=9501101530003`)).body.items;
    expect(rice).toHaveLength(1);
    expect(await onHand(rice[0].id, zones['TM-A-01'])).toBe(1);

    // The next scan of the same code finds the new item at once.
    await wedgeScan(page, '9501101530003');
    await expect.poll(async () => onHand(rice[0].id, zones['TM-A-01'])).toBe(2);
    await context.close();
  });

  it('shows low stock and the stock card, in English and Traditional Chinese', async () => {
    for (const locale of ['en', 'zh-Hant'] as const) {
      for (const width of [360, 1200]) {
        const { context, page } = await phone(locale, width);
        const suffix = `${width === 360 ? '360' : 'desktop'}-${locale}`;
        await page.goto(`${server.url}/apps/${movementForm.appId}`);
        await page.getByRole('link', { name: locale === 'en' ? /^Low stock of/ : /低存貨$/ }).click();
        await page.getByRole('heading', { name: locale === 'en' ? 'Low stock' : '低存貨' }).waitFor();
        const rows = page.getByRole('list', { name: locale === 'en' ? 'Low stock' : '低存貨' }).getByRole('listitem');
        await expect
          .poll(() => rows.allTextContents())
          .toEqual([
            expect.stringContaining('Lemon tea'), // 2, reorder at 10: 8 short
            expect.stringContaining('Nitrile gloves'), // none, reorder at 5: 5 short
          ]);
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `stock-low-${suffix}.png`), fullPage: true });
        await rows.filter({ hasText: 'Lemon tea' }).getByRole('link').click();
        await page.getByRole('heading', { name: locale === 'en' ? 'Stock card: Lemon tea' : '存貨卡：Lemon tea' }).waitFor();
        const moves = page.locator('.fl-stock__move');
        await expect.poll(() => moves.count()).toBe(2);
        expect(await moves.first().textContent()).toContain(locale === 'en' ? 'Kowloon Bay B-02' : '九龍灣 B-02');
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `stock-card-${suffix}.png`), fullPage: true });
        await page.goto(`${server.url}/stock/${movementForm.id}`);
        await page.getByRole('radio', { name: locale === 'en' ? 'Transfer' : '調倉' }).click();
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `stock-scan-${suffix}.png`), fullPage: true });
        await context.close();
      }
    }
  });
});
