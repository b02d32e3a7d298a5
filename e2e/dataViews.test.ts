import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, Client, type TestServer } from '../server/test/helpers.ts';
import { SCREENSHOT_DIR, launchChromium, signIn, startServerWithFrontends } from './browser.ts';

const ZONES = [
  { const: 'tm', title: 'Tuen Mun A-01', zh: '屯門 A-01' },
  { const: 'kb', title: 'Kowloon Bay B-02', zh: '九龍灣 B-02' },
  { const: 'kc', title: 'Kwai Chung C-03', zh: '葵涌 C-03' },
];
const ITEMS = ['Safety helmet 安全帽', 'Work gloves 手套', 'Forklift battery 叉車電池', 'Shelf label 貨架標籤', 'Rubber gloves 膠手套'];

const stockCheck = {
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    title: 'Stock check',
    required: ['item', 'zone', 'qty'],
    properties: {
      item: { type: 'string', title: 'Item' },
      zone: { type: 'string', title: 'Zone', oneOf: ZONES.map((z) => ({ const: z.const, title: z.title })) },
      qty: { type: 'integer', title: 'Quantity', minimum: 0 },
      price: { type: 'number', title: 'Unit price', multipleOf: 0.01, minimum: 0 },
      checkedOn: { type: 'string', format: 'date', title: 'Checked on' },
      urgent: {
        type: 'boolean',
        title: 'Urgent',
        oneOf: [
          { const: true, title: 'Yes' },
          { const: false, title: 'No' },
        ],
      },
      notes: { type: 'string', title: 'Notes' },
    },
  },
  uiSchema: {
    'ui:order': ['item', 'zone', 'qty', 'price', 'checkedOn', 'urgent', 'notes'],
    zone: { 'ui:fieldType': 'select' },
    qty: { 'ui:fieldType': 'number' },
    price: { 'ui:fieldType': 'money', 'ui:options': { currency: 'HKD' } },
    checkedOn: { 'ui:fieldType': 'date' },
    urgent: { 'ui:fieldType': 'yesno', 'ui:widget': 'radio' },
    notes: { 'ui:fieldType': 'textarea' },
    'ui:i18n': {
      'zh-Hant': {
        '/schema/title': '存貨盤點',
        '/schema/properties/item/title': '物品',
        '/schema/properties/zone/title': '區域',
        '/schema/properties/qty/title': '數量',
        '/schema/properties/price/title': '單價',
        '/schema/properties/checkedOn/title': '盤點日期',
        '/schema/properties/urgent/title': '緊急',
        '/schema/properties/urgent/oneOf/0/title': '是',
        '/schema/properties/urgent/oneOf/1/title': '否',
        '/schema/properties/notes/title': '備註',
        ...Object.fromEntries(ZONES.map((z, i) => [`/schema/properties/zone/oneOf/${i}/title`, z.zh])),
      },
    },
  },
};

const ROWS = 300;
const answer = (i: number) => ({
  item: ITEMS[i % ITEMS.length],
  zone: ZONES[i % 3].const,
  qty: (i * 37) % 500,
  price: Math.round(((i * 13) % 900) + 9.5) + 0.5,
  checkedOn: `2025-03-${String(1 + (i % 28)).padStart(2, '0')}`,
  urgent: i % 4 === 0,
  ...(i % 5 === 0 ? { notes: `Counted twice.\n第 ${i} 次盤點` } : {}),
});

/** A site check-in: every kind of value the record page draws differently. */
const checkIn = {
  schema: {
    type: 'object',
    title: 'Site check-in',
    properties: {
      site: { type: 'string', title: 'Site' },
      where: {
        type: 'object',
        title: 'Location',
        required: ['lat', 'lng'],
        properties: { lat: { type: 'number' }, lng: { type: 'number' }, accuracy: { type: 'number' } },
      },
      photo: { type: 'string', title: 'Photo of the entrance' },
      contact: {
        type: 'object',
        title: 'Site contact',
        properties: { name: { type: 'string', title: 'Name' }, phone: { type: 'string', title: 'Phone' } },
      },
      items: {
        type: 'array',
        title: 'Equipment checked',
        items: { type: 'object', properties: { item: { type: 'string', title: 'Item' }, qty: { type: 'integer', title: 'Qty' } } },
      },
      total: { type: 'number', title: 'Cost', multipleOf: 0.01 },
      signature: { type: 'string', title: 'Supervisor signature' },
    },
  },
  uiSchema: {
    where: {
      'ui:fieldType': 'location',
      'ui:options': {
        sites: [{ name: { en: 'Tuen Mun A-01', 'zh-Hant': '屯門 A-01' }, lat: 22.3908, lng: 113.9725, radius: 300 }],
        outsideFence: 'flag',
      },
    },
    photo: { 'ui:fieldType': 'photo' },
    contact: { 'ui:fieldType': 'section' },
    items: { 'ui:fieldType': 'subtable' },
    total: { 'ui:fieldType': 'money', 'ui:options': { currency: 'HKD' } },
    signature: { 'ui:fieldType': 'signature' },
    'ui:i18n': {
      'zh-Hant': {
        '/schema/title': '工地報到',
        '/schema/properties/site/title': '工地',
        '/schema/properties/where/title': '位置',
        '/schema/properties/photo/title': '入口相片',
        '/schema/properties/contact/title': '工地聯絡人',
        '/schema/properties/contact/properties/name/title': '姓名',
        '/schema/properties/contact/properties/phone/title': '電話',
        '/schema/properties/items/title': '已檢查設備',
        '/schema/properties/items/items/properties/item/title': '設備',
        '/schema/properties/items/items/properties/qty/title': '數量',
        '/schema/properties/total/title': '費用',
        '/schema/properties/signature/title': '主管簽名',
      },
    },
  },
};

