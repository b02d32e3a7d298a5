// npm run bench: reports over many submissions, through a real server (POST /api/reports/query), on
// SQLite and PostgreSQL:
// 1. 1,000,000 submissions of one form: the same two reports (by a select: count + sum of money + avg of
//    a number; by month of createdAt: count + sum of money) with the report columns and indexes made
//    at publish vs the naive json_extract/jsonb scan in the same run (target: indexed ≤ 0.2× naive).
//    SQLite reads its generated columns from the form's covering index; PostgreSQL's per-field
//    expression indexes serve filtered reports (a whole-form aggregate reads the heap either way), so
//    there a filtered report is timed too.
// 2. a dashboard of 6 widgets over 100,000 submissions: 6 concurrent queries (target: under 1 s).
// 3. what the indexes cost a submission: throughput with the report indexes of 11 forms vs none.
import { ensureReportColumns, setReportColumnsEnabled } from '../server/src/services/reports/columns.ts';
import { ADMIN, DIALECTS, adminClient, startTestServer, type Client, type DialectName, type TestServer } from '../server/test/helpers.ts';

// Background loops stay out of the timings (the seed holds SQLite's one writer for a while).
process.env.FORMLOOM_DISPATCH_INTERVAL_MS = '0';
process.env.FORMLOOM_DIGEST_INTERVAL_MS = '0';
process.env.FORMLOOM_SCHEDULE_TICK_MS = '0';
process.env.FORMLOOM_MAIL_INTERVAL_MS = String(3600_000);

const BIG = Number(process.env.BENCH_REPORT_ROWS ?? 1_000_000);
const DASHBOARD_ROWS = Number(process.env.BENCH_DASHBOARD_ROWS ?? 100_000);
const RUNS = 3;

const OPTIONS = ['Admin', 'Finance', 'Sales', 'Warehouse', '人事部', '資訊科技部', '市場部', '客戶服務部'];
const schema = {
  type: 'object',
  properties: {
    dept: { type: 'string', title: 'Department', oneOf: OPTIONS.map((o) => ({ const: o, title: o })) },
    amount: { type: 'number', title: 'Amount (HKD)', multipleOf: 0.01, minimum: 0 },
    qty: { type: 'integer', title: 'Quantity' },
    day: { type: 'string', format: 'date', title: 'Day' },
    ok: { type: 'boolean', title: 'Checked' },
    note: { type: 'string', title: 'Note' },
  },
};
const uiSchema = {
  dept: { 'ui:fieldType': 'select' },
  amount: { 'ui:fieldType': 'money' },
  qty: { 'ui:fieldType': 'number' },
  day: { 'ui:fieldType': 'date' },
  ok: { 'ui:fieldType': 'yesno' },
  note: { 'ui:fieldType': 'text' },
};

async function publishForm(admin: Client, appId: string, name: string): Promise<string> {
  const form = await admin.post(`/api/apps/${appId}/forms`, { name, schema, uiSchema });
  if (form.status !== 201) throw new Error(`create form: ${form.status} ${JSON.stringify(form.body)}`);
  const pub = await admin.post(`/api/forms/${form.body.id}/publish`);
  if (pub.status !== 201) throw new Error(`publish: ${pub.status} ${JSON.stringify(pub.body)}`);
  return form.body.id;
}

/**
 * `n` rows of one form in one statement: a select of 8 options (half Chinese), money with cents, a
 * number, a date, a yes/no (some missing), some text; one created_at per ~30 s over a year.
 */
async function seed(server: TestServer, dialect: DialectName, formId: string, n: number, prefix: string): Promise<number> {
  const db = server.app.db;
  const form = await db('forms').where({ id: formId }).first('app_id');
  const owner = (await db('users').where({ email: ADMIN.email }).first('id')).id;
  const options = OPTIONS.map((o) => `'${o}'`).join(', ');
  const t = performance.now();
  if (dialect === 'sqlite') {
    await db.raw(
      `WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?),
       v(i, at) AS (SELECT i, strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01', '+' || (i * 31) || ' seconds') FROM c)
       INSERT INTO submissions (id, form_id, app_id, form_version, data, created_by, created_at, updated_at, status)
       SELECT ? || printf('%08d', i), ?, ?, 1,
         json_object('dept', json_array(${options}) ->> (i * 7 % 8), 'amount', ((i * 7919) % 100000) / 100.0, 'qty', i % 50,
                     'day', substr(at, 1, 10), 'ok', CASE i % 3 WHEN 0 THEN json('true') WHEN 1 THEN json('false') END,
                     'note', '第 ' || i || ' 號 delivery note'),
         ?, at, at, 'submitted' FROM v`,
      [n, prefix, formId, form.app_id, owner],
    );
  } else {
    await db.raw(
      `INSERT INTO submissions (id, form_id, app_id, form_version, data, created_by, created_at, updated_at, status)
       SELECT ? || lpad(i::text, 8, '0'), ?, ?, 1,
         jsonb_build_object('dept', (ARRAY[${options}])[(i * 7 % 8) + 1], 'amount', ((i::bigint * 7919) % 100000) / 100.0, 'qty', i % 50,
                            'day', substr(at, 1, 10), 'ok', CASE i % 3 WHEN 0 THEN true WHEN 1 THEN false END,
                            'note', '第 ' || i || ' 號 delivery note'),
         ?, at, at, 'submitted'
       FROM (SELECT i, to_char(timestamp '2025-01-01' + make_interval(secs => i * 31), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
             FROM generate_series(1, ?::int) AS i) v`,
      [prefix, formId, form.app_id, owner, n],
    );
    await db.raw('ANALYZE submissions');
  }
  return performance.now() - t;
}

