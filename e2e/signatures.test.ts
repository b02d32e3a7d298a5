// Certificate-backed e-signatures in Chromium against the real server: an admin trusts the test CA on
// /admin/signatures; a person signs a form's answers with a PKCS#12 file opened in the page (the file and
// its password never leave it: every request body is recorded and searched), submits, downloads the signed
// PDF and verifies it on /verify; an expired certificate is refused in words; a two-step flow whose nodes
// require a signature is signed and approved in order. Screenshots at 360 and 1280 px in en and zh-Hant.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, adminClient, ADMIN, type TestServer } from '../server/test/helpers.ts';
import { makeTestPki, type TestPki, type TestSigner } from '../server/test/fakes/pki.ts';
import { launchChromium, SCREENSHOT_DIR, startServerWithFrontends } from './browser.ts';

const PASSWORD = 'a-long-password-1';
const WIDTHS = [360, 1280] as const;
const LOCALES = ['en', 'zh-Hant'] as const;

const loanForm = {
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    title: 'Laptop loan',
    required: ['item', 'days', 'signature'],
    properties: {
      item: { type: 'string', title: 'Item', minLength: 1 },
      days: { type: 'integer', title: 'Days', minimum: 1 },
      signature: {
        type: 'object',
        title: 'Borrower signature',
        properties: { signatureId: { type: 'string', minLength: 1, maxLength: 100 } },
        required: ['signatureId'],
        additionalProperties: false,
      },
    },
  },
  uiSchema: {
    'ui:order': ['item', 'days', 'signature'],
    item: { 'ui:fieldType': 'text' },
    days: { 'ui:fieldType': 'number' },
    signature: { 'ui:fieldType': 'digitalSignature' },
    'ui:i18n': {
      'zh-Hant': {
        '/schema/title': '借用手提電腦',
        '/schema/properties/item/title': '物品',
        '/schema/properties/days/title': '日數',
        '/schema/properties/signature/title': '借用人簽署',
      },
    },
  },
};

const purchaseForm = {
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    title: 'Purchase request',
    required: ['item', 'amount'],
    properties: {
      item: { type: 'string', title: 'Item', minLength: 1 },
      amount: { type: 'number', title: 'Amount', minimum: 0, multipleOf: 0.01 },
    },
  },
  uiSchema: { 'ui:order': ['item', 'amount'], item: { 'ui:fieldType': 'text' }, amount: { 'ui:fieldType': 'money' } },
};

/** Two approvers in order, each signing with their own certificate. */
const signedFlow = (firstId: string, secondId: string) => ({
  version: 1,
  nodes: [
    {
      id: 'manager',
      type: 'approval',
      name: { en: 'Manager', 'zh-Hant': '經理' },
      approvers: [{ kind: 'user', userId: firstId }],
      mode: 'any',
      requireSignature: true,
    },
    {
      id: 'director',
      type: 'approval',
      name: { en: 'Director', 'zh-Hant': '總監' },
      approvers: [{ kind: 'user', userId: secondId }],
      mode: 'any',
      requireSignature: true,
    },
  ],
});

interface Person {
  id: string;
  email: string;
  password: string;
  name: string;
}

async function createPerson(admin: Client, name: string): Promise<Person> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}-${Math.random().toString(36).slice(2, 7)}@example.com`;
  const res = await admin.post('/api/users', { email, name, password: PASSWORD, role: 'member' });
  if (res.status !== 201) throw new Error(`create user: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, email, password: PASSWORD, name };
}

async function formWith(admin: Client, name: string, doc: object, workflow?: object): Promise<{ appId: string; formId: string }> {
  const app = await admin.post('/api/apps', { name });
  const form = await admin.post(`/api/apps/${app.body.id}/forms`, { name, ...doc });
  if (form.status !== 201) throw new Error(`create form: ${form.status} ${JSON.stringify(form.body)}`);
  if (workflow) {
    const saved = await admin.put(`/api/forms/${form.body.id}`, { workflow }, { headers: { 'if-match': form.headers.get('etag')! } });
    if (saved.status !== 200) throw new Error(`save flow: ${saved.status} ${JSON.stringify(saved.body)}`);
  }
  const published = await admin.post(`/api/forms/${form.body.id}/publish`);
  if (published.status !== 201) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  return { appId: app.body.id, formId: form.body.id };
}

