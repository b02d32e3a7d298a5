import { jsonFieldText, whereJsonFieldContains } from '../db/dialect.ts';
import type { Db } from './types.ts';

export interface SubmissionRow {
  id: string;
  form_id: string;
  app_id: string;
  form_version: number;
  data: unknown;
  /** JSON, or null: marks checks put on the submission instead of refusing it (geofence). */
  flags?: unknown;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export type SubmissionWithSubmitter = SubmissionRow & { created_by_name: string | null; created_by_email: string | null };

function withSubmitter(db: Db) {
  return db('submissions as s')
    .leftJoin('users as u', 'u.id', 's.created_by')
    .select('s.*', 'u.name as created_by_name', 'u.email as created_by_email');
}

export const submissionsRepo = {
  insert: (db: Db, row: SubmissionRow) => db('submissions').insert(row),
  findById: (db: Db, id: string): Promise<SubmissionWithSubmitter | undefined> => withSubmitter(db).where('s.id', id).first(),
  /** Newest first; the cursor is the last id seen (UUIDv7 ids sort by creation time). */
  listByForm(db: Db, formId: string, opts: { onlyCreatedBy?: string; before?: string; limit: number }) {
    const q = withSubmitter(db).where('s.form_id', formId);
    if (opts.onlyCreatedBy) q.where('s.created_by', opts.onlyCreatedBy);
    if (opts.before) q.where('s.id', '<', opts.before);
    return q.orderBy('s.id', 'desc').limit(opts.limit) as Promise<SubmissionWithSubmitter[]>;
  },
  /** Records for a relation picker, newest first: some ids, or those whose top-level `field` contains `text`. */
  listForLookup(
    db: Db,
    formId: string,
    opts: { onlyCreatedBy?: string; ids?: string[]; contains?: { field: string; text: string }; limit: number },
  ): Promise<Pick<SubmissionRow, 'id' | 'data' | 'created_by'>[]> {
    const q = db('submissions').select('id', 'data', 'created_by').where('form_id', formId);
    if (opts.onlyCreatedBy) q.where('created_by', opts.onlyCreatedBy);
    if (opts.ids) q.whereIn('id', opts.ids);
    if (opts.contains) whereJsonFieldContains(db, q, 'data', opts.contains.field, opts.contains.text);
    return q.orderBy('id', 'desc').limit(opts.limit);
  },
  /** The records whose top-level `field` holds one of `values` exactly (as text), newest first. */
  async withFieldValues(
    db: Db,
    formId: string,
    opts: { onlyCreatedBy?: string; field: string; values: string[] },
  ): Promise<{ value: unknown; data: unknown }[]> {
    if (opts.values.length === 0) return [];
    const records = db('submissions')
      .select({ id: 'id', data: 'data', value: jsonFieldText(db, 'data', opts.field) })
      .where('form_id', formId);
    if (opts.onlyCreatedBy) records.where('created_by', opts.onlyCreatedBy);
    return db.from(records.as('r')).select('value', 'data').whereIn('value', opts.values).orderBy('id', 'desc');
  },
  /** Which of `values` the top-level `field` of some record of the form holds exactly (as text). */
  async fieldValuesPresent(
    db: Db,
    formId: string,
    opts: { onlyCreatedBy?: string; field: string; values: string[] },
  ): Promise<Set<string>> {
    if (opts.values.length === 0) return new Set();
    const records = db('submissions')
      .select({ value: jsonFieldText(db, 'data', opts.field) })
      .where('form_id', formId);
    if (opts.onlyCreatedBy) records.where('created_by', opts.onlyCreatedBy);
    const rows: { value: unknown }[] = await db.from(records.as('r')).distinct('value').whereIn('value', opts.values);
    return new Set(rows.map((row) => String(row.value)));
  },
};
