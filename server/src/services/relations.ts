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
import {
  formatPointer,
  type JsonObject,
  type LinkableRecord,
  type LinkableRecordQuery,
  type User,
  type ValidationDetail,
} from '@formloom/schemas';
import { readJson } from '../db/dialect.ts';
import { BadRequestError, NotFoundError, UnprocessableError } from '../lib/errors.ts';
import type { AccessCaches } from '../plugins/app/accessCache.ts';
import { formVersionsRepo, type FormRow } from '../repositories/forms.ts';
import { submissionsRepo } from '../repositories/submissions.ts';
import type { Db } from '../repositories/types.ts';
import type { RecordScope } from '../repositories/recordScope.ts';
import { loadForm } from './access.ts';
import { hiddenFieldsFor, maskSubmissionData, requireVisibleFields } from './fieldAccess.ts';
import { recordScopeOf } from './recordScope.ts';
import { fieldSlots, formFields, isObject, type FieldPath, type FieldSlot, type FormField } from './formFields.ts';
import { validationFailed } from './validationErrors.ts';

export interface RecordAccess {
  form: FormRow;
  /** The target's latest published version (what its records were filled in against), if any. */
  published: { schema: JsonObject; uiSchema: JsonObject } | null;
  /** The caller's record scope there (services/recordScope.ts); undefined for every record. */
  onlyCreatedBy?: RecordScope;
  /** The target's sensitive fields the caller may not see (in others' records): not shown, searched, labelled or copied. */
  hidden: ReadonlySet<string>;
  userId: string;
}

/** A record's data as the caller may see it through a lookup (services/fieldAccess.ts). */
export const visibleRecordData = (access: RecordAccess, row: { data: unknown; created_by: string | null }): JsonObject =>
  maskSubmissionData(readJson<JsonObject>(row.data), access.hidden, { createdBy: row.created_by }, { id: access.userId });

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
  const hidden = await hiddenFieldsFor(db, user, form.id);
  return { form, published, onlyCreatedBy: seesAll ? undefined : recordScopeOf(user, permissions), hidden, userId: user.id };
}

const allowsString = (schema: unknown) =>
  isObject(schema) && (schema.type === 'string' || (Array.isArray(schema.type) && schema.type.includes('string')));

/**
 * The display field: the one asked for (a top-level field of the form; 403 field_hidden when it is a
 * sensitive field the caller may not see), else its first text field the caller may see.
 */
export function displayFieldOf(access: RecordAccess, requested: string | undefined): string | null {
  const properties = access.published && isObject(access.published.schema.properties) ? access.published.schema.properties : {};
  if (requested !== undefined) {
    if (!Object.hasOwn(properties, requested)) {
      throw new BadRequestError(
        'invalid_request',
        `"${requested}" is not a field of this form; display must name one of its top-level fields.`,
      );
    }
    requireVisibleFields([requested], access.hidden);
    return requested;
  }
  return Object.keys(properties).find((key) => allowsString(properties[key]) && !access.hidden.has(key)) ?? null;
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
    const data = visibleRecordData(access, row);
    return { id: row.id, label: labelOf(data, displayField), data };
  });
}

export const RELATION_MESSAGE = 'refers to a record that does not exist or that you cannot see';

interface RelationField {
  field: FormField;
  pointer: string;
  target: string | null;
  fill: [here: string, there: string][];
}

function relationFields(schema: JsonObject, uiSchema: JsonObject): RelationField[] {
  return formFields(schema, uiSchema)
    .filter((f) => f.ui['ui:fieldType'] === 'relation')
    .map((field) => {
      const options = isObject(field.ui['ui:options']) ? field.ui['ui:options'] : {};
      return {
        field,
        pointer: formatPointer(field.path.map((p) => p ?? '-')),
        target: typeof options.form === 'string' ? options.form : null,
        fill: fillPairs(options.fill),
      };
    });
}

/** The `[here, there]` pairs of a `ui:options.fill` map (of a relation field, or of a select with optionsFrom). */
export function fillPairs(fill: unknown): [here: string, there: string][] {
  return isObject(fill) ? Object.entries(fill).filter((e): e is [string, string] => typeof e[1] === 'string') : [];
}