/** Every request body the page sends, to check that no certificate file or password is among them. */
interface Recorded {
  url: string;
  body: Buffer | null;
}

async function signedInPage(
  browser: Browser,
  server: TestServer,
  who: { email: string; password: string },
  width: number,
  locale: 'en' | 'zh-Hant',
) {
  const context = await browser.newContext({
    viewport: { width, height: width === 360 ? 780 : 900 },
    locale: 'en-GB',
    acceptDownloads: true,
  });
  await context.addInitScript(`localStorage.setItem('formloom.locale', ${JSON.stringify(locale)})`);
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: Recorded[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('request', (r: Request) => requests.push({ url: r.url(), body: r.postDataBuffer() }));
  await page.goto(`${server.url}/login`);
  await page.locator('input[type="email"]').fill(who.email);
  await page.locator('input[type="password"]').fill(who.password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/');
  return { context, page, problems, requests };
}

/** The signer's .p12 as a file on disk, as a person would pick it. */
function p12File(dir: string, signer: TestSigner, name: string): string {
  const file = path.join(dir, `${name}.p12`);
  fs.writeFileSync(file, signer.p12);
  return file;
}

/** Opens the certificate in the signing dialog and signs. */
async function signInDialog(page: Page, file: string, password: string) {
  const dialog = page.locator('dialog.fl-signing');
  await dialog.waitFor();
  await dialog.locator('input[type="file"]').setInputFiles(file);
  await dialog.locator('input[type="password"]').fill(password);
  await dialog.locator('form.fl-signing__open button[type="submit"]').click();
  await dialog.locator('.fl-signing__certificate').waitFor();
  await dialog.locator('.fl-signing__preview').waitFor();
  return dialog;
}

function assertNoSecretsSent(requests: Recorded[], signer: TestSigner, password: string) {
  const p12 = Buffer.from(signer.p12);
  const needles = [Buffer.from(password), p12.subarray(0, 64), Buffer.from(p12.toString('base64').slice(0, 64))];
  const sent = requests.filter((r) => r.body && r.body.length > 0);
  expect(sent.length).toBeGreaterThan(0);
  for (const r of sent) for (const needle of needles) expect(r.body!.includes(needle), `${r.url} carries a secret`).toBe(false);
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `signatures-${name}.png`), fullPage: true });
const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

