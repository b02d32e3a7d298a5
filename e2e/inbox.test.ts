import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, adminClient, type TestServer } from '../server/test/helpers.ts';
import { launchChromium, startServerWithFrontends } from './browser.ts';

/** Where this test's screenshots go (looked at by a person; not committed). */
const SHOTS = process.env.FORMLOOM_INBOX_SHOTS ?? new URL('./screenshots/', import.meta.url).pathname;
const PASSWORD = 'a-long-password-1';

const leaveRequest = {
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    title: 'Leave request',
    required: ['days', 'reason'],
    properties: {
      days: { type: 'number', title: 'Days', minimum: 0.5 },
      reason: { type: 'string', title: 'Reason', minLength: 1 },
      costCentre: { type: 'string', title: 'Cost centre', pattern: '^CC-\\d{3}$' },
    },
  },
  uiSchema: {
    'ui:order': ['days', 'reason', 'costCentre'],
    days: { 'ui:fieldType': 'number' },
    reason: { 'ui:fieldType': 'textarea' },
    'ui:i18n': {
      'zh-Hant': { '/schema/title': '請假申請', '/schema/properties/days/title': '日數', '/schema/properties/reason/title': '原因' },
    },
  },
};

/** The manager (the submitter's direct manager) first, then a named finance officer. */
const flow = (financeId: string) => ({
  version: 1,
  nodes: [
    {
      id: 'manager',
      type: 'approval',
      name: { en: 'Manager', 'zh-Hant': '直屬經理' },
      approvers: [{ kind: 'manager', level: 1 }],
      mode: 'any',
    },
    {
      id: 'finance',
      type: 'approval',
      name: { en: 'Finance', 'zh-Hant': '財務' },
      approvers: [{ kind: 'user', userId: financeId }],
      mode: 'any',
      // Finance fills the cost centre at its step.
      fieldPermissions: { costCentre: 'editable' },
    },
  ],
});

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

