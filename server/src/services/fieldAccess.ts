/**
 * Field-level visibility (models/app.ts FieldAccessRule): a form's sensitive fields are seen only
 * by the principals their rule lists, by admins, and by the submitter of the record they belong to.
 * Every path that hands out submission values asks here: records and lists (maskSubmissionData),
 * search/filter/sort and reports (a hidden field may not be named: 403 field_hidden), exports,
 * webhooks and Zapier (with the subscription owner's visibility).
 */
import type { FieldAccessRule, User } from '@formloom/schemas';
import { ForbiddenError } from '../lib/errors.ts';
import { readJson, writeJson } from '../db/dialect.ts';
import type { Db } from '../repositories/types.ts';
import { principalKeysOf } from './principals.ts';

interface FieldAccessRow {
  form_id: string;
  field: string;
  visible_to: unknown;
}

export const fieldAccessRepo = {
  async rulesOf(db: Db, formId: string): Promise<FieldAccessRule[]> {
    const rows: FieldAccessRow[] = await db('form_field_access').where({ form_id: formId }).orderBy('field');
    return rows.map((r) => ({ field: r.field, visibleTo: readJson<string[]>(r.visible_to) }));
  },
  async replace(db: Db, formId: string, rules: readonly FieldAccessRule[]): Promise<void> {
    await db('form_field_access').where({ form_id: formId }).delete();
    if (rules.length) {
      await db('form_field_access').insert(rules.map((r) => ({ form_id: formId, field: r.field, visible_to: writeJson(r.visibleTo) })));
    }
  },
};

/** The fields of a form whose values this user may not see in others' records (empty for admins). */
export async function hiddenFieldsFor(db: Db, user: Pick<User, 'id' | 'role'>, formId: string): Promise<ReadonlySet<string>> {
  if (user.role === 'admin') return EMPTY;
  const rules = await fieldAccessRepo.rulesOf(db, formId);
  if (!rules.length) return EMPTY;
  const keys = new Set(await principalKeysOf(db, user));
  return new Set(rules.filter((r) => !r.visibleTo.some((p) => keys.has(p))).map((r) => r.field));
}
const EMPTY: ReadonlySet<string> = new Set();

/** A record's values as this caller may see them: hidden fields removed unless they submitted it. */
export function maskSubmissionData<T extends Record<string, unknown>>(
  data: T,
  hidden: ReadonlySet<string>,
  record: { createdBy: string | null },
  user: Pick<User, 'id'>,
): T {
  if (hidden.size === 0 || record.createdBy === user.id) return data;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) if (!hidden.has(key)) out[key] = value;
  return out as T;
}

/** For paths that name fields (search, filter, sort, report definitions): naming a hidden one is refused. */
export function requireVisibleFields(fields: Iterable<string>, hidden: ReadonlySet<string>): void {
  for (const field of fields) {
    if (hidden.has(field)) {
      throw new ForbiddenError(
        `The field "${field}" is restricted in this form and you are not among those who may see it.`,
        'field_hidden',
      );
    }
  }
}
