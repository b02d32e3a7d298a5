import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, publishedForm, startTestServer, type Client, type TestServer } from '../server/test/helpers.ts';
import { SCREENSHOT_DIR, launchChromium, signIn, startServerWithFrontends } from './browser.ts';

const PHONE = { width: 360, height: 740 };

/** A small camera picture (PNG; the phone turns it into a JPEG). */
function smallPicture(): Buffer {
  const png = new PNG({ width: 64, height: 48 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([40 + (i % 200), 90, 160, 255], i);
  return PNG.sync.write(png);
}

const stockCount = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  title: 'Stock count',
  required: ['zone'],
  properties: {
    zone: { type: 'string', title: 'Zone', minLength: 1 },
    qty: { type: 'integer', title: 'Quantity', minimum: 0 },
  },
};
/** Version 2 asks who counted: entries filled against version 1 are refused until fixed. */
const stockCountV2 = {
  ...stockCount,
  required: ['zone', 'countedBy'],
  properties: { ...stockCount.properties, countedBy: { type: 'string', title: 'Counted by', minLength: 1 } },
};

const submissionsOf = async (client: Client, formId: string) =>
  (await client.get<{ items: { data: Record<string, unknown> }[] }>(`/api/forms/${formId}/submissions?limit=500`)).body.items;

/** Signs in and waits until the service worker controls the page (it precached the app by then). */
async function signInWithWorker(page: Page, baseUrl: string) {
  await signIn(page, baseUrl);
  await page.waitForFunction('navigator.serviceWorker.controller !== null', undefined, { timeout: 30_000 });
}

const badge = (page: Page) => page.getByRole('link', { name: /Submissions not sent yet/ });

describe('offline capture in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Client;
  let formId: string;
  beforeAll(async () => {
    server = await startServerWithFrontends();
    browser = await launchChromium();
    admin = await adminClient(server);
    ({ formId } = await publishedForm(admin, stockCount));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const contexts: BrowserContext[] = [];
  afterAll(async () => Promise.all(contexts.map((c) => c.close())));
  async function phone(locale = 'en-GB') {
    const context = await browser.newContext({ viewport: PHONE, locale });
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    return { context, page, problems };
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });

  it('serves the worker and the manifest fresh, with the right types', async () => {
    const sw = await fetch(`${server.url}/sw.js`);
    expect(sw.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    expect(sw.headers.get('service-worker-allowed')).toBe('/');
    const manifest = await fetch(`${server.url}/manifest.webmanifest`);
    expect(manifest.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    const body = await manifest.json();
    expect(body.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of body.icons) expect((await fetch(`${server.url}${icon.src}`)).headers.get('content-type')).toBe('image/png');
  });

  it('offline submit → reload → back online → exactly one row on the server', async () => {
    const { context, page, problems } = await phone();
    await signInWithWorker(page, server.url);
    await page.goto(`${server.url}/f/${formId}`);
    await page.getByLabel('Zone').waitFor();

    await context.setOffline(true);
    await page.getByText('You are offline.').waitFor();
    await page.getByLabel('Zone').fill('Tuen Mun A-01');
    await page.getByLabel('Quantity').fill('7');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { name: 'Saved on this phone' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await shot(page, 'offline-saved-360');

    // A reload without a connection: the worker cannot reach the server either, so the shell and the
    // form come from its caches and the outbox from IndexedDB.
    const [worker] = context.serviceWorkers();
    expect(await worker.evaluate('fetch("/api/health").then(() => "reached", () => "offline")')).toBe('offline');
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await page.getByLabel('Zone').waitFor();
    await expect.poll(() => badge(page).textContent()).toContain('1 waiting');
    await badge(page).click();
    const entry = page.getByRole('article', { name: 'Stock count' });
    await entry.getByText('Waiting').waitFor();
    await shot(page, 'offline-outbox-waiting-360');
    expect(await submissionsOf(admin, formId)).toEqual([]);

    // A second tab on the same phone sees the same outbox; when the connection returns both try to send.
    const secondTab = await context.newPage();
    await secondTab.goto(`${server.url}/outbox`);
    await secondTab.getByRole('article', { name: 'Stock count' }).waitFor();

    await context.setOffline(false);
    await secondTab.getByRole('heading', { name: 'Nothing waiting' }).waitFor();
    await page.getByRole('heading', { name: 'Nothing waiting' }).waitFor();
    expect(await badge(page).count()).toBe(0);
    await page.waitForTimeout(1500); // anything sent twice would have landed by now
    const rows = await submissionsOf(admin, formId);
    expect(rows.map((r) => r.data)).toEqual([{ zone: 'Tuen Mun A-01', qty: 7 }]);
    expect(problems).toEqual([]);
  });

  it('after sign-in the forms the person may fill are fetched for offline use, even ones never opened', async () => {
    const { appId, formId: neverOpened } = await publishedForm(admin, { ...stockCount, title: 'Delivery check' });
    const { context, page, problems } = await phone();
    await signInWithWorker(page, server.url);
    const cached = (path: string) => page.evaluate(`caches.match(${JSON.stringify(path)}).then((r) => Boolean(r))`);
    await expect.poll(() => cached(`/api/forms/${neverOpened}`), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => cached(`/api/apps/${appId}/forms`)).toBe(true);

    await context.setOffline(true);
    await page.goto(`${server.url}/`);
    await page
      .getByRole('link', { name: /Test app/ })
      .first()
      .waitFor();
    await page.goto(`${server.url}/apps/${appId}`);
    await page.goto(`${server.url}/f/${neverOpened}`);
    await page.locator('legend', { hasText: 'Delivery check' }).waitFor();
    await shot(page, 'offline-form-from-cache-360');
    expect(problems).toEqual([]);
  });

  it('a response lost after the server stored the row is replayed with the same key: still one row', async () => {
    const { page, problems } = await phone();
    await signInWithWorker(page, server.url);
    await page.goto(`${server.url}/f/${formId}`);
    await page.getByLabel('Zone').waitFor();

    const keys: string[] = [];
    await page.route(`**/api/forms/${formId}/submissions`, async (route) => {
      keys.push((await route.request().headerValue('idempotency-key')) ?? '');
      if (keys.length > 1) return route.continue();
      await route.fetch(); // the server stores the row and answers; the answer never reaches the page
      await route.abort('connectionreset');
    });
    await page.getByLabel('Zone').fill('Lost answer');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { name: 'Saved on this phone' }).waitFor();
    await expect.poll(() => keys.length).toBe(2);
    await expect.poll(() => badge(page).count()).toBe(0);
    expect(keys[1]).toBe(keys[0]);
    const rows = (await submissionsOf(admin, formId)).filter((r) => r.data.zone === 'Lost answer');
    expect(rows).toHaveLength(1);
    expect(problems).toEqual([]);
  });

  it('a photo taken offline is kept on the phone and uploaded before its submission is sent', async () => {
    const app = await admin.post('/api/apps', { name: 'Meters' });
    const schema = {
      type: 'object',
      title: 'Meter reading',
      required: ['meter'],
      properties: { meter: { type: 'string', title: 'Meter' }, meterPhoto: { type: 'string', title: 'Meter photo' } },
    };
    const uiSchema = { meter: { 'ui:fieldType': 'text' }, meterPhoto: { 'ui:fieldType': 'photo' } };
    const form = await admin.post(`/api/apps/${app.body.id}/forms`, { name: 'Meter reading', schema, uiSchema });
    expect((await admin.post(`/api/forms/${form.body.id}/publish`)).status).toBe(201);

    const { context, page, problems } = await phone();
    await signInWithWorker(page, server.url);
    await page.goto(`${server.url}/f/${form.body.id}`);
    await page.locator('#root_meter').waitFor();
    await context.setOffline(true);
    const photoField = page.locator('.fl-upload--photo');
    await photoField
      .locator('input[capture="environment"]')
      .setInputFiles({ name: 'meter.png', mimeType: 'image/png', buffer: smallPicture() });
    await photoField.locator('img.fl-upload__thumb').waitFor();
    expect(await photoField.getByRole('alert').count()).toBe(0);
    await page.locator('#root_meter').fill('M-0042');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { name: 'Saved on this phone' }).waitFor();
    await page.reload();
    await expect.poll(() => badge(page).textContent()).toContain('1 waiting');

    await context.setOffline(false);
    await expect.poll(() => badge(page).count()).toBe(0);
    const [row] = await submissionsOf(admin, form.body.id);
    expect(row.data.meter).toBe('M-0042');
    expect(row.data.meterPhoto).toMatch(/^[0-9a-f-]{36}$/); // the server's file id, not the phone's placeholder
    const linked = await server.app.db('submission_files').where('file_id', row.data.meterPhoto as string);
    expect(linked).toHaveLength(1);
    expect(problems).toEqual([]);
  });

  it('an entry the server refuses (the form changed) shows why, and is fixed and sent', async () => {
    const { context, page, problems } = await phone();
    await signInWithWorker(page, server.url);
    await page.goto(`${server.url}/f/${formId}`);
    await page.getByLabel('Zone').waitFor();
    await context.setOffline(true);
    await page.getByLabel('Zone').fill('Kowloon Bay B-02');
    await page.getByLabel('Quantity').fill('3');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { name: 'Saved on this phone' }).waitFor();
    await page.locator('.fl-lang__select').selectOption('zh-Hant');
    await page.getByRole('heading', { name: '已保存在此手機' }).waitFor();
    await shot(page, 'offline-saved-zh-Hant-360');
    await page.locator('.fl-lang__select').selectOption('en');

    // Meanwhile the form's owner publishes version 2, which asks who counted.
    expect((await admin.put(`/api/forms/${formId}`, { schema: stockCountV2 })).status).toBe(200);
    expect((await admin.post(`/api/forms/${formId}/publish`)).status).toBe(201);

    await context.setOffline(false);
    await expect.poll(() => badge(page).textContent()).toContain('1 refused');
    await badge(page).click();
    const entry = page.getByRole('article', { name: 'Stock count' });
    await entry.getByText('Refused').waitFor();
    await entry.getByText(/did not accept some answers/).waitFor();
    await entry.getByText('Counted by').waitFor();
    await shot(page, 'offline-outbox-refused-360');
    await page.locator('.fl-lang__select').selectOption('zh-Hant');
    await entry.getByText('被拒').waitFor();
    await shot(page, 'offline-outbox-refused-zh-Hant-360');
    await page.setViewportSize({ width: 1280, height: 800 });
    await shot(page, 'offline-outbox-refused-zh-Hant-1280');
    await page.locator('.fl-lang__select').selectOption('en');
    await shot(page, 'offline-outbox-refused-1280');
    await page.setViewportSize(PHONE);

    await entry.getByRole('link', { name: 'Fix and send again' }).click();
    await expect.poll(() => page.getByLabel('Zone').inputValue()).toBe('Kowloon Bay B-02');
    await shot(page, 'offline-fix-360');
    await page.getByLabel('Counted by').fill('Chan Mei');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { name: 'Thank you!' }).waitFor();
    await expect.poll(() => badge(page).count()).toBe(0);
    const rows = (await submissionsOf(admin, formId)).filter((r) => r.data.zone === 'Kowloon Bay B-02');
    expect(rows.map((r) => r.data)).toEqual([{ zone: 'Kowloon Bay B-02', qty: 3, countedBy: 'Chan Mei' }]);
    expect(problems).toEqual([]);
  });
});

