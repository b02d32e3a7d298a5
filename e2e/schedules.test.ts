import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScheduleTick } from '../server/src/services/schedules/scheduler.ts';
import { ADMIN, Client, adminClient, type TestServer } from '../server/test/helpers.ts';
import { launchChromium, startServerWithFrontends } from './browser.ts';

// The timer stays off: the test opens the period itself with the scheduler's tick, at the real time.
process.env.FORMLOOM_SCHEDULE_TICK_MS = '0';

/** Where this test's screenshots go (looked at by a person; not committed). */
const SHOTS = process.env.FORMLOOM_SCHEDULES_SHOTS ?? new URL('./screenshots/', import.meta.url).pathname;
const PASSWORD = 'a-long-password-1';

interface Person {
  id: string;
  email: string;
  name: string;
}

async function createPerson(admin: Client, name: string, extra: Record<string, unknown> = {}): Promise<Person> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}-${Math.random().toString(36).slice(2, 7)}@example.com`;
  const res = await admin.post('/api/users', { email, name, password: PASSWORD, role: 'member', ...extra });
  if (res.status !== 201) throw new Error(`create user: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, email, name };
}

/** Signs someone in through the runtime's sign-in page, the UI in `locale` (kept in localStorage). */
async function signedInPage(
  browser: Browser,
  server: TestServer,
  who: { email: string; password: string },
  width: number,
  locale: 'en' | 'zh-Hant',
) {
  const context = await browser.newContext({
    viewport: { width, height: width === 360 ? 740 : 860 },
    locale: 'en-GB',
    timezoneId: 'Asia/Hong_Kong',
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

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `schedules-${name}.png`), fullPage: true });

/**
 * The daily health declaration as a recurring collection, in Chromium against the real server: the
 * admin schedules it in the designer, the scheduler's tick opens today's period, a member sees it
 * due on their phone and fills it, and the admin's period page shows who responded and who did not.
 */
