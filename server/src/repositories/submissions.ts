import type { SubmissionStatus } from '@formloom/schemas';
import type { Knex } from 'knex';
import { jsonFieldText, whereJsonFieldContains } from '../db/dialect.ts';
import { whereInScope, type RecordScope } from './recordScope.ts';
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
  /** Who made the last edit; null until someone edits it. */
  updated_by?: string | null;
  /** Soft delete: the row stays for its history, every read leaves it out. */
  deleted_at?: string | null;
  deleted_by?: string | null;
  /** `submitted`, or where its approval flow stands (pending, approved, …). */
  status?: SubmissionStatus;
}

export type SubmissionWithSubmitter = SubmissionRow & {
  created_by_name: string | null;
  created_by_email: string | null;
  updated_by_name?: string | null;
};
export type SubmissionListRow = SubmissionWithSubmitter;

/** Submissions as `s` with their submitter as `u` (what sorting and searching by the submitter's name need). */
const withSubmitterJoined = (db: Db) => db('submissions as s').leftJoin('users as u', 'u.id', 's.created_by');

/** Adds the names of who submitted and who last edited to a query over `s` joined with `u`. */
function withPeople<Q extends Knex.QueryBuilder>(query: Q): Q {
  return query
    .leftJoin('users as eu', 'eu.id', 's.updated_by')
    .select('s.*', 'u.name as created_by_name', 'u.email as created_by_email', 'eu.name as updated_by_name') as Q;
}

const withSubmitter = (db: Db) => withPeople(withSubmitterJoined(db));

export const submissionsRepo = {
  insert: (db: Db, row: SubmissionRow) => db('submissions').insert(row),
  /** A submission that is not deleted. */
  findById: (db: Db, id: string): Promise<SubmissionWithSubmitter | undefined> =>
    withSubmitter(db).where('s.id', id).whereNull('s.deleted_at').first(),
  /** The bare row, also when deleted, locked for the rest of the transaction on PostgreSQL. */
  lockForWrite(trx: Knex.Transaction, id: string): Promise<SubmissionRow | undefined> {
    const q = trx<SubmissionRow>('submissions').where({ id });
    // SQLite has one writer at a time already (and knex warns on FOR UPDATE there).
    if (trx.client.config.client === 'pg') q.forUpdate();
    return q.first();
  },
  /** The rows of a form that are not deleted (only those in the record scope `onlyCreatedBy`, when given), as `s` with `u`, unselected. */
  visibleInForm(db: Db, formId: string, onlyCreatedBy?: RecordScope): Knex.QueryBuilder {
    const q = withSubmitterJoined(db).where('s.form_id', formId).whereNull('s.deleted_at');
    whereInScope(q, 's.created_by', onlyCreatedBy);
    return q;
  },
  /** The row without the user joins, for a query's own select (a cursor's sort value). */
  joinedById: (db: Db, id: string) => withSubmitterJoined(db).where('s.id', id),
  withPeople,
  update: (db: Db, id: string, patch: Partial<SubmissionRow>) => db('submissions').where({ id }).update(patch),
  /** Records for a relation picker, newest first: some ids, or those whose top-level `field` contains `text`. */
  listForLookup(
    db: Db,
    formId: string,
    opts: { onlyCreatedBy?: RecordScope; ids?: string[]; contains?: { field: string; text: string }; limit: number },
  ): Promise<Pick<SubmissionRow, 'id' | 'data' | 'created_by'>[]> {
    const q = db('submissions').select('id', 'data', 'created_by').where('form_id', formId).whereNull('deleted_at');
    whereInScope(q, 'created_by', opts.onlyCreatedBy);
    if (opts.ids) q.whereIn('id', opts.ids);
    if (opts.contains) whereJsonFieldContains(db, q, 'data', opts.contains.field, opts.contains.text);
    return q.orderBy('id', 'desc').limit(opts.limit);
  },
  /** Records where any of the top-level `fields` holds one of `values` exactly (as text), newest first: a barcode scan's lookup. */
  listWithAnyFieldValue(
    db: Db,
    formId: string,
    opts: { onlyCreatedBy?: RecordScope; fields: string[]; values: string[]; limit: number },
  ): Promise<Pick<SubmissionRow, 'id' | 'data' | 'created_by'>[]> {
    if (opts.fields.length === 0 || opts.values.length === 0) return Promise.resolve([]);
    const q = db('submissions').select('id', 'data', 'created_by').where('form_id', formId).whereNull('deleted_at');
    whereInScope(q, 'created_by', opts.onlyCreatedBy);
    q.where((any) => {
      // knex takes a raw column expression here (its types only admit names).
      for (const field of opts.fields) any.orWhereIn(jsonFieldText(db, 'data', field) as unknown as string, opts.values);
    });
    return q.orderBy('id', 'desc').limit(opts.limit);
  },
  /** The records whose top-level `field` holds one of `values` exactly (as text), newest first. */
  async withFieldValues(
    db: Db,
    formId: string,
    opts: { onlyCreatedBy?: RecordScope; field: string; values: string[] },
  ): Promise<{ value: unknown; data: unknown }[]> {
    if (opts.values.length === 0) return [];
    const records = db('submissions')
      .select({ id: 'id', data: 'data', value: jsonFieldText(db, 'data', opts.field) })
      .where('form_id', formId)
      .whereNull('deleted_at');
    whereInScope(records, 'created_by', opts.onlyCreatedBy);
    return db.from(records.as('r')).select('value', 'data').whereIn('value', opts.values).orderBy('id', 'desc');
  },
  /** Which of `values` the top-level `field` of some record of the form holds exactly (as text). */
  async fieldValuesPresent(
    db: Db,
    formId: string,
    opts: { onlyCreatedBy?: RecordScope; field: string; values: string[] },
  ): Promise<Set<string>> {
    if (opts.values.length === 0) return new Set();
    const records = db('submissions')
      .select({ value: jsonFieldText(db, 'data', opts.field) })
      .where('form_id', formId)
      .whereNull('deleted_at');
    whereInScope(records, 'created_by', opts.onlyCreatedBy);
    const rows: { value: unknown }[] = await db.from(records.as('r')).distinct('value').whereIn('value', opts.values);
    return new Set(rows.map((row) => String(row.value)));
  },
};
