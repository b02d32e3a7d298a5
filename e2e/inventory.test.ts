import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, adminClient, type TestServer } from '../server/test/helpers.ts';
import { SCREENSHOT_DIR, launchChromium, startServerWithFrontends } from './browser.ts';

/** Stock movement on a phone: search the item list, pick an item, its zone fills in, submit. */
describe('inventory relation picker in Chromium', () => {
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

  it('links a stock movement to an item found by search and fills the item’s zone', async () => {
    const admin = await adminClient(server);
    const installed = (await admin.post('/api/templates/inventory/install')).body;
    const itemForm = installed.forms.find((f: any) => f.published.schema.properties.sku);
    const movementForm = installed.forms.find((f: any) => f !== itemForm);
    const zone = itemForm.published.schema.properties.zone;
    const zoneValue = (zone.enum ?? zone.oneOf?.map((o: any) => o.const) ?? ['A'])[1];
    const unit = itemForm.published.schema.properties.unit.oneOf[0].const;
    for (const [sku, name] of [
      ['GL-1', 'Nitrile gloves'],
      ['MK-2', 'Surgical masks'],
    ]) {
      const res = await admin.post(`/api/forms/${itemForm.id}/submissions`, {
        data: { sku, name, unit, unitPrice: 12.5, zone: zoneValue },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }

    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await page.goto(`${server.url}/f/${movementForm.id}`);
    await page.getByLabel('Search Item').fill('glov');
    await page.getByRole('button', { name: 'Nitrile gloves' }).click();
    await expect.poll(() => page.locator('#root_zone').inputValue()).not.toBe('');
    await page.getByRole('radio', { name: 'Stock out' }).check();
    await page.locator('#root_quantity').fill('3');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'stock-movement-360.png'), fullPage: true });
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { name: 'Thank you!' }).waitFor();

    const stored = (await admin.get(`/api/forms/${movementForm.id}/submissions`)).body.items[0];
    const items = (await admin.get(`/api/forms/${itemForm.id}/submissions`)).body.items;
    expect(stored.data.item).toBe(items.find((i: any) => i.data.name === 'Nitrile gloves').id);
    expect(stored.data.zone).toBe(zoneValue);
    await context.close();
  });
});