const isBlank = (value: unknown) => value === undefined || value === null || value === '';

/** A field the person cannot change: the linked record's value always wins there. */
const isReadOnly = (siblings: JsonObject, uiHolder: JsonObject, key: string) => {
  const schema = siblings[key];
  const ui = uiHolder[key];
  return (isObject(schema) && schema.readOnly === true) || (isObject(ui) && ui['ui:readonly'] === true);
};

/**
 * Checks every relation value of a submission and fills the fields its relation field names in
 * `ui:options.fill` from the linked record. Returns a copy of `data`; throws 422 validation_failed
 * with a detail per value that links to a record of another form, a missing one, or one the
 * submitter may not see (`keyword: 'relation'`). Empty values are left to the schema (`required`).
 *
 * Filling: a field the person can edit keeps a value they gave (a price they agreed lower than the
 * list price, say): the page fills it when the record is chosen and they may change it; only an
 * empty one is filled, so an API client that sends just the item id gets a complete record. A
 * read-only field (`readOnly` or `ui:readonly`) always takes the linked record's value, since no
 * one filling in the form could have changed it.
 */
export async function resolveRelations(
  db: Db,
  user: User,
  schema: JsonObject,
  uiSchema: JsonObject,
  sent: JsonObject,
): Promise<JsonObject> {
  const relations = relationFields(schema, uiSchema);
  if (relations.length === 0) return sent;
  const data = structuredClone(sent);
  type Link = { relation: RelationField; slot: FieldSlot; id: string };
  const links: Link[] = [];
  for (const relation of relations) {
    for (const slot of fieldSlots(data, relation.field.path)) {
      const value = slot.holder[slot.key];
      if (typeof value === 'string' && value !== '') links.push({ relation, slot, id: value });
    }
  }
  const found = new Map<string | null, Map<string, JsonObject>>(); // target form → record id → data
  for (const target of new Set(links.map((l) => l.relation.target))) {
    const records = new Map<string, JsonObject>();
    found.set(target, records);
    if (target === null) continue;
    const access = await recordAccess(db, user, target).catch((err) => {
      if (err instanceof NotFoundError) return null;
      throw err;
    });
    if (!access) continue;
    const ids = [...new Set(links.filter((l) => l.relation.target === target).map((l) => l.id))];
    const rows = await submissionsRepo.listForLookup(db, access.form.id, { onlyCreatedBy: access.onlyCreatedBy, ids, limit: ids.length });
    // A sensitive field the submitter may not see is not copied into their record either.
    for (const row of rows) records.set(row.id, visibleRecordData(access, row));
  }
  const details: ValidationDetail[] = [];
  for (const { relation, slot, id } of links) {
    const record = found.get(relation.target)?.get(id);
    if (!record) {
      details.push({
        path: formatPointer(slot.pointer),
        message: RELATION_MESSAGE,
        keyword: 'relation',
        params: { form: relation.target },
      });
      continue;
    }
    fillFromRecord(relation.fill, record, slot, relation.field, uiSchema);
  }
  if (details.length) {
    throw validationFailed(details);
  }
  return data;
}

/**
 * Fills the fields beside `field` (in `slot.holder`) named in `fill` from a linked record: an empty
 * one always, a read-only one always (no one could have changed it), one the person filled in never.
 * Used by relation fields and by selects whose options come from another form.
 */
export function fillFromRecord(
  fill: readonly [here: string, there: string][],
  record: JsonObject,
  slot: FieldSlot,
  field: FormField,
  uiSchema: JsonObject,
): void {
  const uiHolder = uiOfHolder(uiSchema, field.path);
  for (const [here, there] of fill) {
    if (!Object.hasOwn(record, there) || here === slot.key) continue;
    if (isReadOnly(field.siblings, uiHolder, here) || isBlank(slot.holder[here])) slot.holder[here] = structuredClone(record[there]);
  }
}

