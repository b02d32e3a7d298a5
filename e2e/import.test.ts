import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../runtime/src/i18n/en.json' with { type: 'json' };
import zh from '../runtime/src/i18n/zh-Hant.json' with { type: 'json' };
import { Client, ADMIN, type TestServer } from '../server/test/helpers.ts';
import { SCREENSHOT_DIR, launchChromium, signIn, startServerWithFrontends } from './browser.ts';

const ROWS = 2000;
/** A count in a UI string; the UI formats it as a number (2,000). */
const COUNT = /\{\{count(, number)?\}\}/;

const schema = {
  type: 'object',
  title: 'Stock list',
  required: ['sku', 'name'],
  properties: {
    ref: { type: 'string', title: 'Reference', readOnly: true },
    sku: { type: 'string', title: 'SKU' },
    name: { type: 'string', title: 'Name', minLength: 1 },
    qty: { type: 'integer', title: 'Quantity', minimum: 0 },
    received: { type: 'string', title: 'Received', format: 'date' },
    colour: {
      type: 'string',
      title: 'Colour',
      oneOf: [
        { const: 'red', title: 'Red' },
        { const: 'blue', title: 'Blue' },
      ],
    },
  },
};
const uiSchema = {
  ref: { 'ui:fieldType': 'autonumber', 'ui:readonly': true, 'ui:options': { pattern: 'E-{00000}' } },
  colour: { 'ui:fieldType': 'select' },
  'ui:i18n': {
    'zh-Hant': {
      '/schema/title': '存貨表',
      '/schema/properties/sku/title': '貨號',
      '/schema/properties/name/title': '名稱',
      '/schema/properties/qty/title': '數量',
      '/schema/properties/received/title': '收貨日期',
      '/schema/properties/colour/title': '顏色',
      '/schema/properties/colour/oneOf/0/title': '紅',
      '/schema/properties/colour/oneOf/1/title': '藍',
    },
  },
};

