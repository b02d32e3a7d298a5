import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, publishedForm, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';

/** Two users, each with their own objects: nobody reaches the other's by guessing ids. */
describe.each(DIALECTS)('authorization on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let alice: Client;
  let bob: Client;
  let bobUser: any;
  let aliceForm: { appId: string; formId: string };
  let aliceSubmission: string;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    alice = (await userClient(server, admin, 'builder', 'alice')).client;
    ({ client: bob, user: bobUser } = await userClient(server, admin, 'builder', 'bob'));
    aliceForm = await publishedForm(alice);
    // Alice's app is private: remove the default "everyone may fill" grant.
    const me = (await alice.get('/api/auth/me')).body.user;
    expect((await alice.put(`/api/apps/${aliceForm.appId}/grants`, { grants: [{ principal: me.id, permissions: ['edit'] }] })).status).toBe(
      200,
    );
    aliceSubmission = (await alice.post(`/api/forms/${aliceForm.formId}/submissions`, { data: { name: 'secret', qty: 1 } })).body.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  it("hides another user's app, form, versions, submissions and export behind 404", async () => {
    const { appId, formId } = aliceForm;
    const probes: [string, string, unknown?][] = [
      ['GET', `/api/apps/${appId}`],
      ['GET', `/api/apps/${appId}/forms`],
      ['GET', `/api/apps/${appId}/grants`],
      ['GET', `/api/forms/${formId}`],
      ['GET', `/api/forms/${formId}/versions`],
      ['GET', `/api/forms/${formId}/submissions`],
      ['GET', `/api/forms/${formId}/submissions/export?format=csv`],
      ['GET', `/api/submissions/${aliceSubmission}`],
      ['POST', `/api/forms/${formId}/submissions`, { data: { name: 'x', qty: 1 } }],
      ['PUT', `/api/forms/${formId}`, { name: 'pwned' }],
      ['POST', `/api/forms/${formId}/publish`],
      ['POST', `/api/apps/${appId}/forms`, { name: 'x', schema: { type: 'object' } }],
      ['PUT', `/api/apps/${appId}/grants`, { grants: [{ principal: bobUser.id, permissions: ['edit'] }] }],
    ];
    for (const [method, url, body] of probes) {
      const res = await bob.request(method, url, { body });
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(res.body.code).toMatch(/_not_found$/);
    }
    expect((await bob.get('/api/apps')).body.items.map((a: any) => a.id)).not.toContain(appId);
    expect((await alice.get(`/api/forms/${formId}`)).body.name).toBe('Test form');
  });

  it('lets fillers see only their own submissions, and "see all" holders everything', async () => {
    const { appId, formId } = aliceForm;
    const me = (await alice.get('/api/auth/me')).body.user;
    await alice.put(`/api/apps/${appId}/grants`, {
      grants: [
        { principal: me.id, permissions: ['edit'] },
        { principal: bobUser.id, permissions: ['fill'] },
      ],
    });
    const mine = (await bob.post(`/api/forms/${formId}/submissions`, { data: { name: 'bob', qty: 2 } })).body.id;
    const list = (await bob.get(`/api/forms/${formId}/submissions`)).body.items.map((s: any) => s.id);
    expect(list).toEqual([mine]);
    expect((await bob.get(`/api/submissions/${aliceSubmission}`)).status).toBe(404);
    expect((await bob.get(`/api/submissions/${mine}`)).status).toBe(200);
    const csv = await bob.get(`/api/forms/${formId}/submissions/export?format=csv`);
    expect(csv.body).toContain('bob');
    expect(csv.body).not.toContain('secret');
    // fill-only: may not edit or publish
    expect((await bob.put(`/api/forms/${formId}`, { name: 'x' })).status).toBe(403);
    expect((await bob.post(`/api/forms/${formId}/publish`)).status).toBe(403);
    await alice.put(`/api/apps/${appId}/grants`, {
      grants: [
        { principal: me.id, permissions: ['edit'] },
        { principal: bobUser.id, permissions: ['view_all'] },
      ],
    });
    const all = (await bob.get(`/api/forms/${formId}/submissions`)).body.items.map((s: any) => s.id);
    expect(all).toEqual(expect.arrayContaining([mine, aliceSubmission]));
    expect((await bob.get(`/api/apps/${appId}`)).body.permissions).toEqual({
      canEdit: false,
      canFill: true,
      canViewAll: true,
      canViewDepartment: true,
      canEditRecords: false,
      canDeleteRecords: false,
      canExport: false,
      viewScope: 'all',
    });
  });

  it('keeps user management to admins', async () => {
    expect((await bob.get('/api/users')).status).toBe(403);
    expect((await bob.post('/api/users', { email: 'x@example.com', name: 'x', password: 'long-enough-pw', role: 'admin' })).status).toBe(
      403,
    );
    expect((await admin.get('/api/users')).body.items.length).toBeGreaterThanOrEqual(3);
    const dup = await admin.post('/api/users', { email: 'ALICE-DUP@example.com', name: 'a', password: 'long-enough-pw' });
    expect(dup.status).toBe(201);
    const again = await admin.post('/api/users', { email: 'alice-dup@example.com', name: 'a', password: 'long-enough-pw' });
    expect([again.status, again.body.code]).toEqual([409, 'email_taken']);
  });

  it('refuses grants to users that do not exist', async () => {
    const res = await alice.put(`/api/apps/${aliceForm.appId}/grants`, { grants: [{ principal: 'ghost', permissions: ['edit'] }] });
    expect([res.status, res.body.code]).toEqual([422, 'unknown_user']);
  });
});
