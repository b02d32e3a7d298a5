/**
 * Every row of an import, checked exactly as a single submission is (prepareSubmission with
 * operation 'import'), plus what only an import has: cells read by field type and duplicates found
 * by the key field or by the file's content hash. Nothing is written here; the preview shows this
 * and the commit writes what it returns.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { parsePointer, type JsonObject, type User, type ValidationDetail } from '@formloom/schemas';
import { jsonFieldText } from '../../db/dialect.ts';
import { AppError, UnprocessableError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { FormRow } from '../../repositories/forms.ts';
import { submissionsRepo } from '../../repositories/submissions.ts';
import type { Db } from '../../repositories/types.ts';
import { prepareSubmission, type PreparedSubmission } from '../submissions.ts';
import { converterFor } from './convertCell.ts';
import type { ImportField } from './importFields.ts';
import type { Cell, ImportTable } from './readFile.ts';
import { relationLabelsToIds } from './relationLabels.ts';
import type { ColumnMapping, ImportError } from './store.ts';

/** The errors listed in a preview or a failed import; the counts are always complete. */
export const MAX_REPORTED_ERRORS = 1000;
const ROWS_PER_TICK = 200;
const LOOKUP_CHUNK = 500;

export interface CheckedRow {
  row: number;
  /** The key field's value as text (what duplicates are found by), or null without a key field. */
  key: string | null;
  prepared: PreparedSubmission;
  submissionId: string;
}

export interface CheckResult {
  total: number;
  valid: number;
  invalid: number;
  duplicates: number;
  errors: ImportError[];
  /** The rows to write, in file order. */
  rows: CheckedRow[];
  /** The first converted rows, as the preview shows them. */
  sample: { row: number; data: JsonObject }[];
}

export interface CheckInput {
  db: Db;
  user: User;
  form: FormRow;
  fields: ImportField[];
  table: ImportTable;
  mapping: ColumnMapping;
  keyField: string | null;
  /** Without a key field: this file was imported into the form before, so every row is a duplicate. */
  fileAlreadyImported: boolean;
  now: string;
  sampleSize?: number;
  onProgress?(checked: number): void;
}

const invalidMapping = (message: string) => new UnprocessableError('invalid_mapping', message);

/** The mapping as usable column indexes; unknown columns, unknown fields and a field mapped twice are refused. */
export function resolveMapping(table: ImportTable, fields: ImportField[], mapping: ColumnMapping, keyField: string | null) {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const used = new Map<string, string>();
  const targets: { index: number; column: string; field: ImportField }[] = [];
  for (const [column, fieldKey] of Object.entries(mapping)) {
    const index = table.columns.indexOf(column);
    if (index < 0) throw invalidMapping(`The file has no column "${column}".`);
    if (fieldKey === null || fieldKey === '') continue;
    const field = byKey.get(fieldKey);
    if (!field) throw invalidMapping(`Column "${column}" is mapped to "${fieldKey}", which is not a field this import can fill.`);
    if (used.has(fieldKey))
      throw invalidMapping(`Columns "${used.get(fieldKey)}" and "${column}" are both mapped to the field "${fieldKey}".`);
    used.set(fieldKey, column);
    targets.push({ index, column, field });
  }
  if (targets.length === 0) throw invalidMapping('Map at least one column to a field.');
  if (keyField !== null) {
    const key = targets.find((t) => t.field.key === keyField);
    if (!key)
      throw new UnprocessableError('invalid_key_field', `The key field "${keyField}" must be one of the fields a column is mapped to.`);
    if (key.field.path.length !== 1) {
      throw new UnprocessableError('invalid_key_field', `The key field must be a top-level field; "${keyField}" sits inside a section.`);
    }
  }
  return targets;
}

function setPath(data: JsonObject, path: string[], value: unknown) {
  let holder = data;
  for (const key of path.slice(0, -1)) {
    if (typeof holder[key] !== 'object' || holder[key] === null) holder[key] = {};
    holder = holder[key] as JsonObject;
  }
  holder[path[path.length - 1]] = value;
}

const cellText = (cell: Cell | undefined) => (cell === undefined || cell === null ? null : String(cell));

/** The key value as the database compares it (text, numbers as written). */
const keyText = (value: unknown) => (value === undefined || value === null || value === '' ? null : String(value));

/**
 * Which of `keys` some submission of the form holds in its top-level `field` (compared as text). A
 * few keys are looked up; for many, one pass over the form's values beats a pass per chunk of keys.
 */
export async function existingKeys(db: Db, formId: string, field: string, keys: string[]): Promise<Set<string>> {
  if (keys.length <= LOOKUP_CHUNK) return submissionsRepo.fieldValuesPresent(db, formId, { field, values: keys });
  const values = db('submissions')
    .select({ value: jsonFieldText(db, 'data', field) })
    .where('form_id', formId);
  const rows: { value: unknown }[] = await db.from(values.as('v')).distinct('value').whereNotNull('value');
  const wanted = new Set(keys);
  return new Set(rows.map((r) => String(r.value)).filter((v) => wanted.has(v)));
}

