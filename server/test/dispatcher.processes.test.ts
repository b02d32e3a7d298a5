import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Database } from '../src/db/connect.ts';
import { newId } from '../src/lib/ids.ts';
import { DEFAULT_SETTINGS } from '../src/services/dispatcher/settings.ts';
import { secretBoxFromKey } from '../src/lib/secretBox.ts';
import { newWebhookSecret } from '../src/services/webhooks/signature.ts';
import { ADMIN, Client, DIALECTS, freshDatabase, simpleSchema, type DialectName } from './helpers.ts';
import { Receiver } from './receiver.ts';
import { ServerProcess, freePort } from './serverProcess.ts';

/**
 * The dispatcher as it runs in production: real server processes with their own timers. kill -9 in
 * the middle of a delivery loses nothing and acknowledges nothing twice; two servers on one
 * PostgreSQL share the deliveries without ever sending one webhook-id twice at the same time.
 */

const waitFor = async (what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

interface Setup {
  env: Record<string, string>;
  database: Database;
  drop(): Promise<void>;
  /** A subscription to every submission of the form, sealed with the servers' shared key. */
  subscribe(url: string, formId: string): Promise<string>;
}

async function setup(dialect: DialectName, extraEnv: Record<string, string>): Promise<Setup> {
  const db = await freshDatabase(dialect);
  const key = randomBytes(32);
  const env: Record<string, string> = {
    FORMLOOM_DATA_DIR: db.dataDir,
    FORMLOOM_ADMIN_EMAIL: ADMIN.email,
    FORMLOOM_ADMIN_PASSWORD: ADMIN.password,
    FORMLOOM_SECRET_KEY: key.toString('base64'),
    FORMLOOM_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
    FORMLOOM_DISPATCH_INTERVAL_MS: '50',
    ...extraEnv,
  };
  if (db.databaseUrl) env.DATABASE_URL = db.databaseUrl;
  let database: Database | null = null;
  const open = () => (database ??= connectDatabase({ databaseUrl: db.databaseUrl, dataDir: db.dataDir }));
  return {
    env,
    get database() {
      return open();
    },
    async drop() {
      await database?.close();
      await db.drop();
    },
    async subscribe(url, formId) {
      const knex = open().knex;
      const owner = await knex('users').where({ email: ADMIN.email }).first('id');
      const secret = newWebhookSecret();
      const now = new Date().toISOString();
      await knex('webhook_subscriptions').insert({
        id: newId(),
        owner_id: owner.id,
        form_id: formId,
        format: 'canonical',
        url,
        events: JSON.stringify(['submission.created']),
        headers: '{}',
        secret_sealed: secretBoxFromKey(key).seal(secret),
        created_at: now,
        updated_at: now,
      });
      return secret;
    },
  };
}

async function formOn(server: ServerProcess): Promise<{ admin: Client; formId: string }> {
  const admin = await new Client(server.url).login(ADMIN.email, ADMIN.password);
  const app = (await admin.post('/api/apps', { name: 'Outbox' })).body;
  const form = (await admin.post(`/api/apps/${app.id}/forms`, { name: 'Orders', schema: simpleSchema })).body;
  await admin.post(`/api/forms/${form.id}/publish`);
  return { admin, formId: form.id };
}

describe.each(DIALECTS)('dispatcher across kill -9 on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('delivers what was in flight at the kill after a restart, acknowledged once', async () => {
    const EVENTS = 12;
    // A short lease so the restarted server takes the orphaned delivery back within seconds.
    const s = await setup(dialect, { FORMLOOM_WEBHOOK_LEASE_MS: '3000' });
    const receiver = await new Receiver().start();
    let server = new ServerProcess(await freePort(), s.env);
    cleanups.push(async () => {
      await server.stop();
      await receiver.stop();
      await s.drop();
    });
    await server.start();
    const { admin, formId } = await formOn(server);
    receiver.setSecret(await s.subscribe(receiver.url, formId));
    // The first request is held open (the receiver is busy with it) when the server dies.
    receiver.respond = (_req, nth) => (receiver.received.length === 1 && nth === 1 ? { status: 200, hold: true } : { status: 200 });
    for (let i = 0; i < EVENTS; i++) {
      expect((await admin.post(`/api/forms/${formId}/submissions`, { data: { name: `o${i}`, qty: i } })).status).toBe(201);
    }
    await receiver.whenHolding();
    const heldId = receiver.received[0]!.id;
    // Kill once the others are recorded: a send answered but not yet recorded would rightly go
    // again (at least once), and this test is about the one in flight.
    const succeeded = async () => (await s.database.knex('webhook_deliveries').where({ status: 'succeeded' })).length;
    await waitFor('the other deliveries recorded', async () => (await succeeded()) === EVENTS - 1);
    await server.kill9();
    const orphan = await s.database.knex('webhook_deliveries').where({ id: heldId }).first();
    expect(orphan).toMatchObject({ status: 'delivering', attempts: 1 });

    server = new ServerProcess(await freePort(), s.env);
    await server.start();
    await waitFor('every event acknowledged', () => receiver.acknowledged().size === EVENTS);
    await new Promise((r) => setTimeout(r, 1500)); // time for a wrong second send to show up

    const acknowledged = receiver.acknowledged();
    expect([...acknowledged.values()].every((n) => n === 1)).toBe(true);
    expect(acknowledged.get(heldId)).toBe(1);
    // The held copy (never answered) and its resend, under the same webhook-id, both signed.
    expect(receiver.received.filter((r) => r.id === heldId).map((r) => r.answered)).toEqual([null, 200]);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect(receiver.maxOverlap).toBe(1);
    const rows = await s.database.knex('webhook_deliveries').select('id', 'status', 'attempts');
    expect(rows).toHaveLength(EVENTS);
    expect(rows.every((r) => r.status === 'succeeded')).toBe(true);
    expect(rows.find((r) => r.id === heldId)!.attempts).toBe(2);
  }, 120_000);
});

