// The sub-table benchmark (part of npm run bench): in headless Chromium on the built fill page, how
// long a keystroke in one row, moving a row up and adding a row take at 200 rows, as a ratio of the
// same at 20 rows, measured in one run. Rows are keyed and memoized, so a change re-renders one row;
// what still grows with the table is the form-wide work per change (rjsf's copy of the data, defaults).
import type { Page } from 'playwright-core';
import { ADMIN, Client } from '../server/test/helpers.ts';
import { launchChromium, startServerWithFrontends } from '../e2e/browser.ts';

const ROUNDS = Number(process.env.BENCH_SUBTABLE_ROUNDS ?? 15);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** In-page timings (ms): each action from the event until the page shows its result, plus layout. Source text: see designer.ts. */
const IN_PAGE = `async ({ rows, rounds }) => {
  const settle = () => new Promise((r) => setTimeout(r, 0));
  const addButton = () => [...document.querySelectorAll('button')].find((b) => /Add/.test(b.textContent));
  const notes = () => document.querySelectorAll('input[id^="root_lines_"][id$="_note"]');
  while (notes().length < rows) { addButton().click(); await settle(); }
  for (let i = 0; i < rows; i++) document.getElementById('root_lines_' + i + '_note').dataset.row = String(i);
  const until = (t0, shown) => new Promise((resolve, reject) => {
    const done = () => { void document.body.offsetHeight; resolve(performance.now() - t0); };
    if (shown()) return done();
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error('not shown within 5 s')); }, 5000);
    const observer = new MutationObserver(() => { if (!shown()) return; observer.disconnect(); clearTimeout(timer); done(); });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const out = { type: [], move: [], add: [] };
  for (let r = 0; r < rounds; r++) {
    const i = 1 + ((r * 7) % (rows - 1));
    const input = document.getElementById('root_lines_' + i + '_note');
    let t0 = performance.now();
    setValue.call(input, 'typed ' + r);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    void document.body.offsetHeight;
    out.type.push(performance.now() - t0);
    await settle();

    const moving = document.getElementById('root_lines_' + i + '_note');
    const up = document.querySelector('[aria-label="Move row ' + (i + 1) + ' up"]');
    t0 = performance.now();
    up.click();
    out.move.push(await until(t0, () => document.getElementById('root_lines_' + (i - 1) + '_note') === moving));
    await settle();

    const before = notes().length;
    t0 = performance.now();
    addButton().click();
    out.add.push(await until(t0, () => notes().length === before + 1));
    await settle();
    document.querySelector('[aria-label="Remove row ' + (before + 1) + '"]').click();
    await settle();
  }
  return out;
}`;

type Timings = { type: number[]; move: number[]; add: number[] };
const measure = (page: Page, rows: number, rounds: number): Promise<Timings> =>
  page.evaluate(`(${IN_PAGE})(${JSON.stringify({ rows, rounds })})`);

const server = await startServerWithFrontends();
const browser = await launchChromium();
try {
  const admin = await new Client(server.url).login(ADMIN.email, ADMIN.password);
  const app = (await admin.post('/api/apps', { name: 'Sub-table bench' })).body;
  const item = { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'integer' }, note: { type: 'string' } } };
  const form = (
    await admin.post(`/api/apps/${app.id}/forms`, {
      name: 'Sub-table bench',
      schema: { type: 'object', title: 'Sub-table bench', properties: { lines: { type: 'array', items: item } } },
      uiSchema: { lines: { 'ui:fieldType': 'subtable' } },
    })
  ).body;
  await admin.post(`/api/forms/${form.id}/publish`);
  const results: Record<number, Timings> = {};
  for (const rows of [20, 200]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    await page.request.post(`${server.url}/api/auth/login`, { data: { email: ADMIN.email, password: ADMIN.password } });
    await page.goto(`${server.url}/f/${form.id}`);
    await page.getByRole('button', { name: /Add/ }).first().waitFor();
    await measure(page, rows, 3); // warm-up: JIT, first layout
    results[rows] = await measure(page, rows, ROUNDS);
    await context.close();
  }
  console.log(`\nSub-table on the fill page, headless Chromium, median of ${ROUNDS} (ms; ratio 200 vs 20 rows)`);
  for (const action of ['type', 'move', 'add'] as const) {
    const small = median(results[20][action]);
    const large = median(results[200][action]);
    console.log(
      `${action.padEnd(5)} 20 rows ${small.toFixed(2).padStart(7)} ms   200 rows ${large.toFixed(2).padStart(7)} ms   ratio ${(large / Math.max(small, 0.01)).toFixed(2)}x   ${large < 50 ? 'under 50 ms' : 'OVER 50 ms'}`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}
