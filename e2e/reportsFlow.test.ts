import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, adminClient, type Client, type TestServer } from '../server/test/helpers.ts';
import { expenseForm, parseCsv, readXlsx } from '../server/test/reportLibraryFixtures.ts';
import { launchChromium, SCREENSHOT_DIR, startServerWithFrontends } from './browser.ts';

const PASSWORD = 'a-long-password-1';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Login {
  email: string;
  password: string;
}

/** Signs someone in through the sign-in page, the UI in `locale` (kept in localStorage, as the language switch does). */
async function signedInPage(browser: Browser, server: TestServer, who: Login, width: number, locale: 'en' | 'zh-Hant') {
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
  await page.locator('input[type="email"]').fill(who.email);
  await page.locator('input[type="password"]').fill(who.password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/');
  return { context, page, problems };
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `reports-${name}.png`), fullPage: true });
const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
const bytesOf = async (download: Download) => fs.readFileSync((await download.path())!);

/** Clicks a widget menu's item and answers with the downloaded file. */
async function downloadFromMenu(page: Page, card: ReturnType<Page['getByRole']>, item: string): Promise<{ name: string; bytes: Buffer }> {
  await card.getByRole('button', { name: 'Options' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('menuitem', { name: item }).click()]);
  return { name: download.suggestedFilename(), bytes: await bytesOf(download) };
}

/**
 * The browser test, in Chromium against the real server (SQLite): a form with expenses whose
 * totals are known, its automatic report, "Open in report builder", a bar chart built by clicking
 * (grouped by category, sum of the amount), saved, added to a new dashboard, its figures on the
 * dashboard, PNG / CSV / XLSX downloads, sharing with the Members role and a member seeing it.
 */
