/**
 * Relation fields (`"ui:fieldType": "relation"`, `"ui:options": {"form": "<target form id>",
 * "displayField": "<key>", "fill": {"<key here>": "<key in the target>"}}`) store the id of a record
 * (a submission) of the target form.
 *
 * Who may see, pick and link a record — the same rule for the lookup list and for submitting:
 * - no grant in the target form's app: the form does not exist for them (404 / not linkable);
 * - "see all" (view_all or edit) there: every record;
 * - otherwise (fill): their own records, or every record when the target form is a catalogue —
 *   its latest published version says `"ui:options": {"catalogue": true}` at the uiSchema root. Only
 *   the target app's editors can publish that, and they could as well grant view_all to everyone;
 *   the flag is the narrower grant: this form's records, through lookups only.
 */
import type { JsonObject, LinkableRecord, LinkableRecordQuery, User } from '@formloom/schemas';
import { readJson } from '../db/dialect.ts';
import { BadRequestError } from '../lib/errors.ts';
import type { AccessCaches } from '../plugins/app/accessCache.ts';
import { formVersionsRepo, type FormRow } from '../repositories/forms.ts';
import { submissionsRepo } from '../repositories/submissions.ts';
import type { Db } from '../repositories/types.ts';
import { loadForm } from './access.ts';
import { isObject } from './formFields.ts';

export interface RecordAccess {
  form: FormRow;
  /** The target's latest published version (what its records were filled in against), if any. */
  published: { schema: JsonObject; uiSchema: JsonObject } | null;
  /** Set when the caller may see only the records they created. */
  onlyCreatedBy?: string;
}

export function isCatalogue(uiSchema: JsonObject): boolean {
  const options = uiSchema['ui:options'];
  return isObject(options) && options.catalogue === true;
}

/** Which records of `formId` the caller may see and link; 404 form_not_found without any grant. */
export async function recordAccess(db: Db, user: User, formId: string, caches?: AccessCaches): Promise<RecordAccess> {
  const { form, permissions } = await loadForm(db, user, formId, caches);
  const version = form.latest_version === null ? undefined : await formVersionsRepo.find(db, form.id, Number(form.latest_version));
  const published = version ? { schema: readJson<JsonObject>(version.schema), uiSchema: readJson<JsonObject>(version.ui_schema) } : null;
  const seesAll = permissions.canViewAll || (published !== null && isCatalogue(published.uiSchema));
  return { form, published, onlyCreatedBy: seesAll ? undefined : user.id };
}

const allowsString = (schema: unknown) =>
  isObject(schema) && (schema.type === 'string' || (Array.isArray(schema.type) && schema.type.includes('string')));

/** The display field: the one asked for (a top-level field of the form), else its first text field. */
function displayFieldOf(access: RecordAccess, requested: string | undefined): string | null {
  const properties = access.published && isObject(access.published.schema.properties) ? access.published.schema.properties : {};
  if (requested !== undefined) {
    if (!Object.hasOwn(properties, requested)) {
      throw new BadRequestError(
        'invalid_request',
        `"${requested}" is not a field of this form; display must name one of its top-level fields.`,
      );
    }
    return requested;
  }
  return Object.keys(properties).find((key) => allowsString(properties[key])) ?? null;
}

export function labelOf(data: unknown, displayField: string | null): string | null {
  const value = displayField !== null && isObject(data) ? data[displayField] : undefined;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
}

/** `GET /api/forms/:formId/records`: the records the caller may pick, newest first. */
export async function listLinkableRecords(db: Db, user: User, formId: string, query: LinkableRecordQuery): Promise<LinkableRecord[]> {
  const access = await recordAccess(db, user, formId);
  const displayField = displayFieldOf(access, query.display);
  const ids = query.ids
    ?.split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const q = query.q?.trim();
  if (q && displayField === null) return []; // nothing to search in
  const rows = await submissionsRepo.listForLookup(db, access.form.id, {
    onlyCreatedBy: access.onlyCreatedBy,
    ids,
    contains: q ? { field: displayField!, text: q } : undefined,
    limit: query.limit,
  });
  return rows.map((row) => {
    const data = readJson<JsonObject>(row.data);
    return { id: row.id, label: labelOf(data, displayField), data };
  });
}
