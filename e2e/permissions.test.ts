import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../runtime/src/i18n/en.json' with { type: 'json' };
import zh from '../runtime/src/i18n/zh-Hant.json' with { type: 'json' };
import { ADMIN, Client, type TestServer } from '../server/test/helpers.ts';
import { expectNoSideScroll, interpolate, launchChromium, LOCALE_CASES, signIn, startServerWithFrontends } from './browser.ts';

const SHOTS = process.env.FORMLOOM_SHOTS_DIR ?? new URL('./screenshots/', import.meta.url).pathname;

const schema = {
  type: 'object',
  title: 'Staff record',
  properties: {
    name: { type: 'string', title: 'Name' },
    hkid: { type: 'string', title: 'HKID' },
    notes: { type: 'string', title: 'Notes' },
  },
};

describe('app permissions page in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const c of LOCALE_CASES) {
    it(`gives a department "view department", marks HKID sensitive for it, and a viewer loses the column (${c.locale}, ${c.width} px)`, async () => {
      const T = (c.locale === 'en' ? en : zh).permissions;
      const server: TestServer = await startServerWithFrontends();
      const api = await new Client(server.url).login(ADMIN.email, ADMIN.password);
      const app = (await api.post('/api/apps', { name: 'HR records' })).body;
      const form = (await api.post(`/api/apps/${app.id}/forms`, { name: 'Staff record', schema })).body;
      expect((await api.post(`/api/forms/${form.id}/publish`)).status).toBe(201);
      const hr = (await api.post('/api/departments', { name: { en: 'Human Resources', 'zh-Hant': '人力資源部' } })).body;
      const context = await browser.newContext({ viewport: { width: c.width, height: c.height }, locale: 'en-GB' });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && !/401|403/.test(m.text()) && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(String(e)));
      const shot = async (name: string) => {
        await page.evaluate('window.scrollTo(0, 0)');
        await page.screenshot({ path: path.join(SHOTS, `permissions-${name}-${c.locale}-${c.width}.png`), fullPage: true });
      };
      try {
        await signIn(page, server.url);
        if (c.locale !== 'en') {
          await page.evaluate(`localStorage.setItem('formloom.locale', '${c.locale}')`);
          await page.reload();
        }
        await page.goto(`${server.url}/apps/${app.id}`);
        await page.getByRole('link', { name: interpolate(T.linkNamed, { name: 'HR records' }) }).click();
        await page.getByRole('heading', { name: T.title, level: 1 }).waitFor();
        const sets = page.locator('section.fl-perm-sets');
        await sets.locator('table tbody tr').first().waitFor();

        // A new row for the HR department, with "view department" and "export".
        await sets.getByLabel(T.who.kind, { exact: true }).selectOption('department');
        await sets.getByLabel(T.who.department, { exact: true }).selectOption(hr.id);
        await sets.getByRole('button', { name: T.sets.add }).click();
        const who = interpolate(T.who.departmentIs, { name: c.locale === 'en' ? 'Human Resources' : '人力資源部' });
        const box = (perm: 'view_department' | 'export' | 'fill') =>
          sets.getByRole('checkbox', { name: interpolate(T.sets.checkbox, { who, permission: T.perm[perm].label }) });
        await box('fill').uncheck();
        await box('view_department').check();
        await box('export').check();
        await sets.getByRole('button', { name: T.sets.save }).click();
        await sets.getByRole('status').getByText(T.saved).waitFor();
        const grants = (await api.get(`/api/apps/${app.id}/grants`)).body.grants;
        const hrGrant = grants.find((g: { principal: string }) => g.principal === `department:${hr.id}`);
        expect([...hrGrant.permissions].sort()).toEqual(['export', 'view_department']);

        // HKID: sensitive, seen by HR.
        const panel = page.locator('section.fl-perm-form');
        await panel.getByLabel(T.sensitive.field, { exact: true }).selectOption('hkid');
        await panel.getByRole('button', { name: T.sensitive.addField }).click();
        const rule = panel.locator('li.fl-perm-rule');
        await rule.getByLabel(T.who.kind, { exact: true }).selectOption('department');
        await rule.getByLabel(T.who.department, { exact: true }).selectOption(hr.id);
        await rule.getByRole('button', { name: T.sensitive.addWho }).click();
        await rule.getByText(who).waitFor();
        await panel.getByRole('button', { name: T.sensitive.save }).click();
        await panel.getByRole('status').getByText(T.saved).waitFor();
        expect((await api.get(`/api/forms/${form.id}/field-access`)).body.fields).toEqual([
          { field: 'hkid', visibleTo: [`department:${hr.id}`] },
        ]);
        await expectNoSideScroll(page);
        await shot('1-sets');
        if (c.width === 360) {
          // The permissions scroll sideways inside their card; who each row is for stays in view.
          const scroller = sets.locator('.fl-perm-scroll');
          // A string, not a function: tsx would wrap a function with helpers the page does not have.
          const scrolled = await page.evaluate(
            `(() => { const el = document.querySelector('.fl-perm-sets .fl-perm-scroll'); el.scrollLeft = el.scrollWidth; return el.scrollLeft; })()`,
          );
          expect(scrolled).toBeGreaterThan(100);
          const rowHead = sets.locator('tbody th').filter({ hasText: who });
          const [scrollerBox, headBox] = [await scroller.boundingBox(), await rowHead.boundingBox()];
          expect(Math.abs(headBox!.x - scrollerBox!.x)).toBeLessThan(2);
          await sets.screenshot({ path: path.join(SHOTS, `permissions-1-sets-scrolled-${c.locale}-${c.width}.png`) });
        }

        // Someone with "view all" but not in HR, and without export: no HKID column or filter, no download buttons.
        const email = `viewer-${c.locale}-${c.width}@example.com`;
        const viewer = (await api.post('/api/users', { email, name: 'Viewer', password: 'a-long-password-1', role: 'member' })).body;
        await api.put(`/api/apps/${app.id}/grants`, { grants: [...grants, { principal: viewer.id, permissions: ['view_all'] }] });
        await api.post(`/api/forms/${form.id}/submissions`, { data: { name: 'Chan Tai Man', hkid: 'A123456(7)', notes: 'ok' } });
        const viewerContext = await browser.newContext({ viewport: { width: c.width, height: c.height }, locale: 'en-GB' });
        const viewerPage = await viewerContext.newPage();
        await viewerPage.goto(`${server.url}/login`);
        await viewerPage.getByLabel('Email').fill(email);
        await viewerPage.getByLabel('Password').fill('a-long-password-1');
        await viewerPage.getByRole('button', { name: 'Sign in' }).click();
        await viewerPage.getByRole('heading', { name: 'Your apps' }).waitFor();
        if (c.locale !== 'en') {
          await viewerPage.evaluate(`localStorage.setItem('formloom.locale', '${c.locale}')`);
        }
        await viewerPage.goto(`${server.url}/f/${form.id}/submissions`);
        await viewerPage.getByText('Chan Tai Man').first().waitFor();
        const text = await viewerPage.locator('main').innerText();
        expect(text).not.toContain('A123456');
        expect(text).not.toContain('HKID');
        const strings = c.locale === 'en' ? en : zh;
        expect(await viewerPage.getByRole('link', { name: strings.submissions.downloadCsv }).count()).toBe(0);
        // The viewer is not a manager: no permissions link on the app page.
        await viewerPage.goto(`${server.url}/apps/${app.id}`);
        await viewerPage.getByRole('heading', { name: 'HR records' }).waitFor();
        expect(await viewerPage.getByRole('link', { name: interpolate(T.linkNamed, { name: 'HR records' }) }).count()).toBe(0);
        await viewerPage.goto(`${server.url}/f/${form.id}/submissions`);
        await viewerPage.getByText('Chan Tai Man').first().waitFor();
        await viewerPage.screenshot({ path: path.join(SHOTS, `permissions-2-viewer-${c.locale}-${c.width}.png`), fullPage: true });
        await viewerContext.close();
        expect(problems).toEqual([]);
      } catch (err) {
        console.log(
          await page.evaluate(
            `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 8).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('\\n')`,
          ),
        );
        await shot('failed').catch(() => undefined);
        throw err;
      } finally {
        await context.close();
        await server.close();
      }
    }, 120_000);
  }
});
