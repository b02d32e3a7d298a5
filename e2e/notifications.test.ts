import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify } from '../server/src/services/notifications/notify.ts';
import { ADMIN, Client, adminClient, type TestServer } from '../server/test/helpers.ts';
import { launchChromium, startServerWithFrontends } from './browser.ts';

/** Where this test's screenshots go (looked at by a person; not committed). */
const SHOTS = process.env.FORMLOOM_NOTIFY_SHOTS ?? new URL('./screenshots/', import.meta.url).pathname;
const PASSWORD = 'a-long-password-1';

type Locale = 'en' | 'zh-Hant';

async function signedInPage(browser: Browser, url: string, email: string, password: string, width: number, locale: Locale) {
  const context = await browser.newContext({ viewport: { width, height: width === 360 ? 740 : 860 }, locale: 'en-GB' });
  await context.addInitScript(`localStorage.setItem('formloom.locale', ${JSON.stringify(locale)})`);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${url}/login`);
  await page.locator('input[type="email"]').fill(email);
  await page.locator('input[type="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((u) => u.pathname === '/');
  return { context, page, problems };
}

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

describe('urgent reminders (DING) and notifications in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Client;
  let member: { id: string; email: string };
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startServerWithFrontends();
    browser = await launchChromium();
    admin = await adminClient(server);
    const email = `wong-${Math.random().toString(36).slice(2, 7)}@example.com`;
    const res = await admin.post('/api/users', { email, name: 'Wong Siu Ming', password: PASSWORD, role: 'member' });
    member = { id: res.body.id, email };
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('an admin sends a DING; the recipient on a phone must acknowledge it; the sender sees it acknowledged', async () => {
    // The sender composes the reminder on a desktop.
    const sender = await signedInPage(browser, server.url, ADMIN.email, ADMIN.password, 1280, 'en');
    contexts.push(sender.context);
    await sender.page.goto(`${server.url}/notifications?tab=sent`);
    await sender.page.getByRole('heading', { name: 'No urgent reminders sent' }).waitFor();
    await sender.page.getByRole('button', { name: 'New urgent reminder' }).click();
    await sender.page.getByRole('combobox', { name: 'Add a person' }).fill('Wong');
    await sender.page.getByRole('option', { name: /Wong Siu Ming/ }).click();
    await sender.page.getByRole('listitem').filter({ hasText: 'Wong Siu Ming' }).first().waitFor();
    await sender.page.getByRole('button', { name: 'Write the message' }).click();
    const dialog = sender.page.getByRole('dialog', { name: 'Send urgent reminder' });
    await dialog.getByText('Wong Siu Ming').waitFor();
    // An empty message is refused on the page, before anything is sent.
    await dialog.getByRole('button', { name: 'Send reminder' }).click();
    await dialog.getByText('Write a message first.').waitFor();
    await dialog.getByLabel('Message').fill('The auditors arrive at 3 pm: please sign the stock count today.');
    await shot(sender.page, 'notify-send-en-1280');
    await dialog.getByRole('button', { name: 'Send reminder' }).click();
    await dialog.getByText('Urgent reminder sent to Wong Siu Ming.').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    const reminder = sender.page.getByTestId('sent-reminder').first();
    await reminder.getByText('Not read yet').waitFor();
    expect(await reminder.textContent()).toContain('0 of 1 acknowledged');

    // The recipient, on a phone, cannot get past the reminder without acknowledging it.
    const recipient = await signedInPage(browser, server.url, member.email, PASSWORD, 360, 'en');
    contexts.push(recipient.context);
    const ding = recipient.page.getByRole('alertdialog', { name: 'Urgent reminder' });
    await ding.waitFor();
    expect(await ding.textContent()).toContain('The auditors arrive at 3 pm: please sign the stock count today.');
    expect(await ding.textContent()).toContain('From Administrator');
    expect(await noSideScroll(recipient.page)).toBe(true);
    await shot(recipient.page, 'notify-ding-first-en-360');
    await recipient.page.keyboard.press('Escape');
    expect(await ding.isVisible()).toBe(true);
    // The page behind is inert: the header's bell cannot be reached.
    expect(await recipient.page.evaluate(() => document.getElementById('root')!.hasAttribute('inert'))).toBe(true);
    const gotIt = ding.getByRole('button', { name: 'Got it', exact: true });
    expect((await gotIt.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    // Reading it elsewhere (another tab) does not dismiss it either: only "Got it" does.
    await recipient.page.reload();
    await ding.waitFor();
    await gotIt.click();
    await ding.waitFor({ state: 'detached' });
    expect(await recipient.page.evaluate(() => document.getElementById('root')!.hasAttribute('inert'))).toBe(false);
    await recipient.page.reload();
    await recipient.page.getByTestId('notification-bell').waitFor();
    await recipient.page.waitForTimeout(500);
    expect(await recipient.page.getByRole('alertdialog').count()).toBe(0);

    // The sender sees it acknowledged.
    await sender.page.reload();
    const after = sender.page.getByTestId('sent-reminder').first();
    await after.getByText('Acknowledged', { exact: false }).first().waitFor();
    expect(await after.textContent()).toContain('1 of 1 acknowledged');
    await shot(sender.page, 'notify-sent-acknowledged-en-1280');
    for (const p of [sender, recipient]) expect(p.problems).toEqual([]);
  });

  it('the bell counts unread, opens the latest, marks all read; the page pages; both languages, both widths', async () => {
    // A few ordinary notifications (what approvals and schedules write), and one more DING.
    for (let i = 1; i <= 24; i++) {
      await notify(server.app.db, {
        userIds: [member.id],
        kind: i % 3 === 0 ? 'collection_due' : i % 3 === 1 ? 'task_assigned' : 'submission_returned',
        params: {
          formName: i % 3 === 0 ? 'Health declaration' : 'Leave request',
          'formName.zh-Hant': i % 3 === 0 ? '健康申報' : '請假申請',
          submitterName: 'Chan Tai Man',
          nodeName: 'Manager',
          actorName: 'Ho Wing',
          comment: 'Please attach the doctor’s note.',
          periodLabel: '25 Nov',
          deadline: '10:00',
        },
        link: i % 3 === 0 ? '/' : `/notifications`,
        email: false,
      });
    }

    for (const locale of ['en', 'zh-Hant'] as const) {
      for (const width of [360, 1280]) {
        const sent = await admin.post('/api/notifications/urgent', {
          userIds: [member.id],
          message: locale === 'en' ? 'Reply to the auditor before noon, please.' : '請於中午前回覆核數師，謝謝。',
        });
        expect(sent.status).toBe(201);
        const tag = `${locale}-${width}`;
        const { context, page, problems } = await signedInPage(browser, server.url, member.email, PASSWORD, width, locale);
        contexts.push(context);
        const ding = page.getByRole('alertdialog');
        await ding.waitFor();
        expect(await ding.textContent()).toContain(locale === 'en' ? 'Reply to the auditor before noon' : '請於中午前回覆核數師');
        await shot(page, `notify-ding-${tag}`);
        await ding.getByRole('button', { name: locale === 'en' ? 'Got it' : '知道了', exact: true }).click();
        await ding.waitFor({ state: 'detached' });
        const bell = page.getByTestId('notification-bell');
        const label = locale === 'en' ? /Notifications, \d+ unread/ : /通知，\d+ 則未讀/;
        await expect.poll(async () => (await bell.getAttribute('aria-label')) ?? '').toMatch(label);
        expect((await bell.boundingBox())!.height).toBeGreaterThanOrEqual(44);
        await bell.click();
        const panel = page.getByRole('region', { name: locale === 'en' ? 'Notifications' : '通知' });
        await panel.waitFor();
        expect(await panel.textContent()).toContain(locale === 'en' ? 'Approval needed: Leave request' : '待你審批：請假申請');
        expect(await noSideScroll(page)).toBe(true);
        await shot(page, `notify-bell-${tag}`);
        await panel.getByRole('link', { name: locale === 'en' ? 'See all notifications' : '查看所有通知' }).click();
        await page.waitForURL((u) => u.pathname === '/notifications');
        await page.getByRole('heading', { level: 1, name: locale === 'en' ? 'Notifications' : '通知' }).waitFor();
        await page.locator('.fl-notif-item').first().waitFor();
        expect(await page.locator('.fl-notifs__list .fl-notif-item').count()).toBe(20);
        await page.getByRole('button', { name: locale === 'en' ? 'Load more' : '載入更多' }).click();
        await expect.poll(() => page.locator('.fl-notifs__list .fl-notif-item').count()).toBeGreaterThan(20);
        expect(await noSideScroll(page)).toBe(true);
        await page.evaluate(() => window.scrollTo(0, 0));
        await shot(page, `notify-page-${tag}`);
        await page.goto(`${server.url}/notifications?tab=sent`);
        await page.getByRole('tab', { name: locale === 'en' ? 'Sent reminders' : '已發提醒', selected: true }).waitFor();
        await page.getByRole('heading', { name: locale === 'en' ? 'No urgent reminders sent' : '未有發出緊急提醒' }).waitFor();
        expect(problems).toEqual([]);
        await context.close();
      }
      // The admin's sent list in this language at both widths.
      for (const width of [360, 1280]) {
        const { context, page, problems } = await signedInPage(browser, server.url, ADMIN.email, ADMIN.password, width, locale);
        contexts.push(context);
        await page.goto(`${server.url}/notifications?tab=sent`);
        await page.getByTestId('sent-reminder').first().waitFor();
        expect(await noSideScroll(page)).toBe(true);
        await shot(page, `notify-sent-${locale}-${width}`);
        // The composer's dialog, cancelled: nothing is sent.
        const before = (await admin.get('/api/notifications/sent')).body.items.length;
        await page.getByRole('button', { name: locale === 'en' ? 'New urgent reminder' : '新增緊急提醒' }).click();
        await page.getByRole('combobox', { name: locale === 'en' ? 'Add a person' : '加入收件人' }).fill('Wong');
        await page.getByRole('option', { name: /Wong Siu Ming/ }).click();
        await page.getByRole('button', { name: locale === 'en' ? 'Write the message' : '撰寫訊息' }).click();
        const compose = page.getByRole('dialog');
        await compose.getByRole('textbox').fill(locale === 'en' ? 'Please check the delivery note.' : '請核對送貨單。');
        expect(await noSideScroll(page)).toBe(true);
        await shot(page, `notify-compose-${locale}-${width}`);
        await compose.getByRole('button', { name: locale === 'en' ? 'Cancel' : '取消' }).click();
        await compose.waitFor({ state: 'detached' });
        expect((await admin.get('/api/notifications/sent')).body.items.length).toBe(before);
        expect(problems).toEqual([]);
        await context.close();
      }
    }

    // Mark all read from the bell: the count goes away.
    const { context, page } = await signedInPage(browser, server.url, member.email, PASSWORD, 1280, 'en');
    contexts.push(context);
    const bell = page.getByTestId('notification-bell');
    await expect.poll(async () => (await bell.getAttribute('aria-label')) ?? '').toMatch(/unread/);
    await bell.click();
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications');
    expect(await page.getByTestId('notification-count').count()).toBe(0);
  });
});
