// npm run bench: what permission sets, sensitive fields and signatures cost, through a real server on
// SQLite and PostgreSQL (issue 9):
// 1. Record lists: GET /api/forms/:formId/submissions (first page, and a search `q`) over 20,000
//    submissions by 2,000 people in a department tree (64 departments, 4 levels), as (a) a view-all user
//    (the baseline), (b) a view-department user at the second level (a third of the people: the recursive
//    CTE over the subtree), (c) a view-own user and (d) a view-all user with a sensitive field hidden
//    (the search skips it in SQL). Median and p95 of N runs each, ratios against (a).
// 2. Submitting with fill granted to a department (the user sits two levels below) and a role instead of
//    to the user by name: POST throughput (autocannon, API tokens), ratio against the named grant.
// 3. POST /api/signatures/prepare (renders the canonical PDF with the Noto Sans TC subset) against a
//    plain GET of a record with the same data: median times.
// BENCH_PARTS=1,3 runs some parts only; BENCH_LIST_RUNS, BENCH_SECONDS, BENCH_PREPARE_RUNS set the sizes.
import autocannon from 'autocannon';
import {
  DIALECTS,
  adminClient,
  publishedForm,
  startTestServer,
  userClient,
  type Client,
  type DialectName,
  type TestServer,
} from '../server/test/helpers.ts';

process.env.FORMLOOM_DISPATCH_INTERVAL_MS = '0';
process.env.FORMLOOM_DIGEST_INTERVAL_MS = '0';
process.env.FORMLOOM_SCHEDULE_TICK_MS = '0';
process.env.FORMLOOM_MAIL_INTERVAL_MS = String(3600_000);

const PEOPLE = 2_000;
const RECORDS = 20_000;
const LIST_RUNS = Number(process.env.BENCH_LIST_RUNS ?? 25);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = 2;
const PREPARE_RUNS = Number(process.env.BENCH_PREPARE_RUNS ?? 15);
const PARTS = new Set((process.env.BENCH_PARTS ?? '1,2,3').split(',').map(Number));

const schema = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', title: '姓名 Name' },
    hkid: { type: 'string', title: 'HKID' },
    notes: { type: 'string', title: 'Notes 備註' },
    amount: { type: 'number', title: 'Amount 金額' },
  },
};

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const fmt = (ms: number) => `${ms.toFixed(1).padStart(6)} ms`;

/** Departments 1 + 3 + 12 + 48 (4 levels), 2,000 people spread over them, 20,000 records by them: one statement each. */
async function seedOrganization(server: TestServer, appId: string, formId: string) {
  const db = server.app.db;
  const now = new Date().toISOString();
  const departments: {
    id: string;
    name: string;
    name_key: string;
    parent_id: string | null;
    parent_key: string;
    created_at: string;
    updated_at: string;
  }[] = [];
  const add = (name: string, parent: string | null) => {
    const id = `bdep${String(departments.length).padStart(3, '0')}`;
    departments.push({
      id,
      name,
      name_key: name.toLowerCase(),
      parent_id: parent,
      parent_key: parent ?? '',
      created_at: now,
      updated_at: now,
    });
    return id;
  };
  const root = add('Head office', null);
  const divisions = [0, 1, 2].map((i) => add(`Division ${i}`, root));
  const units = divisions.flatMap((d, i) => [0, 1, 2, 3].map((j) => add(`Unit ${i}.${j}`, d)));
  const teams = units.flatMap((u, i) => [0, 1, 2, 3].map((j) => add(`Team ${i}.${j}`, u)));
  await db.batchInsert('departments', departments, 100);
  const people = Array.from({ length: PEOPLE }, (_, i) => ({
    id: `busr${String(i).padStart(5, '0')}`,
    email: `person${i}@bench.example`,
    name: `Person ${i} 陳大文`,
    role: 'member',
    password_hash: null,
    created_at: now,
    department_id: teams[i % teams.length],
  }));
  await db.batchInsert('users', people, 200);
  const pg = server.app.db.client.config.client === 'pg';
  const records = Array.from({ length: RECORDS }, (_, i) => {
    const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
    const data = { name: `Record ${i} 申請人`, hkid: `A${String(100000 + i)}(7)`, notes: `tag${i % 50} 第 ${i} 號`, amount: i % 997 };
    return {
      id: `bsub${String(i).padStart(6, '0')}`,
      form_id: formId,
      app_id: appId,
      form_version: 1,
      data: pg ? data : JSON.stringify(data),
      created_by: people[i % PEOPLE].id,
      created_at: at,
      updated_at: at,
      status: 'submitted',
    };
  });
  await db.batchInsert('submissions', records, 500);
  if (pg) await db.raw('ANALYZE');
  return { divisions, teams };
}

