import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, adminClient, type Client, type TestServer } from '../server/test/helpers.ts';
import { SCREENSHOT_DIR, launchChromium, startServerWithFrontends } from './browser.ts';
import { wedgeScan } from './stockWedge.ts';

/**
 * The scan page on a phone that loses its Wi-Fi: opened online (it keeps the item list and zones on
 * the device), then offline a wedge scan of a known barcode is found on the phone and the movement
 * waits in the outbox; back online it is sent once and on-hand is right. A movement the server then
 * refuses for stock shows in /outbox in words.
 */
describe('scan stock page without a connection, in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Client;
  let itemForm: { id: string };
  let zoneForm: { id: string };
  let movementForm: { id: string };
  const zones: Record<string, string> = {};
  const items: Record<string, string> = {};

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
    for (const data of [
      { sku: 'TEA-0042', name: 'Lemon tea', barcode: '4891028164456', unit: 'carton', reorderPoint: 10 },
      // Never stocked: found offline because the page keeps the newest items too.
      { sku: 'GLV-0001', name: 'Nitrile gloves', barcode: '0012345678905', unit: 'box' },
    ]) {
      const created = await admin.post(`/api/forms/${itemForm.id}/submissions`, { data });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      items[data.sku] = created.body.id;
    }
    const received = await admin.post(`/api/forms/${movementForm.id}/submissions`, {
      data: { movementType: 'receive', item: items['TEA-0042'], zone: zones['KB-B-02'], quantity: 10 },
    });
    expect(received.status, JSON.stringify(received.body)).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function phone(locale: 'en' | 'zh-Hant', width = 360): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 800 }, locale: locale === 'en' ? 'en-GB' : 'zh-HK' });
    await context.addInitScript(`localStorage.setItem('formloom.locale', ${JSON.stringify(locale)})`);
    const login = await context.request.post(`${server.url}/api/auth/login`, { data: ADMIN });
    expect(login.status()).toBe(200);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    return { context, page, problems };
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  const onHand = async (item: string, zone: string) =>
    (await admin.get(`/api/forms/${movementForm.id}/stock?item=${item}&zone=${zone}`)).body.items[0]?.onHand ?? 0;
  const movements = async () =>
    (await admin.get<{ items: { id: string }[] }>(`/api/forms/${movementForm.id}/submissions?limit=500`)).body.items.length;
  const badge = (page: Page) => page.locator('header a[href="/outbox"]');

  /** Opens the scan page online and waits until the item list is kept on the device (IndexedDB). */
  async function openOnline(page: Page) {
    await page.goto(`${server.url}/stock/${movementForm.id}`);
    await page.locator('.fl-stock__kinds').waitFor();
    const keptItems = `new Promise((resolve) => {
      const open = indexedDB.open('formloom-offline');
      open.onerror = () => resolve(0);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('snapshots')) return resolve(0);
        const all = db.transaction('snapshots').objectStore('snapshots').getAll();
        all.onsuccess = () => resolve(all.result.filter((s) => s.key.endsWith('stock-items:${itemForm.id}')).map((s) => s.value.length)[0] ?? 0);
        all.onerror = () => resolve(0);
      };
    })`;
    await expect.poll(() => page.evaluate(keptItems), { timeout: 15_000 }).toBe(2);
  }

  it('en: a wedge scan offline is kept on the phone, then sent once; a refused issue reads in words in /outbox', async () => {
    const { context, page, problems } = await phone('en');
    await openOnline(page);
    await page.getByRole('radio', { name: 'Issue' }).click();
    await page.getByLabel('Zone', { exact: true }).selectOption(zones['KB-B-02']);
    await page.getByRole('button', { name: 'One more' }).click(); // 2
    const before = await movements();

    await context.setOffline(true);
    await page.getByText('You are offline.').waitFor();
    await wedgeScan(page, '4891028164456');
    const notice = page.locator('.fl-stock__notice');
    await expect.poll(() => notice.textContent()).toContain('Saved on this phone — it will be sent when you are back online.');
    expect(await notice.textContent()).toContain('Issue 2 × Lemon tea from Kowloon Bay B-02.');
    expect(await notice.textContent()).toContain('1 waiting on this phone.');
    expect(await badge(page).textContent()).toMatch(/1 waiting/);
    await shot(page, 'stock-offline-kept-360-en');

    // A code no item on the phone has cannot become a new item offline.
    await wedgeScan(page, '9501101530003');
    await expect.poll(() => notice.textContent()).toContain('New items cannot be created offline');
    expect(await page.getByRole('button', { name: 'Create item' }).count()).toBe(0);
    await shot(page, 'stock-offline-unknown-360-en');
    expect(await onHand(items['TEA-0042'], zones['KB-B-02'])).toBe(10);

    await context.setOffline(false);
    await expect.poll(() => badge(page).count(), { timeout: 20_000 }).toBe(0);
    expect(await movements()).toBe(before + 1);
    expect(await onHand(items['TEA-0042'], zones['KB-B-02'])).toBe(8);
    await wedgeScan(page, '4891028164456'); // online again: saved at once
    await expect.poll(() => notice.textContent()).toContain('Saved: issued 2 × Lemon tea from Kowloon Bay B-02.');
    expect(await onHand(items['TEA-0042'], zones['KB-B-02'])).toBe(6);

    // Offline again: an issue of more than is there waits, and the server refuses it once it is sent.
    await page.getByRole('textbox', { name: 'Quantity' }).fill('50');
    await context.setOffline(true);
    await page.getByText('You are offline.').waitFor();
    await wedgeScan(page, '4891028164456');
    await expect.poll(() => notice.textContent()).toContain('Issue 50 × Lemon tea from Kowloon Bay B-02.');
    await context.setOffline(false);
    await expect.poll(() => badge(page).textContent(), { timeout: 20_000 }).toMatch(/1 refused/);
    expect(await notice.textContent()).toContain('Sent, but the server refused it.');
    await shot(page, 'stock-offline-kept-refused-360-en');
    expect(await onHand(items['TEA-0042'], zones['KB-B-02'])).toBe(6);
    await badge(page).click();
    const entry = page.getByRole('article', { name: 'Stock movement' });
    await expect
      .poll(() => entry.textContent())
      .toContain('Not enough stock: the zone held 6 when it was sent, and this movement takes 50.');
    expect(await entry.textContent()).toContain('Issue 50 × Lemon tea from Kowloon Bay B-02.');
    await shot(page, 'stock-offline-refused-360-en');
    await entry.getByRole('link', { name: 'Fix and send again' }).click();
    await expect.poll(() => page.url()).toMatch(new RegExp(`/f/${movementForm.id}\\?fix=`));
    await page.locator('form').first().waitFor();
    await shot(page, 'stock-offline-fix-360-en');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('zh-Hant: a never-stocked item is found offline and received once back online', async () => {
    const { context, page, problems } = await phone('zh-Hant');
    await openOnline(page);
    await page.getByRole('radio', { name: '收貨' }).click();
    await page.getByLabel('區域', { exact: true }).selectOption(zones['TM-A-01']);
    const before = await movements();

    await context.setOffline(true);
    await wedgeScan(page, '0012345678905');
    const notice = page.locator('.fl-stock__notice');
    await expect.poll(() => notice.textContent()).toContain('已儲存在此手機 — 恢復連線後會自動送出。');
    expect(await notice.textContent()).toContain('屯門 A-01 收貨 Nitrile gloves × 1。');
    await shot(page, 'stock-offline-kept-360-zh-Hant');

    await context.setOffline(false);
    await expect.poll(() => badge(page).count(), { timeout: 20_000 }).toBe(0);
    expect(await notice.textContent()).toContain('已從此手機送出：伺服器已收到。');
    await shot(page, 'stock-offline-sent-360-zh-Hant');
    expect(await movements()).toBe(before + 1);
    expect(await onHand(items['GLV-0001'], zones['TM-A-01'])).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('opens again without a connection after a reload (the worker keeps the form, the device the zones and items)', async () => {
    const { context, page, problems } = await phone('en');
    await openOnline(page);
    await page.waitForFunction('navigator.serviceWorker.controller !== null', undefined, { timeout: 30_000 });
    await page.reload(); // now through the worker, which keeps the form document
    await page.locator('.fl-stock__kinds').waitFor();
    const before = await movements();

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('radio', { name: 'Receive' }).waitFor();
    await page.getByLabel('Zone', { exact: true }).selectOption(zones['TM-A-01']);
    await wedgeScan(page, '4891028164456');
    await expect.poll(() => page.locator('.fl-stock__notice').textContent()).toContain('Receive 1 × Lemon tea into Tuen Mun A-01.');
    await shot(page, 'stock-offline-reloaded-360-en');
    await context.setOffline(false);
    await expect.poll(() => badge(page).count(), { timeout: 20_000 }).toBe(0);
    expect(await movements()).toBe(before + 1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('desktop: the kept state reads the same', async () => {
    const { context, page } = await phone('en', 1280);
    await openOnline(page);
    await page.getByLabel('Zone', { exact: true }).selectOption(zones['TM-A-01']);
    await context.setOffline(true);
    await wedgeScan(page, '4891028164456');
    await expect.poll(() => page.locator('.fl-stock__notice').textContent()).toContain('Saved on this phone');
    await shot(page, 'stock-offline-kept-desktop-en');
    await context.setOffline(false);
    await expect.poll(() => badge(page).count(), { timeout: 20_000 }).toBe(0);
    await context.close();
  });
});
