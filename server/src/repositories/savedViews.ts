import type { Db } from './types.ts';

export interface SavedViewRow {
  id: string;
  form_id: string;
  owner_id: string | null;
  name: string;
  /** JSON: string[] */
  columns: unknown;
  sort: string | null;
  q: string | null;
  /** JSON: [{field, op, value?}] */
  filter: unknown;
  shared: boolean | number;
  created_at: string;
  updated_at: string;
}

export type SavedViewWithOwner = SavedViewRow & { owner_name: string | null };

const withOwner = (db: Db) => db('saved_views as v').leftJoin('users as u', 'u.id', 'v.owner_id').select('v.*', 'u.name as owner_name');

export const savedViewsRepo = {
  findById: (db: Db, id: string): Promise<SavedViewWithOwner | undefined> => withOwner(db).where('v.id', id).first(),
  /** The user's own views of the form and the ones shared with everyone, by name. */
  listVisible: (db: Db, formId: string, userId: string): Promise<SavedViewWithOwner[]> =>
    withOwner(db)
      .where('v.form_id', formId)
      .andWhere((visible) => visible.where('v.owner_id', userId).orWhere('v.shared', true))
      .orderBy([{ column: 'v.name' }, { column: 'v.id' }]),
  insert: (db: Db, row: SavedViewRow) => db('saved_views').insert(row),
  update: (db: Db, id: string, patch: Partial<SavedViewRow>) => db('saved_views').where({ id }).update(patch),
  delete: (db: Db, id: string) => db('saved_views').where({ id }).delete(),
};
