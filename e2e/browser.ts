import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { configFromEnv } from '../server/src/config.ts';
import { ADMIN, startTestServer, type TestServer } from '../server/test/helpers.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = new URL('./screenshots/', import.meta.url).pathname;

/** Debian's Chromium, headless, with nothing that reaches for the network on its own; `extraArgs` add flags (a fake camera). */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install chromium (.ci/run does).`);
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

/** The real server on a loopback port with the built runtime and designer, on a fresh SQLite file. */
export async function startServerWithFrontends(): Promise<TestServer> {
  const { FORMLOOM_RUNTIME_DIST, FORMLOOM_BUILDER_DIST } = process.env;
  const built = configFromEnv({ FORMLOOM_RUNTIME_DIST, FORMLOOM_BUILDER_DIST });
  for (const dist of [built.runtimeDist!, built.builderDist!]) {
    if (!fs.existsSync(path.join(dist, 'index.html'))) throw new Error(`Build the front-ends first (npm test does): ${dist}`);
  }
  return startTestServer('sqlite', { runtimeDist: built.runtimeDist, builderDist: built.builderDist });
}

/** Signs the admin in through the runtime's sign-in page (English UI) and waits for the app list. */
export async function signIn(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your apps' }).waitFor();
}

/** The admin pages are looked at in both languages, on a desktop and on a phone. */
export const LOCALE_CASES = [
  { locale: 'en', width: 1280, height: 900 },
  { locale: 'en', width: 360, height: 760 },
  { locale: 'zh-Hant', width: 1280, height: 900 },
  { locale: 'zh-Hant', width: 360, height: 760 },
] as const;
export type LocaleCase = (typeof LOCALE_CASES)[number];

/** A translation with its {{placeholders}} filled, as i18next shows it: what a test expects on the page. */
export const interpolate = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? `{{${k}}}`));

/** Fails when the page scrolls sideways, naming what sticks out. */
export async function expectNoSideScroll(page: Page): Promise<void> {
  const widths = (await page.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]')) as number[];
  const wide = (await page.evaluate(
    `[...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).slice(0, 5).map((e) => e.tagName + '.' + e.className)`,
  )) as string[];
  expect(widths[0], `no horizontal scroll (${wide.join(', ')})`).toBeLessThanOrEqual(widths[1]!);
}