/** A CSV as Excel saves "CSV UTF-8": a BOM, Chinese headers, day-first dates, options by their Chinese label. */
function stockCsv(badRow: boolean): { name: string; mimeType: string; buffer: Buffer } {
  const lines = ['貨號,名稱,數量,收貨日期,顏色'];
  for (let i = 1; i <= ROWS; i++) {
    const sku = `S-${String(i).padStart(4, '0')}`;
    const qty = badRow && i === 2 ? 'abc' : String(i % 40);
    lines.push(`${sku},Item ${i},${qty},0${1 + (i % 9)}/03/2026,${i % 2 ? '紅' : '藍'}`);
  }
  return { name: 'stock.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`) };
}

const CASES = [
  { locale: 'en', width: 1280, height: 860 },
  { locale: 'en', width: 360, height: 740 },
  { locale: 'zh-Hant', width: 1280, height: 860 },
  { locale: 'zh-Hant', width: 360, height: 740 },
] as const;

/** Records every value the progress bar shows, from before the import starts (polling could miss a quick one). */
const WATCH_PROGRESS = `
  window.__progress = [];
  new MutationObserver(() => {
    const bar = document.querySelector('[role=progressbar]');
    if (bar) window.__progress.push(Number(bar.getAttribute('aria-valuenow')));
  }).observe(document.body, { subtree: true, childList: true, attributes: true });
`;

describe('bulk import in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Client;
  beforeAll(async () => {
    server = await startServerWithFrontends();
    browser = await launchChromium();
    admin = await new Client(server.url).login(ADMIN.email, ADMIN.password);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const c of CASES) {
    it(`uploads, maps, sees a row error, fixes the file and imports with a progress bar (${c.locale}, ${c.width} px)`, async () => {
      const T = (c.locale === 'en' ? en : zh).import;
      const app = (await admin.post('/api/apps', { name: `Warehouse ${c.locale} ${c.width}` })).body;
      const form = (await admin.post(`/api/apps/${app.id}/forms`, { name: 'Stock list', schema, uiSchema })).body;
      expect((await admin.post(`/api/forms/${form.id}/publish`)).status).toBe(201);

      const context = await browser.newContext({ viewport: { width: c.width, height: c.height }, locale: 'en-GB' });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && !/401/.test(m.text()) && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(String(e)));
      const shot = async (name: string) => {
        await page.evaluate('window.scrollTo(0, 0)'); // a full-page shot of a scrolled page draws the sticky header mid-way
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `import-${name}-${c.locale}-${c.width}.png`), fullPage: true });
      };

      await signIn(page, server.url);
      if (c.locale !== 'en') await page.evaluate(`localStorage.setItem('formloom.locale', '${c.locale}')`);
      await page.goto(`${server.url}/apps/${app.id}`);
      const formName = c.locale === 'en' ? 'Stock list' : '存貨表';
      await page.getByRole('link', { name: T.linkNamed.replace('{{name}}', formName) }).click();
      await page.getByRole('heading', { name: T.file.heading }).waitFor();
      await shot('1-file');

      const chooseFile = (file: ReturnType<typeof stockCsv>) => page.locator('input[type=file]').setInputFiles(file);
      await chooseFile(stockCsv(true));
      await page.getByRole('heading', { name: T.map.heading }).waitFor();
      // Chinese headers were matched to the fields; the SKU becomes the key column.
      await expect.poll(() => page.getByLabel('貨號', { exact: true }).inputValue()).toBe('sku');
      expect(await page.getByLabel('顏色', { exact: true }).inputValue()).toBe('colour');
      await page.getByLabel(T.map.key).selectOption('sku');
      await shot('2-mapping');

      await page.getByRole('button', { name: T.map.check }).click();
      await page.getByRole('heading', { name: T.preview.heading }).waitFor();
      const blocked = T.preview.blocked_one.replace(COUNT, '1');
      await page.getByText(blocked).waitFor();
      const problemRow = page.locator('.fl-import-problems tbody tr');
      expect(await problemRow.count()).toBe(1);
      expect(await problemRow.first().innerText()).toMatch(/3[\s\S]*數量[\s\S]*abc/); // row 3 of the file, its column and cell
      expect(await problemRow.first().innerText()).toContain(T.problems.not_number); // in the UI language
      expect(
        await page.getByRole('button', { name: T.preview.import_other.replace(COUNT, (ROWS - 1).toLocaleString('en')) }).isDisabled(),
      ).toBe(true);
      await shot('3-preview-error');

      // Fix the file and upload it again: the mapping and key column are remembered.
      await page.getByRole('button', { name: T.map.otherFile }).click();
      await chooseFile(stockCsv(false));
      await page.getByRole('heading', { name: T.map.heading }).waitFor();
      expect(await page.getByLabel(T.map.key).inputValue()).toBe('sku');
      await page.getByRole('button', { name: T.map.check }).click();
      await page.getByText(T.preview.ready_other.replace(COUNT, ROWS.toLocaleString('en'))).waitFor();
      await shot('4-preview-ready');

      await page.evaluate(WATCH_PROGRESS);
      await page.getByRole('button', { name: T.preview.import_other.replace(COUNT, ROWS.toLocaleString('en')) }).click();
      await page.getByRole('heading', { name: T.result.doneHeading }).waitFor({ timeout: 30_000 });
      const seen = (await page.evaluate('window.__progress')) as number[];
      expect(seen.length, 'the progress bar was shown').toBeGreaterThan(0);
      expect(seen.at(-1)).toBeLessThanOrEqual(ROWS);
      await page.getByText(T.result.inserted_other.replace(COUNT, ROWS.toLocaleString('en'))).waitFor();
      await shot('5-result');

      const stored = await server.app.db('submissions').where({ form_id: form.id });
      expect(stored).toHaveLength(ROWS);
      const refs = stored.map((r: { data: string }) => JSON.parse(r.data).ref).sort();
      expect(refs[0]).toBe('E-00001');
      expect(refs.at(-1)).toBe(`E-${String(ROWS).padStart(5, '0')}`);

      await page.getByRole('link', { name: T.result.viewSubmissions }).click();
      await expect
        .poll(() => page.getByText(`S-${String(ROWS).padStart(4, '0')}`, { exact: true }).count(), { timeout: 15_000 })
        .toBeGreaterThan(0);
      await shot('6-submissions');
      expect(problems, 'no script errors and no Content-Security-Policy violations').toEqual([]);
      await context.close();
    });
  }

  it('shows why a file cannot be read', async () => {
    const app = (await admin.post('/api/apps', { name: 'Unreadable' })).body;
    const form = (await admin.post(`/api/apps/${app.id}/forms`, { name: 'Stock list', schema, uiSchema })).body;
    await admin.post(`/api/forms/${form.id}/publish`);
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-GB' });
    const page = await context.newPage();
    await signIn(page, server.url);
    await page.goto(`${server.url}/f/${form.id}/import`);
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    await page.locator('input[type=file]').setInputFiles({ name: 'stock.csv', mimeType: 'text/csv', buffer: png });
    await page.getByText(en.import.codes.import_unreadable).waitFor();
    expect(await page.getByRole('alert').innerText()).toMatch(/PNG/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'import-unreadable-en-360.png'), fullPage: true });
    await context.close();
  });
});
