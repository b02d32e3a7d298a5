import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpired, IDEMPOTENCY_KEY_RETENTION_MS } from '../src/plugins/app/maintenance.ts';
import { DIALECTS, adminClient, publishedForm, startTestServer, type Client, type TestServer } from './helpers.ts';

describe.each(DIALECTS)('maintenance on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('keeps idempotency keys for their retention and sessions until they expire, then purges them', async () => {
    const { formId } = await publishedForm(admin);
    await admin.post(`/api/forms/${formId}/submissions`, { data: { name: 'x', qty: 1 } }, { headers: { 'idempotency-key': 'keep-me' } });
    expect(await purgeExpired(server.app.db)).toEqual({ idempotencyKeys: 0, sessions: 0, loginThrottle: 0 });
    const later = Date.now() + IDEMPOTENCY_KEY_RETENTION_MS + 60_000;
    const purged = await purgeExpired(server.app.db, later + 30 * 24 * 3600 * 1000);
    expect(purged.idempotencyKeys).toBe(1);
    expect(purged.sessions).toBeGreaterThanOrEqual(1);
    server.app.forgetCredentials(); // the 5 s credential cache would otherwise still know it
    expect((await admin.get('/api/auth/me')).status).toBe(401);
  });
});
