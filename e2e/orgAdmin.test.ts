import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../runtime/src/i18n/en.json' with { type: 'json' };
import zh from '../runtime/src/i18n/zh-Hant.json' with { type: 'json' };
import { ADMIN, Client, type TestServer } from '../server/test/helpers.ts';
import { expectNoSideScroll, interpolate, launchChromium, LOCALE_CASES, signIn, startServerWithFrontends } from './browser.ts';

/** Screenshots go to the org helper's folder (FORMLOOM_SHOTS_DIR) or the e2e screenshots folder. */
const SHOTS = process.env.FORMLOOM_SHOTS_DIR ?? new URL('./screenshots/', import.meta.url).pathname;

const HEADER = 'email,name,department,manager,positions,role,locale';
/** An org chart as Excel saves "CSV UTF-8": a BOM, CRLF, Chinese names; line 3's manager is not in the file. */
function orgCsv(fixed: boolean) {
  const lines = [
    HEADER,
    'wong@example.com,黃小明,Operations,,Operations Manager,builder,zh-Hant',
    `chan@example.com,陳大文,Operations/Warehouse,${fixed ? 'wong@example.com' : 'wong@example.con'},Storekeeper;Driver,,zh-Hant`,
    'lee@example.com,Lee Ka Ho,Operations/Warehouse,chan@example.com,Storekeeper,,en',
    'ng@example.com,Ng Mei Ling,Finance,,Accountant,member,',
  ];
  return { name: 'org.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`) };
}

describe('organization admin page in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const c of LOCALE_CASES) {
    it(`imports a CSV with a bad row, fixes it, imports, sees the tree and edits a person (${c.locale}, ${c.width} px)`, async () => {
      const T = (c.locale === 'en' ? en : zh).admin;
      const server: TestServer = await startServerWithFrontends();
      const context = await browser.newContext({ viewport: { width: c.width, height: c.height }, locale: 'en-GB' });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && !/401/.test(m.text()) && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(String(e)));
      const shot = async (name: string) => {
        await page.evaluate('window.scrollTo(0, 0)');
        await page.screenshot({ path: path.join(SHOTS, `org-${name}-${c.locale}-${c.width}.png`), fullPage: true });
      };
      try {
        await signIn(page, server.url);
        if (c.locale !== 'en') {
          await page.evaluate(`localStorage.setItem('formloom.locale', '${c.locale}')`);
          await page.reload();
        }
        // The header's link (on a phone the nav may scroll; the link is there either way).
        await page.getByRole('link', { name: T.link }).click();
        await page.getByRole('heading', { name: T.title, level: 1 }).waitFor();
        await page.getByText(T.departments.none).waitFor();
        await shot('1-empty');

        await page.getByRole('tab', { name: T.tabs.import }).click();
        const file = page.getByLabel(T.import.file, { exact: true });
        await file.setInputFiles(orgCsv(false));
        await page.getByRole('button', { name: T.import.check }).click();
        const badRow = page.locator('tr[data-line="3"]');
        await badRow.waitFor();
        const message = interpolate(T.import.error.manager_unknown, { email: 'wong@example.con' });
        expect(await badRow.innerText()).toContain(message);
        await page.getByText(interpolate(T.import.summaryError_one, { count: 1 }), { exact: true }).waitFor();
        const runButton = page.getByRole('button', { name: interpolate(T.import.run_other, { count: 3 }) });
        expect(await runButton.isDisabled()).toBe(true);
        await expectNoSideScroll(page);
        await shot('2-preview-error');
        expect(await server.app.db('users').count({ n: '*' }).first()).toMatchObject({ n: 1 });

        await file.setInputFiles(orgCsv(true));
        await page.getByRole('button', { name: T.import.check }).click();
        const importAll = page.getByRole('button', { name: interpolate(T.import.run_other, { count: 4 }) });
        await importAll.waitFor();
        await page
          .getByText(
            interpolate(T.import.departmentsToCreate, { list: ['Operations', 'Operations/Warehouse', 'Finance'].join(T.listSeparator) }),
          )
          .waitFor();
        await shot('3-preview-ready');
        await importAll.click();
        await page.getByText(interpolate(T.import.done, { created: 4, updated: 0, departments: 3 })).waitFor();

        // The tree: Finance and Operations at the top, Warehouse inside Operations.
        const tree = page.getByRole('list', { name: T.departments.title });
        await tree.waitFor();
        const rows = tree.locator('> li');
        await expect.poll(() => rows.count()).toBe(3);
        expect(await rows.evaluateAll((lis) => lis.map((li) => `${li.getAttribute('data-depth')}:${li.textContent}`))).toEqual([
          expect.stringMatching(/^0:.*Finance/),
          expect.stringMatching(/^0:.*Operations/),
          expect.stringMatching(/^1:.*Warehouse/),
        ]);
        await expectNoSideScroll(page);
        await shot('4-tree');

        // Give Operations a Chinese name and 黃小明 as its head, with the people picker.
        await tree.getByRole('button', { name: interpolate(T.departments.editNamed, { name: 'Operations' }) }).click();
        await page.getByLabel(T.departments.nameZh).fill('營運部');
        const head = page.getByRole('combobox', { name: T.departments.headLabel });
        await head.fill('黃');
        await page.getByRole('option', { name: /黃小明/ }).waitFor();
        await head.press('ArrowDown');
        await head.press('Enter');
        await shot('5-department-edit');
        await page.getByRole('button', { name: T.save }).click();
        const wong = await server.app.db('users').where({ email: 'wong@example.com' }).first();
        await expect
          .poll(async () => (await server.app.db('departments').where({ name: 'Operations' }).first()).head_user_id)
          .toBe(wong.id);
        await tree.getByText(interpolate(T.departments.head, { name: '黃小明' })).waitFor();

        // People: cards on a phone, a table on a desk; set Ng's manager and a position.
        await page.getByRole('tab', { name: T.tabs.people }).click();
        await page.getByText(interpolate(T.people.count_other, { count: 5 })).waitFor();
        await expectNoSideScroll(page);
        await shot('6-people');
        await page.getByRole('button', { name: interpolate(T.people.editNamed, { name: 'Ng Mei Ling' }) }).click();
        const manager = page.getByRole('combobox', { name: T.people.manager });
        await manager.fill('lee');
        await page.getByRole('option', { name: /Lee Ka Ho/ }).click();
        await page.getByLabel(T.people.addPosition).fill('Payroll');
        await page.getByRole('button', { name: T.people.add, exact: true }).click();
        await expectNoSideScroll(page);
        await shot('7-person-edit');
        const editBox = await page.getByRole('button', { name: T.save }).boundingBox();
        expect(editBox!.height, 'a 44 px tap target').toBeGreaterThanOrEqual(c.width <= 600 ? 44 : 40);
        await page.getByRole('button', { name: T.save }).click();
        const lee = await server.app.db('users').where({ email: 'lee@example.com' }).first();
        await expect.poll(async () => (await server.app.db('users').where({ email: 'ng@example.com' }).first()).manager_id).toBe(lee.id);
        const positions = await server.app
          .db('user_roles')
          .join('users', 'users.id', 'user_roles.user_id')
          .where('users.email', 'ng@example.com')
          .select('user_roles.role as position');
        expect(positions.map((p: { position: string }) => p.position).sort()).toEqual(['Accountant', 'Payroll']);
        expect(problems, 'no script errors and no Content-Security-Policy violations').toEqual([]);
      } finally {
        await context.close();
        await server.close();
      }
    });
  }

  it('offers the person field in the designer, whose preview searches the directory', async () => {
    const server = await startServerWithFrontends();
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    try {
      const admin = await new Client(server.url).login(ADMIN.email, ADMIN.password);
      await admin.post('/api/users', { email: 'chan@example.com', name: '陳大文', password: 'a-long-password-1' });
      const app = (await admin.post('/api/apps', { name: 'Leave' })).body;
      const form = (await admin.post(`/api/apps/${app.id}/forms`, { name: 'Leave request', schema: { type: 'object', properties: {} } }))
        .body;
      await signIn(page, server.url);
      await page.goto(`${server.url}/builder/forms/${form.id}`);
      await page.getByRole('button', { name: 'Add Person' }).click();
      await page.getByRole('button', { name: 'Preview', exact: true }).click();
      const box = page.getByRole('combobox', { name: /Person/ });
      await box.fill('陳');
      await page.getByRole('option', { name: /陳大文/ }).click();
      expect(await box.inputValue()).toBe('陳大文');
      await page.screenshot({ path: path.join(SHOTS, 'org-designer-person-en-1280.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      await server.close();
    }
  });

  for (const c of [
    { locale: 'zh-Hant', width: 360, height: 740 },
    { locale: 'en', width: 1280, height: 860 },
  ] as const) {
    it(`fills a person field on the phone and desk, by name search, and stores the person's id (${c.locale}, ${c.width} px)`, async () => {
      const server = await startServerWithFrontends();
      const context = await browser.newContext({ viewport: { width: c.width, height: c.height }, locale: 'en-GB' });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(String(e)));
      try {
        const admin = await new Client(server.url).login(ADMIN.email, ADMIN.password);
        const ops = (await admin.post('/api/departments', { name: { en: 'Operations', 'zh-Hant': '營運部' } })).body;
        for (const [email, name] of [
          ['chan@example.com', '陳大文'],
          ['chan.siu@example.com', '陳小美'],
          ['lee@example.com', 'Lee Ka Ho'],
        ]) {
          const made = await admin.post('/api/users', { email, name, password: 'a-long-password-1', departmentId: ops.id });
          expect(made.status).toBe(201);
        }
        const app = (await admin.post('/api/apps', { name: 'Leave' })).body;
        const schema = {
          type: 'object',
          title: 'Leave request',
          required: ['approver'],
          properties: { approver: { type: 'string', title: 'Approver' } },
        };
        const uiSchema = {
          approver: { 'ui:fieldType': 'person' },
          'ui:i18n': { 'zh-Hant': { '/schema/properties/approver/title': '審批人' } },
        };
        const form = (await admin.post(`/api/apps/${app.id}/forms`, { name: 'Leave request', schema, uiSchema })).body;
        expect((await admin.post(`/api/forms/${form.id}/publish`)).status).toBe(201);

        await signIn(page, server.url);
        if (c.locale !== 'en') await page.evaluate(`localStorage.setItem('formloom.locale', '${c.locale}')`);
        await page.goto(`${server.url}/f/${form.id}`);
        const box = page.getByRole('combobox', { name: c.locale === 'en' ? /Approver/ : /審批人/ });
        await box.fill('陳');
        await page.getByRole('option', { name: /陳小美/ }).waitFor();
        const people = page.getByRole('listbox').getByRole('option');
        expect(await people.count()).toBe(2);
        const option = await people.first().boundingBox();
        expect(option!.height, 'a 44 px tap target').toBeGreaterThanOrEqual(44);
        await expectNoSideScroll(page);
        await page.screenshot({ path: path.join(SHOTS, `org-person-field-${c.locale}-${c.width}.png`), fullPage: true });
        await box.press('ArrowDown');
        await box.press('ArrowDown');
        await box.press('Enter');
        expect(await box.inputValue()).toBe('陳小美');
        await page.getByRole('button', { name: c.locale === 'en' ? 'Submit' : '提交' }).click();
        const stored = async () => (await server.app.db('submissions').where({ form_id: form.id }).first())?.data;
        await expect.poll(stored).toBeTruthy();
        const siu = await server.app.db('users').where({ email: 'chan.siu@example.com' }).first();
        expect(JSON.parse(await stored())).toEqual({ approver: siu.id });
        expect(problems).toEqual([]);
      } finally {
        await context.close();
        await server.close();
      }
    });
  }
});
