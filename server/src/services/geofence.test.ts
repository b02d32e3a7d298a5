import { describe, expect, it } from 'vitest';
import type { JsonObject } from '@formloom/schemas';
import { AppError } from '../lib/errors.ts';
import { assertValidGeofences, geofenceExtension } from './geofence.ts';
import type { SubmissionContext } from './submissionExtensions.ts';

const DEPOT = { id: 'tm', name: { en: 'Tuen Mun Depot', 'zh-Hant': '屯門倉' }, lat: 22.3916, lng: 113.977, radius: 300 };
const AT_DEPOT = { lat: 22.392, lng: 113.9772, accuracy: 12 };
// About 1.1 km due north of the depot.
const NORTH_OF_DEPOT = { lat: 22.4016, lng: 113.977, accuracy: 12 };

const location = { type: 'object', properties: { lat: { type: 'number' }, lng: { type: 'number' }, accuracy: { type: 'number' } } };
const schema: JsonObject = {
  type: 'object',
  properties: {
    site: location,
    visits: { type: 'array', items: { type: 'object', properties: { at: location } } },
  },
};
const uiFor = (options: JsonObject): JsonObject => ({
  site: { 'ui:fieldType': 'location', 'ui:options': options },
  visits: { items: { at: { 'ui:fieldType': 'location', 'ui:options': options } } },
});

async function prepare(options: JsonObject, data: JsonObject, previous?: JsonObject) {
  // prepare reads only the schema, the uiSchema and the stored data of the context.
  const ctx = { schema, uiSchema: uiFor(options), operation: previous ? 'update' : 'create', previous } as unknown as SubmissionContext;
  return geofenceExtension.prepare!(ctx, data);
}

async function refusal(options: JsonObject, data: JsonObject, previous?: JsonObject): Promise<AppError> {
  const err = await prepare(options, data, previous).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('geofence extension', () => {
  it('accepts a reading inside the fence with good accuracy, and leaves empty values to required', async () => {
    expect(await prepare({ sites: [DEPOT] }, { site: AT_DEPOT })).toBeUndefined();
    expect(await prepare({ sites: [DEPOT] }, {})).toBeUndefined();
  });

  it('refuses a reading outside the fence with the distance, the site and the radius', async () => {
    const err = await refusal({ sites: [DEPOT] }, { site: NORTH_OF_DEPOT });
    expect(err).toMatchObject({ statusCode: 422, code: 'outside_geofence' });
    expect(err.message).toMatch(/1\d{3} m from Tuen Mun Depot/);
    const [detail] = err.details as { path: string; keyword: string; params: { distance: number; site: string; radius: number } }[];
    expect(detail).toMatchObject({ path: '/site', keyword: 'geofence', params: { site: 'Tuen Mun Depot', radius: 300, siteId: 'tm' } });
    expect(detail.params.distance).toBeGreaterThan(1000);
    expect(detail.params.distance).toBeLessThan(1150);
  });

  it('checks each row of a sub-table and points at the row', async () => {
    const err = await refusal({ sites: [DEPOT] }, { visits: [{ at: AT_DEPOT }, { at: NORTH_OF_DEPOT }] });
    expect((err.details as { path: string }[]).map((d) => d.path)).toEqual(['/visits/1/at']);
  });

  it('refuses a missing or poor accuracy as location_inaccurate, even with no sites', async () => {
    const poor = await refusal({ maxAccuracy: 50 }, { site: { ...AT_DEPOT, accuracy: 80 } });
    expect(poor).toMatchObject({ code: 'location_inaccurate' });
    expect(poor.details).toEqual([
      expect.objectContaining({ path: '/site', keyword: 'accuracy', params: { accuracy: 80, maxAccuracy: 50 } }),
    ]);
    const missing = await refusal({ outsideFence: 'reject' }, { site: { lat: 22.39, lng: 113.97 } });
    expect(missing.details).toEqual([expect.objectContaining({ params: { accuracy: null, maxAccuracy: 100 } })]);
  });

  it('checks nothing on a location field with no fence options', async () => {
    expect(
      await prepare({}, { site: { lat: 22.39, lng: 113.97 }, visits: [{ at: { ...NORTH_OF_DEPOT, accuracy: 5000 } }] }),
    ).toBeUndefined();
  });

  it('in flag mode stores the problems as flags instead', async () => {
    const out = await prepare({ sites: [DEPOT], outsideFence: 'flag' }, { site: { ...NORTH_OF_DEPOT, accuracy: 150 } });
    expect(out).toMatchObject({
      flags: {
        geofence: { field: 'site', site: 'Tuen Mun Depot', radius: 300, inside: false },
        accuracy: { field: 'site', accuracy: 150, maxAccuracy: 100 },
      },
    });
  });
});

describe('geofence extension on an edit', () => {
  it('marks instead of refusing a reading kept as it was stored (the fence may have moved), and checks a changed one', async () => {
    const stored = { site: NORTH_OF_DEPOT, visits: [{ at: AT_DEPOT }] };
    const out = await prepare({ sites: [DEPOT] }, { ...stored, note: 'fixed a typo' }, stored);
    expect(out).toMatchObject({ flags: { geofence: { field: 'site', inside: false } } });
    const moved = await refusal({ sites: [DEPOT] }, { site: { ...NORTH_OF_DEPOT, lat: NORTH_OF_DEPOT.lat + 0.001 } }, stored);
    expect(moved.code).toBe('outside_geofence');
    // A row that moved to another position is a changed reading there.
    const err = await refusal(
      { sites: [DEPOT] },
      { visits: [{ at: AT_DEPOT }, { at: NORTH_OF_DEPOT }] },
      { visits: [{ at: NORTH_OF_DEPOT }, { at: AT_DEPOT }] },
    );
    expect((err.details as { path: string }[]).map((d) => d.path)).toEqual(['/visits/1/at']);
  });
});

describe('assertValidGeofences', () => {
  it('accepts usable options and forms without location fields', () => {
    expect(() => assertValidGeofences(schema, uiFor({ sites: [DEPOT], outsideFence: 'flag', maxAccuracy: 30 }))).not.toThrow();
    expect(() => assertValidGeofences({ type: 'object', properties: {} }, {})).not.toThrow();
  });

  it.each([
    [{ sites: [{ ...DEPOT, lat: 122 }] }, /sites\.0\.lat/],
    [{ sites: [{ ...DEPOT, radius: -5 }] }, /sites\.0\.radius/],
    [{ outsideFence: 'warn' }, /outsideFence/],
  ])('refuses %j naming the field', (options, where) => {
    let err: unknown;
    try {
      assertValidGeofences(schema, uiFor(options));
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ statusCode: 422, code: 'invalid_schema' });
    const details = (err as AppError).details as { path: string; message: string }[];
    expect(details.map((d) => d.path)).toEqual(['/site', '/visits/-/at']);
    expect(details[0].message).toMatch(where);
  });
});
