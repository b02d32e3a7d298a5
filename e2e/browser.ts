import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
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
