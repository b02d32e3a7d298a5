import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type TestServer } from '../server/test/helpers.ts';
import { SCREENSHOT_DIR, launchChromium, startServerWithFrontends } from './browser.ts';

describe('designer in Chromium', () => {
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

  it('sends a signed-out person through sign-in and back, then creates an app and a form that opens by deep link', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));

    await page.goto(`${server.url}/builder/`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Forms you can design' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/builder/');

    await page.getByLabel('App name').fill('Equipment');
    await page.getByRole('button', { name: 'New app' }).click();
    await page.getByRole('heading', { name: 'Equipment' }).waitFor();
    await page.getByLabel('Form name').fill('Forklift check');
    await page.getByRole('button', { name: 'New form' }).click();
    await page.waitForURL(/\/builder\/forms\//);
    await page.getByRole('heading', { name: /Forklift check/ }).waitFor();

    await page.reload(); // deep links survive a reload
    await page.getByRole('heading', { name: /Forklift check/ }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'designer-form-1280.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });
});