describe('a new deploy in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let dist: string;
  beforeAll(async () => {
    // A copy of the build, so the test can "deploy" a new one under the running server.
    const running = await startServerWithFrontends();
    const { runtimeDist, builderDist } = running.config;
    await running.close();
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'formloom-offline-dist-'));
    fs.cpSync(runtimeDist!, dist, { recursive: true });
    server = await startTestServer('sqlite', { runtimeDist: dist, builderDist });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('takes over at once and deletes the old build’s cache', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB' });
    const page = await context.newPage();
    await signInWithWorker(page, server.url);
    const shellCaches = () => page.evaluate(`caches.keys().then((names) => names.filter((n) => n.startsWith('formloom-shell-')))`);
    const [first] = (await shellCaches()) as string[];
    expect(first).toMatch(/^formloom-shell-[0-9a-f]{16}$/);

    // The new build's worker differs in its precache list; the browser finds it on its next update check.
    const swPath = path.join(dist, 'sw.js');
    fs.writeFileSync(
      swPath,
      fs.readFileSync(swPath, 'utf8').replace(/\\"version\\":\\"[0-9a-f]{16}\\"/, '\\"version\\":\\"0000000000000002\\"'),
    );
    const changed = page.evaluate(
      `new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true), { once: true }))`,
    );
    await page.evaluate(`navigator.serviceWorker.getRegistration().then((r) => r.update())`);
    expect(await changed).toBe(true);
    await expect.poll(shellCaches).toEqual(['formloom-shell-0000000000000002']);
    await page.reload();
    await page.getByRole('heading', { name: 'Your apps' }).waitFor();
    await context.close();
  });
});