describe('e-signatures in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Client;
  let pki: TestPki;
  let tmp: string;
  let member: Person;
  let manager: Person;
  let director: Person;
  let loan: { appId: string; formId: string };
  let purchase: { appId: string; formId: string };
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser, pki] = await Promise.all([startServerWithFrontends(), launchChromium(), makeTestPki()]);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'formloom-esign-'));
    admin = await adminClient(server);
    member = await createPerson(admin, 'Wong Siu Ming');
    manager = await createPerson(admin, 'Chan Tai Man');
    director = await createPerson(admin, 'Ho Wing');
    loan = await formWith(admin, 'Laptop loan', loanForm);
    purchase = await formWith(admin, 'Purchase request', purchaseForm, signedFlow(manager.id, director.id));
    for (const f of [loan, purchase]) {
      await admin.put(`/api/apps/${f.appId}/grants`, { grants: [{ principal: member.id, permissions: ['fill', 'view_own'] }] });
    }
  }, 240_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the admin trusts the test CA on /admin/signatures', async () => {
    const a = await signedInPage(browser, server, { email: ADMIN.email, password: ADMIN.password }, 1280, 'en');
    contexts.push(a.context);
    await a.page.goto(`${server.url}/admin/signatures`);
    await a.page.getByRole('heading', { name: 'Trusted certificate authorities' }).waitFor();
    await a.page.getByText('No trusted roots yet').waitFor();
    const pem = path.join(tmp, 'root.pem');
    fs.writeFileSync(pem, pki.root.certPem);
    await a.page.getByTestId('trust-root-file').setInputFiles(pem);
    await a.page
      .getByRole('status')
      .getByText(/^Added /)
      .waitFor();
    const card = a.page.locator('.fl-trust__root');
    await card.waitFor();
    expect(await card.count()).toBe(1);
    expect(await card.locator('h3').textContent()).toContain(pki.root.name);
    for (const width of WIDTHS) {
      for (const locale of LOCALES) {
        const p = await signedInPage(browser, server, { email: ADMIN.email, password: ADMIN.password }, width, locale);
        contexts.push(p.context);
        await p.page.goto(`${server.url}/admin/signatures`);
        await p.page.locator('.fl-trust__root').waitFor();
        expect(await noSideScroll(p.page)).toBe(true);
        await shot(p.page, `trust-roots-${locale}-${width}`);
        await p.context.close();
      }
    }
    expect(a.problems).toEqual([]);
  }, 180_000);

  it('a person signs the form with a valid certificate, submits, downloads the signed PDF and verifies it', async () => {
    const signer = pki.signers.valid;
    const file = p12File(tmp, signer, 'valid');
    const m = await signedInPage(browser, server, member, 1280, 'en');
    contexts.push(m.context);
    await m.page.goto(`${server.url}/f/${loan.formId}`);
    await m.page.locator('#root_item').fill('ThinkPad X1');
    await m.page.locator('#root_days').fill('5');
    await m.page.getByRole('button', { name: 'Sign with my certificate' }).click();
    const dialog = await signInDialog(m.page, file, pki.password);
    expect(await dialog.locator('.fl-signing__certificate').textContent()).toContain(signer.commonName);
    await shot(m.page, 'dialog-en-1280');
    await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const field = m.page.locator('.fl-dsig');
    await field.getByText(`Signed by ${signer.commonName}`).waitFor();

    // Changing an answer lets the signature go; signing again brings it back.
    await m.page.locator('#root_days').fill('6');
    await field.getByText('The answers changed after you signed').waitFor();
    await m.page.getByRole('button', { name: 'Sign with my certificate' }).click();
    const again = await signInDialog(m.page, file, pki.password);
    await again.getByRole('button', { name: 'Sign', exact: true }).click();
    await again.waitFor({ state: 'detached' });
    await field.getByText(`Signed by ${signer.commonName}`).waitFor();

    await m.page.getByRole('button', { name: 'Submit' }).click();
    await m.page.getByRole('heading', { name: 'Thank you' }).or(m.page.locator('.fl-done')).first().waitFor();
    assertNoSecretsSent(m.requests, signer, pki.password);
    const completes = m.requests.filter((r) => /\/api\/signatures\/[^/]+\/complete$/.test(r.url));
    expect(completes.length).toBe(2);
    expect(Object.keys(JSON.parse(completes[0].body!.toString()))).toEqual(['cms']);

    // The record: the field's signer, the signatures section, the signed PDF.
    const memberApi = await new Client(server.url).login(member.email, PASSWORD);
    const list = await memberApi.get(`/api/forms/${loan.formId}/submissions`);
    const submissionId = list.body.items[0].id as string;
    for (const width of WIDTHS) {
      for (const locale of LOCALES) {
        const p = await signedInPage(browser, server, member, width, locale);
        contexts.push(p.context);
        await p.page.goto(`${server.url}/r/${submissionId}`);
        await p.page.locator('.fl-record-sigs__item').waitFor();
        await p.page.locator('.fl-sig-value').waitFor();
        expect(await noSideScroll(p.page)).toBe(true);
        await shot(p.page, `record-${locale}-${width}`);
        if (locale === 'zh-Hant' || width === 360) {
          // The signing dialog in this language and width, over the fill page.
          await p.page.goto(`${server.url}/f/${loan.formId}`);
          await p.page.locator('#root_item').fill('MacBook Air');
          await p.page.locator('#root_days').fill('2');
          await p.page.locator('.fl-dsig button').click();
          await signInDialog(p.page, file, pki.password);
          await shot(p.page, `dialog-${locale}-${width}`);
        }
        await p.context.close();
      }
    }
    await m.page.goto(`${server.url}/r/${submissionId}`);
    const section = m.page.locator('.fl-record-sigs');
    await section.getByText(`Signed by ${signer.commonName}`).waitFor();
    const [download] = await Promise.all([
      m.page.waitForEvent('download'),
      section.getByRole('link', { name: 'Download signed PDF' }).click(),
    ]);
    const pdfPath = path.join(tmp, 'signed.pdf');
    await download.saveAs(pdfPath);
    const pdf = fs.readFileSync(pdfPath);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.includes(Buffer.from('/ETSI.CAdES.detached'))).toBe(true);

    // /verify: valid, then the same PDF with one byte changed inside the signed content.
    const tampered = Buffer.from(pdf);
    // The binary comment on the header's second line: inside the signed range, harmless to a PDF parser.
    const at = tampered.indexOf(Buffer.from('\n%'), 5) + 2;
    expect(at).toBeGreaterThan(5);
    tampered[at] = tampered[at] ^ 0x01;
    const tamperedPath = path.join(tmp, 'tampered.pdf');
    fs.writeFileSync(tamperedPath, tampered);
    for (const width of WIDTHS) {
      for (const locale of LOCALES) {
        const p = await signedInPage(browser, server, member, width, locale);
        contexts.push(p.context);
        await p.page.goto(`${server.url}/verify`);
        await p.page.locator('.fl-verify__file').setInputFiles(pdfPath);
        await p.page.locator('.fl-verify__form button[type="submit"]').click();
        const verdict = p.page.locator('.fl-verify__verdict');
        await verdict.waitFor();
        expect(await verdict.getAttribute('data-valid')).toBe('true');
        if (locale === 'en') {
          expect(await verdict.textContent()).toContain('The signatures are valid');
          const card = p.page.locator('.fl-verify__sig');
          expect(await card.textContent()).toContain(signer.commonName);
          expect(await card.textContent()).toContain('The signed content has not changed');
          expect(await card.textContent()).toContain('The certificate leads to a trusted root');
        }
        expect(await noSideScroll(p.page)).toBe(true);
        await shot(p.page, `verify-valid-${locale}-${width}`);

        await p.page.locator('.fl-verify__file').setInputFiles(tamperedPath);
        await p.page.locator('.fl-verify__form button[type="submit"]').click();
        await p.page.locator('.fl-verify__verdict[data-valid="false"]').waitFor();
        if (locale === 'en') {
          expect(await p.page.locator('.fl-verify__sig').first().textContent()).toContain(
            'The signed content has changed since it was signed',
          );
        }
        await shot(p.page, `verify-tampered-${locale}-${width}`);
        await p.context.close();
      }
    }
    expect(m.problems).toEqual([]);
  }, 600_000);

  it('an expired certificate is refused in words, and another certificate can be used', async () => {
    const m = await signedInPage(browser, server, member, 360, 'en');
    contexts.push(m.context);
    await m.page.goto(`${server.url}/f/${loan.formId}`);
    await m.page.locator('#root_item').fill('Projector');
    await m.page.locator('#root_days').fill('1');
    await m.page.getByRole('button', { name: 'Sign with my certificate' }).click();
    const dialog = await signInDialog(m.page, p12File(tmp, pki.signers.expired, 'expired'), pki.password);
    await dialog.getByText(/This certificate expired on/).waitFor();
    await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
    await dialog
      .getByRole('alert')
      .getByText('This certificate has expired. Renew it with its authority, or use another certificate.')
      .waitFor();
    await shot(m.page, 'dialog-expired-en-360');

    // A wrong password is said in words too, in the page, before anything is sent.
    await dialog.getByRole('button', { name: 'Use another certificate' }).click();
    await dialog.locator('input[type="file"]').setInputFiles(p12File(tmp, pki.signers.valid, 'valid-2'));
    await dialog.locator('input[type="password"]').fill('not the password');
    await dialog.locator('form.fl-signing__open button[type="submit"]').click();
    await dialog.getByRole('alert').getByText('That password does not open this certificate file').waitFor();
    assertNoSecretsSent(m.requests, pki.signers.expired, pki.password);
    assertNoSecretsSent(m.requests, pki.signers.valid, 'not the password');
    expect(m.problems).toEqual([]);
  }, 180_000);

  it('a phone whose clock is days behind still signs, dated by the server’s clock', async () => {
    const m = await signedInPage(browser, server, member, 360, 'en');
    contexts.push(m.context);
    const threeDays = 3 * 24 * 60 * 60_000;
    await m.context.clock.setFixedTime(new Date(Date.now() - threeDays));
    expect(await m.page.evaluate('Date.now()')).toBeLessThan(Date.now() - threeDays + 60_000);
    await m.page.goto(`${server.url}/f/${loan.formId}`);
    await m.page.locator('#root_item').fill('Tablet');
    await m.page.locator('#root_days').fill('3');
    await m.page.getByRole('button', { name: 'Sign with my certificate' }).click();
    const dialog = await signInDialog(m.page, p12File(tmp, pki.signers.valid, 'valid-clock'), pki.password);
    const completed = m.page.waitForResponse((r) => /\/api\/signatures\/[^/]+\/complete$/.test(r.url()));
    await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
    const response = await completed;
    expect(response.status()).toBe(201);
    const signedAt = Date.parse(((await response.json()) as { signedAt: string }).signedAt);
    expect(Math.abs(signedAt - Date.now())).toBeLessThan(5 * 60_000);
    await dialog.waitFor({ state: 'detached' });
    await m.page.locator('.fl-dsig').getByText(`Signed by ${pki.signers.valid.commonName}`).waitFor();
    expect(m.problems).toEqual([]);
  }, 180_000);

  it('a two-step flow that requires signatures: each approver signs and approves in order', async () => {
    const memberApi = await new Client(server.url).login(member.email, PASSWORD);
    const made = await memberApi.post(`/api/forms/${purchase.formId}/submissions`, { data: { item: 'Office chairs', amount: 12800 } });
    expect(made.status).toBe(201);

    const steps: [Person, TestSigner, string][] = [
      [manager, pki.signers.valid, 'manager'],
      [director, pki.signers.second, 'director'],
    ];
    for (const [who, signer, name] of steps) {
      const a = await signedInPage(browser, server, who, name === 'manager' ? 1280 : 360, 'en');
      contexts.push(a.context);
      await a.page.goto(`${server.url}/inbox`);
      await a.page.getByRole('link', { name: /Purchase request/ }).click();
      // "Sign and approve" when the task says its node requires a signature; otherwise Approve meets the
      // server's 422 signature_required and the page opens the signing dialog the same way.
      const approve = a.page.getByRole('button', { name: /^(Sign and approve|Approve)$/ });
      await approve.waitFor();
      await approve.click();
      const dialog = await signInDialog(a.page, p12File(tmp, signer, name), pki.password);
      await shot(a.page, `task-dialog-${name}`);
      await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
      await a.page.getByText('Approved. The request moves on.').waitFor();
      assertNoSecretsSent(a.requests, signer, pki.password);
      expect(a.problems).toEqual([]);
    }

    const signatures = await memberApi.get(`/api/submissions/${made.body.id}/signatures`);
    expect(signatures.status).toBe(200);
    const approvals = (signatures.body.items as { purpose: string; signer: { commonName: string } }[]).filter(
      (s) => s.purpose === 'approval',
    );
    expect(approvals.map((s) => s.signer.commonName)).toEqual([pki.signers.valid.commonName, pki.signers.second.commonName]);

    // The record lists both; the latest PDF carries both signatures, intact.
    const r = await signedInPage(browser, server, member, 1280, 'en');
    contexts.push(r.context);
    await r.page.goto(`${server.url}/r/${made.body.id}`);
    await r.page.locator('.fl-record-sigs__item').nth(1).waitFor();
    expect(await r.page.locator('.fl-record-sigs__item').count()).toBe(2);
    await shot(r.page, 'record-approvals-en-1280');
    const latest = (signatures.body.items as { pdfUrl: string; purpose: string }[]).filter((s) => s.purpose === 'approval').at(-1)!;
    const pdf = await r.page.evaluate(async (url) => {
      const res = await fetch(url);
      return Array.from(new Uint8Array(await res.arrayBuffer()));
    }, latest.pdfUrl);
    const pdfPath = path.join(tmp, 'approvals.pdf');
    fs.writeFileSync(pdfPath, Buffer.from(pdf));
    await r.page.goto(`${server.url}/verify`);
    await r.page.locator('.fl-verify__file').setInputFiles(pdfPath);
    await r.page.locator('.fl-verify__form button[type="submit"]').click();
    await r.page.locator('.fl-verify__verdict[data-valid="true"]').waitFor();
    expect(await r.page.locator('.fl-verify__sig[data-intact="true"]').count()).toBe(2);
    await shot(r.page, 'verify-approvals-en-1280');
    expect(r.problems).toEqual([]);
  }, 300_000);
});
