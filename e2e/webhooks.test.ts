import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../server/src/config.ts';
import en from '../runtime/src/i18n/en.json' with { type: 'json' };
import zh from '../runtime/src/i18n/zh-Hant.json' with { type: 'json' };
import { adminClient, publishedForm, startTestServer, type Client, type TestServer } from '../server/test/helpers.ts';
import { Receiver } from '../server/test/receiver.ts';
import { expectNoSideScroll, interpolate, launchChromium, LOCALE_CASES, signIn } from './browser.ts';

/** Screenshots go to FORMLOOM_SHOTS_DIR or the e2e screenshots folder. */
const SHOTS = process.env.FORMLOOM_SHOTS_DIR ?? new URL('./screenshots/', import.meta.url).pathname;

const ORDER_SCHEMA = {
  type: 'object',
  title: 'Order',
  required: ['customer'],
  properties: {
    customer: { type: 'string', title: 'Customer' },
    amount: { type: 'number', title: 'Amount' },
  },
};

/** The real server with the built front-ends, its dispatcher driven by the test (no timer) and loopback receivers allowed. */
async function startServer(): Promise<TestServer> {
  const { FORMLOOM_RUNTIME_DIST, FORMLOOM_BUILDER_DIST } = process.env;
  const built = configFromEnv({ FORMLOOM_RUNTIME_DIST, FORMLOOM_BUILDER_DIST });
  for (const dist of [built.runtimeDist!, built.builderDist!]) {
    if (!fs.existsSync(path.join(dist, 'index.html'))) throw new Error(`Build the front-ends first (npm test does): ${dist}`);
  }
  const interval = process.env.FORMLOOM_DISPATCH_INTERVAL_MS;
  process.env.FORMLOOM_DISPATCH_INTERVAL_MS = '0'; // read when the dispatcher is made, at start
  try {
    return await startTestServer('sqlite', {
      runtimeDist: built.runtimeDist,
      builderDist: built.builderDist,
      webhookAllowHosts: ['127.0.0.1'],
    });
  } finally {
    if (interval === undefined) delete process.env.FORMLOOM_DISPATCH_INTERVAL_MS;
    else process.env.FORMLOOM_DISPATCH_INTERVAL_MS = interval;
  }
}

