// npm run bench: scan-to-saved on the inventory app's scan page, in headless Chromium against a real
// server process on loopback (SQLite, then PostgreSQL). Each keyboard-wedge scan of an item's
// barcode is timed in the page from its Enter key to the answer that the stock movement is stored
// (the 201 of its POST, sent only after the commit): the item lookup by barcode and the movement
// with its stock update, as a warehouse person waits for the beep. Target: p95 under 300 ms.
import { chromium, type Page } from 'playwright-core';
import { ADMIN, Client, freshDatabase, type DialectName } from '../server/test/helpers.ts';
import { ServerProcess, freePort } from '../server/test/serverProcess.ts';
import { CHROMIUM_PATH } from '../e2e/browser.ts';
import { wedgeScan } from '../e2e/stockWedge.ts';

const SCANS = Number(process.env.BENCH_SCANS ?? 60);
const WARM_UP = 5;
const TARGET_P95_MS = 300;
const ITEMS = 20;

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/**
 * In the page before it loads: the time each Enter reaches the page, and the time each stored
 * movement's answer arrives. Source text, since tsx would wrap a TypeScript function in helpers the
 * page does not have.
 */
const PROBE = `
  window.__enters = [];
  window.__stored = [];
  window.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__enters.push(performance.now()); }, true);
  const fetch0 = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const res = await fetch0(input, init);
    const url = typeof input === 'string' ? input : input.url;
    if ((init?.method ?? 'GET') === 'POST' && /\\/submissions$/.test(url) && res.status === 201) window.__stored.push(performance.now());
    return res;
  };
`;

async function setUp(server: ServerProcess) {
  const admin = await new Client(server.url).login(ADMIN.email, ADMIN.password);
  const installed = (await admin.post('/api/templates/inventory/install')).body;
  const [itemForm, zoneForm, movementForm] = installed.forms;
  const zone = (
    await admin.post(`/api/forms/${zoneForm.id}/submissions`, { data: { code: 'TM-A-01', name: 'Tuen Mun A-01', nameZh: '屯門 A-01' } })
  ).body.id;
  const barcodes: string[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const barcode = `489102816${String(i).padStart(4, '0')}`;
    const res = await admin.post(`/api/forms/${itemForm.id}/submissions`, {
      data: { sku: `BENCH-${String(i).padStart(4, '0')}`, name: `Bench item ${i}`, barcode, unit: 'piece' },
    });
    if (res.status !== 201) throw new Error(`item: ${res.status} ${JSON.stringify(res.body)}`);
    barcodes.push(barcode);
  }
  return { admin, movementForm, zone, barcodes };
}

async function scanTimes(page: Page, barcodes: string[]): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < SCANS + WARM_UP; i++) {
    await wedgeScan(page, barcodes[i % barcodes.length]);
    await page.waitForFunction((n) => (window as unknown as { __stored: number[] }).__stored.length >= n, i + 1, { timeout: 10_000 });
    // The page is ready for the next scan once it says so (the beep has gone off).
    await page.locator('.fl-stock__notice[data-state="ok"]').waitFor();
    const [enter, stored] = await page.evaluate(
      (n) => [(window as unknown as { __enters: number[] }).__enters[n], (window as unknown as { __stored: number[] }).__stored[n]],
      i,
    );
    if (i >= WARM_UP) times.push(stored - enter);
  }
  return times;
}

async function run(dialect: DialectName, browser: import('playwright-core').Browser) {
  const db = await freshDatabase(dialect);
  const server = new ServerProcess(await freePort(), {
    FORMLOOM_DATA_DIR: db.dataDir,
    FORMLOOM_ADMIN_EMAIL: ADMIN.email,
    FORMLOOM_ADMIN_PASSWORD: ADMIN.password,
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
  });
  await server.start();
  try {
    const { admin, movementForm, zone, barcodes } = await setUp(server);
    const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'en-GB' });
    await context.addInitScript(PROBE);
    await context.request.post(`${server.url}/api/auth/login`, { data: ADMIN });
    const page = await context.newPage();
    await page.goto(`${server.url}/stock/${movementForm.id}`);
    await page.getByRole('radio', { name: 'Receive' }).waitFor();
    const times = await scanTimes(page, barcodes);
    await context.close();
    const total = (await admin.get(`/api/forms/${movementForm.id}/stock?zone=${zone}`)).body.items.reduce(
      (s: number, l: any) => s + l.onHand,
      0,
    );
    if (total !== SCANS + WARM_UP) throw new Error(`expected ${SCANS + WARM_UP} pieces received, the ledger holds ${total}`);
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    console.log(
      `  ${dialect.padEnd(8)} p50 ${p50.toFixed(0).padStart(4)} ms   p95 ${p95.toFixed(0).padStart(4)} ms   max ${Math.max(...times).toFixed(0)} ms   ` +
        (p95 < TARGET_P95_MS ? `(target p95 < ${TARGET_P95_MS} ms met)` : `(above the ${TARGET_P95_MS} ms target)`),
    );
  } finally {
    await server.stop();
    await db.drop();
  }
}

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
try {
  console.log(`\nScan to saved: ${SCANS} keyboard-wedge scans on the stock scan page (360 px, Chromium), loopback server`);
  for (const dialect of ['sqlite', 'postgres'] as const) await run(dialect, browser);
} finally {
  await browser.close();
}
