// npm run bench: what an approval flow costs a submission. The leave request submitted through the
// HTTP API (one at a time, as people do) to its form with the shipped flow, against the same form
// without a flow, in the same run on SQLite and on PostgreSQL; then again after the org chart grows to
// 2,000 people, because each flow step reads the org chart to resolve approvers. Also the time of an
// approval decision (POST /api/tasks/:id/approve).
import { leaveRequestFlow } from '../schemas/src/workflow/templates.ts';
import { DIALECTS, adminClient, startTestServer, Client, type TestServer } from '../server/test/helpers.ts';

const SUBMISSIONS = Number(process.env.BENCH_APPROVALS ?? 150);
const BIG_ORG = 2000;
const PASSWORD = 'a-long-password-1';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(n: number, act: (i: number) => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await act(i);
    times.push(performance.now() - start);
  }
  return median(times);
}

async function person(admin: Client, name: string, extra: object = {}) {
  const res = await admin.post('/api/users', {
    email: `${name.toLowerCase()}@bench.example`,
    name,
    password: PASSWORD,
    role: 'member',
    ...extra,
  });
  if (res.status !== 201) throw new Error(`user: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; email: string };
}

/** Two forms of one schema, with and without the flow, that everyone may fill. */
async function forms(admin: Client) {
  const installed = await admin.post('/api/templates/leave-request/install', {});
  const flowForm = installed.body.forms[0] as { id: string };
  const draft = (await admin.get(`/api/forms/${flowForm.id}`)).body;
  const app = (await admin.post('/api/apps', { name: 'No flow' })).body;
  const plain = (
    await admin.post(`/api/apps/${app.id}/forms`, { name: 'Leave (no flow)', schema: draft.draft.schema, uiSchema: draft.draft.uiSchema })
  ).body;
  await admin.post(`/api/forms/${plain.id}/publish`);
  await admin.request('PUT', `/api/apps/${app.id}/grants`, { body: { grants: [{ principal: '*', permissions: ['fill'] }] } });
  return { flowFormId: flowForm.id, plainFormId: plain.id as string };
}

/** Grows the org chart by `count` people in a tree under one another, written straight to the database. */
async function growOrg(server: TestServer, count: number) {
  const now = new Date().toISOString();
  const rows = Array.from({ length: count }, (_, i) => ({
    id: `bench-${String(i).padStart(5, '0')}`,
    email: `p${i}@big.example`,
    name: `Person ${i}`,
    role: 'member',
    created_at: now,
    manager_id: i === 0 ? null : `bench-${String(Math.floor((i - 1) / 8)).padStart(5, '0')}`,
  }));
  for (let i = 0; i < rows.length; i += 200) await server.app.db('users').insert(rows.slice(i, i + 200));
}

async function bench(dialect: (typeof DIALECTS)[number]) {
  const server = await startTestServer(dialect);
  try {
    const admin = await adminClient(server);
    const manager = await person(admin, 'Manager');
    const staff = await person(admin, 'Staff', { managerId: manager.id });
    const staffClient = await new Client(server.url).login(staff.email, PASSWORD);
    const managerClient = await new Client(server.url).login(manager.email, PASSWORD);
    const { flowFormId, plainFormId } = await forms(admin);
    if (
      JSON.stringify((await admin.get(`/api/forms/${flowFormId}`)).body.published.workflow) !== JSON.stringify(leaveRequestFlow('days'))
    ) {
      throw new Error('the installed form does not carry the shipped leave flow');
    }
    const data = (i: number) => ({ leaveType: 'annual', startDate: '2026-12-01', endDate: '2026-12-02', days: 1 + (i % 2) });
    const submitTo = (formId: string, expected: string) => async (i: number) => {
      const res = await staffClient.post(`/api/forms/${formId}/submissions`, { data: data(i) });
      if (res.status !== 201 || res.body.status !== expected) throw new Error(`submit: ${res.status} ${JSON.stringify(res.body)}`);
    };
    await timed(10, submitTo(plainFormId, 'submitted')); // warm-up: caches, JIT
    await timed(10, submitTo(flowFormId, 'pending'));

    const plain = await timed(SUBMISSIONS, submitTo(plainFormId, 'submitted'));
    const small = await timed(SUBMISSIONS, submitTo(flowFormId, 'pending'));
    await growOrg(server, BIG_ORG);
    const big = await timed(SUBMISSIONS, submitTo(flowFormId, 'pending'));

    const tasks = (await managerClient.get('/api/tasks?status=pending&limit=100')).body.items as { id: string }[];
    const approve = await timed(Math.min(50, tasks.length), async (i) => {
      const res = await managerClient.post(`/api/tasks/${tasks[i]!.id}/approve`, {});
      if (res.status !== 200) throw new Error(`approve: ${res.status} ${JSON.stringify(res.body)}`);
    });

    console.log(`approvals on ${dialect} (median of ${SUBMISSIONS} sequential submissions)`);
    console.log(`  submit, no flow (baseline)         ${plain.toFixed(1)} ms`);
    console.log(`  submit, leave flow, 4 people       ${small.toFixed(1)} ms   ${(small / plain).toFixed(2)}× baseline`);
    console.log(`  submit, leave flow, ${BIG_ORG + 4} people   ${big.toFixed(1)} ms   ${(big / plain).toFixed(2)}× baseline`);
    console.log(`  approve a task, ${BIG_ORG + 4} people       ${approve.toFixed(1)} ms   ${(approve / plain).toFixed(2)}× baseline`);
  } finally {
    await server.close();
  }
}

for (const dialect of DIALECTS) await bench(dialect);