/** The uiSchema object that holds the entries of a field's siblings. */
function uiOfHolder(uiSchema: JsonObject, path: FieldPath): JsonObject {
  let ui: unknown = uiSchema;
  for (const step of path.slice(0, -1)) ui = isObject(ui) ? ui[step === null ? 'items' : step] : undefined;
  return isObject(ui) ? ui : {};
}

/** Top-level field keys of a form's draft and of its latest published version. */
export async function fieldKeysOf(db: Db, form: FormRow): Promise<Set<string>> {
  const keys = new Set<string>();
  const add = (schema: unknown) => {
    if (isObject(schema) && isObject(schema.properties)) for (const key of Object.keys(schema.properties)) keys.add(key);
  };
  add(readJson(form.draft_schema));
  if (form.latest_version !== null) add(readJson((await formVersionsRepo.find(db, form.id, Number(form.latest_version)))?.schema ?? {}));
  return keys;
}

/**
 * For form saves: every relation field names a form (a draft may leave it unset until publishing) the person saving can see (else 422
 * invalid_schema, the same for a form that does not exist, so ids cannot be probed), a
 * `displayField` and `fill` sources that are fields of that form, and `fill` targets that are
 * fields beside the relation field (in its section, or in its table row).
 */
export async function assertRelationTargets(
  db: Db,
  user: User,
  schema: JsonObject,
  uiSchema: JsonObject,
  { draft = false }: { draft?: boolean } = {},
): Promise<void> {
  const problems: { path: string; message: string }[] = [];
  const targetForm = visibleFormLookup(db, user);
  for (const { field, pointer, fill } of relationFields(schema, uiSchema)) {
    const say = (message: string) => problems.push({ path: pointer, message });
    const options = isObject(field.ui['ui:options']) ? field.ui['ui:options'] : {};
    if (typeof options.form !== 'string' || options.form === '') {
      // A draft is work in progress: a linked-record field just dropped has no target yet.
      if (!draft || options.form !== undefined) say('ui:options.form must be the id of the form whose records it links to');
      continue;
    }
    const target = await targetForm(options.form);
    if (!target) {
      say(`there is no form ${options.form}, or you have no access to it`);
      continue;
    }
    const keys = await fieldKeysOf(db, target);
    if (options.displayField !== undefined && (typeof options.displayField !== 'string' || !keys.has(options.displayField))) {
      say(`ui:options.displayField must be a top-level field of the linked form (${[...keys].join(', ') || 'it has none'})`);
    }
    if (options.fill !== undefined && (!isObject(options.fill) || fill.length !== Object.keys(options.fill).length)) {
      say('ui:options.fill must map field keys of this form to field keys of the linked form');
      continue;
    }
    fillProblems(field, fill, keys, 'linked form').forEach(say);
  }
  if (problems.length) {
    throw new UnprocessableError('invalid_schema', problems.map((p) => `Relation field ${p.path}: ${p.message}.`).join(' '), problems);
  }
}

/**
 * For form saves: the form a relation or choice field reads from, if the person saving may see it
 * (null for one that does not exist too, so ids cannot be probed); each form is read once per save.
 */
export function visibleFormLookup(db: Db, user: User): (formId: string) => Promise<FormRow | null> {
  const seen = new Map<string, Promise<FormRow | null>>();
  return (formId) => {
    let found = seen.get(formId);
    if (!found) {
      found = loadForm(db, user, formId).then(
        (loaded) => loaded.form,
        (err) => {
          if (err instanceof NotFoundError) return null;
          throw err;
        },
      );
      seen.set(formId, found);
    }
    return found;
  };
}

/** What is wrong with a fill map: targets must be fields beside the field, sources fields of `keys`. */
export function fillProblems(
  field: { key: string; siblings: object },
  fill: [string, string][],
  keys: ReadonlySet<string>,
  sourceName: string,
): string[] {
  const problems: string[] = [];
  for (const [here, there] of fill) {
    if (here === field.key || !Object.hasOwn(field.siblings, here))
      problems.push(`ui:options.fill: "${here}" is not a field beside this one`);
    if (!keys.has(there)) problems.push(`ui:options.fill: "${there}" is not a top-level field of the ${sourceName}`);
  }
  return problems;
}
