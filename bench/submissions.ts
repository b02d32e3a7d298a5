// npm run bench: submission throughput (POST with validation, 4 connections) as a ratio
// against a bare Fastify route doing a raw INSERT, on SQLite and on PostgreSQL, in one run.
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN, Client, freshDatabase, type DialectName } from '../server/test/helpers.ts';
import { ServerProcess, freePort } from '../server/test/serverProcess.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 4;

const body = JSON.stringify({
  data: {
    name: 'Pallet jack',
    qty: 3,
    code: 'PJ-2031',
    items: [
      { sku: 'A-1', qty: 2 },
      { sku: 'B-7', qty: 1.5 },
    ],
  },
});
const schema = {
  type: 'object',
  required: ['name', 'qty'],
  properties: {
    name: { type: 'string', minLength: 1 },
    qty: { type: 'integer', minimum: 0 },
    code: { type: 'string', pattern: '^[A-Z]{2}-\\d+$' },
    items: {
      type: 'array',
      items: { type: 'object', required: ['qty'], properties: { sku: { type: 'string' }, qty: { type: 'number', exclusiveMinimum: 0 } } },
    },
  },
};

async function load(
  url: string,
  headers: Record<string, string>,
  duration = DURATION_S,
): Promise<{ rps: number; non2xx: number; p99: number }> {
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration,
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { rps: result.requests.average, non2xx: result.non2xx + result.errors, p99: result.latency.p99 };
}

async function startBaseline(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'baselineServer.ts')], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`baseline exited ${code}`)));
  });
  return child;
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Both servers run side by side and are loaded in turns (baseline, formloom, baseline, ...), so
 * drift in the machine's disk or CPU hits both; the ratio is of the medians.
 */
async function benchDialect(dialect: DialectName) {
  const baseDb = await freshDatabase(dialect);
  const basePort = await freePort();
  const baseline = await startBaseline(
    { FORMLOOM_DATA_DIR: baseDb.dataDir, ...(baseDb.databaseUrl ? { DATABASE_URL: baseDb.databaseUrl } : {}) },
    basePort,
  );
  const baseUrl = `http://127.0.0.1:${basePort}/insert`;

  const db = await freshDatabase(dialect);
  const env: Record<string, string> = {
    FORMLOOM_DATA_DIR: db.dataDir,
    FORMLOOM_ADMIN_EMAIL: ADMIN.email,
    FORMLOOM_ADMIN_PASSWORD: ADMIN.password,
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
  };
  const server = new ServerProcess(await freePort(), env);
  await server.start();
  const admin = await new Client(server.url).login(ADMIN.email, ADMIN.password);
  const token = (await admin.post('/api/auth/tokens', { name: 'bench' })).body.token;
  const app = (await admin.post('/api/apps', { name: 'Bench' })).body;
  const form = (await admin.post(`/api/apps/${app.id}/forms`, { name: 'Bench', schema })).body;
  await admin.post(`/api/forms/${form.id}/publish`);
  const url = `${server.url}/api/forms/${form.id}/submissions`;
  const auth = { authorization: `Bearer ${token}` };

  await load(baseUrl, {}, 2); // warm-up, discarded
  await load(url, auth, 2);
  const base = [];
  const ours = [];
  for (let i = 0; i < ROUNDS; i++) {
    base.push(await load(baseUrl, {}));
    ours.push(await load(url, auth));
  }
  baseline.kill('SIGTERM');
  await server.stop();
  await baseDb.drop();
  await db.drop();
  const pick = (runs: { rps: number; non2xx: number; p99: number }[]) => ({
    rps: median(runs.map((r) => r.rps)),
    p99: median(runs.map((r) => r.p99)),
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    all: runs.map((r) => Math.round(r.rps)),
  });
  const b = pick(base);
  const o = pick(ours);
  return { dialect, base: b, ours: o, ratio: o.rps / b.rps };
}

const rows = [];
for (const dialect of ['sqlite', 'postgres'] as DialectName[]) rows.push(await benchDialect(dialect));
console.log(`\nSubmission throughput, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${DURATION_S} s (median requests/s)`);
for (const r of rows) {
  console.log(
    `${r.dialect.padEnd(9)} formloom ${r.ours.rps.toFixed(0).padStart(6)} req/s [${r.ours.all.join(', ')}] (p99 ${r.ours.p99} ms, non-2xx ${r.ours.non2xx})` +
      `   baseline raw INSERT ${r.base.rps.toFixed(0).padStart(6)} req/s [${r.base.all.join(', ')}] (p99 ${r.base.p99} ms, non-2xx ${r.base.non2xx})` +
      `   ratio ${r.ratio.toFixed(2)}x ${r.ratio >= 0.5 ? '(target ≥ 0.5x met)' : '(below the 0.5x target)'}`,
  );
}
