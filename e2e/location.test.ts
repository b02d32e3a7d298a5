import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFieldTypes } from '../schemas/src/index.ts';
import { ADMIN, Client, type TestServer } from '../server/test/helpers.ts';
import { SCREENSHOT_DIR, launchChromium, startServerWithFrontends } from './browser.ts';

const DEPOT = { id: 'tm', name: { en: 'Tuen Mun Depot', 'zh-Hant': '屯門倉' }, lat: 22.3916, lng: 113.977 };
const YARD = { id: 'kb', name: { en: 'Kowloon Bay Yard', 'zh-Hant': '九龍灣貨場' }, lat: 22.3236, lng: 114.212, radius: 200 };
/** 60 m from the depot, with a good fix. */
const AT_DEPOT = { latitude: 22.3921, longitude: 113.9773, accuracy: 8 };
/** Tuen Mun ferry pier: about 2.5 km from the depot. */
const AT_PIER = { latitude: 22.3721, longitude: 113.9626, accuracy: 8 };

function checkInDoc(options: Record<string, unknown>) {
  return {
    schema: {
      type: 'object',
      title: 'Site check-in',
      required: ['where'],
      properties: {
        where: { ...defaultFieldTypes.getOrThrow('location').schema, title: 'Where are you?' },
        note: { type: 'string', title: 'Note' },
      },
    },
    uiSchema: {
      'ui:order': ['where', 'note'],
      'ui:i18n': {
        'zh-Hant': { '/schema/title': '地點簽到', '/schema/properties/where/title': '你在哪裏？', '/schema/properties/note/title': '備註' },
      },
      where: { 'ui:fieldType': 'location', 'ui:options': options },
    },
  };
}

