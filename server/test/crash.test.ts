import sqlite3 from 'sqlite3';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN, Client, DIALECTS, freshDatabase, simpleSchema } from './helpers.ts';
import { ServerProcess, freePort } from './serverProcess.ts';

const SUBMISSIONS = 240;
const CONNECTIONS = 4;
const KILLS = 4;

function integrityCheck(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => err && reject(err));
    db.get('PRAGMA integrity_check', (err, row: any) => {
      db.close();
      if (err) reject(err);
      else resolve(row.integrity_check);
    });
  });
}

/**
 * kill -9 the server again and again while clients send submissions with Idempotency-Keys and
 * retry every unacknowledged one with the same key. Afterwards each acknowledged submission is
 * stored exactly once, every key maps to one row, and the database is intact.
 */
describe.each(DIALECTS)('crash safety on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it(`keeps every acknowledged submission exactly once across ${KILLS} kill -9`, async () => {
    const db = await freshDatabase(dialect);
    const env: Record<string, string> = {
      FORMLOOM_DATA_DIR: db.dataDir,
      FORMLOOM_ADMIN_EMAIL: ADMIN.email,
      FORMLOOM_ADMIN_PASSWORD: ADMIN.password,
    };
    if (db.databaseUrl) env.DATABASE_URL = db.databaseUrl;
    const server = new ServerProcess(await freePort(), env);
    cleanups.push(async () => {
      await server.stop();
      await db.drop();
    });
    await server.start();

    const admin = await new Client(server.url).login(ADMIN.email, ADMIN.password);
    const token = (await admin.post('/api/auth/tokens', { name: 'load' })).body.token;
    const app = (await admin.post('/api/apps', { name: 'Crash' })).body;
    const form = (await admin.post(`/api/apps/${app.id}/forms`, { name: 'Load', schema: simpleSchema })).body;
    await admin.post(`/api/forms/${form.id}/publish`);

    const acknowledged = new Map<string, string>(); // key → submission id
    const pending = Array.from({ length: SUBMISSIONS }, (_, i) => `crash-${i}`);
    let stopped = false;
    let retries = 0;
    const send = async (key: string) => {
      const res = await fetch(`${server.url}/api/forms/${form.id}/submissions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ data: { name: key, qty: Number(key.split('-')[1]) } }),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.status !== 201) throw new Error(`status ${res.status}`);
      const body = await res.json();
      const prior = acknowledged.get(key);
      if (prior && prior !== body.id) throw new Error(`key ${key} answered ${prior} then ${body.id}`);
      acknowledged.set(key, body.id);
    };
    const worker = async () => {
      while (!stopped) {
        const key = pending.shift();
        if (!key) {
          await new Promise((r) => setTimeout(r, 20));
          if (pending.length === 0 && acknowledged.size === SUBMISSIONS) return;
          continue;
        }
        try {
          await send(key);
        } catch (err) {
          if (/answered/.test(String(err))) throw err;
          retries++;
          pending.push(key); // unacknowledged: retry later with the same key
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    const workers = Array.from({ length: CONNECTIONS }, worker);
    for (let k = 0; k < KILLS; k++) {
      const target = Math.floor(((k + 1) * SUBMISSIONS) / (KILLS + 2));
      while (acknowledged.size < target) await new Promise((r) => setTimeout(r, 5));
      await server.kill9();
      await new Promise((r) => setTimeout(r, 100));
      await server.start();
    }
    const timeout = setTimeout(() => (stopped = true), 120_000);
    await Promise.all(workers);
    clearTimeout(timeout);
    expect(acknowledged.size).toBe(SUBMISSIONS);
    expect(retries, 'the kills must interrupt requests in flight').toBeGreaterThan(0);

    // Every key once more: each must replay its first answer, never make a second row.
    for (const key of [...acknowledged.keys()].slice(0, 40)) await send(key);
    const list: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = (await admin.get(`/api/forms/${form.id}/submissions?limit=500${cursor ? `&cursor=${cursor}` : ''}`)).body;
      list.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(list.length).toBe(SUBMISSIONS);
    expect(new Set(list.map((s) => s.id))).toEqual(new Set(acknowledged.values()));
    expect(new Set(list.map((s) => s.data.name)).size).toBe(SUBMISSIONS);

    await server.stop();
    if (dialect === 'sqlite') expect(await integrityCheck(path.join(db.dataDir, 'formloom.sqlite'))).toBe('ok');
  }, 240_000);
});
