import { PassThrough } from 'node:stream';
import type { Knex } from 'knex';
import { exportColumns, metaColumns, type ExportColumn } from '../export/columns.ts';
import { csvChunks } from '../export/csv.ts';
import { writeXlsx } from '../export/xlsx.ts';
import type { ExportRow } from '../export/csv.ts';
import { readJson } from '../db/dialect.ts';
import { formVersionsRepo, type FormRow } from '../repositories/forms.ts';
import { BadRequestError } from '../lib/errors.ts';
import { requireVisibleFields } from './fieldAccess.ts';
import { viewRows, type SubmissionView, type ViewScope } from './submissionQuery.ts';

/** Names a view's column list may hold for the fixed columns, which every export has anyway. */
const FIXED_COLUMN_NAMES = new Set([
  ...metaColumns.map((c) => c.key),
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
  'formVersion',
  'status',
]);

/**
 * The fixed columns, then the field columns `wanted` names, in that order. A key names its column
 * (`shipping.line1`), or a group and everything under it (`shipping`); `data.<key>` is read as `<key>`.
 * Without `wanted`, every field column.
 */
export function pickColumns(all: ExportColumn[], wanted: string | undefined): ExportColumn[] {
  const fixed = all.filter((c) => c.kind === 'meta');
  const fields = all.filter((c) => c.kind === 'field');
  if (wanted === undefined) return all;
  const picked = new Set<ExportColumn>();
  const unknown: string[] = [];
  for (const name of wanted.split(',').map((k) => k.trim())) {
    if (!name || FIXED_COLUMN_NAMES.has(name)) continue;
    const matching = (key: string) => fields.filter((c) => c.key === key || c.key.startsWith(`${key}.`));
    let found = matching(name);
    if (found.length === 0 && name.startsWith('data.')) found = matching(name.slice('data.'.length));
    if (found.length === 0) unknown.push(name);
    for (const column of found) picked.add(column);
  }
  if (unknown.length) {
    throw new BadRequestError(
      'invalid_columns',
      `These columns are not fields of this form: ${unknown.map((k) => `"${k}"`).join(', ')}. Use the keys of its fields, separated by commas.`,
    );
  }
  return [...fixed, ...picked];
}

async function* exportRows(db: Knex, view: SubmissionView, scope: ViewScope): AsyncGenerator<ExportRow> {
  for await (const r of viewRows(db, view, scope)) {
    yield {
      id: r.id,
      submittedAt: r.created_at,
      submittedBy: r.created_by_email ?? '',
      formVersion: Number(r.form_version),
      data: readJson(r.data),
    };
  }
}

/** The rows of a view (its filter, search and order) as a CSV or Excel download. */
export async function exportFile(
  db: Knex,
  form: FormRow,
  opts: { format: 'csv' | 'xlsx'; view: SubmissionView; scope: ViewScope; columns?: string; hidden?: ReadonlySet<string> },
) {
  const { format } = opts;
  const hidden = opts.hidden ?? new Set<string>();
  const versions = await formVersionsRepo.list(db, form.id);
  // Sensitive fields the exporter may not see have no column at all (not even for their own rows,
  // so a file's columns never tell whose rows hold what).
  const visibleColumns = exportColumns(versions.map((v) => readJson(v.schema))).filter((c) => c.kind === 'meta' || !hidden.has(c.path[0]));
  if (opts.columns !== undefined) {
    const named = opts.columns.split(',').map(
      (k) =>
        k
          .trim()
          .replace(/^data\./, '')
          .split('.')[0],
    );
    requireVisibleFields(named, hidden);
  }
  const columns = pickColumns(visibleColumns, opts.columns);
  const rows = exportRows(db, opts.view, opts.scope);
  const stamp = new Date().toISOString().slice(0, 10);
  const fileName = `${form.name}-${stamp}.${format}`;
  const asciiName = `${fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}`;
  if (format === 'csv') {
    return {
      contentType: 'text/csv; charset=utf-8',
      fileName,
      asciiName,
      body: csvChunks(columns, rows) as AsyncIterable<string | Buffer>,
    };
  }
  const out = new PassThrough();
  writeXlsx(columns, rows, out).catch((err: Error) => out.destroy(err));
  return {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    fileName,
    asciiName,
    body: out as AsyncIterable<string | Buffer>,
  };
}
