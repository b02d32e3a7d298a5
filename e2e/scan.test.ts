import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, adminClient, type Client, type TestServer } from '../server/test/helpers.ts';
import { drawBarcode, writeY4m } from './barcodeVideo.ts';
import { SCREENSHOT_DIR, launchChromium, startServerWithFrontends } from './browser.ts';
import { typeAsScanner } from './wedgeKeys.ts';

/**
 * Barcode scanning in Chromium: the camera is Chromium's fake camera playing a video this test
 * draws (an EAN-13 for two seconds, then a QR code holding GS1 data, looping); a keyboard-wedge
 * scanner is keys 10 ms apart ending in Enter (typeAsScanner), against a person typing 150 ms apart.
 */
const EAN = '4006381333931';
const GS = '\u001d';
// GS1 in a QR code: GTIN, expiry (day 00: end of month), batch, then serial after a separator.
const GS1_QR = `01095011015300031728020010LOT-42${GS}21SN-0007`;
const GTIN = '09501101530003';

const receiveSchema = {
  type: 'object',
  title: 'Goods received',
  properties: {
    code: { type: 'string', title: 'Barcode' },
    batch: { type: 'string', title: 'Batch' },
    expiry: { type: 'string', format: 'date', title: 'Expiry' },
    serial: { type: 'string', title: 'Serial' },
    note: { type: 'string', title: 'Note' },
  },
};
const gs1Map = { gs1: { batch: 'batch', expiry: 'expiry', serial: 'serial' } };