export async function checkRows(input: CheckInput): Promise<CheckResult> {
  const { table, form, user, keyField } = input;
  const targets = resolveMapping(table, input.fields, input.mapping, keyField);
  const converters = targets.map((t) => ({ ...t, convert: converterFor(t.field) }));
  const columnOfField = new Map(targets.map((t) => [t.field.key, t.column]));
  const errors: ImportError[] = [];
  const badRows = new Set<number>();
  const report = (e: ImportError) => {
    if (e.row !== null) badRows.add(e.row);
    if (errors.length < MAX_REPORTED_ERRORS) errors.push(e);
  };

  // Cells → data, row by row.
  const converted = table.rows.map(({ row, cells }) => {
    const data: JsonObject = {};
    const problems: ImportError[] = [];
    for (const c of converters) {
      const out = c.convert(cells[c.index]);
      if ('error' in out) {
        problems.push({
          row,
          column: c.column,
          field: c.field.key,
          message: out.error,
          keyword: out.keyword,
          params: out.params,
          value: cellText(cells[c.index]),
        });
      } else if ('value' in out) setPath(data, c.field.path, out.value);
    }
    return { row, cells, data, problems, key: keyField === null ? null : keyText(data[keyField]) };
  });

  // Records named by their label in a relation column become their ids.
  await relationLabelsToIds(
    input.db,
    user,
    targets.map((t) => t.field),
    converted,
  );

  // Duplicates: by key (already in the form, or earlier in the file), or the whole file by its hash.
  // They are skipped, so what else is wrong with them does not matter.
  const duplicate = new Set<number>();
  if (keyField === null) {
    if (input.fileAlreadyImported) converted.forEach((r) => duplicate.add(r.row));
  } else {
    const keys = [...new Set(converted.map((r) => r.key).filter((k): k is string => k !== null))];
    const existing = await existingKeys(input.db, form.id, keyField, keys);
    const seen = new Set<string>();
    for (const r of converted) {
      if (r.key === null) {
        if (!r.problems.some((p) => p.field === keyField)) {
          r.problems.push({
            row: r.row,
            column: columnOfField.get(keyField)!,
            field: keyField,
            message: 'is empty, but it is the key column',
            keyword: 'required',
          });
        }
      } else if (existing.has(r.key) || seen.has(r.key)) duplicate.add(r.row);
      else seen.add(r.key);
    }
  }
  for (const r of converted) if (!duplicate.has(r.row)) r.problems.forEach(report);

  // The submission checks, for the rows that would be written.
  const rows: CheckedRow[] = [];
  let checked = 0;
  for (const r of converted) {
    if (++checked % ROWS_PER_TICK === 0) {
      input.onProgress?.(checked);
      await yieldToEventLoop(); // let progress polls and other requests in
    }
    if (duplicate.has(r.row) || r.problems.length) continue;
    const submissionId = newId();
    try {
      const prepared = await prepareSubmission(input.db, user, form, r.data, { operation: 'import', submissionId, now: input.now });
      rows.push({ row: r.row, key: r.key, prepared, submissionId });
    } catch (err) {
      if (!(err instanceof AppError) || err.statusCode >= 500) throw err;
      for (const e of rowErrors(err, r.row, columnOfField)) {
        const index = e.column === null ? -1 : table.columns.indexOf(e.column);
        report(index < 0 ? e : { ...e, value: cellText(r.cells[index]) });
      }
    }
  }
  input.onProgress?.(converted.length);
  const sampleSize = input.sampleSize ?? 0;
  return {
    total: converted.length,
    valid: rows.length,
    invalid: badRows.size,
    duplicates: duplicate.size,
    errors,
    rows,
    sample: converted.slice(0, sampleSize).map((r) => ({ row: r.row, data: r.data })),
  };
}

/** A refused row's problems, each pointed at the column it came from where there is one. */
function rowErrors(err: AppError, row: number, columnOfField: Map<string, string>): ImportError[] {
  const details = err.code === 'validation_failed' && Array.isArray(err.details) ? (err.details as ValidationDetail[]) : [];
  if (details.length === 0) return [{ row, column: null, field: null, message: err.message, keyword: err.code }];
  return details.map((d) => {
    const tokens = parsePointer(d.path) ?? [];
    // The field is the longest start of the path that a column fills (`tags/1` → `tags`), else the whole path.
    let field: string | null = null;
    for (let n = tokens.length; n > 0 && field === null; n--) {
      const key = tokens.slice(0, n).join('.');
      if (columnOfField.has(key)) field = key;
    }
    const fieldKey = field ?? (tokens.length ? tokens.join('.') : null);
    return {
      row,
      column: field ? columnOfField.get(field)! : null,
      field: fieldKey,
      message: d.message,
      keyword: d.keyword ?? 'invalid',
      ...(d.params ? { params: d.params } : {}),
    };
  });
}
