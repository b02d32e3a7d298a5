// npm run bench: a bulk import of 10,000 rows against 10,000 single POSTs of the same rows, on one
// server process on SQLite (BENCH_IMPORT_DIALECT=postgres for PostgreSQL), in one run (target: the
// import ≥ 10× faster).
import { ADMIN, Client, freshDatabase, type DialectName } from '../server/test/helpers.ts';
import { ServerProcess, freePort } from '../server/test/serverProcess.ts';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
/** Single POSTs in flight at once: a few browser tabs or a script with a small pool. */
const CONCURRENCY = 4;
const TARGET = 10;
const DIALECT: DialectName = process.env.BENCH_IMPORT_DIALECT === 'postgres' ? 'postgres' : 'sqlite';

const schema = {
  type: 'object',
  required: ['name', 'qty'],
  properties: {
    name: { type: 'string', title: 'Name', minLength: 1 },
    qty: { type: 'integer', title: 'Quantity', minimum: 0 },
    code: { type: 'string', title: 'Code', pattern: '^[A-Z]{2}-\\d+$' },
    price: { type: 'number', title: 'Price', multipleOf: 0.01, minimum: 0 },
    received: { type: 'string', title: 'Received', format: 'date' },
  },
};

const row = (i: number) => ({ name: `Item ${i}`, qty: i % 50, code: `PJ-${i}`, price: (i % 1000) + 0.25, received: '2026-03-01' });

function csvOf(count: number): Buffer {
  const lines = ['Name,Quantity,Code,Price,Received'];
  for (let i = 0; i < count; i++) {
    const r = row(i);
    lines.push(`${r.name},${r.qty},${r.code},${r.price},${r.received}`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

async function singlePosts(server: ServerProcess, token: string, formId: string): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < ROWS) {
      const i = next++;
      const res = await fetch(`${server.url}/api/forms/${formId}/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ data: row(i) }),
      });
      if (res.status !== 201) throw new Error(`POST ${i}: ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return performance.now() - started;
}

/** Upload, commit, and wait until every row is stored: what a person waits for after choosing Import. */
async function bulkImport(server: ServerProcess, token: string, formId: string): Promise<number> {
  const auth = { authorization: `Bearer ${token}` };
  const file = csvOf(ROWS);
  const started = performance.now();
  const up = await fetch(`${server.url}/api/forms/${formId}/imports`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/octet-stream', 'x-file-name': 'bench.csv' },
    body: new Uint8Array(file),
  });
  const upload = await up.json();
  if (up.status !== 201) throw new Error(`upload: ${up.status} ${JSON.stringify(upload)}`);
  const commit = await fetch(`${server.url}/api/imports/${upload.id}/commit`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ mapping: upload.mapping }),
  });
  if (commit.status !== 202) throw new Error(`commit: ${commit.status} ${await commit.text()}`);
  for (;;) {
    const state = await (await fetch(`${server.url}/api/imports/${upload.id}`, { headers: auth })).json();
    if (state.status === 'done') {
      if (state.inserted !== ROWS) throw new Error(`imported ${state.inserted} of ${ROWS} rows`);
      return performance.now() - started;
    }
    if (state.status === 'failed') throw new Error(`import failed: ${JSON.stringify(state.errors.slice(0, 3))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const db = await freshDatabase(DIALECT);
const server = new ServerProcess(await freePort(), {
  FORMLOOM_DATA_DIR: db.dataDir,
  FORMLOOM_ADMIN_EMAIL: ADMIN.email,
  FORMLOOM_ADMIN_PASSWORD: ADMIN.password,
  ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
});
await server.start();
try {
  const admin = await new Client(server.url).login(ADMIN.email, ADMIN.password);
  const token = (await admin.post('/api/auth/tokens', { name: 'bench' })).body.token;
  const app = (await admin.post('/api/apps', { name: 'Import bench' })).body;
  const newForm = async (name: string) => {
    const form = (await admin.post(`/api/apps/${app.id}/forms`, { name, schema })).body;
    await admin.post(`/api/forms/${form.id}/publish`);
    return form.id as string;
  };
  const postsMs = await singlePosts(server, token, await newForm('Single POSTs'));
  const importMs = await bulkImport(server, token, await newForm('Bulk import'));
  const ratio = postsMs / importMs;
  console.log(`\nBulk import vs single POSTs, ${ROWS} rows, one server process on ${DIALECT === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`);
  console.log(
    `single POSTs (${CONCURRENCY} in flight) ${(postsMs / 1000).toFixed(2)} s   bulk import (upload + commit + done) ${(importMs / 1000).toFixed(2)} s` +
      `   ratio ${ratio.toFixed(1)}x ${ratio >= TARGET ? `(target ≥ ${TARGET}x met)` : `(below the ${TARGET}x target)`}`,
  );
} finally {
  await server.stop();
  await db.drop();
}
