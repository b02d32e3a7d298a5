/** The `imports` and `import_mappings` tables (migrations/006_imports.ts). */
import { nowIso, readJson, writeJson } from '../../db/dialect.ts';
import type { ColumnMapping, ImportError, ImportStatus } from '@formloom/schemas';
import type { Db } from '../../repositories/types.ts';

export type { ColumnMapping, ImportError, ImportStatus };

export interface ImportRecord {
  id: string;
  formId: string;
  appId: string;
  createdBy: string | null;
  fileName: string;
  sha256: string;
  format: 'csv' | 'xlsx';
  columns: string[];
  rowCount: number;
  status: ImportStatus;
  mapping: ColumnMapping | null;
  keyField: string | null;
  total: number;
  processed: number;
  inserted: number;
  skipped: number;
  errors: ImportError[];
  createdAt: string;
  updatedAt: string;
}

interface ImportRow {
  id: string;
  form_id: string;
  app_id: string;
  created_by: string | null;
  file_name: string;
  sha256: string;
  format: string;
  columns: unknown;
  row_count: number | string;
  status: string;
  mapping: unknown;
  key_field: string | null;
  total: number | string;
  processed: number | string;
  inserted: number | string;
  skipped: number | string;
  errors: unknown;
  created_at: string;
  updated_at: string;
}

const COLUMNS = [
  'id',
  'form_id',
  'app_id',
  'created_by',
  'file_name',
  'sha256',
  'format',
  'columns',
  'row_count',
  'status',
  'mapping',
  'key_field',
  'total',
  'processed',
  'inserted',
  'skipped',
  'errors',
  'created_at',
  'updated_at',
];

function toRecord(row: ImportRow): ImportRecord {
  return {
    id: row.id,
    formId: row.form_id,
    appId: row.app_id,
    createdBy: row.created_by,
    fileName: row.file_name,
    sha256: row.sha256,
    format: row.format as ImportRecord['format'],
    columns: readJson<string[]>(row.columns),
    rowCount: Number(row.row_count),
    status: row.status as ImportStatus,
    mapping: row.mapping === null ? null : readJson<ColumnMapping>(row.mapping),
    keyField: row.key_field,
    total: Number(row.total),
    processed: Number(row.processed),
    inserted: Number(row.inserted),
    skipped: Number(row.skipped),
    errors: row.errors === null ? [] : readJson<ImportError[]>(row.errors),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Uploads never committed are dropped after this long (they hold the file's bytes). */
export const UNCOMMITTED_KEPT_MS = 7 * 24 * 3600 * 1000;

export const importsStore = {
  async insert(
    db: Db,
    rec: Omit<ImportRecord, 'status' | 'mapping' | 'keyField' | 'total' | 'processed' | 'inserted' | 'skipped' | 'errors' | 'updatedAt'>,
    file: Buffer,
  ) {
    await db('imports').insert({
      id: rec.id,
      form_id: rec.formId,
      app_id: rec.appId,
      created_by: rec.createdBy,
      file_name: rec.fileName,
      sha256: rec.sha256,
      format: rec.format,
      file,
      columns: writeJson(rec.columns),
      row_count: rec.rowCount,
      status: 'uploaded',
      created_at: rec.createdAt,
      updated_at: rec.createdAt,
    });
  },

  async find(db: Db, id: string): Promise<ImportRecord | null> {
    const row = await db('imports').select(COLUMNS).where({ id }).first();
    return row ? toRecord(row) : null;
  },

  async file(db: Db, id: string): Promise<Buffer | null> {
    const row = await db('imports').select('file').where({ id }).first();
    return row?.file ? Buffer.from(row.file) : null;
  },

  /** Whether this file (by content) was imported into the form before. */
  async alreadyImported(db: Db, formId: string, sha256: string, exceptId?: string): Promise<boolean> {
    const q = db('imports').where({ form_id: formId, sha256, status: 'done' });
    if (exceptId) q.whereNot('id', exceptId);
    return Boolean(await q.first('id'));
  },

  /**
   * Marks the import running if it may start: uploaded, failed (nothing was written), or running but
   * silent for `staleMs` (its server died mid-way; its transaction rolled back). False otherwise.
   */
  async claim(db: Db, id: string, input: { mapping: ColumnMapping; keyField: string | null; total: number; staleMs: number }) {
    const now = nowIso();
    const staleBefore = new Date(Date.now() - input.staleMs).toISOString();
    const changed = await db('imports')
      .where({ id })
      .andWhere((q) =>
        q.whereIn('status', ['uploaded', 'failed']).orWhere((r) => r.where('status', 'running').andWhere('updated_at', '<', staleBefore)),
      )
      .update({
        status: 'running',
        mapping: writeJson(input.mapping),
        key_field: input.keyField,
        total: input.total,
        processed: 0,
        inserted: 0,
        skipped: 0,
        errors: null,
        updated_at: now,
      });
    return Number(changed) === 1;
  },

  /** The final state; a finished import no longer needs its file. */
  async finish(
    db: Db,
    id: string,
    out: { status: 'done' | 'failed'; processed: number; inserted: number; skipped: number; errors: ImportError[] },
  ) {
    await db('imports')
      .where({ id })
      .update({
        status: out.status,
        processed: out.processed,
        inserted: out.inserted,
        skipped: out.skipped,
        errors: out.errors.length ? writeJson(out.errors) : null,
        updated_at: nowIso(),
        ...(out.status === 'done' ? { file: null } : {}),
      });
  },

  async dropStaleUploads(db: Db) {
    const before = new Date(Date.now() - UNCOMMITTED_KEPT_MS).toISOString();
    await db('imports').whereIn('status', ['uploaded', 'failed']).andWhere('created_at', '<', before).delete();
  },
};

export const mappingsStore = {
  async find(db: Db, userId: string, formId: string): Promise<{ mapping: ColumnMapping; keyField: string | null } | null> {
    const row = await db('import_mappings').where({ user_id: userId, form_id: formId }).first();
    return row ? { mapping: readJson<ColumnMapping>(row.mapping), keyField: row.key_field } : null;
  },

  async remember(db: Db, userId: string, formId: string, mapping: ColumnMapping, keyField: string | null) {
    await db('import_mappings')
      .insert({ user_id: userId, form_id: formId, mapping: writeJson(mapping), key_field: keyField, updated_at: nowIso() })
      .onConflict(['user_id', 'form_id'])
      .merge(['mapping', 'key_field', 'updated_at']);
  },
};
