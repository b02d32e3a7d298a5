/**
 * A relation field stores a record id, but a spreadsheet names the record ("Pallet jack", "A-1001").
 * A cell that equals the display field of a record the importer may link is read as that record's
 * id (the newest one, when several share the text); anything else is left as written, for the
 * relation check to accept (an id) or refuse, exactly as on a single submission.
 */
import type { JsonObject, User } from '@formloom/schemas';
import { jsonFieldText } from '../../db/dialect.ts';
import { AppError } from '../../lib/errors.ts';
import { whereInScope } from '../../repositories/recordScope.ts';
import type { Db } from '../../repositories/types.ts';
import { isObject } from '../formFields.ts';
import { displayFieldOf, recordAccess } from '../relations.ts';
import type { ImportField } from './importFields.ts';

const LOOKUP_CHUNK = 500;

export const isRelationField = (field: ImportField) => field.ui['ui:fieldType'] === 'relation';

/** Label → record id for the labels that name a record the user may link; empty when the target cannot be read. */
export async function recordIdsByLabel(db: Db, user: User, field: ImportField, labels: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const options = isObject(field.ui['ui:options']) ? field.ui['ui:options'] : {};
  if (typeof options.form !== 'string' || labels.length === 0) return found;
  let access: Awaited<ReturnType<typeof recordAccess>>;
  let displayField: string | null;
  try {
    access = await recordAccess(db, user, options.form);
    displayField = displayFieldOf(access, typeof options.displayField === 'string' ? options.displayField : undefined);
  } catch (err) {
    if (err instanceof AppError && err.statusCode < 500) return found; // the relation check says why, row by row
    throw err;
  }
  if (displayField === null) return found;
  for (let i = 0; i < labels.length; i += LOOKUP_CHUNK) {
    const records = db('submissions')
      .select({ id: 'id', label: jsonFieldText(db, 'data', displayField) })
      .where('form_id', access.form.id);
    whereInScope(records, 'created_by', access.onlyCreatedBy);
    const rows: { id: string; label: unknown }[] = await db
      .from(records.as('r'))
      .select('id', 'label')
      .whereIn('label', labels.slice(i, i + LOOKUP_CHUNK))
      .orderBy('id', 'desc');
    for (const row of rows) if (!found.has(String(row.label))) found.set(String(row.label), row.id);
  }
  return found;
}

/** Replaces, in each row's data, relation values that are a record's label with its id. */
export async function relationLabelsToIds(db: Db, user: User, fields: ImportField[], rows: { data: JsonObject }[]): Promise<void> {
  for (const field of fields.filter(isRelationField)) {
    const holders = rows.map(({ data }) => {
      let holder: unknown = data;
      for (const key of field.path.slice(0, -1)) holder = isObject(holder) ? holder[key] : undefined;
      return isObject(holder) ? holder : null;
    });
    const key = field.path[field.path.length - 1];
    const labels = [...new Set(holders.map((h) => h?.[key]).filter((v): v is string => typeof v === 'string'))];
    const ids = await recordIdsByLabel(db, user, field, labels);
    for (const holder of holders) {
      const value = holder?.[key];
      if (holder && typeof value === 'string' && ids.has(value)) holder[key] = ids.get(value);
    }
  }
}
