import { writeJson } from '../db/dialect.ts';
import type { Db } from './types.ts';

export interface SubmissionRevisionRow {
  submission_id: string;
  revision: number;
  action: 'updated' | 'deleted';
  changed_by: string | null;
  changed_at: string;
  changes: unknown;
}

export const submissionRevisionsRepo = {
  /** The next revision number: 2 for the first edit, since revision 1 is the creation. */
  async next(db: Db, submissionId: string): Promise<number> {
    const row = await db('submission_revisions').where({ submission_id: submissionId }).max({ last: 'revision' }).first();
    return Math.max(Number(row?.last ?? 0), 1) + 1;
  },
  insert: (db: Db, row: Omit<SubmissionRevisionRow, 'changes'> & { changes: unknown[] }) =>
    db('submission_revisions').insert({ ...row, changes: writeJson(row.changes) }),
  /** Oldest first, with the name of whoever made each change. */
  list: (db: Db, submissionId: string): Promise<(SubmissionRevisionRow & { changed_by_name: string | null })[]> =>
    db('submission_revisions as r')
      .leftJoin('users as u', 'u.id', 'r.changed_by')
      .where('r.submission_id', submissionId)
      .orderBy('r.revision')
      .select('r.*', 'u.name as changed_by_name'),
};
