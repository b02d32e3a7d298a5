import type { Db } from './types.ts';

export interface ReportRow {
  id: string;
  app_id: string;
  form_id: string;
  /** JSON: ReportDefinition */
  definition: unknown;
  owner_id: string | null;
  created_at: string;
  updated_at: string;
}

export const reportsRepo = {
  findById: (db: Db, id: string): Promise<ReportRow | undefined> => db<ReportRow>('reports').where({ id }).first(),
  findByIds: (db: Db, ids: readonly string[]): Promise<ReportRow[]> =>
    ids.length ? db<ReportRow>('reports').whereIn('id', [...ids]) : Promise.resolve([]),
  /** Newest first; `appIds` null means every app (admins). */
  list: (db: Db, opts: { appIds: readonly string[] | null; formId?: string }): Promise<ReportRow[]> => {
    const query = db<ReportRow>('reports').orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
    if (opts.appIds) query.whereIn('app_id', [...opts.appIds]);
    if (opts.formId) query.where('form_id', opts.formId);
    return query;
  },
  insert: (db: Db, row: ReportRow) => db('reports').insert(row),
  update: (db: Db, id: string, patch: Partial<ReportRow>) => db('reports').where({ id }).update(patch),
  delete: (db: Db, id: string) => db('reports').where({ id }).delete(),
};
