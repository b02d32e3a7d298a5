/**
 * Bulk import of a CSV/XLSX file into a form: upload (read, guess the mapping), preview (check every
 * row, write nothing), commit (check again, then write everything in one transaction, in the
 * background, with progress). See docs/API.md "Imports".
 */
import crypto from 'node:crypto';
import type { ImportState, JsonObject, User } from '@formloom/schemas';
import type { Database } from '../../db/connect.ts';
import { nowIso, readJson } from '../../db/dialect.ts';
import { AppError, ConflictError, NotFoundError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { TtlCache } from '../../lib/ttlCache.ts';
import { formsRepo, formVersionsRepo, type FormRow } from '../../repositories/forms.ts';
import type { Db } from '../../repositories/types.ts';
import { loadForm, permissionsIn, requirePermission } from '../access.ts';
import { checkRows, resolveMapping, type CheckResult } from './checkRows.ts';
import { importFields, initialMapping, type ImportField } from './importFields.ts';
import { readImportFile, type Cell, type ImportTable } from './readFile.ts';
import { importsStore, mappingsStore, type ColumnMapping, type ImportError, type ImportRecord, type ImportStatus } from './store.ts';
import { ImportRowError, writeImport } from './writeImport.ts';

export const SAMPLE_ROWS = 20;
export const PREVIEW_ROWS = 50;
/** A running import whose server went silent this long is taken to have died (its transaction rolled back). */
const STALE_RUNNING_MS = 30 * 60 * 1000;

const tables = new TtlCache<ImportTable>(30 * 60 * 1000, 20);

interface Progress {
  status: ImportStatus;
  total: number;
  processed: number;
  phase: 'checking' | 'writing' | null;
}
/** Imports running in this process; the final state is in the table. */
const running = new Map<string, Progress>();

const notFound = (id: string) => new NotFoundError('import_not_found', `There is no import ${id}, or you have no access to it.`);

/** Importing writes many rows at once and tells which keys exist, so it takes "see all" (editors have it). */
async function formForImport(db: Db, user: User, formId: string) {
  const { form, permissions } = await loadForm(db, user, formId);
  requirePermission(permissions, 'canViewAll', 'import into this form (it takes "see all submissions")');
  return form;
}

/** An import is its uploader's, and only while they may still import into the form. */
async function ownImport(db: Db, user: User, id: string): Promise<{ record: ImportRecord; form: FormRow }> {
  const record = await importsStore.find(db, id);
  if (!record || record.createdBy !== user.id) throw notFound(id);
  const permissions = await permissionsIn(db, user, record.appId);
  const form = permissions ? await formsRepo.findById(db, record.formId) : undefined;
  if (!permissions || !form) throw notFound(id);
  requirePermission(permissions, 'canViewAll', 'import into this form (it takes "see all submissions")');
  return { record, form };
}

/** The fields of the form's latest published version, which every imported row is checked against. */
async function fieldsOf(db: Db, form: FormRow): Promise<ImportField[]> {
  const row = form.latest_version === null ? undefined : await formVersionsRepo.find(db, form.id, Number(form.latest_version));
  if (!row) throw new ConflictError('form_not_published', 'This form has not been published yet; publish it before importing into it.');
  return importFields(readJson<JsonObject>(row.schema), readJson<JsonObject>(row.ui_schema));
}

async function tableOf(db: Db, record: ImportRecord): Promise<ImportTable> {
  const cached = tables.get(record.id);
  if (cached) return cached;
  const bytes = await importsStore.file(db, record.id);
  if (!bytes)
    throw new ConflictError('import_already_committed', 'This file was imported already; upload it again to import it once more.');
  const table = await readImportFile(bytes);
  tables.set(record.id, table);
  return table;
}

export interface UploadResult {
  id: string;
  fileName: string;
  sha256: string;
  format: 'csv' | 'xlsx';
  columns: string[];
  rowCount: number;
  sample: Cell[][];
  mapping: ColumnMapping;
  keyField: string | null;
  alreadyImported: boolean;
  /** The fields a column can be mapped to, with their titles for the mapping screen. */
  fields: { key: string; title: { en: string; 'zh-Hant': string }; type: string }[];
}

export async function uploadImport(database: Database, user: User, formId: string, fileName: string, bytes: Buffer): Promise<UploadResult> {
  const db = database.knex;
  const form = await formForImport(database.reader, user, formId);
  const fields = await fieldsOf(database.reader, form);
  const table = await readImportFile(bytes);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const remembered = await mappingsStore.find(database.reader, user.id, form.id);
  const mapping = initialMapping(table.columns, fields, remembered?.mapping ?? null);
  const mappedFields = new Set(Object.values(mapping));
  const keyField = remembered?.keyField && mappedFields.has(remembered.keyField) ? remembered.keyField : null;
  const id = newId();
  await importsStore.dropStaleUploads(db);
  await importsStore.insert(
    db,
    {
      id,
      formId: form.id,
      appId: form.app_id,
      createdBy: user.id,
      fileName,
      sha256,
      format: table.format,
      columns: table.columns,
      rowCount: table.rows.length,
      createdAt: nowIso(),
    },
    bytes,
  );
  tables.set(id, table);
  return {
    id,
    fileName,
    sha256,
    format: table.format,
    columns: table.columns,
    rowCount: table.rows.length,
    sample: table.rows.slice(0, SAMPLE_ROWS).map((r) => table.columns.map((_, i) => r.cells[i] ?? null)),
    mapping,
    keyField,
    alreadyImported: await importsStore.alreadyImported(database.reader, form.id, sha256),
    fields: fields.map((f) => ({ key: f.key, title: f.title, type: String(f.ui['ui:fieldType'] ?? f.schema.type ?? 'text') })),
  };
}

interface MappingInput {
  mapping: ColumnMapping;
  keyField?: string | null;
}

async function check(
  database: Database,
  user: User,
  record: ImportRecord,
  form: FormRow,
  input: MappingInput,
  extra: { now: string; onProgress?(n: number): void },
) {
  const table = await tableOf(database.reader, record);
  const fields = await fieldsOf(database.reader, form);
  const keyField = input.keyField ?? null;
  const result = await checkRows({
    db: database.reader,
    user,
    form,
    fields,
    table,
    mapping: input.mapping,
    keyField,
    fileAlreadyImported: keyField === null && (await importsStore.alreadyImported(database.reader, form.id, record.sha256, record.id)),
    now: extra.now,
    sampleSize: PREVIEW_ROWS,
    onProgress: extra.onProgress,
  });
  await rememberMapping(database, user, form.id, input.mapping, keyField);
  return result;
}

/** The person's mapping for the form, merged over what they mapped before (other files may have other columns). */
async function rememberMapping(database: Database, user: User, formId: string, mapping: ColumnMapping, keyField: string | null) {
  const before = await mappingsStore.find(database.reader, user.id, formId);
  await mappingsStore.remember(database.knex, user.id, formId, { ...(before?.mapping ?? {}), ...mapping }, keyField);
}

export interface PreviewResult {
  total: number;
  valid: number;
  invalid: number;
  duplicates: number;
  errors: ImportError[];
  rows: { row: number; data: JsonObject }[];
}

export async function previewImport(database: Database, user: User, id: string, input: MappingInput): Promise<PreviewResult> {
  const { record, form } = await ownImport(database.reader, user, id);
  if (record.status === 'done' || record.status === 'running') throw alreadyCommitted();
  const result = await check(database, user, record, form, input, { now: nowIso() });
  return {
    total: result.total,
    valid: result.valid,
    invalid: result.invalid,
    duplicates: result.duplicates,
    errors: result.errors,
    rows: result.sample,
  };
}

const alreadyCommitted = () =>
  new ConflictError('import_already_committed', 'This import was committed already; upload the file again to import it once more.');

/** Where a background import reports a failure that is ours (the request's logger). */
export interface ImportLog {
  error(details: object, message: string): void;
}

/** Starts the import in the background; `importStatus` follows it. */
export async function commitImport(
  database: Database,
  user: User,
  id: string,
  input: MappingInput,
  log: ImportLog,
): Promise<{ id: string; status: ImportStatus }> {
  const { record, form } = await ownImport(database.reader, user, id);
  if (running.has(id)) throw alreadyCommitted();
  const table = await tableOf(database.reader, record);
  const keyField = input.keyField ?? null;
  resolveMapping(table, await fieldsOf(database.reader, form), input.mapping, keyField); // an unusable mapping is a 422 now, not a failed import later
  const claimed = await importsStore.claim(database.knex, id, {
    mapping: input.mapping,
    keyField,
    total: table.rows.length,
    staleMs: STALE_RUNNING_MS,
  });
  if (!claimed) throw alreadyCommitted();
  const progress: Progress = { status: 'running', total: table.rows.length, processed: 0, phase: 'checking' };
  running.set(id, progress);
  void runImport(database, user, record, form, { mapping: input.mapping, keyField }, progress, log).finally(() => running.delete(id));
  return { id, status: 'running' };
}

/**
 * Check every row, then write. `processed` counts each row half when it is checked and half when
 * it is written, so the bar moves through both and ends at `total`.
 */
async function runImport(
  database: Database,
  user: User,
  record: ImportRecord,
  form: FormRow,
  input: { mapping: ColumnMapping; keyField: string | null },
  progress: Progress,
  log: ImportLog,
) {
  const half = (checked: number, written: number) => Math.floor((checked + written) / 2);
  const now = nowIso();
  let result: CheckResult | undefined;
  try {
    result = await check(database, user, record, form, input, { now, onProgress: (n) => (progress.processed = half(n, 0)) });
    if (result.invalid > 0) {
      await importsStore.finish(database.knex, record.id, {
        status: 'failed',
        processed: result.total,
        inserted: 0,
        skipped: 0,
        errors: result.errors,
      });
      return;
    }
    progress.phase = 'writing';
    const checked = result.total;
    const alreadyWritten = result.duplicates; // skipped rows are done once checked
    await writeImport(database.knex, {
      importId: record.id,
      user,
      form,
      rows: result.rows,
      keyField: input.keyField,
      sha256: record.sha256,
      now,
      skippedBefore: result.duplicates,
      fileName: record.fileName,
      onProgress: (written) => (progress.processed = half(checked, alreadyWritten + written)),
    });
    tables.delete(record.id);
  } catch (err) {
    // A refusal the API has a code for (a form unpublished meanwhile, say) is reported as such; anything else is ours.
    const known = err instanceof AppError && err.statusCode < 500;
    if (!known) log.error({ err, importId: record.id }, 'import failed');
    const error: ImportError = {
      row: err instanceof ImportRowError ? err.row : null,
      column: null,
      field: null,
      message: known ? err.message : 'The import stopped on a server error; nothing was written. Try again, or report it.',
      keyword: known ? err.code : 'internal_error',
    };
    await importsStore
      .finish(database.knex, record.id, { status: 'failed', processed: result?.total ?? 0, inserted: 0, skipped: 0, errors: [error] })
      .catch(() => undefined);
  }
}

export async function importStatus(database: Database, user: User, id: string): Promise<ImportState> {
  const { record } = await ownImport(database.reader, user, id);
  const live = running.get(id);
  const stale = !live && record.status === 'running' && Date.now() - Date.parse(record.updatedAt) > STALE_RUNNING_MS;
  return {
    id: record.id,
    fileName: record.fileName,
    formId: record.formId,
    status: live?.status ?? (stale ? 'failed' : record.status),
    phase: live?.phase ?? null,
    total: live?.total ?? (record.status === 'uploaded' ? record.rowCount : record.total),
    processed: live?.processed ?? record.processed,
    inserted: record.inserted,
    skipped: record.skipped,
    errors: stale
      ? [
          {
            row: null,
            column: null,
            field: null,
            message: 'The import was interrupted; nothing was written. Commit it again.',
            keyword: 'interrupted',
          },
        ]
      : record.errors,
    mapping: record.mapping,
    keyField: record.keyField,
  };
}