/** Signs a person in through the runtime's sign-in page (the UI in `locale`, kept in localStorage). */
async function signedInPage(browser: Browser, server: TestServer, who: Person, width: number, locale: 'en' | 'zh-Hant' = 'en') {
  const context = await browser.newContext({ viewport: { width, height: width === 360 ? 740 : 860 }, locale: 'en-GB' });
  await context.addInitScript(`localStorage.setItem('formloom.locale', ${JSON.stringify(locale)})`);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${server.url}/login`);
  await page.locator('input[type="email"]').fill(who.email);
  await page.locator('input[type="password"]').fill(PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/');
  return { context, page, problems };
}

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('approver inbox in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Client;
  let manager: Person;
  let finance: Person;
  let member: Person;
  let formId: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServerWithFrontends();
    browser = await launchChromium();
    admin = await adminClient(server);
    const dept = await admin.post('/api/departments', { name: { en: 'Operations', 'zh-Hant': '營運部' } });
    manager = await createPerson(admin, 'Chan Tai Man', { departmentId: dept.body.id });
    finance = await createPerson(admin, 'Ho Wing', { positions: ['Finance Officer'] });
    member = await createPerson(admin, 'Wong Siu Ming', { departmentId: dept.body.id, managerId: manager.id });

    const app = await admin.post('/api/apps', { name: 'HR' });
    const form = await admin.post(`/api/apps/${app.body.id}/forms`, { name: 'Leave request', ...leaveRequest });
    formId = form.body.id;
    const saved = await admin.put(
      `/api/forms/${formId}`,
      { workflow: flow(finance.id) },
      { headers: { 'if-match': form.headers.get('etag')! } },
    );
    if (saved.status !== 200) throw new Error(`save flow: ${saved.status} ${JSON.stringify(saved.body)}`);
    const published = await admin.post(`/api/forms/${formId}/publish`);
    if (published.status !== 201) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
    await admin.put(`/api/apps/${app.body.id}/grants`, { grants: [{ principal: member.id, permissions: ['fill'] }] });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('a member submits; the manager approves on a phone; finance rejects; the submitter sees why', async () => {
    // The member fills the form on a phone: the thank-you says it went for approval and links to the record.
    const submitter = await signedInPage(browser, server, member, 360);
    contexts.push(submitter.context);
    await submitter.page.goto(`${server.url}/f/${formId}`);
    await submitter.page.locator('#root_days').fill('5');
    await submitter.page.locator('#root_reason').fill('Family trip to Osaka');
    await submitter.page.getByRole('button', { name: 'Submit' }).click();
    await submitter.page.getByText('Leave request was submitted and has gone for approval').waitFor();
    await submitter.page.getByRole('link', { name: 'Follow its approval' }).click();
    const panel = submitter.page.getByRole('region', { name: 'Approval' });
    await panel.getByText('With Chan Tai Man now').waitFor();
    expect(await panel.locator('.fl-badge').textContent()).toBe('Pending approval');
    const recordUrl = submitter.page.url();

    // The manager, on a phone: the header counts one to do; the inbox lists it; the task opens.
    const boss = await signedInPage(browser, server, manager, 360);
    contexts.push(boss.context);
    const inboxLink = boss.page.getByRole('link', { name: 'Inbox, 1 to do' });
    await inboxLink.waitFor();
    expect(await inboxLink.locator('.fl-inbox-link__count').textContent()).toBe('1');
    await inboxLink.click();
    const card = boss.page.getByRole('link', { name: /Leave request/ });
    await card.waitFor();
    expect(await card.textContent()).toContain('From Wong Siu Ming');
    expect(await card.textContent()).toContain('Family trip to Osaka');
    expect((await card.boundingBox())!.height).toBeGreaterThanOrEqual(48);
    expect(await noSideScroll(boss.page)).toBe(true);
    await card.click();
    await boss.page.getByRole('heading', { name: 'Leave request' }).waitFor();
    expect(await boss.page.locator('.fl-values__item[data-field="days"] > dd').textContent()).toBe('5');
    const approve = boss.page.getByRole('button', { name: 'Approve' });
    expect((await approve.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect(await noSideScroll(boss.page)).toBe(true);
    await boss.page.getByLabel('Comment').fill('Enjoy Osaka');
    await approve.click();
    await boss.page.getByText('Approved. The request moves on.').waitFor();
    await boss.page.getByRole('heading', { name: 'Nothing to do' }).waitFor();
    await expect.poll(() => boss.page.locator('.fl-inbox-link__count').count()).toBe(0);

    // Finance rejects, with a reason (a reject without one is refused on the page first).
    const officer = await signedInPage(browser, server, finance, 1280);
    contexts.push(officer.context);
    await officer.page.goto(`${server.url}/inbox`);
    await officer.page.getByRole('link', { name: /Leave request/ }).click();
    await officer.page.getByText('Chan Tai Man approved').waitFor();
    await officer.page.getByText('Enjoy Osaka').waitFor();
    await officer.page.getByRole('button', { name: 'Reject' }).click();
    await officer.page.getByText('Write the reason: the submitter reads it to know what to do.').waitFor();
    await officer.page.getByLabel('Comment').fill('No leave balance left this year');
    await officer.page.getByRole('button', { name: 'Reject' }).click();
    await officer.page.getByRole('alertdialog').getByRole('button', { name: 'Yes, reject' }).click();
    await officer.page.getByText('Rejected. The submitter has been told why.').waitFor();

    // The submitter sees the rejected status and every step with its comment.
    await submitter.page.goto(recordUrl);
    const after = submitter.page.getByRole('region', { name: 'Approval' });
    await after.getByText('Ho Wing rejected').waitFor();
    expect(await after.locator('.fl-badge').first().textContent()).toBe('Rejected');
    expect(await after.getByText('Chan Tai Man approved').count()).toBe(1);
    expect(await after.getByText('Enjoy Osaka').count()).toBe(1);
    expect(await after.getByText('No leave balance left this year').count()).toBe(1);
    expect(await after.getByRole('button', { name: 'Withdraw' }).count()).toBe(0);
    expect(await noSideScroll(submitter.page)).toBe(true);

    for (const p of [submitter, boss, officer]) expect(p.problems).toEqual([]);
  });

  it('a decision made elsewhere meanwhile: the page says someone already acted and shows the task as it is', async () => {
    const memberApi = await new Client(server.url).login(member.email, PASSWORD);
    const made = await memberApi.post(`/api/forms/${formId}/submissions`, { data: { days: 1, reason: 'Dentist' } });
    const boss = await signedInPage(browser, server, manager, 360);
    contexts.push(boss.context);
    await boss.page.goto(`${server.url}/inbox`);
    await boss.page.getByRole('link', { name: /Dentist/ }).click();
    const approve = boss.page.getByRole('button', { name: 'Approve' });
    await approve.waitFor();
    // The same manager approves from another device before tapping here.
    const bossApi = await new Client(server.url).login(manager.email, PASSWORD);
    const tasks = await bossApi.get('/api/tasks?status=pending');
    const task = tasks.body.items.find((t: { submissionId: string }) => t.submissionId === made.body.id);
    expect((await bossApi.post(`/api/tasks/${task.id}/approve`, {})).status).toBe(200);
    await approve.click();
    await boss.page.getByText('Someone already acted on this. Here is where it stands now.').waitFor();
    await expect.poll(() => boss.page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(new URL(boss.page.url()).pathname).toBe(`/tasks/${task.id}`);
  });

  it('returned for changes: the submitter reads why, corrects it and resubmits on a phone; the flow starts over', async () => {
    const memberApi = await new Client(server.url).login(member.email, PASSWORD);
    const made = await memberApi.post(`/api/forms/${formId}/submissions`, { data: { days: 4, reason: 'Conference' } });
    const boss = await signedInPage(browser, server, manager, 360);
    contexts.push(boss.context);
    await boss.page.goto(`${server.url}/inbox`);
    await boss.page.getByRole('link', { name: /Conference/ }).click();
    await boss.page.getByLabel('Comment').fill('Say which conference and attach the invitation');
    await boss.page.getByRole('button', { name: 'Return for changes' }).click();
    await boss.page.getByRole('alertdialog').getByRole('button', { name: 'Yes, return' }).click();
    await boss.page.getByText('Returned to the submitter to correct.').waitFor();

    const submitter = await signedInPage(browser, server, member, 360);
    contexts.push(submitter.context);
    await submitter.page.goto(`${server.url}/r/${made.body.id}`);
    const panel = submitter.page.getByRole('region', { name: 'Approval' });
    await panel.getByText('Chan Tai Man returned this to you for changes').waitFor();
    expect(await panel.locator('.fl-flow-panel__reason').textContent()).toBe('Say which conference and attach the invitation');
    await panel.getByRole('button', { name: 'Edit and resubmit' }).click();
    await panel.locator('#root_reason').fill('Conference: FormConf Hong Kong, invitation attached');
    await submitter.page.screenshot({ path: path.join(SHOTS, 'inbox-resubmit-en-360.png'), fullPage: true });
    await panel.getByRole('button', { name: 'Resubmit' }).click();
    await panel.getByText('Submitted again. Approval starts over.').waitFor();
    await panel.getByText('With Chan Tai Man now').waitFor();
    expect(await panel.locator('.fl-badge').first().textContent()).toBe('Pending approval');
    expect(await noSideScroll(submitter.page)).toBe(true);
    // The manager has it again, with the corrected answer.
    const bossApi = await new Client(server.url).login(manager.email, PASSWORD);
    const again = (await bossApi.get('/api/tasks?status=pending')).body.items.find(
      (t: { submissionId: string }) => t.submissionId === made.body.id,
    );
    expect(JSON.stringify(again.summary)).toContain('FormConf Hong Kong');
    for (const p of [submitter, boss]) expect(p.problems).toEqual([]);
  });

  it('finance fills the field editable at its step (checked like the form) and approves', async () => {
    const memberApi = await new Client(server.url).login(member.email, PASSWORD);
    const made = await memberApi.post(`/api/forms/${formId}/submissions`, { data: { days: 1, reason: 'Training course' } });
    const bossApi = await new Client(server.url).login(manager.email, PASSWORD);
    const bossTask = (await bossApi.get('/api/tasks?status=pending')).body.items.find(
      (t: { submissionId: string }) => t.submissionId === made.body.id,
    );
    expect((await bossApi.post(`/api/tasks/${bossTask.id}/approve`, {})).status).toBe(200);

    const officer = await signedInPage(browser, server, finance, 360);
    contexts.push(officer.context);
    await officer.page.goto(`${server.url}/inbox`);
    await officer.page.getByRole('link', { name: /Training course/ }).click();
    const costCentre = officer.page.getByLabel('Cost centre');
    await costCentre.waitFor();
    await costCentre.fill('204');
    await officer.page.getByRole('button', { name: 'Approve' }).click();
    // The form's own check runs first: nothing is sent while the value is wrong.
    await officer.page
      .locator('.fl-task__fill .error-detail, .fl-task__fill [role="alert"], .fl-task__fill .text-danger')
      .first()
      .waitFor();
    expect(new URL(officer.page.url()).pathname).toMatch(/^\/tasks\//);
    await officer.page.screenshot({ path: path.join(SHOTS, 'inbox-task-editable-en-360.png'), fullPage: true });
    await costCentre.fill('CC-204');
    await officer.page.getByRole('button', { name: 'Approve' }).click();
    await officer.page.getByText('Approved. The request moves on.').waitFor();
    const stored = await memberApi.get(`/api/submissions/${made.body.id}`);
    expect(stored.body.data).toMatchObject({ days: 1, reason: 'Training course', costCentre: 'CC-204' });
    expect(stored.body.status).toBe('approved');
    expect(officer.problems).toEqual([]);
  });

  it('screenshots: inbox, task page and the flow panel, en and zh-Hant, 360 and 1280 px', async () => {
    // One request decided (approved by the manager, rejected by finance, with comments) and one waiting.
    const memberApi = await new Client(server.url).login(member.email, PASSWORD);
    const bossApi = await new Client(server.url).login(manager.email, PASSWORD);
    const financeApi = await new Client(server.url).login(finance.email, PASSWORD);
    const decided = await memberApi.post(`/api/forms/${formId}/submissions`, { data: { days: 10, reason: 'Wedding in Taipei 台北婚禮' } });
    const taskOf = async (api: Client, submissionId: string) =>
      (await api.get('/api/tasks?status=pending')).body.items.find((t: { submissionId: string }) => t.submissionId === submissionId).id;
    expect(
      (await bossApi.post(`/api/tasks/${await taskOf(bossApi, decided.body.id)}/approve`, { comment: 'Fine by me 沒問題' })).status,
    ).toBe(200);
    const reject = await financeApi.post(`/api/tasks/${await taskOf(financeApi, decided.body.id)}/reject`, {
      comment: 'Over the annual limit 超出年假上限',
    });
    expect(reject.status).toBe(200);
    const pending = await memberApi.post(`/api/forms/${formId}/submissions`, { data: { days: 2, reason: 'Moving house 搬屋' } });
    expect(pending.status).toBe(201);
    expect(pending.body.status).toBe('pending');
    for (const locale of ['en', 'zh-Hant'] as const) {
      for (const width of [360, 1280]) {
        const shot = (page: Page, name: string) =>
          page.screenshot({ path: path.join(SHOTS, `inbox-${name}-${locale}-${width}.png`), fullPage: true });
        const boss = await signedInPage(browser, server, manager, width, locale);
        contexts.push(boss.context);
        await boss.page.goto(`${server.url}/inbox`);
        await boss.page.locator('.fl-inbox-card').first().waitFor();
        await shot(boss.page, 'todo');
        expect(await noSideScroll(boss.page)).toBe(true);
        await boss.page.locator('.fl-inbox-card').first().click();
        await boss.page.locator('.fl-task__decide').waitFor();
        await boss.page.locator('.fl-flow-timeline').waitFor();
        await shot(boss.page, 'task');
        expect(await noSideScroll(boss.page)).toBe(true);
        // The confirm before a reject, and the transfer's person picker (nothing is sent).
        await boss.page.locator('.fl-task__comment').fill(locale === 'en' ? 'Not this week' : '本星期不行');
        await boss.page.locator('.fl-task__buttons .fl-btn--danger').click();
        await boss.page.getByRole('alertdialog').waitFor();
        await shot(boss.page, 'reject-confirm');
        await boss.page.getByRole('alertdialog').locator('.fl-btn--secondary').click();
        await boss.page.locator('.fl-task__buttons--more .fl-btn').first().click();
        await boss.page.locator('.fl-task__person').getByRole('combobox').fill('Ho');
        await boss.page.locator('.fl-task__person').getByRole('option').first().waitFor();
        await shot(boss.page, 'transfer');
        expect(await noSideScroll(boss.page)).toBe(true);
        await boss.page.goto(`${server.url}/inbox?tab=done`);
        await boss.page.locator('.fl-inbox-card').first().waitFor();
        await shot(boss.page, 'done');

        const mine = await signedInPage(browser, server, member, width, locale);
        contexts.push(mine.context);
        await mine.page.goto(`${server.url}/inbox?tab=submitted`);
        await expect.poll(() => mine.page.locator('.fl-inbox-card').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
        await shot(mine.page, 'submitted');
        await mine.page.goto(`${server.url}/r/${pending.body.id}`);
        await mine.page.locator('.fl-flow-panel').waitFor();
        await shot(mine.page, 'record-pending');
        expect(await noSideScroll(mine.page)).toBe(true);
        await mine.page.goto(`${server.url}/r/${decided.body.id}`);
        await mine.page.locator('.fl-flow-timeline__comment').nth(1).waitFor();
        await shot(mine.page, 'record-rejected');
        expect(await noSideScroll(mine.page)).toBe(true);
        await boss.context.close();
        await mine.context.close();
      }
    }
  });
});