const bySelect = (formId: string) => ({
  formId,
  dimensions: [{ field: 'data.dept' }],
  measures: [{ op: 'count' }, { op: 'sum', field: 'data.amount' }, { op: 'avg', field: 'data.qty' }],
});
const byMonth = (formId: string) => ({
  formId,
  dimensions: [{ field: 'createdAt', bucket: 'month' }],
  measures: [{ op: 'count' }, { op: 'sum', field: 'data.amount' }],
});
const filtered = (formId: string) => ({
  formId,
  dimensions: [{ field: 'data.ok' }],
  measures: [{ op: 'count' }, { op: 'sum', field: 'data.amount' }],
  filters: [{ field: 'data.dept', op: 'eq', value: '人事部' }],
});

const oneWeek = (formId: string) => ({
  formId,
  dimensions: [{ field: 'data.dept' }],
  measures: [{ op: 'count' }, { op: 'sum', field: 'data.amount' }],
  filters: [{ field: 'data.day', op: 'between', value: ['2025-03-03', '2025-03-09'] }],
});

/** The median of `runs` timed queries after one warm-up (none for a single run); checks every run gives the same rows. */
async function timeReport(admin: Client, definition: object, runs = RUNS): Promise<{ ms: number; rows: unknown }> {
  const once = async () => {
    const t = performance.now();
    const res = await admin.post('/api/reports/query', definition);
    if (res.status !== 200) throw new Error(`query: ${res.status} ${JSON.stringify(res.body)}`);
    return { ms: performance.now() - t, rows: res.body.rows };
  };
  const first = await once();
  if (runs === 1) return first;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await once();
    if (JSON.stringify(run.rows) !== JSON.stringify(first.rows)) throw new Error('a report gave different rows on a second run');
    times.push(run.ms);
  }
  return { ms: times.sort((a, b) => a - b)[Math.floor(runs / 2)], rows: first.rows };
}

/** PostgreSQL's naive path: the same SQL with this form's expression indexes gone. */
async function withoutIndexes<T>(server: TestServer, dialect: DialectName, formId: string, work: () => Promise<T>): Promise<T> {
  if (dialect === 'sqlite') {
    setReportColumnsEnabled(false);
    try {
      return await work();
    } finally {
      setReportColumnsEnabled(true);
    }
  }
  const db = server.app.db;
  const names: string[] = (await db('report_indexes').where({ form_id: formId }).select('name')).map((r: { name: string }) => r.name);
  const defs = await db.raw(`SELECT pg_get_indexdef(c.oid) AS def FROM pg_class c WHERE c.relname = ANY(?)`, [names]);
  const stats = await db.raw(`SELECT stxname, pg_get_statisticsobjdef(oid) AS def FROM pg_statistic_ext WHERE stxname LIKE 'rs\\_%'`);
  for (const name of names) await db.raw(`DROP INDEX ${name}`);
  for (const { stxname } of stats.rows) await db.raw(`DROP STATISTICS ${stxname}`);
  await db.raw('ANALYZE submissions');
  try {
    return await work();
  } finally {
    for (const { def } of [...defs.rows, ...stats.rows]) await db.raw(def);
    await db.raw('ANALYZE submissions');
  }
}

async function dropReportIndexes(server: TestServer, formId: string): Promise<void> {
  const db = server.app.db;
  for (const { name } of await db('report_indexes').where({ form_id: formId }).select('name')) await db.raw(`DROP INDEX ${name}`);
  await db('report_indexes').where({ form_id: formId }).delete();
}

const ms = (x: number) => `${x.toFixed(0).padStart(6)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(3)}×`;

