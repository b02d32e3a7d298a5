import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, type Client, type TestServer } from '../server/test/helpers.ts';
import { SCREENSHOT_DIR, launchChromium, signIn, startServerWithFrontends } from './browser.ts';

/** Where screenshots for review go (FLOW_SHOTS overrides, for a helper's own folder). */
const SHOTS = process.env.FLOW_SHOTS ?? SCREENSHOT_DIR;

const leaveSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  title: 'Leave request',
  required: ['leaveType', 'days'],
  properties: {
    leaveType: {
      type: 'string',
      title: 'Leave type',
      oneOf: [
        { const: 'annual', title: 'Annual' },
        { const: 'sick', title: 'Sick' },
      ],
    },
    days: { type: 'number', title: 'Days', minimum: 0.5 },
  },
};
const leaveUi = {
  'ui:order': ['leaveType', 'days'],
  'ui:i18n': { 'zh-Hant': { '/schema/properties/leaveType/title': '假期類別', '/schema/properties/days/title': '日數' } },
  leaveType: { 'ui:fieldType': 'select' },
  days: { 'ui:fieldType': 'number' },
};

async function created(res: { status: number; body: { id: string } }, what: string): Promise<string> {
  if (res.status !== 201 && res.status !== 200) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** People: Alice works in Operations for Bob; Carol heads Operations; Hana is the HR officer. */
async function seedOrganization(admin: Client) {
  const user = async (name: string, extra: object = {}) =>
    created(
      await admin.post('/api/users', {
        email: `${name.split(' ')[0]!.toLowerCase()}-${Math.random().toString(36).slice(2, 7)}@example.com`,
        name,
        password: 'a-long-password-1',
        role: 'member',
        ...extra,
      }),
      `user ${name}`,
    );
  const bob = await user('Bob Manager');
  const carol = await user('Carol Head');
  const hana = await user('Hana HR', { positions: ['HR Officer'] });
  const operations = await created(
    await admin.post('/api/departments', { name: { en: 'Operations', 'zh-Hant': '營運部' }, headUserId: carol }),
    'department',
  );
  const alice = await user('Alice Staff', { departmentId: operations, managerId: bob });
  const patched = await admin.request('PATCH', `/api/users/${carol}`, { body: { departmentId: operations } });
  expect(patched.status).toBe(200);
  return { alice, bob, carol, hana, operations };
}

async function addStep(page: Page, where: string, kind: 'approval' | 'cc' | 'branch' | 'parallel') {
  await page.getByTestId(`flow-add-${where}`).click();
  await page.getByTestId(`flow-add-${kind}`).click();
}

async function pickUser(page: Page, label: string, name: string) {
  const input = page.getByLabel(label, { exact: false }).first();
  await input.fill(name.split(' ')[0]!);
  await page
    .getByRole('option', { name: new RegExp(name) })
    .first()
    .click();
}

describe('approval flow editor in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Client;
  let formId: string;

  beforeAll(async () => {
    server = await startServerWithFrontends();
    browser = await launchChromium();
    admin = await adminClient(server);
    await seedOrganization(admin);
    const appId = await created(await admin.post('/api/apps', { name: 'HR' }), 'app');
    formId = await created(
      await admin.post(`/api/apps/${appId}/forms`, { name: 'Leave request', schema: leaveSchema, uiSchema: leaveUi }),
      'form',
    );
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('builds the leave flow, saves it with the draft and simulates 2 and 5 days with the right people', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    await signIn(page, server.url);
    await page.goto(`${server.url}/builder/forms/${formId}`);
    await page.getByTestId('mode-flow').click();
    await page.getByText('No approval flow').waitFor();
    await page.getByTestId('flow-create').click();

    // A condition block: "Days ≤ 3" on the left, "Otherwise" on the right.
    await addStep(page, 'root-0', 'branch');
    await page.getByTestId('condition-add-field').click();
    await page.getByLabel('Field').selectOption('days');
    await page.getByLabel('Comparison').selectOption('lte');
    const value = page.getByLabel('Value');
    await value.fill('3');
    await value.press('Enter');
    await expect.poll(() => page.getByTestId('flow-branch-sentence-condition-1').textContent()).toBe('Days ≤ 3');

    // ≤ 3 days: the direct manager (the default of a new approval step).
    await addStep(page, 'condition-1-0', 'approval');
    await page.getByTestId('approval-panel').waitFor();
    // Otherwise: the manager, then the head of the submitter's department.
    await addStep(page, 'otherwise-1-0', 'approval');
    await addStep(page, 'otherwise-1-1', 'approval');
    const panel = page.getByTestId('approval-panel');
    await panel.getByLabel('Source 1', { exact: true }).selectOption('departmentHead');
    await panel.getByLabel('English').first().fill('Department head');
    await panel.getByLabel('English').first().press('Enter');
    await page.getByRole('radio', { name: /Everyone/ }).check();
    // After the block: CC everyone who is an HR Officer.
    await addStep(page, 'root-1', 'cc');
    const cc = page.getByTestId('cc-panel');
    // Unfinished: the CC step says what it lacks, the flow is not saved yet and Publish waits.
    await page.getByTestId('flow-node-cc-1').getByText('Choose who receives a copy.').first().waitFor();
    expect(await page.getByTestId('flow-status').textContent()).toBe('1 thing to finish: not saved until it is done.');
    expect(await page.getByTestId('publish-blocked').isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'flow-unfinished-en-1280.png') });
    await cc.getByRole('button', { name: 'Add someone' }).click();
    await cc.getByLabel('Source 1', { exact: true }).selectOption('position');
    await cc.getByLabel('Position').fill('HR Officer');
    await cc.getByLabel('Position').press('Tab');
    await page.getByTestId('flow-status').getByText('Flow complete').waitFor();
    await page.getByTestId('save-status').getByText('All changes saved').waitFor({ timeout: 10_000 });

    const saved = await admin.get(`/api/forms/${formId}`);
    const workflow = saved.body.draft.workflow;
    expect(workflow.nodes.map((n: { type: string }) => n.type)).toEqual(['branch', 'cc']);
    const [short, otherwise] = workflow.nodes[0].branches;
    expect(short.condition).toEqual({ all: [{ field: ['days'], op: 'lte', value: 3 }] });
    expect(short.nodes.map((n: { approvers: unknown }) => n.approvers)).toEqual([[{ kind: 'manager', level: 1 }]]);
    expect(otherwise.condition).toBeNull();
    expect(otherwise.nodes.map((n: { approvers: unknown }) => n.approvers)).toEqual([
      [{ kind: 'manager', level: 1 }],
      [{ kind: 'departmentHead' }],
    ]);
    expect(otherwise.nodes[1]).toMatchObject({ name: { en: 'Department head' }, mode: 'all' });
    expect(workflow.nodes[1].recipients).toEqual([{ kind: 'position', position: 'HR Officer' }]);
    await page.getByTestId('flow-canvas').evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, 'flow-canvas-en-1280.png') });

    // Route simulation with the editor's flow: 2 days, then 5.
    await page.getByTestId('flow-simulate').click();
    const sim = page.getByTestId('simulate-panel');
    await pickUser(page, 'Submitted by', 'Alice Staff');
    await sim.getByLabel('Days').fill('2');
    await sim.getByTestId('simulate-run').click();
    const result = sim.getByTestId('simulate-result');
    await result.waitFor();
    await expect.poll(() => result.textContent()).toContain('Bob Manager');
    expect(await result.textContent()).toContain('Hana HR');
    expect(await result.textContent()).not.toContain('Carol Head');
    expect(await page.getByTestId('flow-branch-condition-1').getAttribute('class')).toContain('is-on-path');

    await sim.getByLabel('Days').fill('5');
    await sim.getByTestId('simulate-run').click();
    await expect.poll(() => result.textContent()).toContain('Carol Head');
    const steps = await result.locator('li').allTextContents();
    expect(steps).toHaveLength(3);
    expect(steps[0]).toContain('Bob Manager');
    expect(steps[1]).toContain('Carol Head');
    expect(steps[2]).toContain('Hana HR');
    expect(await page.getByTestId('flow-branch-otherwise-1').getAttribute('class')).toContain('is-on-path');
    await page.screenshot({ path: path.join(SHOTS, 'flow-simulate-en-1280.png') });

    // The approval panel, and the same at 1024 px.
    await page.getByTestId('flow-node-approval-3').locator('.fl-flow-node__main').click();
    await page.screenshot({ path: path.join(SHOTS, 'flow-approval-en-1280.png') });
    await page.setViewportSize({ width: 1024, height: 800 });
    await page.screenshot({ path: path.join(SHOTS, 'flow-approval-en-1024.png') });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('reads in Traditional Chinese, and removing the flow saves workflow: null', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    await signIn(page, server.url);
    await page.evaluate(() => localStorage.setItem('formloom.locale', 'zh-Hant'));
    await page.goto(`${server.url}/builder/forms/${formId}`);
    await page.getByTestId('mode-flow').click();
    await page.getByTestId('flow-branch-sentence-condition-1').waitFor();
    expect(await page.getByTestId('flow-branch-sentence-condition-1').textContent()).toBe('日數 ≤ 3');
    expect(await page.getByTestId('flow-end').textContent()).toBe('流程結束');
    await page.getByTestId('flow-branch-condition-1').locator('.fl-flow-node__main').click();
    await page.screenshot({ path: path.join(SHOTS, 'flow-branch-zh-1280.png') });
    await page.getByTestId('flow-node-approval-3').locator('.fl-flow-node__main').click();
    await page.screenshot({ path: path.join(SHOTS, 'flow-approval-zh-1280.png') });
    await page.getByTestId('flow-simulate').click();
    await pickUser(page, '發起人', 'Alice Staff');
    await page.getByTestId('simulate-panel').getByLabel('日數').fill('5');
    await page.getByTestId('simulate-run').click();
    await expect.poll(() => page.getByTestId('simulate-result').textContent()).toContain('Carol Head');
    await page.screenshot({ path: path.join(SHOTS, 'flow-simulate-zh-1280.png') });
    await page.setViewportSize({ width: 1024, height: 800 });
    await page.screenshot({ path: path.join(SHOTS, 'flow-simulate-zh-1024.png') });

    await page.getByTestId('flow-remove').click();
    await page.getByRole('alertdialog').getByRole('button', { name: '移除流程' }).click();
    await page.getByTestId('flow-empty').waitFor();
    await expect.poll(async () => (await admin.get(`/api/forms/${formId}`)).body.draft.workflow, { timeout: 10_000 }).toBeNull();
    expect(problems).toEqual([]);
    await context.close();
  });
});
