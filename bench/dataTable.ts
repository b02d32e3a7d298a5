// The data-table benchmark (part of npm run bench): in headless Chromium against the real server, how
// long the submissions table of a 10,000-row form takes to show its first rows and then to show its
// last row after a jump to the bottom, as a ratio of the same on a 1,000-row form, measured in one run.
// Target: ≤ 2×, for the default order and for a sort by a field (rows without a value last), since a
// jump reads the rows on screen by their offset whatever the order. Both forms are seeded with bulk
// INSERTs (the API's single POSTs would only slow the setup). Also printed: the time to draw one scroll
// step (a screenful), which must not grow with rows.
//
// Times are taken inside the page (performance.now(), from the navigation's start), until the DOM shows
// the row asked for with its data, so Playwright's round trips are not counted.
import type { Page } from 'playwright-core';
import { configFromEnv } from '../server/src/config.ts';
import { writeJson } from '../server/src/db/dialect.ts';
import { newId } from '../server/src/lib/ids.ts';
import { ADMIN, Client, startTestServer, type TestServer } from '../server/test/helpers.ts';
import { launchChromium } from '../e2e/browser.ts';

const ROUNDS = Number(process.env.BENCH_TABLE_ROUNDS ?? 7);
const SIZES = [1_000, 10_000] as const;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const form = {
  schema: {
    type: 'object',
    title: 'Stock movement',
    properties: {
      sku: { type: 'string', title: 'SKU' },
      item: { type: 'string', title: 'Item' },
      zone: { type: 'string', title: 'Zone', oneOf: ['TM-A01', 'KB-B02', 'KC-C03'].map((z) => ({ const: z, title: z })) },
      qty: { type: 'integer', title: 'Quantity' },
      price: { type: 'number', title: 'Unit price', multipleOf: 0.01 },
      movedOn: { type: 'string', format: 'date', title: 'Moved on' },
      urgent: { type: 'boolean', title: 'Urgent' },
    },
  },
  uiSchema: { price: { 'ui:fieldType': 'money' }, movedOn: { 'ui:fieldType': 'date' }, urgent: { 'ui:fieldType': 'yesno' } },
};

async function seed(server: TestServer, admin: Client, appId: string, rows: number): Promise<string> {
  const created = (await admin.post(`/api/apps/${appId}/forms`, { name: `Table bench ${rows}`, ...form })).body;
  await admin.post(`/api/forms/${created.id}/publish`);
  const me = (await admin.get('/api/auth/me')).body.user;
  const start = Date.UTC(2025, 0, 1);
  const all = Array.from({ length: rows }, (_, i) => {
    const at = new Date(start + i * 60_000).toISOString();
    return {
      id: newId(),
      form_id: created.id,
      app_id: appId,
      form_version: 1,
      data: writeJson({
        sku: `SKU-${String(i).padStart(6, '0')}`,
        item: `Item ${i % 97} 物品`,
        zone: ['TM-A01', 'KB-B02', 'KC-C03'][i % 3],
        qty: (i * 37) % 500,
        price: ((i * 13) % 900) + 0.5,
        movedOn: `2025-03-${String(1 + (i % 28)).padStart(2, '0')}`,
        urgent: i % 4 === 0,
      }),
      created_by: me.id,
      created_at: at,
      updated_at: at,
    };
  });
  for (let i = 0; i < all.length; i += 500) await server.app.db('submissions').insert(all.slice(i, i + 500));
  return created.id;
}

/** In-page: first rows shown (ms since navigation), then a jump to the bottom until the last row shows. */
const RENDER_AND_JUMP = `async ({ total }) => {
  const until = (found, ms = 20000) => new Promise((resolve, reject) => {
    const t0 = performance.now();
    const tick = () => {
      const el = found();
      if (el) { void document.body.offsetHeight; return resolve(performance.now()); }
      if (performance.now() - t0 > ms) return reject(new Error('not shown within ' + ms + ' ms'));
      requestAnimationFrame(tick);
    };
    tick();
  });
  const row = (i) => document.querySelector('[role="row"][aria-rowindex="' + (i + 2) + '"][data-id]');
  const firstShown = await until(() => row(0));
  const table = document.querySelector('[role="table"]');
  const t0 = performance.now();
  table.scrollTop = table.scrollHeight;
  const lastShown = await until(() => row(total - 1));
  // One screenful at a time, back up from the bottom (rows already fetched): the cost of drawing a step.
  const steps = [];
  for (let s = 0; s < 30; s++) {
    const t = performance.now();
    table.scrollTop -= table.clientHeight;
    table.dispatchEvent(new Event('scroll'));
    await new Promise((r) => requestAnimationFrame(() => r()));
    void document.body.offsetHeight;
    steps.push(performance.now() - t);
  }
  return { first: firstShown, jump: lastShown - t0, step: steps.sort((a, b) => a - b)[15], rows: document.querySelectorAll('[role="row"]').length };
}`;