async function bigReports(dialect: DialectName) {
  const server = await startTestServer(dialect);
  try {
    const admin = await adminClient(server);
    const app = await admin.post('/api/apps', { name: 'Reports bench' });
    const formId = await publishForm(admin, app.body.id, 'Expenses');
    // Seeded without the report indexes, which are then built as a publish over a full table would.
    await dropReportIndexes(server, formId);
    const seedMs = await seed(server, dialect, formId, BIG, 'big');
    const t = performance.now();
    await ensureReportColumns(server.app.db, formId);
    const buildMs = performance.now() - t;
    if (dialect === 'postgres') await server.app.db.raw('ANALYZE submissions');
    console.log(
      `reports on ${dialect}: ${BIG.toLocaleString('en')} submissions of one form (seeded in ${(seedMs / 1000).toFixed(1)} s; ` +
        `report indexes built in ${(buildMs / 1000).toFixed(1)} s)`,
    );
    const cases: [string, object][] = [
      ['by select: count, sum money, avg number', bySelect(formId)],
      ['by month of createdAt: count, sum money ', byMonth(formId)],
      ['filtered (1 of 8 options), by yes/no     ', filtered(formId)],
      ['one week of a date field, by select      ', oneWeek(formId)],
    ];
    for (const [label, definition] of cases) {
      const indexed = await timeReport(admin, definition);
      // One naive run each (they take seconds); the indexed path is the median of three.
      const naive = await withoutIndexes(server, dialect, formId, () => timeReport(admin, definition, 1));
      if (JSON.stringify(indexed.rows) !== JSON.stringify(naive.rows)) throw new Error(`${label}: indexed and naive rows differ`);
      console.log(`  ${label}  indexed ${ms(indexed.ms)}   naive ${ms(naive.ms)}   ${ratio(indexed.ms, naive.ms)} (target ≤ 0.2×)`);
    }
  } finally {
    await server.close();
  }
}

async function dashboard(dialect: DialectName) {
  const server = await startTestServer(dialect);
  try {
    const admin = await adminClient(server);
    const app = await admin.post('/api/apps', { name: 'Dashboard bench' });
    const formId = await publishForm(admin, app.body.id, 'Expenses');
    await seed(server, dialect, formId, DASHBOARD_ROWS, 'dash');
    const widgets = [
      bySelect(formId),
      byMonth(formId),
      filtered(formId),
      { formId, dimensions: [{ field: 'data.day', bucket: 'week' }], measures: [{ op: 'count' }], limit: 100 },
      { formId, dimensions: [], measures: [{ op: 'count' }, { op: 'sum', field: 'data.amount' }, { op: 'max', field: 'data.qty' }] },
      { formId, dimensions: [{ field: 'data.dept' }, { field: 'data.ok' }], measures: [{ op: 'avg', field: 'data.amount' }] },
    ];
    const load = async () => {
      const t = performance.now();
      const results = await Promise.all(widgets.map((w) => admin.post('/api/reports/query', w)));
      for (const r of results) if (r.status !== 200) throw new Error(`widget: ${r.status} ${JSON.stringify(r.body)}`);
      return performance.now() - t;
    };
    await load();
    const times = [await load(), await load(), await load()].sort((a, b) => a - b);
    console.log(
      `dashboard on ${dialect}: 6 widgets over ${DASHBOARD_ROWS.toLocaleString('en')} submissions, 6 concurrent queries: ${ms(times[1])} (median of 3; target < 1000 ms)`,
    );
  } finally {
    await server.close();
  }
}

/** Submissions/s from 8 clients, with the report indexes of 11 forms on the table, then with none. */
async function insertCost(dialect: DialectName) {
  const server = await startTestServer(dialect);
  try {
    const admin = await adminClient(server);
    const app = await admin.post('/api/apps', { name: 'Insert bench' });
    const formId = await publishForm(admin, app.body.id, 'Target');
    for (let i = 0; i < 10; i++) await publishForm(admin, app.body.id, `Other ${i}`);
    const submitAll = async (n: number) => {
      let next = 0;
      const t = performance.now();
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < n) {
            const i = next++;
            const data = {
              dept: OPTIONS[i % 8],
              amount: (i % 1000) / 100,
              qty: i % 50,
              day: '2026-01-05',
              ok: i % 2 === 0,
              note: `第 ${i} 號`,
            };
            const res = await admin.post(`/api/forms/${formId}/submissions`, { data });
            if (res.status !== 201) throw new Error(`submit: ${res.status} ${JSON.stringify(res.body)}`);
          }
        }),
      );
      return n / ((performance.now() - t) / 1000);
    };
    await submitAll(300); // warm-up
    // Alternating with and without, so a drift of the machine's load does not land on one side.
    const db = server.app.db;
    const forms: string[] = (await db('forms').whereNotNull('latest_version').select('id')).map((f: { id: string }) => f.id);
    const withIndexes: number[] = [];
    const without: number[] = [];
    for (let round = 0; round < 3; round++) {
      withIndexes.push(await submitAll(1000));
      for (const id of forms) await dropReportIndexes(server, id);
      without.push(await submitAll(1000));
      for (const id of forms) await ensureReportColumns(db, id);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const indexCount = (await db('report_indexes').count({ n: '*' }).first())?.n;
    console.log(
      `submissions on ${dialect}: ${mean(withIndexes).toFixed(0)}/s with the ${indexCount} report indexes of 11 forms, ` +
        `${mean(without).toFixed(0)}/s with none: ${ratio(mean(withIndexes), mean(without))} (3 alternating rounds of 1,000 from 8 clients)`,
    );
  } finally {
    await server.close();
  }
}

// BENCH_REPORT_DIALECTS=postgres runs one of them.
const only = process.env.BENCH_REPORT_DIALECTS?.split(',');
for (const dialect of DIALECTS.filter((d) => !only || only.includes(d))) {
  await bigReports(dialect);
  await dashboard(dialect);
  await insertCost(dialect);
}