describe('recurring collection in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Client;
  let wing: Person;
  let olive: Person;
  let formId: string;
  const contexts: BrowserContext[] = [];
  const adminLogin = { email: ADMIN.email, password: ADMIN.password };

  beforeAll(async () => {
    server = await startServerWithFrontends();
    browser = await launchChromium();
    admin = await adminClient(server);
    const ops = await admin.post('/api/departments', { name: { en: 'Operations', 'zh-Hant': '營運部' } });
    const warehouse = await admin.post('/api/departments', { name: { en: 'Warehouse', 'zh-Hant': '倉庫' }, parentId: ops.body.id });
    wing = await createPerson(admin, 'Chan Wing', { departmentId: warehouse.body.id });
    olive = await createPerson(admin, 'Lee Olive', { departmentId: ops.body.id });
    await createPerson(admin, 'Ho Finance');
    const installed = await admin.post('/api/templates/health-declaration/install');
    if (installed.status !== 201) throw new Error(`install: ${installed.status} ${JSON.stringify(installed.body)}`);
    formId = installed.body.forms[0].id;
    await admin.put(`/api/apps/${installed.body.app.id}/grants`, { grants: [{ principal: '*', permissions: ['fill'] }] });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('the admin schedules the form in the designer: daily, deadline, reminder, the Operations department', async () => {
    for (const locale of ['zh-Hant', 'en'] as const) {
      const { context, page, problems } = await signedInPage(browser, server, adminLogin, 1280, locale);
      contexts.push(context);
      await page.goto(`${server.url}/builder/forms/${formId}`);
      const tabName = locale === 'en' ? 'Schedule' : '排程';
      await page.getByRole('tab', { name: tabName }).click();
      const form = page.getByRole('form', { name: tabName });
      await form.waitFor();
      if (locale === 'zh-Hant') {
        // Looked at only: the suggestion, in Chinese.
        await shot(page, 'designer-zh-Hant-1280');
        expect(problems).toEqual([]);
        await context.close();
        continue;
      }
      await form.getByLabel('Collect on a schedule').check();
      await form.getByLabel('Repeats').selectOption('daily');
      // Opening at midnight and closing at 23:59 Hong Kong time: today's period is open whenever the test runs.
      await form.getByLabel('Opens at').fill('00:00');
      await form.getByLabel('Deadline').fill('23:59');
      await form.getByLabel('Reminder 1').fill('23:00');
      await form.getByLabel('Add a department').selectOption({ label: 'Operations' });
      await expect.poll(() => form.getByRole('list', { name: 'Departments' }).textContent()).toContain('Operations');
      await expect.poll(() => form.getByRole('region', { name: 'Next openings' }).locator('li').count()).toBe(3);
      await form.getByRole('button', { name: 'Save schedule' }).click();
      await form.getByText('Schedule saved.').waitFor();
      await shot(page, 'designer-en-1280');
      expect(problems).toEqual([]);
      await context.close();
    }
    const saved = await admin.get(`/api/forms/${formId}/schedule`);
    expect(saved.body).toMatchObject({
      enabled: true,
      frequency: { kind: 'daily', time: '00:00' },
      deadline: '23:59',
      reminders: ['23:00'],
    });
    expect(saved.body.audience.departmentIds).toHaveLength(1);
  });

  it('the tick opens today’s period; a member sees it due at 360 px, fills it, and it is ticked', async () => {
    const tick = await runScheduleTick(server.app, new Date());
    expect(tick.opened).toHaveLength(1);
    const { context, page, problems } = await signedInPage(browser, server, { email: wing.email, password: PASSWORD }, 360, 'en');
    contexts.push(context);
    const due = page.getByRole('region', { name: /Due today/ });
    await due.waitFor();
    expect(await due.textContent()).toContain('Fill by 23:59');
    expect(await noSideScroll(page)).toBe(true);
    const fill = due.getByRole('link', { name: 'Fill Daily health declaration' });
    const box = await fill.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    await shot(page, 'due-today-en-360');

    await fill.click();
    await page.locator('#root_temperature').fill('36.6');
    await page.getByLabel('None of these').check();
    await page.getByRole('radio', { name: 'No' }).check();
    await page.locator('#root_workLocation').selectOption({ label: 'Warehouse' });
    await page.getByLabel(/I declare that the information above is true/).check();
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { name: 'Thank you!' }).waitFor();

    await page.goto(`${server.url}/`);
    await due.waitFor();
    await expect.poll(() => due.textContent()).toContain('Done');
    expect(await due.getByRole('link', { name: 'Fill Daily health declaration' }).count()).toBe(0);
    await shot(page, 'due-today-done-en-360');
    expect(problems).toEqual([]);

    // The other member, in Chinese, still has it to fill.
    const other = await signedInPage(browser, server, { email: olive.email, password: PASSWORD }, 360, 'zh-Hant');
    contexts.push(other.context);
    const dueZh = other.page.getByRole('region', { name: /今日待填/ });
    await dueZh.waitFor();
    expect(await dueZh.textContent()).toContain('請於 23:59 前填寫');
    expect(await noSideScroll(other.page)).toBe(true);
    await shot(other.page, 'due-today-zh-Hant-360');
  });

  it('the admin’s period page shows the member responded and the other not, and reminds the non-responder', async () => {
    const periods = (await admin.get(`/api/forms/${formId}/periods`)).body.items;
    const key = periods[0].key;
    for (const [width, locale] of [
      [360, 'en'],
      [1280, 'en'],
      [360, 'zh-Hant'],
      [1280, 'zh-Hant'],
    ] as const) {
      const { context, page, problems } = await signedInPage(browser, server, adminLogin, width, locale);
      contexts.push(context);
      await page.goto(`${server.url}/f/${formId}/periods`);
      await page.getByRole('link', { name: new RegExp(locale === 'en' ? '1 of 2 responded' : '2 人中 1 人已回覆') }).waitFor();
      await shot(page, `periods-${locale}-${width}`);
      await page.getByRole('link', { name: new RegExp(locale === 'en' ? '1 of 2 responded' : '2 人中 1 人已回覆') }).click();
      await page.waitForURL((url) => url.pathname === `/f/${formId}/periods/${key}`);
      const responded = page.getByRole('region', { name: locale === 'en' ? 'Responded (1)' : '已回覆 (1)', exact: true });
      const waiting = page.getByRole('region', { name: locale === 'en' ? 'Not responded (1)' : '未回覆 (1)', exact: true });
      await responded.waitFor();
      expect(await responded.textContent()).toContain('Chan Wing');
      expect(await responded.textContent()).toContain(locale === 'en' ? 'Warehouse' : '倉庫');
      expect(await waiting.textContent()).toContain('Lee Olive');
      expect(await waiting.textContent()).toContain(locale === 'en' ? 'Operations' : '營運部');
      expect(await noSideScroll(page)).toBe(true);
      await shot(page, `period-${locale}-${width}`);
      if (width === 360 && locale === 'en') {
        await page.getByRole('button', { name: 'Remind non-responders' }).click();
        await page.getByRole('alertdialog').getByText('Send a reminder to the 1 person who has not responded?').waitFor();
        await shot(page, 'period-confirm-en-360');
        await page.getByRole('button', { name: 'Remind 1 person' }).click();
        await page.getByRole('status').getByText('1 reminded').waitFor();
        await shot(page, 'period-reminded-en-360');
        const reminders = await server.app.db('notifications').where({ kind: 'collection_reminder' });
        expect(reminders.map((r: { user_id: string }) => r.user_id)).toEqual([olive.id]);
        // The responder's record opens from the list.
        await responded.getByRole('link').first().click();
        await page.waitForURL((url) => url.pathname.startsWith('/r/'));
      }
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});
