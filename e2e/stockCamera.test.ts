import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, adminClient, type Client, type TestServer } from '../server/test/helpers.ts';
import { drawBarcode, writeY4m } from './barcodeVideo.ts';
import { launchChromium, startServerWithFrontends } from './browser.ts';

const EAN = '4891028164456';

/** The scan page with Chromium's fake camera playing a label held up for 3 s, then taken away for 3 s. */
describe('stock scan page with the camera', () => {
  let workDir: string;
  let server: TestServer;
  let browser: Browser;
  let admin: Client;

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'formloom-stock-camera-'));
    const video = path.join(workDir, 'label.y4m');
    writeY4m(video, [
      { picture: await drawBarcode({ bcid: 'ean13', text: EAN, scale: 3 }), frames: 30 },
      { picture: null, frames: 30 },
    ]);
    server = await startServerWithFrontends();
    browser = await launchChromium([
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ]);
    admin = await adminClient(server);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('records one movement for one showing of a label, however many frames see it', async () => {
    const installed = (await admin.post('/api/templates/inventory/install')).body;
    const [itemForm, zoneForm, movementForm] = installed.forms;
    const zone = (
      await admin.post(`/api/forms/${zoneForm.id}/submissions`, { data: { code: 'TM-A-01', name: 'Tuen Mun A-01', nameZh: '屯門 A-01' } })
    ).body.id;
    const item = (
      await admin.post(`/api/forms/${itemForm.id}/submissions`, {
        data: { sku: 'TEA-0042', name: 'Lemon tea', barcode: EAN, unit: 'carton' },
      })
    ).body.id;

    const context = await browser.newContext({ viewport: { width: 360, height: 760 }, locale: 'en-GB' });
    expect((await context.request.post(`${server.url}/api/auth/login`, { data: ADMIN })).status()).toBe(200);
    const page = await context.newPage();
    await page.goto(`${server.url}/stock/${movementForm.id}`);
    await page.getByRole('button', { name: 'Scan with camera' }).click();
    await expect.poll(() => page.locator('.fl-stock__notice').textContent(), { timeout: 15_000 }).toMatch(/Saved: received 1 × Lemon tea/);
    // The label stays in view for up to 3 s more: the camera keeps reading it, and it stays one scan.
    await page.waitForTimeout(1500);
    await page.keyboard.press('Escape');
    const card = (await admin.get(`/api/forms/${movementForm.id}/stock/card?item=${item}`)).body;
    expect(card.items).toHaveLength(1);
    expect(card.levels).toEqual([expect.objectContaining({ zone: expect.objectContaining({ id: zone }), onHand: 1 })]);
    await context.close();
  }, 60_000);
});
