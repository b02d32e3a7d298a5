import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';

const departmentSchema = {
  type: 'object',
  properties: { name: { type: 'string' }, floor: { type: 'number' }, open: { type: 'boolean' } },
};
/** A leave request whose department is chosen among the departments' names; a table of cover staff too. */
const requestSchema = {
  type: 'object',
  properties: {
    department: { type: 'string' },
    covers: { type: 'array', items: { type: 'object', properties: { department: { type: 'string' } } } },
  },
};
const optionsFrom = (form: string, field = 'name') => ({ 'ui:fieldType': 'select', 'ui:options': { optionsFrom: { form, field } } });
const requestUi = (form: string) => ({ department: optionsFrom(form), covers: { items: { department: optionsFrom(form) } } });
const MESSAGE = 'is not a value of any record you can choose from';

describe.each(DIALECTS)('choice fields with options from another form on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let alice: Client; // builder, edits the HR app
  let bob: Client; // member: may fill in the HR app, nothing more
  let carol: Client; // another builder, with no grant in alice's private app
  let departments: string;
  let requests: string;
  let privateDepartments: string;
  let privateChooser: string;

  const submit = (client: Client, formId: string, data: object) => client.post(`/api/forms/${formId}/submissions`, { data });
  const newForm = async (client: Client, appId: string, schema: object, uiSchema: object = {}) => {
    const form = await client.post(`/api/apps/${appId}/forms`, { name: 'F', schema, uiSchema });
    expect(form.status, JSON.stringify(form.body)).toBe(201);
    const published = await client.post(`/api/forms/${form.body.id}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    return form.body.id as string;
  };
  const count = async (formId: string) =>
    Number((await server.app.db('submissions').where({ form_id: formId }).count({ n: '*' }).first())!.n);

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    alice = (await userClient(server, admin, 'builder', 'alice')).client;
    bob = (await userClient(server, admin, 'member', 'bob')).client;
    carol = (await userClient(server, admin, 'builder', 'carol')).client;
    const hr = (await alice.post('/api/apps', { name: 'HR' })).body.id;
    departments = await newForm(alice, hr, departmentSchema);
    requests = await newForm(alice, hr, requestSchema, requestUi(departments));
    for (const data of [{ name: 'Finance', floor: 3 }, { name: '人事部', floor: 12.5, open: true }, { name: '50% off_sales' }]) {
      expect((await submit(alice, departments, data)).status).toBe(201);
    }
    expect((await submit(bob, departments, { name: 'Bob team' })).status).toBe(201);

    const privateApp = (await alice.post('/api/apps', { name: 'Private' })).body.id;
    const me = (await alice.get('/api/auth/me')).body.user;
    await alice.put(`/api/apps/${privateApp}/grants`, { grants: [{ principal: me.id, permissions: ['edit'] }] });
    privateDepartments = await newForm(alice, privateApp, departmentSchema);
    expect((await submit(alice, privateDepartments, { name: 'Secret lab' })).status).toBe(201);
    // a form everyone may fill in, whose choices come from the private form
    privateChooser = await newForm(alice, hr, requestSchema, { department: optionsFrom(privateDepartments) });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('accepts a value that is the field of a record, in a table row too, and stores the text', async () => {
    const res = await submit(alice, requests, {
      department: '人事部',
      covers: [{ department: 'Finance' }, { department: '50% off_sales' }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data).toEqual({ department: '人事部', covers: [{ department: 'Finance' }, { department: '50% off_sales' }] });
  });

  it('refuses a value no record holds exactly (no substring, case or wildcard match): 422 at the value, nothing stored', async () => {
    const before = await count(requests);
    const res = await submit(alice, requests, {
      department: 'finance',
      covers: [{ department: 'Finance' }, { department: 'Fin' }, { department: '50_ off%sales' }, { department: 'Finance ' }],
    });
    expect([res.status, res.body.code]).toEqual([422, 'validation_failed']);
    const detail = (path: string) => ({ path, message: MESSAGE, keyword: 'optionsFrom', params: { form: departments, field: 'name' } });
    expect(res.body.details).toEqual([
      detail('/department'),
      detail('/covers/1/department'),
      detail('/covers/2/department'),
      detail('/covers/3/department'),
    ]);
    expect(await count(requests)).toBe(before);
  });

  it('matches numbers and booleans as written, and leaves empty values to the schema', async () => {
    const byFloor = await newForm(alice, (await alice.get(`/api/forms/${requests}`)).body.appId, requestSchema, {
      department: optionsFrom(departments, 'floor'),
      covers: { items: { department: optionsFrom(departments, 'open') } },
    });
    expect((await submit(alice, byFloor, { department: '12.5', covers: [{ department: 'true' }] })).status).toBe(201);
    expect((await submit(alice, byFloor, { department: '3' })).status).toBe(201);
    const bad = await submit(alice, byFloor, { department: '4', covers: [{ department: 'false' }] });
    expect(bad.body.details?.map((d: any) => d.path)).toEqual(['/department', '/covers/0/department']);
    expect((await submit(alice, byFloor, { department: '', covers: [{}] })).status).toBe(201);
    expect((await submit(alice, byFloor, {})).status).toBe(201);
  });

  it('lets a filler choose only what the records rule lets them see: their own records, all of a catalogue', async () => {
    const others = await submit(bob, requests, { department: 'Finance' });
    expect([others.status, others.body.details?.[0]?.keyword]).toEqual([422, 'optionsFrom']);
    expect((await submit(bob, requests, { department: 'Bob team' })).status).toBe(201);
    await alice.put(`/api/forms/${departments}`, { uiSchema: { 'ui:options': { catalogue: true } } });
    await alice.post(`/api/forms/${departments}/publish`);
    try {
      expect((await submit(bob, requests, { department: 'Finance' })).status).toBe(201);
    } finally {
      await alice.put(`/api/forms/${departments}`, { uiSchema: {} });
      await alice.post(`/api/forms/${departments}/publish`);
    }
  });

  it('refuses a value from a form the submitter has no grant in, even one a record holds (IDOR)', async () => {
    const res = await submit(bob, privateChooser, { department: 'Secret lab' });
    expect([res.status, res.body.details]).toEqual([
      422,
      [{ path: '/department', message: MESSAGE, keyword: 'optionsFrom', params: { form: privateDepartments, field: 'name' } }],
    ]);
    expect((await bob.get(`/api/forms/${privateDepartments}/records?display=name`)).status).toBe(404);
    expect((await submit(alice, privateChooser, { department: 'Secret lab' })).status).toBe(201);
  });

  it('fills the fields named in ui:options.fill from the record holding the chosen value, as relations do', async () => {
    const select = (fill: object) => ({
      'ui:fieldType': 'select',
      'ui:options': { optionsFrom: { form: departments, field: 'name' }, fill },
    });
    const linked = await newForm(
      alice,
      (await alice.get(`/api/forms/${requests}`)).body.appId,
      {
        type: 'object',
        properties: {
          department: { type: 'string' },
          floor: { type: 'number' },
          open: { type: 'boolean', readOnly: true },
          covers: {
            type: 'array',
            items: { type: 'object', properties: { department: { type: 'string' }, floor: { type: 'number' } } },
          },
        },
      },
      { department: select({ floor: 'floor', open: 'open' }), covers: { items: { department: select({ floor: 'floor' }) } } },
    );
    // empty fields are filled, in a table row too
    const filled = await submit(alice, linked, {
      department: '人事部',
      covers: [{ department: 'Finance' }, { department: '人事部', floor: 1 }],
    });
    expect(filled.status, JSON.stringify(filled.body)).toBe(201);
    expect(filled.body.data).toEqual({
      department: '人事部',
      floor: 12.5,
      open: true,
      covers: [
        { department: 'Finance', floor: 3 },
        { department: '人事部', floor: 1 }, // typed by the person: kept
      ],
    });
    // an edited value is kept; a read-only one always takes the record's value
    const edited = await submit(alice, linked, { department: '人事部', floor: 11, open: false });
    expect(edited.status, JSON.stringify(edited.body)).toBe(201);
    expect(edited.body.data).toEqual({ department: '人事部', floor: 11, open: true });
    // a value no record holds is still refused, and fills nothing
    const bad = await submit(alice, linked, { department: 'Nowhere' });
    expect([bad.status, bad.body.details]).toEqual([422, [expect.objectContaining({ path: '/department', keyword: 'optionsFrom' })]]);
    // saving: fill targets are fields beside the select, sources top-level fields of the source form
    const save = await alice.put(`/api/forms/${linked}`, {
      uiSchema: { department: select({ nope: 'floor', floor: 'nothing' }) },
    });
    expect([save.status, save.body.code]).toEqual([422, 'invalid_schema']);
    expect(save.body.message).toMatch(/"nope" is not a field beside this one/);
    expect(save.body.message).toMatch(/"nothing" is not a top-level field of the source form/);
  });

  it('refuses, when the form is saved, a source form that is unknown or hidden, an unknown field, or fixed options beside it', async () => {
    const app = (await carol.post('/api/apps', { name: 'Carol' })).body.id;
    const save = (ui: object, department: object = { type: 'string' }) =>
      carol.post(`/api/apps/${app}/forms`, {
        name: 'Choices',
        schema: { type: 'object', properties: { department } },
        uiSchema: { department: ui },
      });
    const choice = (source: unknown) => ({ 'ui:fieldType': 'select', 'ui:options': { optionsFrom: source } });

    const unknown = await save(choice({ form: '00000000-0000-7000-8000-000000000000', field: 'name' }));
    const hidden = await save(choice({ form: privateDepartments, field: 'name' }));
    expect([unknown.status, unknown.body.code, hidden.status, hidden.body.code]).toEqual([422, 'invalid_schema', 422, 'invalid_schema']);
    // the same answer either way: ids of forms carol cannot see cannot be probed
    expect(hidden.body.message).toBe(unknown.body.message.replace('00000000-0000-7000-8000-000000000000', privateDepartments));
    expect(hidden.body.details).toEqual([{ path: '/department', message: expect.stringMatching(/no access/) }]);
    expect((await save(choice({ form: departments, field: 'nope' }))).body.message).toMatch(/optionsFrom.field must be a top-level field/);
    expect((await save(choice({ form: departments, field: 'name' }), { type: 'string', enum: ['a'] })).body.message).toMatch(
      /no enum or oneOf/,
    );
    expect((await save(choice('departments'))).body.message).toMatch(/optionsFrom must be/);
    expect((await save(choice({ form: '' }))).body.message).toMatch(/optionsFrom.form must be the id/);

    // a draft may hold the choice half made (form or field not picked yet); publishing it may not
    for (const source of [{}, { form: departments }]) {
      const unfinished = await save(choice(source));
      expect(unfinished.status, JSON.stringify(unfinished.body)).toBe(201);
      const publish = await carol.post(`/api/forms/${unfinished.body.id}/publish`);
      expect([publish.status, publish.body.code]).toEqual([422, 'invalid_schema']);
    }
    // editing a saved form into a bad one is refused; a good one publishes
    const ok = await save(choice({ form: departments, field: 'name' }));
    expect(ok.status).toBe(201);
    const edit = await carol.put(`/api/forms/${ok.body.id}`, {
      uiSchema: { department: choice({ form: privateDepartments, field: 'name' }) },
    });
    expect([edit.status, edit.body.code]).toEqual([422, 'invalid_schema']);
    expect((await carol.post(`/api/forms/${ok.body.id}/publish`)).status).toBe(201);
  });
});
