import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, adminClient, userClient, type Client, type TestServer } from '../server/test/helpers.ts';
import { launchChromium, startServerWithFrontends } from './browser.ts';
import { wedgeScan } from './stockWedge.ts';

const CLIENTS = 4;
const SCANS_EACH = 5;
const PASSWORD = 'a-long-password-1'; // userClient's

/** Counts, in each page, the answers to its movement POSTs by status. Source text for the page. */
const COUNT_ANSWERS = `
  window.__answers = {};
  const fetch0 = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const res = await fetch0(input, init);
    const url = typeof input === 'string' ? input : input.url;
    if ((init?.method ?? 'GET') === 'POST' && /\\/submissions$/.test(url)) window.__answers[res.status] = (window.__answers[res.status] ?? 0) + 1;
    return res;
  };
`;

/**
 * Several warehouse people scanning the same item into the same zone at the same time, each in
 * their own browser: every movement lands exactly once, and issues stop exactly at zero.
 */
describe('concurrent stock movements from several browsers', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Client;
  let movementForm: any;
  let zone: string;
  let item: string;
  const pages: Page[] = [];

  beforeAll(async () => {
    server = await startServerWithFrontends();
    browser = await launchChromium();
    admin = await adminClient(server);
    const installed = (await admin.post('/api/templates/inventory/install')).body;
    const [itemForm, zoneForm] = installed.forms;
    movementForm = installed.forms[2];
    zone = (
      await admin.post(`/api/forms/${zoneForm.id}/submissions`, {
        data: { code: 'KB-B-02', name: 'Kowloon Bay B-02', nameZh: '九龍灣 B-02' },
      })
    ).body.id;
    item = (
      await admin.post(`/api/forms/${itemForm.id}/submissions`, {
        data: { sku: 'GLV-0001', name: 'Nitrile gloves', barcode: '0012345678905', unit: 'box' },
      })
    ).body.id;
    const people = [ADMIN.email];
    for (let i = 1; i < CLIENTS; i++) people.push((await userClient(server, admin, 'member', `picker${i}`)).user.email);
    for (const email of people) {
      const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'en-GB' });
      const login = await context.request.post(`${server.url}/api/auth/login`, {
        data: { email, password: email === ADMIN.email ? ADMIN.password : PASSWORD },
      });
      expect(login.status()).toBe(200);
      await context.addInitScript(COUNT_ANSWERS);
      const page = await context.newPage();
      await page.goto(`${server.url}/stock/${movementForm.id}`);
      await page.getByRole('radio', { name: 'Receive' }).waitFor();
      pages.push(page);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const onHand = async () => (await admin.get(`/api/forms/${movementForm.id}/stock?item=${item}&zone=${zone}`)).body.items[0]?.onHand ?? 0;
  const card = async () => (await admin.get(`/api/forms/${movementForm.id}/stock/card?item=${item}&limit=500`)).body.items;
  const answers = async (status: number) =>
    (await Promise.all(pages.map((p) => p.evaluate(`window.__answers[${status}] ?? 0`)))).reduce((a: number, b) => a + Number(b), 0);

  /** Each page scans `count` times, one after another as a person does (each once answered); the pages all at once. */
  const scanEverywhere = (count: number) =>
    Promise.all(
      pages.map(async (page) => {
        const answered = () => page.evaluate('Object.values(window.__answers).reduce((a, b) => a + b, 0)') as Promise<number>;
        const base = await answered();
        for (let i = 1; i <= count; i++) {
          await wedgeScan(page, '0012345678905');
          await page.waitForFunction(`Object.values(window.__answers).reduce((a, b) => a + b, 0) >= ${base + i}`, undefined, {
            timeout: 20_000,
          });
        }
      }),
    );

  it('receives from every browser at once without losing or doubling a movement', async () => {
    for (const page of pages) await page.getByRole('textbox', { name: 'Quantity' }).fill('1.5');
    await scanEverywhere(SCANS_EACH);
    await expect.poll(onHand).toBe(CLIENTS * SCANS_EACH * 1.5);
    expect(await answers(201)).toBe(CLIENTS * SCANS_EACH);
    const moves = await card();
    expect(moves).toHaveLength(CLIENTS * SCANS_EACH);
    expect(new Set(moves.map((m: any) => m.createdBy)).size).toBe(CLIENTS);
    // Each balance is the one before plus its change: no update was lost under the load.
    for (let i = 0; i < moves.length - 1; i++) expect(moves[i].balanceAfter).toBeCloseTo(moves[i + 1].balanceAfter + moves[i].delta, 9);
  }, 120_000);

  it('lets exactly as many issues through as there is stock, and tells the others why', async () => {
    const stock = await onHand(); // 30: 20 issues of 2 ask for 40
    for (const page of pages) {
      await page.getByRole('radio', { name: 'Issue' }).click();
      await page.getByRole('textbox', { name: 'Quantity' }).fill('2');
    }
    const [savedBefore, refusedBefore] = [await answers(201), await answers(409)];
    await scanEverywhere(SCANS_EACH);
    expect(await onHand()).toBe(0);
    const issues = (await card()).filter((m: any) => m.movementType === 'issue');
    expect(issues).toHaveLength(stock / 2);
    // What the pages were told adds up to what the ledger holds.
    expect([(await answers(201)) - savedBefore, (await answers(409)) - refusedBefore]).toEqual([
      stock / 2,
      CLIENTS * SCANS_EACH - stock / 2,
    ]);
    const refusedSomewhere = await Promise.all(pages.map((p) => p.locator('.fl-stock__notice').textContent()));
    expect(
      refusedSomewhere.filter((text) => /Not saved: Kowloon Bay B-02 has only 0 of Nitrile gloves, and this takes 2\./.test(text ?? '')),
    ).not.toHaveLength(0);
  }, 120_000);
});