describe('report builder and dashboards in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Client;
  let formId: string;
  let member: Login;
  let reportPath = '';
  let dashboardPath = '';
  const contexts: BrowserContext[] = [];
  const adminLogin = { email: ADMIN.email, password: ADMIN.password };

  beforeAll(async () => {
    server = await startServerWithFrontends();
    browser = await launchChromium();
    admin = await adminClient(server);
    ({ formId } = await expenseForm(admin));
    member = { email: `mo-${Math.random().toString(36).slice(2, 7)}@example.com`, password: PASSWORD };
    const created = await admin.post('/api/users', { ...member, name: 'Mo Member', role: 'member' });
    if (created.status !== 201) throw new Error(`create member: ${created.status} ${JSON.stringify(created.body)}`);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('builds a bar chart from the automatic report, saves it and puts it on a new dashboard', async () => {
    const { context, page, problems } = await signedInPage(browser, server, adminLogin, 1280, 'en');
    contexts.push(context);

    await page.goto(`${server.url}/f/${formId}/report`);
    await page
      .getByRole('button', { name: /^More actions for/ })
      .first()
      .click();
    await page.getByRole('link', { name: 'Open in report builder' }).click();
    await page.waitForURL((url) => url.pathname === '/reports/new' && url.searchParams.has('from'));

    const controls = page.getByRole('form', { name: 'Report settings' });
    await controls.waitFor();
    // Start over from what the automatic report handed in: no groups, one measure.
    const removeGroup = controls.getByRole('button', { name: /^Remove group/ });
    while ((await removeGroup.count()) > 0) await removeGroup.first().click();
    const removeMeasure = controls.getByRole('button', { name: /^Remove measure/ });
    while ((await removeMeasure.count()) > 0) await removeMeasure.first().click();

    await controls.getByRole('button', { name: '+ Add grouping' }).click();
    // The overview's first card is a single figure (limit 1); a grouping opens the limit up again.
    expect(await controls.getByLabel('At most rows').inputValue()).toBe('1000');
    await controls.getByLabel('Group 1', { exact: true }).selectOption({ label: 'Category' });
    await controls.getByLabel('Measure 1', { exact: true }).selectOption({ label: 'Sum' });
    await controls.getByLabel('Of field').selectOption({ label: 'Amount' });
    await controls.getByRole('button', { name: 'Bar', exact: true }).click();
    await expect.poll(() => controls.getByRole('button', { name: 'Bar', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await controls.getByLabel('Title (English)').fill('Spend by category');
    await controls.getByLabel('Title (繁體中文)').fill('按類別開支');

    // The preview is the server's answer: travel 10.10 + 20.20 + 0.10 = 30.40 exactly, meals 0.50.
    const preview = page.getByRole('region', { name: 'Preview' });
    const chart = preview.getByRole('img', { name: /^Bar chart: Spend by category/ });
    await expect.poll(() => chart.getAttribute('aria-label'), { timeout: 15_000 }).toMatch(/Travel HK\$30\.40.*Meals HK\$0\.50/);
    await shot(page, 'builder-en-1280');

    await page.getByRole('button', { name: 'Save report' }).click();
    await page.waitForURL((url) => /^\/reports\/[0-9a-f-]{36}$/.test(url.pathname));
    reportPath = new URL(page.url()).pathname;
    // The saved report opens at its own address, with nothing left to save.
    await page.getByText('Report saved.').waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Add to dashboard' }).click();
    const dialog = page.getByRole('form', { name: 'Add to dashboard' });
    await dialog.getByLabel('Name (English)').fill('Finance');
    await dialog.getByLabel('Name (繁體中文)').fill('財務');
    await dialog.getByRole('button', { name: 'Create and add' }).click();
    await page.getByRole('link', { name: 'Open dashboard' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/dashboards/'));
    dashboardPath = new URL(page.url()).pathname;

    await page.getByRole('heading', { name: 'Finance' }).waitFor();
    const card = page.getByRole('article', { name: 'Spend by category' });
    const widgetChart = card.getByRole('img', { name: /^Bar chart: Spend by category/ });
    await expect.poll(() => widgetChart.getAttribute('aria-label'), { timeout: 15_000 }).toMatch(/Travel HK\$30\.40.*Meals HK\$0\.50/);
    await shot(page, 'dashboard-en-1280');
    expect(problems).toEqual([]);
  });

  it('exports the widget as PNG, CSV and XLSX with the known figures', async () => {
    const { context, page, problems } = await signedInPage(browser, server, adminLogin, 1280, 'en');
    contexts.push(context);
    await page.goto(`${server.url}${dashboardPath}`);
    const card = page.getByRole('article', { name: 'Spend by category' });
    await card.getByRole('img', { name: /^Bar chart/ }).waitFor();

    const png = await downloadFromMenu(page, card, 'PNG');
    expect(png.name).toBe('Spend by category.png');
    expect(png.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.bytes.length).toBeGreaterThan(2000); // a drawn chart, not an empty canvas

    const csv = await downloadFromMenu(page, card, 'CSV');
    expect(csv.name).toMatch(/\.csv$/);
    const rows = parseCsv(csv.bytes);
    const byLabel = new Map(rows.slice(1).map((r) => [r[0], r[1]]));
    expect(byLabel.get('Travel')).toMatch(/^30\.40?$/);
    expect(byLabel.get('Meals')).toMatch(/^0\.50?$/);

    const xlsx = await downloadFromMenu(page, card, 'Excel');
    expect(xlsx.name).toMatch(/\.xlsx$/);
    expect(xlsx.bytes.subarray(0, 2).toString()).toBe('PK');
    const sheet = await readXlsx(xlsx.bytes);
    const travel = sheet.values.find((r) => r[0] === 'Travel');
    expect(travel?.[1]).toBe(30.4);
    expect(problems).toEqual([]);
  });

  it('moves the widget by its title bar and resizes it from the corner; the grid is saved', async () => {
    const { context, page, problems } = await signedInPage(browser, server, adminLogin, 1280, 'en');
    contexts.push(context);
    await page.goto(`${server.url}${dashboardPath}`);
    const cell = page.locator('.react-grid-item').first();
    await cell.getByRole('img', { name: /^Bar chart/ }).waitFor();
    const saved = async () => (await admin.get(`/api/dashboards/${dashboardPath.split('/').pop()}`)).body.widgets[0];
    const drag = async (from: { x: number; y: number }, dx: number, dy: number) => {
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(from.x + dx, from.y + dy, { steps: 12 });
      await page.mouse.up();
    };

    // Wider and taller from the bottom-right corner (a column is about 90 px, a row 96 px with the gap).
    const before = (await cell.boundingBox())!;
    const handle = (await cell.locator('.react-resizable-handle').boundingBox())!;
    await drag({ x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 }, 280, 200);
    await expect.poll(async () => (await saved()).w).toBeGreaterThan(6);
    expect((await saved()).h).toBeGreaterThan(4);

    // Then to the right, dragged by its title bar.
    const title = (await cell.locator('.fl-widget__title').boundingBox())!;
    await drag({ x: title.x + 20, y: title.y + title.height / 2 }, 400, 0);
    await expect.poll(async () => (await saved()).x).toBeGreaterThan(0);

    // As saved, after a reload: the card kept its new size.
    await page.reload();
    await cell.getByRole('img', { name: /^Bar chart/ }).waitFor();
    const after = (await cell.boundingBox())!;
    expect(after.width).toBeGreaterThan(before.width + 150);
    expect(after.height).toBeGreaterThan(before.height + 80);
    expect(problems).toEqual([]);
  });

  it('shares the dashboard with the Members role, and a member sees its figures on a phone', async () => {
    const owner = await signedInPage(browser, server, adminLogin, 1280, 'en');
    contexts.push(owner.context);
    await owner.page.goto(`${server.url}${dashboardPath}`);
    await owner.page.getByRole('button', { name: 'Share (0)' }).click();
    const share = owner.page.getByRole('form', { name: 'Share dashboard' });
    await share.getByLabel('Role', { exact: true }).selectOption('member');
    await share.getByRole('button', { name: 'Add', exact: true }).click();
    await share.getByText('Role: Members').waitFor();
    await share.getByRole('button', { name: 'Save sharing' }).click();
    await owner.page.getByRole('button', { name: 'Share (1)' }).waitFor();

    const { context, page, problems } = await signedInPage(browser, server, member, 360, 'en');
    contexts.push(context);
    await page.goto(`${server.url}/reports`);
    const shared = page.getByRole('region', { name: 'Shared with me' });
    await shared.getByRole('link', { name: 'Finance' }).waitFor();
    await shot(page, 'home-member-en-360');
    await shared.getByRole('link', { name: 'Finance' }).click();
    await page.getByText(/Shared with you/).waitFor();
    // The member has no grant in the app: the figures are the owner's, as sharing promises.
    const chart = page.getByRole('article', { name: 'Spend by category' }).getByRole('img', { name: /^Bar chart/ });
    await expect.poll(() => chart.getAttribute('aria-label'), { timeout: 15_000 }).toMatch(/Travel HK\$30\.40/);
    expect(await page.getByRole('button', { name: /^Share/ }).count()).toBe(0);
    expect(await noSideScroll(page)).toBe(true);
    await shot(page, 'dashboard-member-en-360');
    expect(problems).toEqual([]);
  });

  it('builder and dashboard at 360 and 1280 px, in English and Traditional Chinese (screenshots looked at)', async () => {
    for (const locale of ['en', 'zh-Hant'] as const) {
      for (const width of [360, 1280]) {
        const { context, page, problems } = await signedInPage(browser, server, adminLogin, width, locale);
        contexts.push(context);
        const kind = locale === 'en' ? 'Bar chart' : '棒形圖';
        await page.goto(`${server.url}${reportPath}`);
        await page.locator('.fl-rb-preview [role="img"]').waitFor();
        await page.waitForTimeout(600); // the chart's entry animation
        await shot(page, `builder-${locale}-${width}`);
        expect(await noSideScroll(page), `builder ${locale} ${width}`).toBe(true);

        await page.goto(`${server.url}${dashboardPath}`);
        await page.locator('.fl-widget [role="img"]').waitFor();
        expect(await page.locator('.fl-widget [role="img"]').getAttribute('aria-label')).toContain(
          kind === 'Bar chart' ? 'Bar chart' : '按類別開支',
        );
        await page.waitForTimeout(600);
        await shot(page, `dashboard-${locale}-${width}`);
        expect(await noSideScroll(page), `dashboard ${locale} ${width}`).toBe(true);

        // The digest editor and the share dialog, looked at in the screenshots.
        await page.getByRole('button', { name: locale === 'en' ? 'Email digests' : '電郵摘要' }).click();
        await page.getByRole('button', { name: locale === 'en' ? '+ New digest' : '+ 新摘要' }).click();
        await shot(page, `dashboard-digest-${locale}-${width}`);
        expect(await noSideScroll(page), `digest editor ${locale} ${width}`).toBe(true);
        await page.getByRole('button', { name: locale === 'en' ? 'Share (1)' : '分享（1）' }).click();
        await shot(page, `dashboard-share-${locale}-${width}`);
        expect(await noSideScroll(page), `share ${locale} ${width}`).toBe(true);
        expect(problems).toEqual([]);
        await context.close();
      }
    }
  });
});
