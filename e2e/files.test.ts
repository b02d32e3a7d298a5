import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, adminClient, type Client, type TestServer } from '../server/test/helpers.ts';
import { SCREENSHOT_DIR, launchChromium, startServerWithFrontends } from './browser.ts';

/** A landscape test picture larger than the phone keeps (2400×1200): stripes, so it is not one flat colour. */
function cameraPicture(): Buffer {
  const png = new PNG({ width: 2400, height: 1200 });
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      const band = Math.floor(x / 200) % 3;
      png.data[i] = band === 0 ? 220 : 40;
      png.data[i + 1] = band === 1 ? 180 : 60;
      png.data[i + 2] = band === 2 ? 200 : 80;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** The start of a Windows program: "MZ", then the pointer to its "PE" header. */
function windowsExecutable(): Buffer {
  const b = Buffer.alloc(1024);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  b.writeUInt16LE(0x14c, 0x84);
  return b;
}

/** The JPEG with an EXIF block saying "turn 90° clockwise to show" (Orientation 6), as phone cameras write. */
function withExifOrientation(jpeg: Buffer, orientation: number): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write('MM\0*', 0, 'latin1');
  tiff.writeUInt32BE(8, 4); // first IFD
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x0112, 10); // Orientation
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  tiff.writeUInt32BE(0, 22); // no next IFD
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const marker = Buffer.alloc(4);
  marker.writeUInt16BE(0xffe1, 0);
  marker.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), marker, payload, jpeg.subarray(2)]);
}

/** Width and height from a JPEG's start-of-frame marker. */
function jpegSize(bytes: Buffer): { width: number; height: number } {
  let i = 2;
  while (i < bytes.length) {
    const marker = bytes[i + 1];
    const length = bytes.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc3) return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
    i += 2 + length;
  }
  throw new Error('no JPEG frame header');
}

/** A loaded machine can take seconds to resize, upload and render; polls wait that long. */
const WAIT = { timeout: 15_000 };

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const schema = {
  type: 'object',
  title: 'Meter reading',
  required: ['meterPhoto', 'signature'],
  properties: {
    meterPhoto: { type: 'string', title: 'Meter photo' },
    deliveryNote: { type: 'string', title: 'Delivery note' },
    signature: { type: 'string', title: 'Customer signature' },
  },
};
const uiSchema = {
  meterPhoto: { 'ui:fieldType': 'photo' },
  deliveryNote: { 'ui:fieldType': 'file' },
  signature: { 'ui:fieldType': 'signature' },
  'ui:i18n': {
    'zh-Hant': {
      '/schema/title': '錶板讀數',
      '/schema/properties/meterPhoto/title': '錶板相片',
      '/schema/properties/deliveryNote/title': '送貨單',
      '/schema/properties/signature/title': '客戶簽名',
    },
  },
};

async function signWithMouse(page: Page): Promise<void> {
  const pad = page.locator('canvas.fl-signature__pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const stroke = async (points: [number, number][]) => {
    await page.mouse.move(box.x + points[0][0] * box.width, box.y + points[0][1] * box.height);
    await page.mouse.down();
    for (const [x, y] of points.slice(1)) await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 6 });
    await page.mouse.up();
  };
  await stroke([
    [0.1, 0.7],
    [0.25, 0.3],
    [0.4, 0.7],
    [0.55, 0.3],
  ]);
  await stroke([
    [0.6, 0.6],
    [0.9, 0.45],
  ]);
}

/**
 * Photos, attachments and signatures in Chromium against the real server: a photo taken at 360 px is
 * made smaller on the phone, a renamed program is refused with the reason shown, a mouse signature is
 * stored with the signer, and the submission links them all.
 */
