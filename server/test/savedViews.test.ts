import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, publishedForm, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';
import { viewSchema } from './viewFixtures.ts';

describe.each(DIALECTS)('saved views on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let formId: string;
  let alice: { client: Client; user: any };
  let bob: { client: Client; user: any };
  let editor: { client: Client; user: any };
  let outsider: { client: Client; user: any };

  const views = async (client: Client) => {
    const res = await client.get(`/api/forms/${formId}/views`);
    expect(res.status).toBe(200);
    return res.body.items as any[];
  };
  const create = (client: Client, body: object) => client.post(`/api/forms/${formId}/views`, body);
  const patch = (client: Client, id: string, body: object) => client.request('PATCH', `/api/views/${id}`, { body });
  const del = (client: Client, id: string) => client.request('DELETE', `/api/views/${id}`);

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    const { appId, formId: id } = await publishedForm(admin, viewSchema);
    formId = id;
    alice = await userClient(server, admin, 'member', 'Alice');
    bob = await userClient(server, admin, 'member', 'Bob');
    editor = await userClient(server, admin, 'member', 'Editor');
    outsider = await userClient(server, admin, 'member', 'Outsider');
    const me = (await admin.get('/api/auth/me')).body.user;
    await admin.put(`/api/apps/${appId}/grants`, {
      grants: [
        { principal: me.id, permissions: ['edit'] },
        { principal: alice.user.id, permissions: ['view_all'] },
        { principal: bob.user.id, permissions: ['fill'] },
        { principal: editor.user.id, permissions: ['edit'] },
      ],
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('saves a view with its columns, sort, search and filter: 201, listed for its owner only until shared', async () => {
    const body = {
      name: '  Low stock 低庫存 ',
      columns: ['data.name', 'data.qty', 'createdAt', 'data.qty'],
      sort: '-data.qty',
      q: 'pump',
      filter: [{ field: 'data.qty', op: 'lt', value: 5 }],
    };
    const res = await create(alice.client, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      formId,
      name: 'Low stock 低庫存',
      columns: ['data.name', 'data.qty', 'createdAt'],
      sort: '-data.qty',
      q: 'pump',
      filter: [{ field: 'data.qty', op: 'lt', value: 5 }],
      shared: false,
      ownerId: alice.user.id,
      ownerName: 'Alice',
      canEdit: true,
    });
    expect((await views(alice.client)).map((v) => v.id)).toEqual([res.body.id]);
    expect(await views(bob.client)).toEqual([]);
    expect(await views(editor.client)).toEqual([]);
    // Invisible to them: 404, not 403.
    expect((await patch(bob.client, res.body.id, { name: 'x' })).status).toBe(404);
    expect((await del(editor.client, res.body.id)).status).toBe(404);

    const shared = await patch(alice.client, res.body.id, { shared: true, name: 'Low stock', sort: null, filter: [] });
    expect(shared.status).toBe(200);
    expect(shared.body).toMatchObject({ shared: true, name: 'Low stock', sort: null, q: 'pump', filter: [], canEdit: true });
    const seenByBob = (await views(bob.client)).find((v) => v.id === res.body.id);
    expect(seenByBob).toMatchObject({ name: 'Low stock', shared: true, ownerName: 'Alice', canEdit: false });
    expect((await views(editor.client)).find((v) => v.id === res.body.id)).toMatchObject({ canEdit: true });
    const events = await server.app.db('domain_events').whereIn('type', ['saved_view.created', 'saved_view.updated']).orderBy('seq');
    expect(events.map((e: any) => e.type)).toEqual(['saved_view.created', 'saved_view.updated']);
  });

  it('lets the owner and app editors change or delete a shared view; others get 403', async () => {
    const view = (await create(bob.client, { name: 'Mine', columns: ['data.name'], shared: true })).body;
    expect((await patch(alice.client, view.id, { name: 'Hijacked' })).status).toBe(403);
    const denied = await del(alice.client, view.id);
    expect([denied.status, denied.body.code]).toEqual([403, 'forbidden']);
    expect((await patch(editor.client, view.id, { columns: ['data.qty'] })).body.columns).toEqual(['data.qty']);
    expect((await patch(bob.client, view.id, { name: 'Mine again' })).body).toMatchObject({ name: 'Mine again', columns: ['data.qty'] });
    expect((await del(editor.client, view.id)).status).toBe(204);
    expect((await views(bob.client)).map((v) => v.id)).not.toContain(view.id);
    expect((await del(bob.client, view.id)).status).toBe(404);
    const own = (await create(bob.client, { name: 'Private', columns: [] })).body;
    expect((await del(bob.client, own.id)).status).toBe(204);
  });

  it('checks sort and filter against the form like the list does', async () => {
    const cases: [object, string][] = [
      [{ filter: [{ field: 'data.nope', op: 'eq', value: 1 }] }, 'invalid_filter'],
      [{ filter: [{ field: 'data.name', op: 'gt', value: 'a' }] }, 'invalid_filter'],
      [{ filter: '[{"field":"data.qty","op":"empty"}]' }, 'invalid_filter'],
      [{ filter: [{ field: 'data.qty' }] }, 'invalid_filter'],
      [{ sort: 'data.tags' }, 'invalid_sort'],
      [{ sort: 'nope' }, 'invalid_sort'],
      [{ name: '' }, 'invalid_request'],
      [{ extra: 1 }, 'invalid_request'],
    ];
    for (const [change, code] of cases) {
      const res = await create(alice.client, { name: 'Bad', columns: [], ...change });
      expect([res.status, res.body.code], JSON.stringify(change)).toEqual([400, code]);
    }
    const view = (await create(alice.client, { name: 'Good', columns: [] })).body;
    const res = await patch(alice.client, view.id, { filter: [{ field: 'data.qty', op: 'between', value: [3, 1] }] });
    expect([res.status, res.body.code]).toEqual([400, 'invalid_filter']);
    expect((await views(alice.client)).find((v) => v.id === view.id).filter).toEqual([]);
  });

  it('answers 404 to people with no access to the form', async () => {
    const view = (await create(alice.client, { name: 'Shared', columns: [], shared: true })).body;
    expect((await outsider.client.get(`/api/forms/${formId}/views`)).status).toBe(404);
    expect((await outsider.client.post(`/api/forms/${formId}/views`, { name: 'x', columns: [] })).status).toBe(404);
    expect((await patch(outsider.client, view.id, { name: 'x' })).status).toBe(404);
    expect((await del(outsider.client, view.id)).status).toBe(404);
  });
});
