/**
 * Choice fields whose options are another form's records:
 * `"ui:options": {"optionsFrom": {"form": "<target form id>", "field": "<top-level key there>"}}`.
 * The stored value is the text of that field in a chosen record (a department's name), not a
 * record id — that is what relation fields are for. Which records count is the relation rule
 * (`recordAccess`): what the submitter may see of the target form.
 */
import { formatPointer, type JsonObject, type User, type ValidationDetail } from '@formloom/schemas';
import { readJson } from '../db/dialect.ts';
import { NotFoundError, UnprocessableError } from '../lib/errors.ts';
import { submissionsRepo } from '../repositories/submissions.ts';
import type { Db } from '../repositories/types.ts';
import { fieldSlots, formFields, isObject, type FormField } from './formFields.ts';
import { fieldKeysOf, fillFromRecord, fillPairs, fillProblems, recordAccess, visibleFormLookup } from './relations.ts';
import { validationFailed } from './validationErrors.ts';

export const OPTIONS_FROM_MESSAGE = 'is not a value of any record you can choose from';

interface OptionsFromField {
  field: FormField;
  pointer: string;
  source: unknown;
}

function optionsFromFields(schema: JsonObject, uiSchema: JsonObject): OptionsFromField[] {
  return formFields(schema, uiSchema).flatMap((field) => {
    const options = field.ui['ui:options'];
    if (!isObject(options) || !Object.hasOwn(options, 'optionsFrom')) return [];
    return [{ field, pointer: formatPointer(field.path.map((p) => p ?? '-')), source: options.optionsFrom }];
  });
}

const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * For form saves: every `optionsFrom` names a form the person saving can see (else 422
 * invalid_schema, the same answer for one that does not exist) and a top-level field of it, and
 * the field has no fixed options (`enum`/`oneOf`) beside it. A draft may leave the form and the
 * field unset (the designer saves while they are being picked); publishing may not.
 */
export async function assertOptionsFromSources(
  db: Db,
  user: User,
  schema: JsonObject,
  uiSchema: JsonObject,
  { draft = false }: { draft?: boolean } = {},
): Promise<void> {
  const problems: { path: string; message: string }[] = [];
  const targetForm = visibleFormLookup(db, user);
  for (const { field, pointer, source } of optionsFromFields(schema, uiSchema)) {
    const say = (message: string) => problems.push({ path: pointer, message });
    if (!isObject(source)) {
      say('ui:options.optionsFrom must be {"form": "<form id>", "field": "<field key>"}');
      continue;
    }
    if (Object.hasOwn(field.schema, 'enum') || Object.hasOwn(field.schema, 'oneOf')) {
      say('a field whose options come from another form has no enum or oneOf of its own');
    }
    if (!nonEmptyString(source.form)) {
      if (!draft || source.form !== undefined) say('ui:options.optionsFrom.form must be the id of the form whose records give the options');
      continue;
    }
    const target = await targetForm(source.form);
    if (!target) {
      say(`there is no form ${source.form}, or you have no access to it`);
      continue;
    }
    const keys = await fieldKeysOf(db, target);
    const options = field.ui['ui:options'] as JsonObject;
    const fill = fillPairs(options.fill);
    if (options.fill !== undefined && (!isObject(options.fill) || fill.length !== Object.keys(options.fill).length)) {
      say('ui:options.fill must map field keys of this form to field keys of the source form');
    }
    fillProblems(field, fill, keys, 'source form').forEach(say);
    if (source.field === undefined && draft) continue;
    if (!nonEmptyString(source.field) || !keys.has(source.field)) {
      say(`ui:options.optionsFrom.field must be a top-level field of that form (${[...keys].join(', ') || 'it has none'})`);
    }
  }
  if (problems.length) {
    throw new UnprocessableError('invalid_schema', problems.map((p) => `Choice field ${p.path}: ${p.message}.`).join(' '), problems);
  }
}

/**
 * On submit: each non-empty value of a field with `optionsFrom` must equal (exactly, as text) the
 * source field of at least one record of the source form that the submitter may see; else 422
 * validation_failed with a detail at the value, `keyword: 'optionsFrom'`. Empty values are left to
 * `required`, values of the wrong type to the schema.
 *
 * A field with `ui:options.fill` (`{"<key here>": "<key there>"}`, as on relation fields) then has
 * the fields beside it filled from the record holding the chosen value (the newest, if several do),
 * the way relation fields fill theirs (see `fillFromRecord`). Returns a copy of `data`.
 */
export async function resolveOptionsFrom(
  db: Db,
  user: User,
  schema: JsonObject,
  uiSchema: JsonObject,
  sent: JsonObject,
): Promise<JsonObject> {
  const fields = optionsFromFields(schema, uiSchema);
  if (fields.length === 0) return sent;
  const data = structuredClone(sent);
  const details: ValidationDetail[] = [];
  for (const { field, source } of fields) {
    const slots = fieldSlots(data, field.path).filter((slot) => nonEmptyString(slot.holder[slot.key]));
    if (slots.length === 0) continue;
    const values = [...new Set(slots.map((slot) => slot.holder[slot.key] as string))];
    const fill = fillPairs(isObject(field.ui['ui:options']) ? field.ui['ui:options'].fill : undefined);
    let present = new Set<string>();
    const records = new Map<string, JsonObject>(); // value → the newest record holding it, when filling
    if (isObject(source) && nonEmptyString(source.form) && nonEmptyString(source.field)) {
      const access = await recordAccess(db, user, source.form).catch((err) => {
        if (err instanceof NotFoundError) return null;
        throw err;
      });
      if (access && fill.length === 0) {
        present = await submissionsRepo.fieldValuesPresent(db, access.form.id, {
          onlyCreatedBy: access.onlyCreatedBy,
          field: source.field,
          values,
        });
      } else if (access) {
        const rows = await submissionsRepo.withFieldValues(db, access.form.id, {
          onlyCreatedBy: access.onlyCreatedBy,
          field: source.field,
          values,
        });
        for (const row of rows) {
          const value = String(row.value);
          if (!records.has(value)) records.set(value, readJson<JsonObject>(row.data));
        }
        present = new Set(records.keys());
      }
    }
    for (const slot of slots) {
      const record = records.get(slot.holder[slot.key] as string);
      if (record) fillFromRecord(fill, record, slot, field, uiSchema);
      if (present.has(slot.holder[slot.key] as string)) continue;
      details.push({
        path: formatPointer(slot.pointer),
        message: OPTIONS_FROM_MESSAGE,
        keyword: 'optionsFrom',
        params: isObject(source) ? { form: source.form, field: source.field } : {},
      });
    }
  }
  if (details.length) {
    throw validationFailed(details);
  }
  return data;
}
