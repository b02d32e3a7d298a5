import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFieldTypes, type JsonObject } from '@formloom/schemas';
import { DIALECTS, adminClient, startTestServer, type Client, type TestServer } from './helpers.ts';

const TUEN_MUN = { id: 'tm', name: { en: 'Tuen Mun Depot', 'zh-Hant': '屯門倉' }, lat: 22.3916, lng: 113.977 };
const KOWLOON_BAY = { name: 'Kowloon Bay Yard', lat: 22.3236, lng: 114.212, radius: 150 };
const AT_TUEN_MUN = { lat: 22.3921, lng: 113.9774, accuracy: 15 };
// About 900 m north-east of the Tuen Mun depot: outside its default 500 m fence.
const NEAR_TUEN_MUN = { lat: 22.3975, lng: 113.983, accuracy: 15 };

function checkInForm(options: JsonObject): { schema: JsonObject; uiSchema: JsonObject } {
  return {
    schema: {
      type: 'object',
      required: ['where'],
      properties: { note: { type: 'string' }, where: { ...defaultFieldTypes.getOrThrow('location').schema, title: 'Where' } },
    },
    uiSchema: { where: { 'ui:fieldType': 'location', 'ui:options': options } },
  };
}

async function publish(client: Client, options: JsonObject): Promise<string> {
  const app = await client.post('/api/apps', { name: 'Check-ins' });
  const form = await client.post(`/api/apps/${app.body.id}/forms`, { name: 'Check in', ...checkInForm(options) });
  expect(form.status).toBe(201);
  expect((await client.post(`/api/forms/${form.body.id}/publish`)).status).toBe(201);
  return form.body.id;
}