/** Each viewer's list in turn, `runs` rounds after one warm-up round (drift in the machine hits all alike). */
async function timeLists(clients: Client[], url: string, runs: number): Promise<{ median: number; p95: number; total: number }[]> {
  const once = async (client: Client) => {
    const t = performance.now();
    const res = await client.get(url);
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return { ms: performance.now() - t, total: res.body.total as number };
  };
  const totals: number[] = [];
  for (const client of clients) totals.push((await once(client)).total);
  const times: number[][] = clients.map(() => []);
  for (let i = 0; i < runs; i++) for (const [k, client] of clients.entries()) times[k].push((await once(client)).ms);
  return times.map((ts, k) => ({ median: median(ts), p95: p95(ts), total: totals[k] }));
}

async function listsPart(dialect: DialectName, server: TestServer, admin: Client) {
  const { appId, formId } = await publishedForm(admin, schema);
  const t = performance.now();
  const { divisions } = await seedOrganization(server, appId, formId);
  const seedMs = performance.now() - t;
  const patch = (url: string, body: unknown) => admin.request('PATCH', url, { body });
  const viewers: Record<string, { client: Client; user: { id: string } }> = {};
  for (const name of ['all', 'department', 'own', 'hidden']) viewers[name] = await userClient(server, admin, 'member', `bench-${name}`);
  if ((await patch(`/api/users/${viewers.department.user.id}`, { departmentId: divisions[0] })).status !== 200) throw new Error('move');
  const grants = await admin.put(`/api/apps/${appId}/grants`, {
    grants: [
      { principal: viewers.all.user.id, permissions: ['view_all'] },
      { principal: viewers.hidden.user.id, permissions: ['view_all'] },
      { principal: `department:${divisions[0]}`, permissions: ['view_department'] },
      { principal: viewers.own.user.id, permissions: ['fill', 'view_own'] },
    ],
  });
  if (grants.status !== 200) throw new Error(`grants: ${grants.status} ${JSON.stringify(grants.body)}`);
  const access = await admin.put(`/api/forms/${formId}/field-access`, {
    fields: [{ field: 'hkid', visibleTo: [viewers.all.user.id, `department:${divisions[0]}`] }],
  });
  if (access.status !== 200) throw new Error(`field access: ${access.status} ${JSON.stringify(access.body)}`);
  // The view-own user's own records: 20 of them, among the 20,000.
  for (let i = 0; i < 20; i++) {
    const res = await viewers.own.client.post(`/api/forms/${formId}/submissions`, {
      data: { name: `Own ${i}`, hkid: 'B000000(1)', notes: `tag7 own ${i}`, amount: i },
    });
    if (res.status !== 201) throw new Error(`own submit: ${res.status} ${JSON.stringify(res.body)}`);
  }

  const rows: { query: string; who: string; median: number; p95: number; total: number }[] = [];
  // tag7 is in notes (2 % of records); A10123 is in the HKID of 10 records (found by (a), not by (d), from whom it is hidden).
  for (const [query, qs] of [
    ['first page', ''],
    ['q=tag7', '?q=tag7'],
    ['q=A10123', '?q=A10123'],
  ] as const) {
    const who = ['all', 'department', 'own', 'hidden'];
    const timed = await timeLists(
      who.map((w) => viewers[w].client),
      `/api/forms/${formId}/submissions${qs}`,
      LIST_RUNS,
    );
    timed.forEach((r, k) => rows.push({ query, who: who[k], ...r }));
  }
  console.log(
    `\n[${dialect}] record lists: ${RECORDS + 20} records by ${PEOPLE} people in 64 departments (seeded in ${(seedMs / 1000).toFixed(1)} s), ${LIST_RUNS} runs each`,
  );
  const label: Record<string, string> = {
    all: '(a) view all (baseline)',
    department: '(b) view department, level 2',
    own: '(c) view own',
    hidden: '(d) view all, HKID hidden',
  };
  for (const r of rows) {
    const base = rows.find((b) => b.query === r.query && b.who === 'all')!;
    console.log(
      `  ${r.query.padEnd(10)} ${label[r.who].padEnd(30)} median ${fmt(r.median)}  p95 ${fmt(r.p95)}  total ${String(r.total).padStart(6)}` +
        `  ratio ${(r.median / base.median).toFixed(2)}x (p95 ${(r.p95 / base.p95).toFixed(2)}x)`,
    );
  }
}

