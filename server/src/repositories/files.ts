import type { FilePurpose } from '@formloom/schemas';
import type { Db } from './types.ts';

export type { FilePurpose };

export interface FileRow {
  id: string;
  sha256: string;
  size: number | string;
  content_type: string;
  name: string;
  purpose: FilePurpose;
  created_by: string | null;
  created_at: string;
}

export type FileWithUploader = FileRow & { created_by_name: string | null };

export const filesRepo = {
  insert: (db: Db, row: FileRow) => db('files').insert(row),

  findById: (db: Db, id: string): Promise<FileWithUploader | undefined> =>
    db('files as f').leftJoin('users as u', 'u.id', 'f.created_by').select('f.*', 'u.name as created_by_name').where('f.id', id).first(),

  findMany: (db: Db, ids: string[]): Promise<FileRow[]> => (ids.length ? db('files').whereIn('id', ids) : Promise.resolve([])),

  /** Which of `fileIds` are linked to the submission already (an edit may keep them). */
  async linkedTo(db: Db, submissionId: string, fileIds: string[]): Promise<Set<string>> {
    if (fileIds.length === 0) return new Set();
    const rows: { file_id: string }[] = await db('submission_files')
      .select('file_id')
      .where('submission_id', submissionId)
      .whereIn('file_id', fileIds);
    return new Set(rows.map((r) => r.file_id));
  },

  /** The (not deleted) submissions naming a file, with what deciding who may see them needs. */
  linkedSubmissions: (db: Db, fileId: string): Promise<{ id: string; app_id: string; created_by: string | null }[]> =>
    db('submission_files as sf')
      .join('submissions as s', 's.id', 'sf.submission_id')
      .select('s.id', 's.app_id', 's.created_by')
      .where('sf.file_id', fileId)
      .whereNull('s.deleted_at'),

  unlinkSubmission: (db: Db, submissionId: string) => db('submission_files').where('submission_id', submissionId).delete(),
};