describe.each(DIALECTS)('geofenced location fields on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let rejecting: string;
  let flagging: string;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    rejecting = await publish(admin, { sites: [TUEN_MUN, KOWLOON_BAY], maxAccuracy: 50 });
    flagging = await publish(admin, { sites: [TUEN_MUN, KOWLOON_BAY], outsideFence: 'flag' });
  });
  afterAll(async () => {
    await server?.close();
  });

  const submissionsOf = async (formId: string) => (await admin.get(`/api/forms/${formId}/submissions`)).body.items as JsonObject[];

  it('stores a check-in inside the fence with no flags', async () => {
    const res = await admin.post(`/api/forms/${rejecting}/submissions`, { data: { where: AT_TUEN_MUN } });
    expect(res.status).toBe(201);
    expect(res.body.flags).toBeUndefined();
    expect((await admin.get(`/api/submissions/${res.body.id}`)).body).not.toHaveProperty('flags');
  });

  it('refuses one outside the fence with 422 outside_geofence, the distance and the nearest site, and stores nothing', async () => {
    const before = (await submissionsOf(rejecting)).length;
    const res = await admin.post(`/api/forms/${rejecting}/submissions`, { data: { where: NEAR_TUEN_MUN } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('outside_geofence');
    expect(res.body.message).toMatch(/\d+ m from Tuen Mun Depot, outside its 500 m fence/);
    expect(res.body.details).toHaveLength(1);
    const [detail] = res.body.details;
    expect(detail).toMatchObject({ path: '/where', keyword: 'geofence', params: { site: 'Tuen Mun Depot', siteId: 'tm', radius: 500 } });
    // 656 m north and 617 m east: 901 m.
    expect(detail.params.distance).toBeGreaterThanOrEqual(895);
    expect(detail.params.distance).toBeLessThanOrEqual(905);
    expect(detail.params.siteName).toEqual({ en: 'Tuen Mun Depot', 'zh-Hant': '屯門倉' });
    expect(await submissionsOf(rejecting)).toHaveLength(before);
  });

  it('uses the nearest site and its own radius', async () => {
    // 200 m from the Kowloon Bay yard (radius 150 m), 25 km from Tuen Mun.
    const res = await admin.post(`/api/forms/${rejecting}/submissions`, { data: { where: { lat: 22.3254, lng: 114.212, accuracy: 5 } } });
    expect(res.status).toBe(422);
    expect(res.body.details[0].params).toMatchObject({ site: 'Kowloon Bay Yard', radius: 150 });
  });

  it('refuses a poor or missing accuracy with 422 location_inaccurate', async () => {
    const poor = await admin.post(`/api/forms/${rejecting}/submissions`, { data: { where: { ...AT_TUEN_MUN, accuracy: 180 } } });
    expect(poor.status).toBe(422);
    expect(poor.body.code).toBe('location_inaccurate');
    expect(poor.body.details).toEqual([
      expect.objectContaining({ path: '/where', keyword: 'accuracy', params: { accuracy: 180, maxAccuracy: 50 } }),
    ]);
    const missing = await admin.post(`/api/forms/${rejecting}/submissions`, {
      data: { where: { lat: AT_TUEN_MUN.lat, lng: AT_TUEN_MUN.lng } },
    });
    expect(missing.status).toBe(422);
    expect(missing.body.details[0].params).toEqual({ accuracy: null, maxAccuracy: 50 });
  });

  it('leaves an empty location to required and a malformed one to the schema', async () => {
    const empty = await admin.post(`/api/forms/${rejecting}/submissions`, { data: { note: 'x' } });
    expect(empty.status).toBe(422);
    expect(empty.body).toMatchObject({ code: 'validation_failed', details: [{ path: '/where', keyword: 'required' }] });
    const text = await admin.post(`/api/forms/${rejecting}/submissions`, { data: { where: { lat: '22.39', lng: 113.97, accuracy: 5 } } });
    expect(text.body.code).toBe('validation_failed');
  });

  it('in flag mode stores the submission with flags.geofence and flags.accuracy', async () => {
    const res = await admin.post(`/api/forms/${flagging}/submissions`, { data: { where: { ...NEAR_TUEN_MUN, accuracy: 400 } } });
    expect(res.status).toBe(201);
    expect(res.body.flags).toMatchObject({
      geofence: { field: 'where', site: 'Tuen Mun Depot', radius: 500, inside: false },
      accuracy: { field: 'where', accuracy: 400, maxAccuracy: 100 },
    });
    expect(res.body.flags.geofence.distance).toBeGreaterThan(800);
    const stored = await admin.get(`/api/submissions/${res.body.id}`);
    expect(stored.body.flags).toEqual(res.body.flags);
    // Inside and accurate: stored without flags.
    const fine = await admin.post(`/api/forms/${flagging}/submissions`, { data: { where: AT_TUEN_MUN } });
    expect(fine.status).toBe(201);
    expect(fine.body.flags).toBeUndefined();
  });

  it('checks an edit too: a moved reading is refused, a kept one is marked when the fence has moved since', async () => {
    const formId = await publish(admin, { sites: [TUEN_MUN] });
    const created = await admin.post(`/api/forms/${formId}/submissions`, { data: { where: AT_TUEN_MUN, note: 'arrived' } });
    expect(created.status).toBe(201);
    const moved = await admin.request('PATCH', `/api/submissions/${created.body.id}`, {
      body: { data: { where: NEAR_TUEN_MUN, note: 'arrived' } },
    });
    expect(moved.status).toBe(422);
    expect(moved.body.code).toBe('outside_geofence');

    // The depot moves to Kowloon Bay in version 2: the stored reading is now far outside.
    const form = (await admin.get(`/api/forms/${formId}`)).body;
    const doc = checkInForm({ sites: [{ ...KOWLOON_BAY, name: 'New depot' }] });
    expect((await admin.put(`/api/forms/${formId}`, doc, { headers: { 'if-match': `"${form.revision}"` } })).status).toBe(200);
    expect((await admin.post(`/api/forms/${formId}/publish`)).status).toBe(201);
    const note = await admin.request('PATCH', `/api/submissions/${created.body.id}`, {
      body: { data: { where: AT_TUEN_MUN, note: 'arrived late' } },
    });
    expect(note.status).toBe(200);
    expect(note.body.flags.geofence).toMatchObject({ field: 'where', site: 'New depot', inside: false });
  });

  it('refuses to save a form whose location options cannot be enforced, naming the field', async () => {
    const app = await admin.post('/api/apps', { name: 'Bad fences' });
    const res = await admin.post(`/api/apps/${app.body.id}/forms`, {
      name: 'Bad',
      ...checkInForm({ sites: [{ name: 'Nowhere', lat: 95, lng: 114 }], outsideFence: 'warn' }),
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('invalid_schema');
    expect(res.body.details).toEqual([expect.objectContaining({ path: '/where' })]);
    expect(res.body.message).toMatch(/\/where/);
  });
});