describe('barcode scanning in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Client;
  let workDir: string;
  const forms: Record<string, string> = {};

  const publish = async (appId: string, name: string, schema: object, uiSchema: object) => {
    const form = await admin.post(`/api/apps/${appId}/forms`, { name, schema, uiSchema });
    expect(form.status, JSON.stringify(form.body)).toBe(201);
    expect((await admin.post(`/api/forms/${form.body.id}/publish`)).status).toBe(201);
    return form.body.id as string;
  };

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'formloom-scan-'));
    const video = path.join(workDir, 'barcodes.y4m');
    const ean = await drawBarcode({ bcid: 'ean13', text: EAN, scale: 3 });
    const qr = await drawBarcode({ bcid: 'qrcode', text: GS1_QR.replace(GS, '^029'), parse: true, scale: 6 });
    writeY4m(video, [
      { picture: ean, frames: 20 },
      { picture: qr, frames: 20 },
    ]);
    server = await startServerWithFrontends();
    browser = await launchChromium([
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
      '--autoplay-policy=no-user-gesture-required',
    ]);
    admin = await adminClient(server);
    const appId = (await admin.post('/api/apps', { name: 'Warehouse' })).body.id;
    forms.receive = await publish(appId, 'Goods received', receiveSchema, { code: { 'ui:fieldType': 'barcode', 'ui:options': gs1Map } });
    forms.count = await publish(
      appId,
      'Shelf check',
      { type: 'object', title: 'Shelf check', properties: { code: { type: 'string', title: 'Barcode' } } },
      { code: { 'ui:fieldType': 'barcode', 'ui:options': { continuous: true, duplicates: 'ignore', duplicateWindowMs: 60_000 } } },
    );
    forms.items = await publish(
      appId,
      'Items',
      {
        type: 'object',
        title: 'Items',
        properties: { name: { type: 'string', title: 'Name' }, barcode: { type: 'string', title: 'Barcode' } },
      },
      { barcode: { 'ui:fieldType': 'barcode' } },
    );
    forms.issue = await publish(
      appId,
      'Stock issue',
      {
        type: 'object',
        title: 'Stock issue',
        properties: { item: { type: 'string', title: 'Item' }, qty: { type: 'integer', title: 'Quantity' } },
      },
      { item: { 'ui:fieldType': 'relation', 'ui:options': { form: forms.items, displayField: 'name' } } },
    );
    for (const [name, barcode] of [
      ['Lemon tea', EAN],
      ['Vitamin C', GTIN], // the QR code's GS1 data carries this GTIN
    ]) {
      expect((await admin.post(`/api/forms/${forms.items}/submissions`, { data: { name, barcode } })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  /** A signed-in phone; camera stream stops are counted (window.__tracksStopped) to prove the camera is released. */
  async function phone(locale: 'en' | 'zh-Hant' = 'en', width = 360, initScript = ''): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 760 }, locale: locale === 'en' ? 'en-GB' : 'zh-HK' });
    await context.addInitScript(`localStorage.setItem('formloom.locale', ${JSON.stringify(locale)});
      window.__tracksStopped = 0;
      const stop = MediaStreamTrack.prototype.stop;
      MediaStreamTrack.prototype.stop = function () { window.__tracksStopped++; return stop.call(this); };
      ${initScript}`);
    const login = await context.request.post(`${server.url}/api/auth/login`, { data: ADMIN });
    expect(login.status()).toBe(200);
    return { context, page: await context.newPage() };
  }
  const open = async (page: Page, formId: string) => {
    await page.goto(`${server.url}/f/${formId}`);
    await page.getByRole('button', { name: /Submit|提交/ }).waitFor();
  };
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `scan-${name}.png`), fullPage: true });
  const value = (page: Page, label: string) => page.getByLabel(label, { exact: true }).inputValue();
  const submissions = async (formId: string) => (await admin.get(`/api/forms/${formId}/submissions`)).body.items as { data: object }[];

  it('scans with the camera into the barcode field, and releases the camera', async () => {
    const { context, page } = await phone();
    await open(page, forms.receive);
    await page.getByRole('button', { name: 'Scan Barcode with the camera' }).click();
    await expect.poll(() => value(page, 'Barcode'), { timeout: 15_000 }).not.toBe('');
    const scanned = await value(page, 'Barcode');
    // The fake camera starts at the EAN-13; should it have moved on to the QR code, that is GS1 and fills in.
    if (scanned === EAN) expect(await value(page, 'Batch')).toBe('');
    else expect([scanned, await value(page, 'Batch'), await value(page, 'Expiry')]).toEqual([GTIN, 'LOT-42', '2028-02-29']);
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(await page.evaluate('window.__tracksStopped')).toBeGreaterThan(0);
    await shot(page, 'camera-single-360-en');
    await context.close();
  });

  it('keeps scanning in continuous mode, and the duplicate guard lets each code in once', async () => {
    const { context, page } = await phone();
    await open(page, forms.count);
    await page.getByRole('button', { name: 'Scan Barcode with the camera' }).click();
    const dialog = page.getByRole('dialog', { name: 'Barcode camera' });
    // Both codes read (the EAN-13, then the QR code holding GS1 data, whose GTIN goes in the field)...
    await expect.poll(() => dialog.getAttribute('data-taken'), { timeout: 20_000 }).toBe('2');
    await shot(page, 'camera-continuous-360-en');
    // ...and a whole loop of the video later (each code seen again many times), still only those two.
    await page.waitForTimeout(4500);
    expect(await dialog.getAttribute('data-taken')).toBe('2');
    expect(await value(page, 'Barcode')).toMatch(new RegExp(`^(${EAN}|${GTIN})$`));
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.evaluate('window.__tracksStopped')).toBeGreaterThan(0);
    await context.close();
  });

  it('says so when camera access is refused, and typing still works', async () => {
    const deny = `navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));`;
    for (const locale of ['en', 'zh-Hant'] as const) {
      const { context, page } = await phone(locale, 360, deny);
      await open(page, forms.receive);
      await page.locator('.fl-barcode .fl-scan-btn').click();
      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('alert').textContent()).toMatch(locale === 'en' ? /Camera access is blocked/ : /相機權限已被封鎖/);
      await shot(page, `camera-denied-360-${locale}`);
      await page.locator('.fl-camera button').last().click();
      await page.locator('#root_code').fill('TYPED-1');
      expect(await page.locator('#root_code').inputValue()).toBe('TYPED-1');
      await context.close();
    }
  });

  it('tells a wedge scan (10 ms keys) from a person typing (150 ms keys) in the focused field', async () => {
    const { context, page } = await phone();
    await open(page, forms.receive);
    await page.getByLabel('Barcode', { exact: true }).click();
    // Scanner speed: the field gets the GTIN, GS1 parts fill in, and Enter does not submit.
    await typeAsScanner(page, `]C1${GS1_QR}`);
    await expect.poll(() => value(page, 'Barcode')).toBe(GTIN);
    expect([await value(page, 'Batch'), await value(page, 'Expiry'), await value(page, 'Serial')]).toEqual([
      'LOT-42',
      '2028-02-29',
      'SN-0007',
    ]);
    await page.waitForTimeout(300);
    expect(await submissions(forms.receive)).toHaveLength(0);
    await shot(page, 'wedge-gs1-360-en');

    // A person typing the same digits: just typing, and their Enter submits the form as always.
    await page.getByLabel('Barcode', { exact: true }).fill('');
    await page.getByLabel('Barcode', { exact: true }).click();
    await page.keyboard.type(EAN, { delay: 150 });
    expect(await value(page, 'Barcode')).toBe(EAN);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Thank you!' }).waitFor();
    expect((await submissions(forms.receive))[0].data).toMatchObject({ code: EAN, batch: 'LOT-42' });
    await context.close();
  });

  it('in page-wide scan mode sends a scan typed into another field to the barcode field', async () => {
    const { context, page } = await phone();
    await open(page, forms.receive);
    await page.getByRole('switch', { name: 'Scan anywhere on this page' }).click();
    await page.getByLabel('Note', { exact: true }).fill('left at gate 3');
    await page.getByLabel('Note', { exact: true }).press('End');
    await typeAsScanner(page, EAN);
    await expect.poll(() => value(page, 'Barcode')).toBe(EAN);
    expect(await value(page, 'Note')).toBe('left at gate 3');
    // A person typing in the note is left alone.
    await page.keyboard.type(' ok', { delay: 120 });
    expect(await value(page, 'Note')).toBe('left at gate 3 ok');
    // Remembered on this device.
    await page.reload();
    await page.getByRole('switch', { name: 'Scan anywhere on this page' }).waitFor();
    expect(await page.getByRole('switch').getAttribute('aria-checked')).toBe('true');
    await shot(page, 'page-mode-360-en');
    await context.close();
  });

  it('finds the item in the relation picker by a scanned barcode, or says none has it', async () => {
    for (const locale of ['en', 'zh-Hant'] as const) {
      const { context, page } = await phone(locale);
      await open(page, forms.issue);
      await page.locator('#root_item').click();
      await typeAsScanner(page, '0000000000000');
      await expect
        .poll(() => page.getByTestId('relation-scan-note').textContent())
        .toBe(locale === 'en' ? 'No item with barcode 0000000000000' : '沒有條碼為 0000000000000 的項目');
      await shot(page, `relation-not-found-360-${locale}`);
      await page.locator('#root_item').click();
      await typeAsScanner(page, EAN);
      await expect.poll(() => page.locator('.fl-relation__label').textContent()).toBe('Lemon tea');
      await shot(page, `relation-found-360-${locale}`);
      await context.close();
    }
  });

  it('finds the item with the camera from the picker (an EAN-13, or GS1 data by its GTIN)', async () => {
    const { context, page } = await phone();
    await open(page, forms.issue);
    await page.getByRole('button', { name: 'Find Item by barcode' }).click();
    await expect.poll(() => page.locator('.fl-relation__label').textContent(), { timeout: 15_000 }).toMatch(/^(Lemon tea|Vitamin C)$/);
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.getByLabel('Quantity', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { name: 'Thank you!' }).waitFor();
    expect((await submissions(forms.issue))[0].data).toMatchObject({ qty: 2, item: expect.any(String) });
    await context.close();
  });

  it('shows the camera in Traditional Chinese at 360 px, and the field on a desktop', async () => {
    const small = await phone('zh-Hant');
    await open(small.page, forms.count);
    await small.page.locator('.fl-barcode .fl-scan-btn').click();
    await expect.poll(() => small.page.getByRole('dialog').getAttribute('data-taken'), { timeout: 20_000 }).toBe('2');
    expect(await small.page.locator('.fl-camera__last').textContent()).toMatch(/^已掃描 /);
    await shot(small.page, 'camera-continuous-360-zh-Hant');
    await small.context.close();

    const { context, page } = await phone('zh-Hant', 1280);
    await open(page, forms.receive);
    await page.locator('.fl-barcode .fl-scan-btn').click();
    await expect.poll(() => page.locator('#root_code').inputValue(), { timeout: 15_000 }).not.toBe('');
    await shot(page, 'barcode-desktop-zh-Hant');
    await context.close();
  });
});
