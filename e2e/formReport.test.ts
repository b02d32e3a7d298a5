import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, Client, adminClient, type TestServer } from '../server/test/helpers.ts';
import { launchChromium, startServerWithFrontends } from './browser.ts';

/** Where this test's screenshots go (looked at by a person; not committed). */
const SHOTS = process.env.FORMLOOM_REPORT_SHOTS ?? new URL('./screenshots/', import.meta.url).pathname;
const PASSWORD = 'a-long-password-1';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The seeded declarations: totals known in advance (5 in all, 3 at the office, temperatures sum 185.9). */
const DECLARATIONS = [
  { who: 0, temperature: 36.5, symptoms: ['none'], closeContact: false, workLocation: 'office' },
  { who: 0, temperature: 37.8, symptoms: ['fever', 'cough'], closeContact: false, workLocation: 'office' },
  { who: 1, temperature: 36.9, symptoms: ['none'], closeContact: true, workLocation: 'warehouse' },
  { who: 1, temperature: 36.6, symptoms: ['none'], closeContact: false, workLocation: 'home' },
  { who: 2, temperature: 38.1, symptoms: ['fever'], closeContact: false, workLocation: 'office' },
];

async function signedInPage(browser: Browser, server: TestServer, width: number, locale: 'en' | 'zh-Hant') {
  const context = await browser.newContext({
    viewport: { width, height: width === 360 ? 740 : 900 },
    locale: 'en-GB',
    timezoneId: 'Asia/Hong_Kong',
    acceptDownloads: true,
  });
  await context.addInitScript(`localStorage.setItem('formloom.locale', ${JSON.stringify(locale)})`);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${server.url}/login`);
  await page.locator('input[type="email"]').fill(ADMIN.email);
  await page.locator('input[type="password"]').fill(ADMIN.password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/');
  return { context, page, problems };
}

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `formReport-${name}.png`), fullPage: true });
/** A tall phone page in screen-sized parts as well, so each part can be looked at in full. */
async function shotInParts(page: Page, name: string) {
  await shot(page, name);
  const { width, height } = await page.evaluate(() => ({ width: window.innerWidth, height: document.documentElement.scrollHeight }));
  for (let y = 0, part = 1; y < height && part <= 6; y += 800, part++) {
    await page.screenshot({
      path: path.join(SHOTS, `formReport-${name}-part${part}.png`),
      fullPage: true,
      clip: { x: 0, y, width, height: Math.min(800, height - y) },
    });
  }
}
const card = (page: Page, name: RegExp) => page.getByRole('region', { name });

/** Waits until every card on the page has finished loading (charts drawn or figures shown). */
async function settled(page: Page) {
  await expect.poll(() => page.locator('.fl-report-card__loading').count(), { timeout: 15_000 }).toBe(0);
  await expect.poll(() => page.locator('.fl-report-chart canvas').count(), { timeout: 15_000 }).toBeGreaterThan(0);
  await page.waitForTimeout(1200); // the charts' entry animation, before a screenshot
}

/**
 * The automatic report of the health declaration in Chromium against the real server and database:
 * seeded through the API, opened from the app page, real figures, a filter, a PNG download, and the
 * page at 360 and 1280 px in English and Traditional Chinese.
 */
describe('automatic form report in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Client;
  let appId: string;
  let formId: string;
  let emptyFormId: string;
  let visitsFormId: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServerWithFrontends();
    browser = await launchChromium();
    fs.mkdirSync(SHOTS, { recursive: true });
    admin = await adminClient(server);
    const hr = await admin.post('/api/departments', { name: { en: 'Human resources', 'zh-Hant': '人力資源部' } });
    const ops = await admin.post('/api/departments', { name: { en: 'Operations', 'zh-Hant': '營運部' } });
    const installed = await admin.post('/api/templates/health-declaration/install');
    if (installed.status !== 201) throw new Error(`install: ${installed.status} ${JSON.stringify(installed.body)}`);
    appId = installed.body.app.id;
    formId = installed.body.forms[0].id;
    await admin.put(`/api/apps/${appId}/grants`, { grants: [{ principal: '*', permissions: ['fill'] }] });
    const people: Client[] = [];
    for (const [name, departmentId] of [
      ['陳大文', hr.body.id],
      ['Lee Olive', ops.body.id],
      ['Ho Wing', ops.body.id],
    ] as const) {
      const email = `p${people.length}-${Math.random().toString(36).slice(2, 7)}@example.com`;
      const res = await admin.post('/api/users', { email, name, password: PASSWORD, role: 'member', departmentId });
      if (res.status !== 201) throw new Error(`user: ${res.status} ${JSON.stringify(res.body)}`);
      people.push(await new Client(server.url).login(email, PASSWORD));
    }
    for (const { who, ...data } of DECLARATIONS) {
      const res = await people[who]!.post(`/api/forms/${formId}/submissions`, { data: { ...data, declaration: true } });
      if (res.status !== 201) throw new Error(`submission: ${res.status} ${JSON.stringify(res.body)}`);
    }
    // A second form of the same app that nobody has filled yet.
    const empty = await admin.post(`/api/apps/${appId}/forms`, {
      name: 'Visitor log',
      schema: { type: 'object', title: 'Visitor log', properties: { visitor: { type: 'string', title: 'Visitor' } } },
    });
    emptyFormId = empty.body.id;
    const published = await admin.post(`/api/forms/${emptyFormId}/publish`);
    if (published.status >= 300) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
    // Money and a date field: figures to the cent (0.1 + 0.2 must not drift) and a calendar heat map.
    const visits = await admin.post(`/api/apps/${appId}/forms`, {
      name: 'Site visits',
      schema: {
        type: 'object',
        title: 'Site visits',
        properties: {
          visitDate: { type: 'string', format: 'date', title: 'Visit date' },
          fee: { type: 'number', multipleOf: 0.01, minimum: 0, title: 'Fee' },
        },
      },
      uiSchema: {
        visitDate: { 'ui:fieldType': 'date', 'ui:widget': 'date' },
        fee: { 'ui:fieldType': 'money', 'ui:options': { currency: 'HKD' } },
        'ui:i18n': {
          'zh-Hant': {
            '/schema/title': '實地考察',
            '/schema/properties/visitDate/title': '考察日期',
            '/schema/properties/fee/title': '費用',
          },
        },
      },
    });
    visitsFormId = visits.body.id;
    await admin.post(`/api/forms/${visitsFormId}/publish`);
    for (const [visitDate, fee] of [
      ['2026-11-02', 1234.5],
      ['2026-11-02', 0.1],
      ['2026-11-20', 0.2],
    ] as const) {
      const res = await admin.post(`/api/forms/${visitsFormId}/submissions`, { data: { visitDate, fee } });
      if (res.status !== 201) throw new Error(`visit: ${res.status} ${JSON.stringify(res.body)}`);
    }
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('the API gives the figures the page will show', async () => {
    const total = await admin.post('/api/reports/query', { formId, measures: [{ op: 'count' }], chart: { type: 'number' } });
    expect(total.status).toBe(200);
    expect(total.body.rows).toEqual([[5]]);
  });

  it('opens from the app page and shows the real figures; a filter narrows them; a chart downloads as PNG', async () => {
    const { context, page, problems } = await signedInPage(browser, server, 1280, 'en');
    contexts.push(context);
    await page.goto(`${server.url}/apps/${appId}`);
    await page.getByRole('link', { name: 'Report for Daily health declaration' }).click();
    await page.waitForURL((url) => url.pathname === `/f/${formId}/report`);
    await page.getByRole('heading', { name: 'Report: Daily health declaration', level: 1 }).waitFor();

    const total = card(page, /^Submissions All submissions/);
    await expect.poll(() => total.locator('.fl-report-number__value').textContent()).toBe('5');
    const temperature = card(page, /^Body temperature \(°C\) Sum/);
    await expect.poll(() => temperature.locator('dd').allTextContents()).toEqual(['185.9', '37.18', '36.5', '38.1']);
    // Charts are canvases with their figures in words for screen readers.
    const where = card(page, /^Where are you working today\?/);
    await expect
      .poll(() => where.getByRole('img').getAttribute('aria-label'))
      .toMatch(/^Pie chart: Where are you working today\?\. 3 values: Office 3, /);
    const departments = card(page, /^By department/);
    await expect.poll(() => departments.getByRole('img').getAttribute('aria-label')).toMatch(/Operations 3, Human resources 2/);
    await settled(page);
    await shot(page, 'en-1280');

    // Filter: only declarations from the office.
    await page.getByText('Filters', { exact: true }).click();
    await page.getByRole('combobox', { name: 'Where are you working today?' }).selectOption({ label: 'Office' });
    await expect.poll(() => total.locator('.fl-report-number__value').textContent()).toBe('3');
    await expect.poll(() => temperature.locator('dd').allTextContents()).toEqual(['112.4', '37.47', '36.5', '38.1']);
    await page.getByRole('combobox', { name: 'Where are you working today?' }).selectOption({ label: 'Any' });
    await expect.poll(() => total.locator('.fl-report-number__value').textContent()).toBe('5');

    // Download the pie as a PNG, and the figures (a table drawn on a canvas) too.
    await settled(page);
    for (const [region, name] of [
      [where, 'Where-are-you-working-today.png'],
      [temperature, 'Body-temperature-C.png'],
    ] as const) {
      await region.getByRole('button', { name: /^More actions for/ }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), region.getByRole('button', { name: 'Download PNG' }).click()]);
      expect(download.suggestedFilename()).toBe(name);
      const file = await download.path();
      const bytes = fs.readFileSync(file!);
      expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(bytes.length).toBeGreaterThan(2000);
      await download.saveAs(path.join(SHOTS, `formReport-download-${name}`));
    }

    // "Open in report builder" hands the section to the builder.
    await where.getByRole('button', { name: /^More actions for/ }).click();
    await where.getByRole('link', { name: 'Open in report builder' }).click();
    await page.waitForURL(
      (url) => url.pathname === '/reports/new' && url.searchParams.get('formId') === formId && url.searchParams.has('from'),
    );
    expect(problems).toEqual([]);
  });

  it('reads at 360 and 1280 px in English and Traditional Chinese, without sideways scrolling on a phone', async () => {
    for (const [width, locale] of [
      [360, 'en'],
      [360, 'zh-Hant'],
      [1280, 'zh-Hant'],
    ] as const) {
      const { context, page, problems } = await signedInPage(browser, server, width, locale);
      contexts.push(context);
      await page.goto(`${server.url}/f/${formId}/report`);
      await page
        .getByRole('heading', { name: locale === 'en' ? 'Report: Daily health declaration' : '報表：每日健康申報', level: 1 })
        .waitFor();
      const total = card(page, locale === 'en' ? /^Submissions/ : /^提交數目/);
      await expect.poll(() => total.locator('.fl-report-number__value').textContent()).toBe('5');
      await settled(page);
      if (locale === 'zh-Hant') {
        const where = card(page, /^今日工作地點/);
        await expect.poll(() => where.getByRole('img').getAttribute('aria-label')).toMatch(/^圓形圖：/);
      }
      expect(await noSideScroll(page)).toBe(true);
      await (width === 360 ? shotInParts(page, `${locale}-${width}`) : shot(page, `${locale}-${width}`));
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  it('money figures are exact to the cent and a date field is a calendar heat map', async () => {
    for (const locale of ['en', 'zh-Hant'] as const) {
      const { context, page, problems } = await signedInPage(browser, server, 1280, locale);
      contexts.push(context);
      await page.goto(`${server.url}/f/${visitsFormId}/report`);
      const fee = card(page, locale === 'en' ? /^Fee Sum/ : /^費用 總和/);
      await expect.poll(() => fee.locator('dd').allTextContents()).toEqual(['HK$1,234.80', 'HK$411.60', 'HK$0.10', 'HK$1,234.50']);
      const calendar = card(page, locale === 'en' ? /^Visit date/ : /^考察日期/);
      await expect
        .poll(() => calendar.getByRole('img').getAttribute('aria-label'))
        .toBe(
          locale === 'en'
            ? 'Calendar heat map: Visit date: by day. 2 values: 2026-11-02 2, 2026-11-20 1'
            : '日曆熱圖：考察日期：按日。2 個數值：2026-11-02 2、2026-11-20 1',
        );
      await settled(page);
      await shot(page, `visits-${locale}-1280`);
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  it('a form nobody has filled yet shows one friendly empty state', async () => {
    const { context, page, problems } = await signedInPage(browser, server, 360, 'en');
    contexts.push(context);
    await page.goto(`${server.url}/f/${emptyFormId}/report`);
    await page.getByRole('heading', { name: 'No submissions yet' }).waitFor();
    expect(await page.getByRole('region').count()).toBe(0);
    await shot(page, 'empty-en-360');
    expect(problems).toEqual([]);
  });
});