async function measure(page: Page, url: string, total: number) {
  await page.goto(url);
  return page.evaluate(`(${RENDER_AND_JUMP})(${JSON.stringify({ total })})`) as Promise<{
    first: number;
    jump: number;
    step: number;
    rows: number;
  }>;
}

const { FORMLOOM_RUNTIME_DIST, FORMLOOM_BUILDER_DIST } = process.env;
const built = configFromEnv({ FORMLOOM_RUNTIME_DIST, FORMLOOM_BUILDER_DIST });
const server = await startTestServer('sqlite', { runtimeDist: built.runtimeDist, builderDist: built.builderDist });
const browser = await launchChromium();
try {
  const admin = await new Client(server.url).login(ADMIN.email, ADMIN.password);
  const app = (await admin.post('/api/apps', { name: 'Table bench' })).body;
  const forms: Record<number, string> = {};
  for (const size of SIZES) forms[size] = await seed(server, admin, app.id, size);

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  const login = await page.request.post(`${server.url}/api/auth/login`, { data: ADMIN });
  if (!login.ok()) throw new Error(`login failed: ${login.status()}`);

  // The same jump with the rows sorted by a field (a saved view): the database sorts every row by a value
  // inside the JSON for each page, so this is the harder case.
  const byField: Record<number, number[]> = {};
  for (const size of SIZES) {
    const view = (await admin.post(`/api/forms/${forms[size]}/views`, { name: 'By quantity', columns: [], sort: 'data.qty' })).body;
    const url = `${server.url}/f/${forms[size]}/submissions?view=${view.id}`;
    await measure(page, url, size); // warm-up
    byField[size] = [];
    for (let i = 0; i < ROUNDS; i++) byField[size].push((await measure(page, url, size)).jump);
  }

  const results: Record<number, { first: number[]; jump: number[]; total: number[]; step: number[]; rows: number }> = {};
  for (const size of SIZES) {
    const url = `${server.url}/f/${forms[size]}/submissions`;
    await measure(page, url, size); // warm-up: caches, JIT
    const r = { first: [] as number[], jump: [] as number[], total: [] as number[], step: [] as number[], rows: 0 };
    for (let i = 0; i < ROUNDS; i++) {
      const m = await measure(page, url, size);
      r.first.push(m.first);
      r.jump.push(m.jump);
      r.total.push(m.first + m.jump);
      r.step.push(m.step);
      r.rows = m.rows;
    }
    results[size] = r;
  }
  await context.close();

  const [small, large] = SIZES;
  console.log(
    `\nData table, headless Chromium, real server (SQLite), median of ${ROUNDS} (ms; ratio ${large} vs ${small} rows, target ≤ 2×)`,
  );
  for (const key of ['first', 'jump', 'total', 'step'] as const) {
    const a = median(results[small][key]);
    const b = median(results[large][key]);
    const label = { first: 'first rows shown', jump: 'jump to the last row', total: 'render + scroll to end', step: 'one scroll step' }[
      key
    ];
    const ratio = b / Math.max(a, 0.01);
    const verdict = key === 'step' && b < 1 ? '(both under 1 ms)' : ratio <= 2 ? '(target met)' : '(above the 2x target)';
    console.log(
      `${label.padEnd(24)} ${String(small).padStart(6)} rows ${a.toFixed(1).padStart(8)} ms   ${large} rows ${b.toFixed(1).padStart(8)} ms   ratio ${ratio.toFixed(2)}x ${verdict}`,
    );
  }
  const [fa, fb] = [median(byField[small]), median(byField[large])];
  const fieldRatio = fb / Math.max(fa, 0.01);
  console.log(
    `${'jump, sorted by a field'.padEnd(24)} ${String(small).padStart(6)} rows ${fa.toFixed(1).padStart(8)} ms   ${large} rows ${fb.toFixed(1).padStart(8)} ms   ratio ${fieldRatio.toFixed(2)}x ${fieldRatio <= 2 ? '(target met)' : '(above the 2x target)'}`,
  );
  console.log(`rows in the DOM after scrolling: ${results[small].rows} (${small} rows) vs ${results[large].rows} (${large} rows)`);
} finally {
  await browser.close();
  await server.close();
}
