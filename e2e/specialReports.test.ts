import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, Client, adminClient, type TestServer } from '../server/test/helpers.ts';
import { launchChromium, SCREENSHOT_DIR, startServerWithFrontends } from './browser.ts';

const PASSWORD = 'a-long-password-1';
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `special-${name}.png`), fullPage: true });
const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
const todayInHongKong = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Hong_Kong', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/**
 * The health declaration tab of the form's report page in Chromium against the real server: today's
 * period asked three people of two departments; one declared on time, one late with a fever, one
 * not at all; someone not asked declared a cough. English and Chinese, phone and desktop; the CSV export.
 */
describe('special reports in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Client;
  let formId: string;
  const contexts: BrowserContext[] = [];

  async function person(name: string, departmentId: string | null): Promise<{ id: string; client: Client }> {
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}-${Math.random().toString(36).slice(2, 7)}@example.com`;
    const res = await admin.post('/api/users', {
      email,
      name,
      password: PASSWORD,
      role: 'member',
      ...(departmentId ? { departmentId } : {}),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { id: res.body.id, client: await new Client(server.url).login(email, PASSWORD) };
  }

  beforeAll(async () => {
    server = await startServerWithFrontends();
    browser = await launchChromium();
    admin = await adminClient(server);
    const ops = (await admin.post('/api/departments', { name: { en: 'Operations', 'zh-Hant': '營運部' } })).body.id;
    const warehouse = (await admin.post('/api/departments', { name: { en: 'Warehouse', 'zh-Hant': '倉庫' }, parentId: ops })).body.id;
    const installed = await admin.post('/api/templates/health-declaration/install');
    formId = installed.body.forms[0].id;
    const wing = await person('Chan Wing', warehouse);
    const olive = await person('Lee Olive', warehouse);
    const tai = await person('Wong Tai Man', ops);
    const guest = await person('Ho Guest', null);
    const grants = [wing, olive, tai, guest].map((p) => ({ principal: p.id, permissions: ['fill'] }));
    expect((await admin.put(`/api/apps/${installed.body.app.id}/grants`, { grants })).status).toBe(200);
    const declare = async (who: { client: Client }, temperature: number, symptoms: string[]) => {
      const data = { temperature, symptoms, closeContact: false, workLocation: 'office', declaration: true };
      const res = await who.client.post(`/api/forms/${formId}/submissions`, { data });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const wingDeclared = await declare(wing, 36.6, ['none']);
    const oliveDeclared = await declare(olive, 37.9, ['none']);
    await declare(guest, 36.8, ['cough', 'sore-throat']);

    // Today's period (the schedule stays off, so no tick touches it) and who it asked.
    const schedule = await admin.put(`/api/forms/${formId}/schedule`, {
      enabled: false,
      frequency: { kind: 'daily', time: '00:00' },
      timezone: 'Asia/Hong_Kong',
      audience: { departmentIds: [], positions: [], userIds: [] },
      deadline: '23:59',
      reminders: [],
    });
    expect(schedule.status, JSON.stringify(schedule.body)).toBe(200);
    const now = new Date().toISOString();
    await server.app.db('schedule_periods').insert({
      id: 'e2e-period',
      schedule_id: schedule.body.id,
      form_id: formId,
      key: `${todayInHongKong()}T0000`,
      opens_at: now,
      deadline_at: now,
      reminders_at: '[]',
      next_reminder_at: null,
      created_at: now,
    });
    const row = (id: string, userId: string, submissionId: string | null, late: boolean) => ({
      id,
      period_id: 'e2e-period',
      form_id: formId,
      user_id: userId,
      status: submissionId ? 'done' : 'open',
      submission_id: submissionId,
      submitted_at: submissionId ? now : null,
      late,
    });
    await server.app
      .db('assignments')
      .insert([
        row('e2e-a1', wing.id, wingDeclared, false),
        row('e2e-a2', olive.id, oliveDeclared, true),
        row('e2e-a3', tai.id, null, false),
      ]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  async function openHealthTab(width: number, locale: 'en' | 'zh-Hant') {
    const context = await browser.newContext({
      viewport: { width, height: width === 360 ? 740 : 900 },
      locale: 'en-GB',
      timezoneId: 'Asia/Hong_Kong',
      acceptDownloads: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${server.url}/login`);
    await page.locator('input[type="email"]').fill(ADMIN.email);
    await page.locator('input[type="password"]').fill(ADMIN.password);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname === '/');
    if (locale === 'zh-Hant') {
      await page.evaluate(() => localStorage.setItem('formloom.locale', 'zh-Hant'));
      await page.reload();
    }
    await page.goto(`${server.url}/f/${formId}/report`);
    await page.getByRole('tab', { name: locale === 'en' ? 'Health declarations' : '健康申報' }).click();
    const tab = page.getByTestId('special-health');
    await tab.locator('.fl-special__stats').waitFor();
    // The trend chart is drawn (ECharts loads lazily) before the picture is taken.
    await tab.locator('canvas').first().waitFor();
    return { page, tab, problems };
  }

  const stat = (tab: ReturnType<Page['getByTestId']>, label: string) =>
    tab
      .locator('.fl-special__stat')
      .filter({ has: tab.page().getByText(label, { exact: true }) })
      .locator('dd');

  it('shows the day in English on a desktop, with names to follow up, by department, and exports CSV', async () => {
    const { page, tab, problems } = await openHealthTab(1280, 'en');
    expect(await stat(tab, 'Expected').textContent()).toBe('3');
    expect(await stat(tab, 'Declared').textContent()).toBe('3');
    expect(await stat(tab, 'Not declared').textContent()).toBe('1');
    expect(await stat(tab, 'Late').textContent()).toBe('1');
    expect(await stat(tab, 'With symptoms').textContent()).toBe('1');
    expect(await stat(tab, 'Fever (≥ 37.5 °C)').textContent()).toBe('1');
    const followUp = tab.locator('section').filter({ hasText: 'Follow up (2)' });
    await expect(followUp.getByText('Lee Olive').count()).resolves.toBe(1);
    await expect(followUp.getByText('37.9 °C').count()).resolves.toBe(1);
    await expect(followUp.getByText('Cough, Sore throat').count()).resolves.toBe(1);
    const notDeclared = tab.locator('section').filter({ hasText: 'Not declared (1)' });
    await expect(notDeclared.getByText('Wong Tai Man').count()).resolves.toBe(1);
    const warehouseRow = tab.locator('tr').filter({ hasText: 'Warehouse' });
    expect(await warehouseRow.locator('td').allTextContents()).toEqual(['2', '2', '0', '1', '0', '1']);
    await shot(page, 'health-1280-en');

    const [download] = await Promise.all([page.waitForEvent('download'), tab.getByRole('button', { name: 'Export CSV' }).click()]);
    const bytes = fs.readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    expect(csv).toContain('Department,Name,Status');
    expect(csv).toMatch(/Warehouse,Lee Olive,Declared late/);
    expect(csv).toMatch(/Operations,Wong Tai Man,Not declared/);
    expect(problems).toEqual([]);
  });

  it('fits a 360 px phone in English and in Chinese, and reads in Chinese on a desktop', async () => {
    for (const locale of ['en', 'zh-Hant'] as const) {
      const { page, tab, problems } = await openHealthTab(360, locale);
      expect(await noSideScroll(page)).toBe(true);
      if (locale === 'zh-Hant') await expect(tab.getByText('需跟進 (2)').count()).resolves.toBe(1);
      await shot(page, `health-360-${locale}`);
      expect(problems).toEqual([]);
    }
    const { page, tab } = await openHealthTab(1280, 'zh-Hant');
    await expect(tab.locator('tr').filter({ hasText: '倉庫' }).count()).resolves.toBe(1);
    await expect(tab.getByText('咳嗽、喉嚨痛').count()).resolves.toBe(1);
    await shot(page, 'health-1280-zh-Hant');
  });

  it('shows the inventory and approvals tabs (phone in English, desktop in Chinese)', async () => {
    const inventory = (await admin.post('/api/templates/inventory/install')).body;
    const [itemForm, zoneForm, movementForm] = inventory.forms.map((f: { id: string }) => f.id);
    const post = async (form: string, data: object) => {
      const res = await admin.post(`/api/forms/${form}/submissions`, { data });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const zoneA = await post(zoneForm, { code: 'TM-A-01', name: 'Tuen Mun A-01', nameZh: '屯門 A-01' });
    const zoneB = await post(zoneForm, { code: 'KB-B-02', name: 'Kowloon Bay B-02', nameZh: '九龍灣 B-02' });
    const tea = await post(itemForm, { sku: 'TEA-0042', name: 'Lemon tea 檸檬茶', unit: 'kg', reorderPoint: 5, unitPrice: 12.34 });
    const cup = await post(itemForm, { sku: 'CUP-0001', name: 'Paper cup', unit: 'piece', unitPrice: 0.1 });
    await post(movementForm, { movementType: 'receive', item: tea, zone: zoneA, quantity: 2.5 });
    await post(movementForm, { movementType: 'transfer', item: tea, zone: zoneA, toZone: zoneB, quantity: 1.1 });
    await post(movementForm, { movementType: 'receive', item: cup, zone: zoneB, quantity: 3.333 });

    const leave = (await admin.post('/api/templates/leave-request/install')).body;
    const boss = await person('Chan Boss', null);
    const staff = await person('Lam Staff', null);
    const managed = await admin.request('PATCH', `/api/users/${staff.id}`, { body: { managerId: boss.id } });
    expect(managed.status, JSON.stringify(managed.body)).toBe(200);
    await admin.put(`/api/apps/${leave.app.id}/grants`, { grants: [{ principal: '*', permissions: ['fill'] }] });
    const submitted = await staff.client.post(`/api/forms/${leave.forms[0].id}/submissions`, {
      data: { leaveType: 'annual', startDate: '2026-12-01', endDate: '2026-12-02', days: 2 },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    await server.app.db('approval_tasks').where({ submission_id: submitted.body.id }).update({ due_at: '2026-01-01T00:00:00.000Z' });

    for (const [width, locale] of [
      [360, 'en'],
      [1280, 'zh-Hant'],
    ] as const) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-GB', timezoneId: 'Asia/Hong_Kong' });
      contexts.push(context);
      await context.addInitScript(`localStorage.setItem('formloom.locale', ${JSON.stringify(locale)})`);
      const page = await context.newPage();
      await page.goto(`${server.url}/login`);
      await page.locator('input[type="email"]').fill(ADMIN.email);
      await page.locator('input[type="password"]').fill(ADMIN.password);
      await page.locator('button[type="submit"]').click();
      await page.waitForURL((url) => url.pathname === '/');

      await page.goto(`${server.url}/f/${movementForm}/report`);
      await page.getByRole('tab', { name: locale === 'en' ? 'Inventory' : '存貨' }).click();
      const stock = page.getByTestId('special-inventory');
      await stock.locator('canvas').first().waitFor();
      // 1.4 × 12.34 + 1.1 × 12.34 + 3.333 × 0.10 = 31.1833 → HK$31.18
      await expect(stock.getByText('HK$31.18').count()).resolves.toBeGreaterThan(0);
      expect(await noSideScroll(page)).toBe(true);
      await shot(page, `inventory-${width}-${locale}`);

      await page.goto(`${server.url}/f/${leave.forms[0].id}/report`);
      await page.getByRole('tab', { name: locale === 'en' ? 'Approvals' : '審批' }).click();
      const approvals = page.getByTestId('special-approvals');
      await approvals.locator('.fl-special__stats').waitFor();
      await expect(approvals.getByText('Chan Boss').count()).resolves.toBe(2); // pending and overdue
      expect(await noSideScroll(page)).toBe(true);
      await shot(page, `approvals-${width}-${locale}`);
    }
  });
});