describe('photos, files and signatures in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Client;
  let formId: string;
  beforeAll(async () => {
    server = await startServerWithFrontends();
    browser = await launchChromium();
    admin = await adminClient(server);
    const app = await admin.post('/api/apps', { name: 'Site visits' });
    const form = await admin.post(`/api/apps/${app.body.id}/forms`, { name: 'Meter reading', schema, uiSchema });
    expect(form.status, JSON.stringify(form.body)).toBe(201);
    expect((await admin.post(`/api/forms/${form.body.id}/publish`)).status).toBe(201);
    formId = form.body.id;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps a sideways camera photo upright, and a submit tapped straight after signing waits for the signature', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-GB' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    expect(
      (await page.request.post(`${server.url}/api/auth/login`, { data: { email: ADMIN.email, password: ADMIN.password } })).status(),
    ).toBe(200);
    await page.goto(`${server.url}/f/${formId}`);
    const photoField = page.locator('.fl-upload--photo');
    await photoField.waitFor();
    // The sensor's 2400×1200 landscape pixels, which the EXIF block says to show turned: a portrait photo.
    const dataUrl = (await page.evaluate(
      `(() => { const c = document.createElement('canvas'); c.width = 2400; c.height = 1200; const g = c.getContext('2d');` +
        ` g.fillStyle = '#c33'; g.fillRect(0, 0, 1200, 1200); g.fillStyle = '#33c'; g.fillRect(1200, 0, 1200, 1200);` +
        ` return c.toDataURL('image/jpeg', 0.9); })()`,
    )) as string;
    const sideways = withExifOrientation(Buffer.from(dataUrl.split(',')[1], 'base64'), 6);
    await photoField
      .locator('input[capture="environment"]')
      .setInputFiles({ name: 'IMG_0001.JPG', mimeType: 'image/jpeg', buffer: sideways });
    const thumb = photoField.locator('img.fl-upload__thumb');
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => `${img.naturalWidth}x${img.naturalHeight}`), WAIT).toBe('800x1600');

    await signWithMouse(page);
    await page.locator('button[type=submit]').click(); // before the pause that ends signing
    await page.locator('.fl-done').waitFor();

    const submission = (await admin.get(`/api/forms/${formId}/submissions?limit=1`)).body.items[0];
    expect(typeof submission.data.signature).toBe('string');
    const photo = await server.app.db('files').where('id', submission.data.meterPhoto).first();
    const jpeg = fs.readFileSync(path.join(server.config.dataDir, 'files', photo.sha256.slice(0, 2), photo.sha256));
    expect(jpegSize(jpeg)).toEqual({ width: 800, height: 1600 });
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  const cases = [
    {
      locale: 'en-GB',
      width: 360,
      height: 740,
      refusal: /This file is a Windows program and cannot be uploaded/,
      signed: /Signed by Administrator · /,
    },
    { locale: 'zh-HK', width: 360, height: 740, refusal: /此檔案是Windows 程式，不能上載/, signed: /由 Administrator 簽署 · / },
    { locale: 'en-GB', width: 1280, height: 860, refusal: /This file is a Windows program/, signed: /Signed by Administrator · / },
  ] as const;

  for (const c of cases) {
    it(`takes a photo, refuses a renamed program, signs and submits (${c.locale}, ${c.width} px)`, async () => {
      const context = await browser.newContext({ viewport: { width: c.width, height: c.height }, locale: c.locale });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && !/401|415/.test(m.text()) && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(String(e)));
      const shot = (name: string) =>
        page.screenshot({ path: path.join(SCREENSHOT_DIR, `files-${name}-${c.locale}-${c.width}.png`), fullPage: true });
      // Signed in through the API (the browser's language decides the UI's, as for a first visit).
      const login = await page.request.post(`${server.url}/api/auth/login`, { data: { email: ADMIN.email, password: ADMIN.password } });
      expect(login.status()).toBe(200);
      await page.goto(`${server.url}/f/${formId}`);
      const photoField = page.locator('.fl-upload--photo');
      await photoField.waitFor();

      // A program renamed photo.jpg: the phone cannot read it as a picture, the server sniffs it and says what it is.
      await photoField
        .locator('input[capture="environment"]')
        .setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: windowsExecutable() });
      await expect.poll(() => photoField.getByRole('alert').textContent(), WAIT).toMatch(c.refusal);
      await page.locator('.fl-upload--file input[type=file]').setInputFiles({
        name: 'invoice.pdf',
        mimeType: 'application/pdf',
        buffer: windowsExecutable(),
      });
      await expect.poll(() => page.locator('.fl-upload--file').getByRole('alert').textContent(), WAIT).toMatch(c.refusal);
      await shot('refused');

      await photoField
        .locator('input[capture="environment"]')
        .setInputFiles({ name: 'meter.png', mimeType: 'image/png', buffer: cameraPicture() });
      const thumb = photoField.locator('img.fl-upload__thumb');
      await thumb.waitFor();
      await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth), WAIT).toBe(1600);
      await expect.poll(() => photoField.getByRole('alert').count(), WAIT).toBe(0);

      const noteField = page.locator('.fl-upload--file');
      await noteField
        .locator('input[type=file]')
        .setInputFiles({ name: '送貨單 delivery note.pdf', mimeType: 'application/pdf', buffer: PDF });
      await noteField.getByRole('link', { name: '送貨單 delivery note.pdf' }).waitFor();
      await expect.poll(() => noteField.getByRole('alert').count(), WAIT).toBe(0);

      await signWithMouse(page);
      await expect.poll(() => page.locator('.fl-signature__bar').textContent(), WAIT).toMatch(c.signed);
      await shot('filled');

      await page.locator('button[type=submit]').click();
      await page.locator('.fl-done').waitFor();

      // What the server stored: a JPEG of at most 1600 px, a PNG signature, both linked to the submission.
      const list = await admin.get(`/api/forms/${formId}/submissions?limit=1`);
      const submission = list.body.items[0];
      const links = await server.app
        .db('submission_files as sf')
        .join('files as f', 'f.id', 'sf.file_id')
        .where('sf.submission_id', submission.id)
        .select('f.*');
      const photo = links.find((f: { id: string }) => f.id === submission.data.meterPhoto);
      const signature = links.find((f: { id: string }) => f.id === submission.data.signature);
      expect(photo).toMatchObject({ content_type: 'image/jpeg', purpose: 'photo', name: 'meter.jpg' });
      expect(signature).toMatchObject({ content_type: 'image/png', purpose: 'signature' });
      expect(links.find((f: { id: string }) => f.id === submission.data.deliveryNote)).toMatchObject({
        content_type: 'application/pdf',
        purpose: 'file',
      });
      const jpeg = fs.readFileSync(path.join(server.config.dataDir, 'files', photo.sha256.slice(0, 2), photo.sha256));
      expect(jpegSize(jpeg)).toEqual({ width: 1600, height: 800 });
      expect(problems, 'no script errors and no Content-Security-Policy violations').toEqual([]);
      await context.close();
    }, 60_000);
  }
});
