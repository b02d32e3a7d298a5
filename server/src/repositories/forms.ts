import type { Db } from './types.ts';
import { readJson } from '../db/dialect.ts';

export interface FormRow {
  id: string;
  app_id: string;
  name: string;
  status: 'draft' | 'published';
  revision: number;
  draft_schema: unknown;
  draft_ui_schema: unknown;
  /** The draft's approval flow (JSON), null for none. */
  draft_workflow?: unknown;
  latest_version: number | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface FormVersionRow {
  form_id: string;
  version: number;
  name: string;
  schema: unknown;
  ui_schema: unknown;
  workflow?: unknown;
  published_at: string;
  published_by: string | null;
}

export const formsRepo = {
  insert: (db: Db, row: FormRow) => db('forms').insert(row),
  findById: (db: Db, id: string) => db<FormRow>('forms').where({ id }).first(),
  listByApp: (db: Db, appId: string) => db<FormRow>('forms').where({ app_id: appId }).orderBy('created_at'),
  /** Compare-and-set on the revision: 0 rows updated means someone else edited first. */
  updateDraft: (db: Db, id: string, expectedRevision: number, patch: Partial<FormRow>) =>
    db('forms')
      .where({ id, revision: expectedRevision })
      .update({ ...patch, revision: expectedRevision + 1 }),
  markPublished: (db: Db, id: string, previousVersion: number | null, version: number, at: string) =>
    db('forms')
      .where({ id })
      .andWhere((q) => (previousVersion === null ? q.whereNull('latest_version') : q.where('latest_version', previousVersion)))
      .update({ latest_version: version, status: 'published', updated_at: at }),
};

export const formVersionsRepo = {
  insert: (db: Db, row: FormVersionRow) => db('form_versions').insert(row),
  find: (db: Db, formId: string, version: number) => db<FormVersionRow>('form_versions').where({ form_id: formId, version }).first(),
  list: (db: Db, formId: string) => db<FormVersionRow>('form_versions').where({ form_id: formId }).orderBy('version'),
};

export const parseSchemaColumn = (v: unknown) => readJson<Record<string, unknown>>(v);
