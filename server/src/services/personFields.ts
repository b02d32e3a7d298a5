/**
 * Person fields (`"ui:fieldType": "person"`) store a user's id. On submit every id must name an
 * enabled user — the directory the picker searches — or the submission is refused with 422
 * `unknown_user` at the field. An edit does not re-check people the submission already named, so a
 * colleague leaving the company does not lock their old records.
 */
import { formatPointer, type JsonObject, type ValidationDetail } from '@formloom/schemas';
import { UnprocessableError } from '../lib/errors.ts';
import type { Db } from '../repositories/types.ts';
import { fieldSlots, formFields, type FieldPath } from './formFields.ts';
import type { SubmissionExtension } from './submissionExtensions.ts';

const PERSON_MESSAGE = 'must be a person in the directory who is not disabled; pick them again';

function personPaths(schema: JsonObject, uiSchema: JsonObject): FieldPath[] {
  return formFields(schema, uiSchema)
    .filter((f) => f.ui['ui:fieldType'] === 'person')
    .map((f) => f.path);
}

function personValues(data: JsonObject, paths: FieldPath[]): { pointer: string; id: string }[] {
  const out: { pointer: string; id: string }[] = [];
  for (const path of paths) {
    for (const slot of fieldSlots(data, path)) {
      const value = slot.holder[slot.key];
      if (typeof value === 'string' && value !== '') out.push({ pointer: formatPointer(slot.pointer), id: value });
    }
  }
  return out;
}

async function enabledUserIds(db: Db, ids: string[]): Promise<Set<string>> {
  const rows: { id: string }[] = await db('users').whereIn('id', ids).whereNull('disabled_at').select('id');
  return new Set(rows.map((r) => r.id));
}

export const personFieldsExtension: SubmissionExtension = {
  name: 'personFields',
  async prepare(ctx, data) {
    const paths = personPaths(ctx.schema, ctx.uiSchema);
    if (paths.length === 0) return;
    const kept = new Set(ctx.previous ? personValues(ctx.previous, paths).map((v) => v.id) : []);
    const named = personValues(data, paths).filter((v) => !kept.has(v.id));
    if (named.length === 0) return;
    const enabled = await enabledUserIds(ctx.db, [...new Set(named.map((v) => v.id))]);
    const details: ValidationDetail[] = named
      .filter((v) => !enabled.has(v.id))
      .map((v) => ({ path: v.pointer, message: PERSON_MESSAGE, keyword: 'person', params: { userId: v.id } }));
    if (details.length > 0) {
      throw new UnprocessableError(
        'unknown_user',
        `${details.map((d) => d.path).join(', ')}: no enabled user has the id ${String(details[0].params!.userId)}; pick the person from the directory.`,
        details,
      );
    }
  },
};