const submitBody = JSON.stringify({ data: { name: 'Pallet jack 叉車', notes: 'tag1', amount: 3 } });

async function load(url: string, token: string, duration: number): Promise<{ rps: number; non2xx: number }> {
  const result = await autocannon({
    url,
    method: 'POST',
    connections: 4,
    duration,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: submitBody,
  });
  return { rps: result.requests.average, non2xx: result.non2xx + result.errors };
}

async function submitPart(dialect: DialectName, server: TestServer, admin: Client) {
  const db = server.app.db;
  // Team 0.0 (bdep016) is in unit 0.0 (bdep004) in division 0 (bdep001): the grant is two levels up.
  const leaf = (await db('departments').where({ id: 'bdep016', parent_id: 'bdep004' }).first('id'))?.id;
  const division = (await db('departments').where({ id: 'bdep004', parent_id: 'bdep001' }).first('parent_id'))?.parent_id;
  if (!leaf || !division) throw new Error('part 2 needs the department tree of part 1');
  const patch = (url: string, body: unknown) => admin.request('PATCH', url, { body });
  const named = await userClient(server, admin, 'member', 'bench-named');
  const inDept = await userClient(server, admin, 'member', 'bench-dept');
  for (const who of [named, inDept]) {
    if ((await patch(`/api/users/${who.user.id}`, { departmentId: leaf })).status !== 200) throw new Error('move');
  }
  const byName = await publishedForm(admin, schema);
  const byGroup = await publishedForm(admin, schema);
  await admin.put(`/api/apps/${byName.appId}/grants`, { grants: [{ principal: named.user.id, permissions: ['fill'] }] });
  await admin.put(`/api/apps/${byGroup.appId}/grants`, {
    grants: [
      { principal: `department:${division}`, permissions: ['fill'] },
      { principal: 'role:member', permissions: ['view_own'] },
    ],
  });
  const token = async (client: Client) => (await client.post('/api/auth/tokens', { name: 'bench' })).body.token as string;
  const namedUrl = `${server.url}/api/forms/${byName.formId}/submissions`;
  const groupUrl = `${server.url}/api/forms/${byGroup.formId}/submissions`;
  const namedToken = await token(named.client);
  const groupToken = await token(inDept.client);
  for (const [url, t] of [
    [namedUrl, namedToken],
    [groupUrl, groupToken],
  ]) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` },
      body: submitBody,
    });
    if (res.status !== 201) throw new Error(`submit: ${res.status} ${await res.text()}`);
  }
  await load(namedUrl, namedToken, 1);
  await load(groupUrl, groupToken, 1);
  const a: { rps: number; non2xx: number }[] = [];
  const b: { rps: number; non2xx: number }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    a.push(await load(namedUrl, namedToken, SECONDS));
    b.push(await load(groupUrl, groupToken, SECONDS));
  }
  const ra = median(a.map((r) => r.rps));
  const rb = median(b.map((r) => r.rps));
  const non2xx = [...a, ...b].reduce((n, r) => n + r.non2xx, 0);
  console.log(
    `\n[${dialect}] submit, 4 connections, ${ROUNDS} alternating rounds of ${SECONDS} s: fill granted by name ${ra.toFixed(0)} req/s [${a.map((r) => Math.round(r.rps)).join(', ')}]` +
      `, by department (2 levels up) + role ${rb.toFixed(0)} req/s [${b.map((r) => Math.round(r.rps)).join(', ')}]  ratio ${(rb / ra).toFixed(2)}x  non-2xx ${non2xx}`,
  );
}

async function preparePart(dialect: DialectName, server: TestServer, admin: Client) {
  const signSchema = {
    ...schema,
    properties: {
      ...schema.properties,
      sign: {
        type: 'object',
        title: 'Signature 簽署',
        properties: { signatureId: { type: 'string', minLength: 1, maxLength: 100 } },
        required: ['signatureId'],
        additionalProperties: false,
      },
    },
  };
  const app = await admin.post('/api/apps', { name: 'Signing bench' });
  const form = await admin.post(`/api/apps/${app.body.id}/forms`, {
    name: '請假申請 Leave',
    schema: signSchema,
    uiSchema: { sign: { 'ui:fieldType': 'digitalSignature' } },
  });
  if (form.status !== 201) throw new Error(`form: ${form.status} ${JSON.stringify(form.body)}`);
  if ((await admin.post(`/api/forms/${form.body.id}/publish`)).status !== 201) throw new Error('publish');
  const data = {
    name: '陳大文 Chan Tai Man',
    hkid: 'A123456(7)',
    notes: '年假五天，由十二月一日至五日。Annual leave, five days.',
    amount: 1234.5,
  };
  const record = await admin.post(`/api/forms/${form.body.id}/submissions`, { data });
  if (record.status !== 201) throw new Error(`record: ${record.status} ${JSON.stringify(record.body)}`);
  const time = async (call: () => Promise<{ status: number; body: unknown }>, expected: number) => {
    const first = performance.now();
    const warm = await call();
    if (warm.status !== expected) throw new Error(`${warm.status} ${JSON.stringify(warm.body)}`);
    const firstMs = performance.now() - first;
    const times: number[] = [];
    for (let i = 0; i < PREPARE_RUNS; i++) {
      const t = performance.now();
      const res = await call();
      if (res.status !== expected) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
      times.push(performance.now() - t);
    }
    return { first: firstMs, median: median(times), p95: p95(times) };
  };
  const get = await time(() => admin.get(`/api/submissions/${record.body.id}`), 200);
  const prepare = await time(() => admin.post('/api/signatures/prepare', { formId: form.body.id, field: 'sign', data }), 201);
  console.log(
    `\n[${dialect}] signature prepare, ${PREPARE_RUNS} runs after one (first-call) run: prepare median ${fmt(prepare.median)} p95 ${fmt(prepare.p95)} (first ${fmt(prepare.first)})` +
      `   GET record median ${fmt(get.median)} p95 ${fmt(get.p95)}   ratio ${(prepare.median / get.median).toFixed(1)}x`,
  );
}

const started = performance.now();
for (const dialect of DIALECTS) {
  const server = await startTestServer(dialect);
  try {
    const admin = await adminClient(server);
    if (PARTS.has(1) || PARTS.has(2)) await listsPart(dialect, server, admin);
    if (PARTS.has(2)) await submitPart(dialect, server, admin);
    if (PARTS.has(3)) await preparePart(dialect, server, admin);
  } finally {
    await server.close();
  }
}
console.log(`\npermissions bench: ${((performance.now() - started) / 1000).toFixed(0)} s`);