describe('two servers on one PostgreSQL', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('share the deliveries: every event once, never the same webhook-id in flight twice', async () => {
    const EVENTS = 300;
    const PER_PROCESS = DEFAULT_SETTINGS.concurrency;
    const s = await setup('postgres', {});
    const receiver = await new Receiver().start();
    receiver.respond = () => ({ status: 200, delayMs: 60 });
    const servers = [new ServerProcess(await freePort(), s.env), new ServerProcess(await freePort(), s.env)];
    cleanups.push(async () => {
      for (const server of servers) await server.stop();
      await receiver.stop();
      await s.drop();
    });
    for (const server of servers) await server.start();
    const { formId } = await formOn(servers[0]!);
    receiver.setSecret(await s.subscribe(receiver.url, formId));
    const clients = await Promise.all(servers.map((server) => new Client(server.url).login(ADMIN.email, ADMIN.password)));

    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async (_, lane) => {
        while (next < EVENTS) {
          const i = next++;
          const res = await clients[lane % 2]!.post(`/api/forms/${formId}/submissions`, { data: { name: `e${i}`, qty: i } });
          expect(res.status).toBe(201);
        }
      }),
    );
    await waitFor('every event acknowledged', () => receiver.acknowledged().size === EVENTS);
    await new Promise((r) => setTimeout(r, 1000));

    expect(receiver.received).toHaveLength(EVENTS);
    expect(receiver.maxOverlap).toBe(1);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    // More requests open at once than one process ever opens: both servers were sending.
    expect(receiver.maxConcurrent).toBeGreaterThan(PER_PROCESS);
    const rows = await s.database.knex('webhook_deliveries').select('status', 'attempts');
    expect(rows).toHaveLength(EVENTS);
    expect(rows.every((r) => r.status === 'succeeded' && r.attempts === 1)).toBe(true);
  }, 120_000);
});
