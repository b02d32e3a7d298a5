/**
 * Location fields with a fence (`ui:options.sites`): on every write the server measures the value
 * against the nearest site and checks the GPS accuracy, with the same schemas functions the page uses.
 * By the field's `outsideFence` setting a problem refuses the write (422 `outside_geofence` or
 * `location_inaccurate`, details at the field) or stores it marked in `submissions.flags`.
 */
import {
  checkLocation,
  GeoSite,
  isLocationValue,
  LocationFenceOptions,
  locationFenceOf,
  type JsonObject,
  type LocationFence,
  type ValidationDetail,
} from '@formloom/schemas';
import { UnprocessableError } from '../lib/errors.ts';
import { fieldSlots, formFields, type FieldPath } from './formFields.ts';
import { stableStringify } from './stableJson.ts';
import type { SubmissionExtension } from './submissionExtensions.ts';

interface FencedField {
  path: FieldPath;
  fence: LocationFence;
}

const escapeToken = (token: string | number) => String(token).replace(/~/g, '~0').replace(/\//g, '~1');

function optionsOf(ui: JsonObject): unknown {
  return ui['ui:options'];
}

function locationFields(schema: JsonObject, uiSchema: JsonObject) {
  return formFields(schema, uiSchema).filter((f) => f.ui['ui:fieldType'] === 'location');
}

/**
 * Refuses location options the server could not enforce (a site without coordinates, a typo in
 * `outsideFence`), naming the field: 422 `invalid_schema` with `details: [{path, message}]`.
 */
export function assertValidGeofences(schema: JsonObject, uiSchema: JsonObject): void {
  const details: { path: string; message: string }[] = [];
  for (const field of locationFields(schema, uiSchema)) {
    const parsed = LocationFenceOptions.safeParse(optionsOf(field.ui) ?? {});
    if (parsed.success) continue;
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? ` (${issue.path.join('.')})` : '';
    const path = '/' + field.path.map((t) => (t === null ? '-' : escapeToken(t))).join('/');
    details.push({ path, message: `the location options are not usable${where}: ${issue.message}` });
  }
  if (details.length) {
    throw new UnprocessableError(
      'invalid_schema',
      `Location field ${details[0].path} has unusable options: ${details[0].message}. Sites need a name, lat (-90..90), lng (-180..180) and a radius above 0 m; outsideFence is "reject" or "flag".`,
      details,
    );
  }
}

// Published versions never change: their fenced fields are worked out once per version.
const fencedByVersion = new WeakMap<JsonObject, WeakMap<JsonObject, FencedField[]>>();
function fencedFields(schema: JsonObject, uiSchema: JsonObject): FencedField[] {
  let byUi = fencedByVersion.get(schema);
  if (!byUi) fencedByVersion.set(schema, (byUi = new WeakMap()));
  let found = byUi.get(uiSchema);
  if (!found) {
    found = locationFields(schema, uiSchema)
      .map((f) => ({ path: f.path, fence: locationFenceOf(optionsOf(f.ui)) }))
      .filter((f) => f.fence.enforced);
    byUi.set(uiSchema, found);
  }
  return found;
}

const sameJson = (a: unknown, b: unknown) => stableStringify(a) === stableStringify(b);

const englishName = (site: GeoSite) => (typeof site.name === 'string' ? site.name : site.name.en);
const localizedName = (site: GeoSite) =>
  typeof site.name === 'string'
    ? { en: site.name, 'zh-Hant': site.name }
    : { en: site.name.en, 'zh-Hant': site.name['zh-Hant'] || site.name.en };

interface Problem {
  detail: ValidationDetail;
  code: 'outside_geofence' | 'location_inaccurate';
  flag: ['geofence' | 'accuracy', JsonObject];
  reject: boolean;
}

/** What is wrong with one location value: poor accuracy first (it makes the distance unreliable), then the fence. */
function problemsAt(pointer: (string | number)[], value: unknown, fence: LocationFence, keptFromBefore: boolean): Problem[] {
  // Empty is left to `required`, and a malformed value to the schema's validation.
  if (value === undefined || value === null || !isLocationValue(value)) return [];
  const path = '/' + pointer.map(escapeToken).join('/');
  const field = pointer.map(String).join('/');
  // An edit that leaves the reading as it was stored does not re-fight the check-in (the fence may
  // have moved since): it is marked, so a correction elsewhere in the record is not refused.
  const reject = fence.outsideFence === 'reject' && !keptFromBefore;
  const verdict = checkLocation(value, fence);
  const out: Problem[] = [];
  if (verdict.inaccurate) {
    const accuracy = value.accuracy ?? null;
    const params = { accuracy, maxAccuracy: fence.maxAccuracy };
    const message =
      accuracy === null
        ? `has no accuracy reading; this form needs a GPS fix within ${fence.maxAccuracy} m`
        : `is accurate only to ±${Math.round(accuracy)} m; this form needs ±${fence.maxAccuracy} m or better — try again in the open`;
    out.push({
      detail: { path, message, keyword: 'accuracy', params },
      code: 'location_inaccurate',
      flag: ['accuracy', { field, ...params }],
      reject,
    });
  }
  if (verdict.outside && verdict.nearest) {
    const { site, distance, radius } = verdict.nearest;
    const metres = Math.round(distance);
    const params = {
      distance: metres,
      site: englishName(site),
      siteName: localizedName(site),
      ...(site.id ? { siteId: site.id } : {}),
      radius,
    };
    const message = `is ${metres} m from ${englishName(site)}, outside its ${radius} m fence`;
    out.push({
      detail: { path, message, keyword: 'geofence', params },
      code: 'outside_geofence',
      flag: [
        'geofence',
        { field, distance: metres, site: englishName(site), ...(site.id ? { siteId: site.id } : {}), radius, inside: false },
      ],
      reject,
    });
  }
  return out;
}

export const geofenceExtension: SubmissionExtension = {
  name: 'geofence',
  async prepare(ctx, data) {
    const fields = fencedFields(ctx.schema, ctx.uiSchema);
    if (fields.length === 0) return;
    const problems: Problem[] = [];
    for (const { path, fence } of fields) {
      const before = new Map(ctx.previous ? fieldSlots(ctx.previous, path).map((s) => [s.pointer.join('/'), s.holder[s.key]]) : []);
      for (const slot of fieldSlots(data, path)) {
        const value = slot.holder[slot.key];
        const kept = before.has(slot.pointer.join('/')) && sameJson(before.get(slot.pointer.join('/')), value);
        problems.push(...problemsAt(slot.pointer, value, fence, kept));
      }
    }
    const refused = problems.filter((p) => p.reject);
    if (refused.length) {
      const first = refused[0];
      const summary = `The location ${first.detail.path.slice(1)} ${first.detail.message}.`;
      const advice = first.code === 'outside_geofence' ? ' Check in from the site.' : '';
      throw new UnprocessableError(
        first.code,
        summary + advice,
        refused.map((p) => p.detail),
      );
    }
    if (problems.length === 0) return;
    // One flag of each kind: the first field's (a form rarely has more than one fenced location).
    const flags: JsonObject = {};
    for (const { flag } of problems) flags[flag[0]] ??= flag[1];
    return { flags };
  },
};