async function submit(client: Client, formId: string, data: Record<string, unknown>): Promise<string> {
  const res = await client.post(`/api/forms/${formId}/submissions`, { data });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('webhooks in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const c of LOCALE_CASES) {
    it(`creates a webhook, sees the secret, a delivery, a failure and a replay (${c.locale}, ${c.width} px)`, async () => {
      const I = (c.locale === 'en' ? en : zh).integrations;
      const W = (c.locale === 'en' ? en : zh).webhooks;
      const receiver = await new Receiver().start();
      const server = await startServer();
      const context = await browser.newContext({ viewport: { width: c.width, height: c.height }, locale: 'en-GB' });
      const page = await context.newPage();
      const problems: string[] = [];
      // 401 before signing in, 422 for the broken template the test previews on purpose.
      page.on('console', (m) => m.type() === 'error' && !/status of (401|422)/.test(m.text()) && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(String(e)));
      const shot = async (name: string) => {
        await page.evaluate('window.scrollTo(0, 0)');
        await page.screenshot({ path: path.join(SHOTS, `h3-webhooks-${name}-${c.locale}-${c.width}.png`), fullPage: true });
      };
      try {
        const admin = await adminClient(server);
        const { formId } = await publishedForm(admin, ORDER_SCHEMA);
        const first = await submit(admin, formId, { customer: 'Wing On Trading', amount: 1280 });
        await server.app.dispatcher.drain(); // its event passes before any webhook exists

        await signIn(page, server.url);
        if (c.locale !== 'en') {
          await page.evaluate(`localStorage.setItem('formloom.locale', '${c.locale}')`);
          await page.reload();
        }
        // The header's link (on a phone the nav scrolls to it).
        await page.getByRole('link', { name: I.link, exact: true }).click();
        await page.getByRole('heading', { name: I.title, level: 1 }).waitFor();
        await page.getByText(W.list.empty).waitFor();
        await page.getByRole('link', { name: W.new }).click();

        // The editor: receiver, scope (app then form), events, and a preview with the real submission.
        const urlInput = page.getByLabel(W.editor.url, { exact: true });
        await urlInput.fill(`${receiver.url}/hook`);
        await page.getByLabel(W.editor.description).fill('Orders to the ERP');
        await page.getByLabel(W.editor.app, { exact: true }).selectOption({ label: 'Test app' });
        await page.getByLabel(W.editor.form, { exact: true }).selectOption(formId);
        expect(await page.getByRole('checkbox', { name: new RegExp(W.events.types.submission.created) }).isChecked()).toBe(true);

        // Only orders of 100 or more, built from the form's fields.
        await page.getByRole('button', { name: W.filter.add }).click();
        await page.getByLabel(W.filter.field, { exact: true }).selectOption({ label: 'Amount' });
        await page.getByLabel(W.filter.operator, { exact: true }).selectOption('gte');
        await page.getByLabel(W.filter.value, { exact: true }).fill('100');

        // A template the server's Handlebars refuses: said at the template; then one it renders, previewed.
        const previewButton = page.getByRole('button', { name: W.preview.run, exact: true });
        const previewBody = page.getByTestId('webhook-preview-body');
        await page.getByRole('radio', { name: new RegExp(W.payload.template.replace(/[()（）]/g, '.')) }).check();
        const template = page.getByLabel(W.payload.templateLabel, { exact: true });
        await template.fill('{"customer": "{{submission.data.customer"}');
        await previewButton.click();
        await expect.poll(() => template.getAttribute('aria-invalid')).toBe('true');
        await template.fill('{"customer": "{{submission.data.customer}}", "event": "{{type}}"}');
        await previewButton.click();
        await expect.poll(async () => (await previewBody.isVisible()) && previewBody.innerText()).toContain('Wing On Trading');
        expect(JSON.parse(await previewBody.innerText())).toEqual({ customer: 'Wing On Trading', event: 'submission.created' });
        expect(await template.getAttribute('aria-invalid')).toBeNull();
        await page.getByText(W.preview.matches).waitFor(); // 1,280 passes "amount ≥ 100"
        await shot('2-editor-preview');
        await expectNoSideScroll(page);

        // Back to the standard JSON (what the receiver below checks), previewed with the real submission.
        await page.getByRole('radio', { name: new RegExp(W.payload.canonical) }).check();
        await previewButton.click();
        await expect.poll(async () => (await previewBody.innerText()).includes('"submission"')).toBe(true);
        expect(JSON.parse(await previewBody.innerText())).toMatchObject({
          type: 'submission.created',
          submission: { id: first, data: { customer: 'Wing On Trading', amount: 1280 } },
        });

        await page.getByRole('button', { name: W.editor.create }).click();
        await page.getByRole('heading', { name: W.secret.onceTitle }).waitFor();
        const secret = await page.getByTestId('webhook-secret').innerText();
        expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
        receiver.setSecret(secret); // the receiver verifies with the official standardwebhooks package
        await page.getByRole('button', { name: W.secret.copy, exact: true }).waitFor();
        await shot('3-created-secret');
        await expectNoSideScroll(page);
        const webhookId = page.url().split('/').pop()!;

        // A small order does not pass the filter; a large one reaches the receiver, signed; the log shows it.
        await submit(admin, formId, { customer: 'Small order', amount: 12 });
        await server.app.dispatcher.drain();
        expect(receiver.received).toHaveLength(0);
        await submit(admin, formId, { customer: '永安貿易', amount: 880 });
        await server.app.dispatcher.drain();
        expect(receiver.received).toHaveLength(1);
        expect(receiver.received[0].verified).toBe(true);
        expect(JSON.parse(receiver.received[0].body)).toMatchObject({
          type: 'submission.created',
          submission: { data: { customer: '永安貿易' } },
        });

        await page.getByRole('tab', { name: W.editor.tabs.deliveries }).click();
        const log = page.getByRole('list', { name: W.log.title });
        await log.waitFor();
        const rows = log.locator('> li');
        await expect.poll(() => rows.count()).toBe(1);
        expect(await rows.first().getAttribute('data-status')).toBe('succeeded');
        expect(await rows.first().innerText()).toContain('HTTP 200');

        // The receiver fails: the delivery is failed (retry pending); the log says so after a refresh.
        receiver.respond = () => ({ status: 500, body: 'database is down' });
        await submit(admin, formId, { customer: 'Kowloon Bakery', amount: 450 });
        await server.app.dispatcher.runOnce();
        await page.getByRole('button', { name: W.log.refresh }).click();
        await expect.poll(() => rows.count()).toBe(2);
        const failed = rows.first();
        expect(await failed.getAttribute('data-status')).toBe('failed');
        expect(await failed.innerText()).toContain('HTTP 500');
        expect(await failed.innerText()).toContain(W.log.statuses.failed);
        await failed.getByRole('button', { name: W.log.details }).click();
        await failed.getByText('database is down').waitFor();
        await shot('4-log-failed');
        await expectNoSideScroll(page);

        // It comes back; Replay sends the failed one now (same webhook-id), and the log shows it delivered.
        receiver.respond = () => ({ status: 200 });
        await failed.getByRole('button', { name: W.log.replay, exact: true }).click();
        await failed.getByText(W.log.replayed).waitFor();
        await server.app.dispatcher.drain();
        const ids = receiver.received.map((r) => r.id);
        expect(ids).toHaveLength(3);
        expect(ids[2]).toBe(ids[1]);
        expect(receiver.received[2].verified).toBe(true);
        await page.getByRole('button', { name: W.log.refresh }).click();
        await expect.poll(async () => rows.first().getAttribute('data-status')).toBe('succeeded');
        expect(await rows.first().innerText()).toContain(interpolate(W.log.attempts_other, { count: 2 }));

        // Replay failed since: nothing failed remains.
        await page.getByRole('button', { name: W.log.replayFailed.run }).click();
        await page.getByText(W.log.replayFailed.none).waitFor();
        await rows.first().getByRole('button', { name: W.log.details }).click();
        await rows
          .first()
          .getByText(interpolate(W.log.attempt, { n: 2 }))
          .waitFor();
        await shot('5-log-replayed');
        await expectNoSideScroll(page);

        // The list: the webhook with its last 24 hours.
        await page.getByRole('link', { name: W.editor.back }).click();
        const row = page.locator(`tr[data-webhook="${webhookId}"]`);
        await row.waitFor();
        expect(await row.innerText()).toContain('Orders to the ERP');
        expect(await row.innerText()).toContain(interpolate(W.list.stats, { succeeded: 2, failed: 0 }));
        await shot('1-list');
        await expectNoSideScroll(page);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
        await server.close();
        await receiver.stop();
      }
    }, 90_000);
  }
});