describe('location field with a geofence in Chromium (360 px)', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Client;
  let rejecting: string;
  let flagging: string;

  const publish = async (options: Record<string, unknown>) => {
    const app = await admin.post('/api/apps', { name: 'Field visits' });
    const form = await admin.post(`/api/apps/${app.body.id}/forms`, { name: 'Site check-in', ...checkInDoc(options) });
    expect((await admin.post(`/api/forms/${form.body.id}/publish`)).status).toBe(201);
    return form.body.id as string;
  };
  const rowsOf = async (formId: string) => (await admin.get(`/api/forms/${formId}/submissions`)).body.items as { data: any; flags?: any }[];

  beforeAll(async () => {
    server = await startServerWithFrontends();
    browser = await launchChromium();
    admin = await new Client(server.url).login(ADMIN.email, ADMIN.password);
    rejecting = await publish({ sites: [DEPOT, YARD], maxAccuracy: 50 });
    flagging = await publish({ sites: [DEPOT, YARD], outsideFence: 'flag' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A phone at `position` that has allowed this site to read its location, signed in. */
  async function phoneAt(
    position: typeof AT_DEPOT | null,
    locale: 'en-GB' | 'zh-HK' = 'en-GB',
    width = 360,
  ): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const phone = width < 600;
    const context = await browser.newContext({ viewport: { width, height: phone ? 740 : 860 }, locale, hasTouch: phone, isMobile: phone });
    if (position) {
      await context.grantPermissions(['geolocation'], { origin: server.url });
      await context.setGeolocation(position);
    }
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    const login = await page.request.post(`${server.url}/api/auth/login`, { data: { email: ADMIN.email, password: ADMIN.password } });
    expect(login.status()).toBe(200);
    return { context, page, problems };
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `location-${name}.png`), fullPage: true });

  it('inside the fence: shows Inside with the nearest site and stores the check-in without flags', async () => {
    const { context, page, problems } = await phoneAt(AT_DEPOT);
    await page.goto(`${server.url}/f/${rejecting}`);
    await page.getByRole('button', { name: 'Get my location' }).click();
    const field = page.getByRole('group', { name: /Where are you/ });
    await field.getByText('Inside', { exact: true }).waitFor();
    expect(await field.textContent()).toMatch(/Tuen Mun Depot.*\d+ m away · fence 500 m/);
    expect(await field.textContent()).toContain('±8 m');
    const button = page.getByRole('button', { name: 'Try again' });
    const box = (await button.boundingBox())!;
    expect(box.height, 'a thumb-sized button').toBeGreaterThanOrEqual(48);
    await shot(page, 'inside-en-360');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { name: 'Thank you!' }).waitFor();
    const [row] = await rowsOf(rejecting);
    expect(row.data.where).toEqual({ lat: AT_DEPOT.latitude, lng: AT_DEPOT.longitude, accuracy: 8 });
    expect(row.flags).toBeUndefined();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('outside the fence: warns before sending, and the server’s 422 outside_geofence shows at the field; nothing is stored', async () => {
    const before = (await rowsOf(rejecting)).length;
    const { context, page } = await phoneAt(AT_PIER);
    await page.goto(`${server.url}/f/${rejecting}`);
    await page.getByRole('button', { name: 'Get my location' }).click();
    const field = page.getByRole('group', { name: /Where are you/ });
    await field.getByText('Outside', { exact: true }).waitFor();
    expect(await field.textContent()).toMatch(/Tuen Mun Depot.*2\.\d km away · fence 500 m/);
    const refused = page.waitForResponse((r) => r.url().endsWith(`/api/forms/${rejecting}/submissions`) && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Submit' }).click();
    const res = await refused;
    expect(res.status()).toBe(422);
    expect((await res.json()).code).toBe('outside_geofence');
    await page.getByText(/You were \d{4} m from Tuen Mun Depot, outside its 500 m fence/).waitFor();
    await shot(page, 'outside-en-360');
    expect(await rowsOf(rejecting)).toHaveLength(before);

    // Walking back to the depot and trying again clears the complaint and the check-in goes through.
    await context.setGeolocation(AT_DEPOT);
    await page.getByRole('button', { name: 'Try again' }).click();
    await field.getByText('Inside', { exact: true }).waitFor();
    expect(await page.getByText(/You were \d+ m from/).count()).toBe(0);
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { name: 'Thank you!' }).waitFor();
    expect(await rowsOf(rejecting)).toHaveLength(before + 1);
    await context.close();
  });

  it('in Traditional Chinese: the site’s own name, the badge and the server’s refusal', async () => {
    const { context, page } = await phoneAt(AT_PIER, 'zh-HK');
    await page.goto(`${server.url}/f/${rejecting}`);
    await page.getByRole('button', { name: '取得我的位置' }).click();
    const field = page.getByRole('group', { name: /你在哪裏/ });
    await field.getByText('範圍外', { exact: true }).waitFor();
    expect(await field.textContent()).toContain('屯門倉');
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText(/你當時距離屯門倉 \d{4} 米/).waitFor();
    await shot(page, 'outside-zh-360');
    await context.close();
  });

  it('flag mode (desktop): an outside check-in is stored, marked with the distance and the site', async () => {
    const { context, page } = await phoneAt(AT_PIER, 'en-GB', 1280);
    await page.goto(`${server.url}/f/${flagging}`);
    await page.getByRole('button', { name: 'Get my location' }).click();
    await page.getByText('You can still submit, but this check-in will be marked as outside the site.').waitFor();
    await shot(page, 'flag-en-1280');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { name: 'Thank you!' }).waitFor();
    const [row] = await rowsOf(flagging);
    expect(row.flags.geofence).toMatchObject({ field: 'where', site: 'Tuen Mun Depot', radius: 500, inside: false });
    expect(row.flags.geofence.distance).toBeGreaterThan(2000);
    await context.close();
  });

  it('a blocked permission is explained, not a silent nothing', async () => {
    const { context, page } = await phoneAt(null, 'zh-HK');
    await page.goto(`${server.url}/f/${rejecting}`);
    await page.getByRole('button', { name: '取得我的位置' }).click();
    await page
      .getByRole('alert')
      .getByText(/位置權限已被封鎖/)
      .waitFor();
    await shot(page, 'denied-zh-360');
    await context.close();
  });
});
