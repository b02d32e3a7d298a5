import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type TestServer } from '../server/test/helpers.ts';
import { SCREENSHOT_DIR, launchChromium, signIn, startServerWithFrontends } from './browser.ts';

/** The keys of the canvas's fields in reading order, a group's children in brackets: "a b[c d] e". */
async function outline(page: Page): Promise<string> {
  return page.getByTestId('canvas').evaluate((canvas) => {
    const read = (list: Element): string =>
      Array.from(list.children)
        .filter((el) => el.hasAttribute('data-field-id'))
        .map((el) => {
          const key = el.getAttribute('data-testid')!.replace(/^field-/, '');
          const inner = el.querySelector(':scope > [data-drop-list]');
          return inner ? `${key}[${read(inner)}]` : key;
        })
        .join(' ');
    return read(canvas.querySelector('[data-drop-list]')!);
  });
}

/** Just inside the top edge of a field: drops land before it. */
const topOf = { position: { x: 60, y: 4 } } as const;

/**
 * The designer with a real mouse in Chromium: react-dnd's HTML5 backend receives real drag events
 * (Playwright's dragTo), nothing calls the store directly. Then the rule is checked where it matters:
 * in the runtime's fill page and by the server (422 when broken, 201 when met).
 */
describe('designer drag and drop in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServerWithFrontends();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function drag(source: Locator, target: Locator, options?: { position: { x: number; y: number } }) {
    await source.dragTo(target, options ? { targetPosition: options.position } : undefined);
  }

  it('builds a form by dragging, sets "require details when fever is Yes", publishes, and the server enforces it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && !/401|422/.test(m.text()) && problems.push(m.text()));
    await signIn(page, server.url);

    await page.goto(`${server.url}/builder/`);
    await page.getByLabel('App name').fill('Site safety');
    await page.getByRole('button', { name: 'New app' }).click();
    await page.getByLabel('Form name').fill('Fever check');
    await page.getByRole('button', { name: 'New form' }).click();
    await page.waitForURL(/\/builder\/forms\//);
    const formId = new URL(page.url()).pathname.split('/').pop()!;
    const canvas = page.getByTestId('canvas');
    await canvas.waitFor();

    // Palette → canvas with the mouse: onto the empty form, then below, then before the first field.
    await drag(page.getByTestId('palette-yesno'), canvas);
    await page.getByTestId('field-yesNo').waitFor();
    await drag(page.getByTestId('palette-text'), canvas);
    await drag(page.getByTestId('palette-number'), page.getByTestId('field-yesNo'), topOf);
    expect(await outline(page)).toBe('number yesNo singleLineText');

    // The line shows where the field will land while dragging.
    await page.getByTestId('field-singleLineText').hover();
    await page.mouse.down();
    await page.getByTestId('field-yesNo').hover(topOf);
    await page.getByTestId('field-yesNo').hover({ position: { x: 62, y: 5 } });
    const line = page.getByTestId('drop-line');
    await line.waitFor();
    const yesNoBox = (await page.getByTestId('field-yesNo').boundingBox())!;
    // The line follows the pointer on the next dragover: wait for it to catch up, same tolerance.
    await expect
      .poll(async () => {
        const lineBox = (await line.boundingBox())!;
        return Math.abs(lineBox.y + lineBox.height / 2 - yesNoBox.y);
      })
      .toBeLessThan(8); // just above "yes/no"
    await page.mouse.up();
    expect(await outline(page)).toBe('number singleLineText yesNo');

    // Into a section and out again; reorder on the canvas.
    await drag(page.getByTestId('palette-section'), canvas);
    await drag(page.getByTestId('field-number'), page.locator('[data-testid="field-section"] [data-drop-list]'));
    expect(await outline(page)).toBe('singleLineText yesNo section[number]');
    await drag(page.getByTestId('field-number'), page.getByTestId('field-singleLineText'), topOf);
    expect(await outline(page)).toBe('number singleLineText yesNo section[]');
    await drag(page.getByTestId('field-yesNo'), page.getByTestId('field-singleLineText'), topOf);
    expect(await outline(page)).toBe('number yesNo singleLineText section[]');

    // Delete the section from its toolbar, and undo / redo it with the keyboard.
    await page.getByTestId('field-section').locator('button').first().click();
    await page.getByRole('toolbar', { name: 'Actions for Section' }).getByRole('button', { name: 'Delete' }).click();
    expect(await outline(page)).toBe('number yesNo singleLineText');
    await page.keyboard.press('Control+z');
    expect(await outline(page)).toBe('number yesNo singleLineText section[]');
    await page.keyboard.press('Control+Shift+z');
    expect(await outline(page)).toBe('number yesNo singleLineText');

    // Name the two fields the rule is about.
    const panel = page.getByRole('tabpanel');
    await page.getByTestId('field-yesNo').locator('button').first().click();
    await panel.getByLabel('Label (English)', { exact: true }).fill('Do you have a fever?');
    await panel.getByLabel('Key', { exact: true }).fill('fever');
    await panel.getByLabel('Key', { exact: true }).press('Enter');
    await page.getByTestId('field-fever').waitFor();
    await page.getByTestId('field-singleLineText').locator('button').first().click();
    await panel.getByLabel('Label (English)', { exact: true }).fill('Fever details');
    await panel.getByLabel('Key', { exact: true }).fill('details');
    await panel.getByLabel('Key', { exact: true }).press('Enter');
    await page.getByTestId('field-details').waitFor();

    // The rule, in words.
    await page.getByRole('tab', { name: 'Rules' }).click();
    await panel.getByRole('button', { name: 'Add rule' }).click();
    await panel.getByLabel('What happens').selectOption({ label: 'Make fields required' });
    await panel.getByRole('checkbox', { name: 'Fever details' }).check();
    await panel.getByLabel('Condition 1: field').selectOption({ label: 'Do you have a fever?' });
    await panel.getByLabel('Condition 1: value').selectOption({ label: 'Yes' });
    await expect
      .poll(() => panel.getByTestId('rule-sentence').textContent())
      .toBe('Require “Fever details” when “Do you have a fever?” is Yes.');
    await panel.getByRole('button', { name: 'Save rule' }).click();
    await panel.getByText('Require “Fever details” when “Do you have a fever?” is Yes.').waitFor();

    await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 10_000 }).toContain('All changes saved');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'designer-dnd-1280.png') });
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Published as version 1.').waitFor();

    // A reload shows the saved draft: the rule survived the round trip through the server.
    await page.reload();
    await page.getByRole('tab', { name: 'Rules' }).click();
    await panel.getByText('Require “Fever details” when “Do you have a fever?” is Yes.').waitFor();
    expect(await outline(page)).toBe('number fever details');

    // The server enforces the rule: broken → 422 naming the field, met → 201, not triggered → 201.
    const { csrfToken } = await (await page.request.get(`${server.url}/api/auth/me`)).json();
    const submit = (data: object, key: string) =>
      page.request.post(`${server.url}/api/forms/${formId}/submissions`, {
        data: { data },
        headers: { 'X-CSRF-Token': csrfToken, 'Idempotency-Key': key },
      });
    const broken = await submit({ fever: true }, 'e2e-broken');
    expect(broken.status()).toBe(422);
    expect(JSON.stringify((await broken.json()).details)).toContain('details');
    expect((await submit({ fever: false }, 'e2e-no-fever')).status()).toBe(201);
    expect((await submit({ fever: true, details: 'Since Monday' }, 'e2e-met')).status()).toBe(201);

    // And in the runtime's fill page: the page asks for the details before sending; the server takes them.
    await page.goto(`${server.url}/f/${formId}`);
    await page.getByRole('radio', { name: 'Yes' }).check();
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.getByText(/required/i).count()).toBeGreaterThan(0);
    await page.getByLabel(/Fever details/).fill('Headache too');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes(`/api/forms/${formId}/submissions`)),
      page.getByRole('button', { name: 'Submit' }).click(),
    ]);
    expect(response.status()).toBe(201);
    await page.getByRole('heading', { name: 'Thank you!' }).waitFor();
    expect(problems, 'no script errors and no Content-Security-Policy violations').toEqual([]);

    // The same designer in Traditional Chinese.
    const zh = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-HK' });
    const zhPage = await zh.newPage();
    await zhPage.goto(`${server.url}/login`);
    await zhPage.getByLabel('電郵').fill(ADMIN.email);
    await zhPage.getByLabel('密碼').fill(ADMIN.password);
    await zhPage.getByRole('button', { name: '登入' }).click();
    await zhPage.getByRole('button', { name: '登出' }).waitFor();
    await zhPage.goto(`${server.url}/builder/forms/${formId}`);
    await zhPage.getByRole('button', { name: '發佈', exact: true }).waitFor();
    await zhPage.getByTestId('field-fever').locator('button').first().click();
    await zhPage.screenshot({ path: path.join(SCREENSHOT_DIR, 'designer-dnd-zh-Hant-1280.png') });
    await zh.close();
    await context.close();
  });
});