/** A PNG the server's sniffing accepts: a gradient "photo", or dark strokes on white for a signature. */
function png(kind: 'photo' | 'signature'): Buffer {
  const image = new PNG({ width: 320, height: kind === 'photo' ? 200 : 120 });
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      const ink = kind === 'signature' && Math.abs(y - 60 - 30 * Math.sin(x / 25)) < 2.5;
      const [r, g, b] = kind === 'photo' ? [60 + (x % 160), 110 + (y % 120), 170] : ink ? [20, 30, 60] : [255, 255, 255];
      image.data.set([r, g, b, 255], i);
    }
  }
  return PNG.sync.write(image);
}

const countText = (page: Page) => page.locator('.fl-page-head__text p').textContent();

describe('data views in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let formId: string;
  beforeAll(async () => {
    server = await startServerWithFrontends();
    browser = await launchChromium();
    const admin = await new Client(server.url).login(ADMIN.email, ADMIN.password);
    const app = (await admin.post('/api/apps', { name: 'Warehouse' })).body;
    formId = (await admin.post(`/api/apps/${app.id}/forms`, { name: 'Stock check', ...stockCheck })).body.id;
    expect((await admin.post(`/api/forms/${formId}/publish`)).status).toBe(201);
    for (let start = 0; start < ROWS; start += 25) {
      const batch = Array.from({ length: Math.min(25, ROWS - start) }, (_, k) =>
        admin.post(`/api/forms/${formId}/submissions`, { data: answer(start + k) }),
      );
      for (const res of await Promise.all(batch)) expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sorts, filters, searches Chinese, chooses columns, saves a view, edits, shows history and deletes (1280 px, English)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `data-views-${name}.png`), fullPage: true });
    await signIn(page, server.url);
    await page.goto(`${server.url}/f/${formId}/submissions`);
    await expect.poll(() => countText(page)).toBe('300 submissions');

    // Sort by quantity: the header button says so, and the first row holds the smallest.
    const table = page.getByRole('table');
    await table.getByRole('button', { name: /Quantity/ }).click();
    await expect.poll(() => table.getByRole('columnheader', { name: /Quantity/ }).getAttribute('aria-sort')).toBe('ascending');
    const firstRow = table.locator('[role="row"][aria-rowindex="2"]');
    const minQty = Math.min(...Array.from({ length: ROWS }, (_, i) => answer(i).qty));
    await expect.poll(() => firstRow.locator('[role="cell"]').nth(4).textContent()).toBe(String(minQty));

    // Headers are buttons: the keyboard sorts too.
    await table.getByRole('button', { name: /Unit price/ }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => table.getByRole('columnheader', { name: /Unit price/ }).getAttribute('aria-sort')).toBe('ascending');
    await page.keyboard.press('Enter');
    await expect.poll(() => table.getByRole('columnheader', { name: /Unit price/ }).getAttribute('aria-sort')).toBe('descending');
    await table.getByRole('button', { name: /Quantity/ }).click();

    // Filter the zone by its label.
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('combobox', { name: 'Column' }).selectOption({ label: 'Zone' });
    await page.getByRole('checkbox', { name: 'Kowloon Bay B-02' }).check();
    await shot('filter-1280-en');
    await page.getByRole('button', { name: 'Apply' }).click();
    const inKb = Array.from({ length: ROWS }, (_, i) => answer(i)).filter((a) => a.zone === 'kb');
    await expect.poll(() => countText(page)).toBe(`${inKb.length} submissions`);
    await page.getByText('Zone: Kowloon Bay B-02').waitFor();

    // Search in Chinese: "手套" is in two of the items.
    await page.getByRole('searchbox', { name: 'Search submissions' }).fill('手套');
    const gloves = inKb.filter((a) => a.item.includes('手套'));
    await expect.poll(() => countText(page)).toBe(`${gloves.length} submissions`);

    // Fewer columns.
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('checkbox', { name: 'Notes' }).uncheck();
    await page.getByRole('checkbox', { name: 'Checked on' }).uncheck();
    await page.keyboard.press('Escape');
    const headers = () => table.getByRole('columnheader').allTextContents();
    await expect
      .poll(async () => (await headers()).map((h) => h.replace(/[▲▼↕]/g, '')))
      .toEqual(['Submitted at', 'Submitted by', 'Item', 'Zone', 'Quantity', 'Unit price', 'Urgent']);

    // Save it as a shared view; a reload opens it again as it was.
    await page.getByRole('button', { name: 'Save view…' }).click();
    await page.getByLabel('View name').fill('Kowloon Bay gloves');
    await page.getByRole('checkbox', { name: 'Share with everyone who can open this form' }).check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).not.toBeNull();
    await page.reload();
    await expect.poll(() => countText(page)).toBe(`${gloves.length} submissions`);
    await expect.poll(() => page.getByRole('combobox', { name: 'Saved view' }).inputValue()).not.toBe('');
    expect((await headers()).length).toBe(7);
    expect(await page.getByRole('searchbox', { name: 'Search submissions' }).inputValue()).toBe('手套');
    await shot('table-1280-en');

    // The export link is the view: same search, filter, sort and columns.
    const exportUrl = new URL((await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href'))!, server.url);
    const csv = await (await page.request.get(exportUrl.toString())).text();
    expect(csv.trim().split(/\r\n/).length).toBe(gloves.length + 1);
    expect(csv).toContain('手套');
    expect(csv).not.toContain('Notes');

    // Open the first record, edit it, see the change in its history.
    await firstRow.getByRole('link').click();
    await page.getByRole('heading', { name: 'Stock check' }).waitFor();
    const first = [...gloves].sort((a, b) => a.qty - b.qty)[0];
    await page.getByText(first.item).first().waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Quantity').fill('999');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(`Quantity ${first.qty} → changed to999`).waitFor();
    await page.getByText(/^Edited by Admin/).waitFor();
    await shot('record-1280-en');

    // The print view, as the printer sees it.
    await page.getByRole('link', { name: 'Print / PDF' }).click();
    await page.getByRole('button', { name: 'Print / save as PDF' }).waitFor();
    await page.emulateMedia({ media: 'print' });
    await shot('print-1280-en');
    expect(await page.getByRole('button', { name: 'Print / save as PDF' }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    // Delete, after confirming.
    await page.getByRole('link', { name: 'Back to the record' }).click();
    await page.getByRole('button', { name: 'Delete record' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await expect.poll(() => countText(page)).toBe(`${ROWS - 1} submissions`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('draws a record with a photo, signature, location flagged outside its fence, a section and a sub-table (1280 and 360 px)', async () => {
    const admin = await new Client(server.url).login(ADMIN.email, ADMIN.password);
    const app = (await admin.post('/api/apps', { name: 'Field work' })).body;
    const form = (await admin.post(`/api/apps/${app.id}/forms`, { name: 'Site check-in', ...checkIn })).body;
    expect((await admin.post(`/api/forms/${form.id}/publish`)).status).toBe(201);
    const token = (await admin.post('/api/auth/tokens', { name: 'e2e uploads' })).body.token;
    const upload = async (kind: 'photo' | 'signature') => {
      const res = await fetch(`${server.url}/api/files?purpose=${kind}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'x-file-name': `${kind}.png`, 'content-type': 'application/octet-stream' },
        body: new Uint8Array(png(kind)),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const data = {
      site: 'Tuen Mun A-01',
      where: { lat: 22.4, lng: 113.9725, accuracy: 8 }, // about 1 km north of the site
      photo: await upload('photo'),
      contact: { name: 'Lee Ka Yan', phone: '9123 4567' },
      items: [
        { item: 'Fire extinguisher 滅火筒', qty: 4 },
        { item: 'First-aid kit 急救箱', qty: 1 },
      ],
      total: 1280.5,
      signature: await upload('signature'),
    };
    const created = await admin.post(`/api/forms/${form.id}/submissions`, { data });
    expect(created.status).toBe(201);
    expect(created.body.flags?.geofence).toBeTruthy();

    for (const { width, height, locale, lang } of [
      { width: 1280, height: 860, locale: 'en-GB', lang: 'en' },
      { width: 360, height: 740, locale: 'zh-HK', lang: 'zh-Hant' },
    ]) {
      const context = await browser.newContext({ viewport: { width, height }, locale });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(String(e)));
      expect((await page.request.post(`${server.url}/api/auth/login`, { data: ADMIN })).status()).toBe(200);
      await page.goto(`${server.url}/r/${created.body.id}`);
      const flag = lang === 'en' ? /Submitted 1,0\d\d m from Tuen Mun A-01, outside its fence/ : /在距離屯門 A-01 1,0\d\d 米處提交/;
      await page.getByText(flag).waitFor();
      await page.getByText(lang === 'en' ? 'accurate to ±8 m' : '準確度 ±8 米').waitFor();
      await page.getByText('First-aid kit 急救箱').waitFor();
      await page.getByText('Lee Ka Yan').waitFor();
      await page.getByText('HK$1,280.50').waitFor();
      // Both pictures actually load from the server.
      const images = page.locator('.fl-values img');
      await expect.poll(() => images.count()).toBe(2);
      await expect.poll(() => images.evaluateAll((els) => els.map((e) => (e as HTMLImageElement).naturalWidth))).toEqual([320, 320]);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `data-views-record-media-${width}-${lang}.png`), fullPage: true });
      await page.goto(`${server.url}/r/${created.body.id}/print`);
      await page.getByText('HK$1,280.50').waitFor();
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `data-views-print-media-${width}-${lang}.png`), fullPage: true });
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  for (const { width, height, locale, lang } of [
    { width: 360, height: 740, locale: 'zh-HK', lang: 'zh-Hant' },
    { width: 360, height: 740, locale: 'en-GB', lang: 'en' },
    { width: 1280, height: 860, locale: 'zh-HK', lang: 'zh-Hant' },
  ]) {
    it(`shows the table${width === 360 ? ' as cards' : ''} and a record (${width} px, ${lang})`, async () => {
      const context = await browser.newContext({ viewport: { width, height }, locale, hasTouch: width === 360 });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(String(e)));
      // Signed in through the API: the context shares the session cookie; the UI language follows the browser.
      expect((await page.request.post(`${server.url}/api/auth/login`, { data: ADMIN })).status()).toBe(200);
      await page.goto(`${server.url}/f/${formId}/submissions`);
      const count = lang === 'en' ? /^\d+ submissions$/ : /^\d+ 份提交$/;
      await expect.poll(() => countText(page)).toMatch(count);
      if (width === 360) {
        const cards = page.getByRole('list', { name: /Stock check|存貨盤點/ }).getByRole('listitem');
        await expect.poll(() => cards.count()).toBeGreaterThan(2);
        // Cards are sized for thumbs: the whole card is the link.
        const box = (await cards.first().getByRole('link').boundingBox())!;
        expect(box.height).toBeGreaterThanOrEqual(120);
        expect(box.width).toBeGreaterThan(300);
        await page.getByRole('combobox', { name: lang === 'en' ? 'Sort by' : '排序方式' }).selectOption({ index: 5 });
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `data-views-table-${width}-${lang}.png`) });
        // The filter editor opens as a sheet from the bottom, within thumb reach.
        await page.getByRole('button', { name: lang === 'en' ? 'Filter' : '篩選' }).click();
        await page.getByRole('combobox', { name: lang === 'en' ? 'Column' : '欄位' }).selectOption({ index: 5 });
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `data-views-filter-${width}-${lang}.png`) });
        await page.keyboard.press('Escape');
        await cards.first().getByRole('link').click();
      } else {
        await page.getByRole('table').locator('[role="row"][aria-rowindex="2"]').getByRole('link').waitFor();
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `data-views-table-${width}-${lang}.png`) });
        await page.getByRole('table').locator('[role="row"][aria-rowindex="2"]').getByRole('link').click();
      }
      await page.getByRole('heading', { name: lang === 'en' ? 'History' : '修改記錄' }).waitFor();
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `data-views-record-${width}-${lang}.png`), fullPage: true });
      // Editing opens the fill page's form, prefilled; cancelling leaves the record as it was.
      await page.getByRole('button', { name: lang === 'en' ? 'Edit' : '編輯' }).click();
      const save = page.getByRole('button', { name: lang === 'en' ? 'Save changes' : '儲存修改' });
      await save.waitFor();
      expect(await page.locator('#root_item').inputValue()).not.toBe('');
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `data-views-edit-${width}-${lang}.png`), fullPage: true });
      await page.getByRole('button', { name: lang === 'en' ? 'Cancel' : '取消' }).click();
      await save.waitFor({ state: 'detached' });
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
