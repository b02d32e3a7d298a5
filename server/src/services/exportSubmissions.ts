import { PassThrough } from 'node:stream';
import { exportColumns } from '../export/columns.ts';
import { csvChunks } from '../export/csv.ts';
import { writeXlsx } from '../export/xlsx.ts';
import type { ExportRow } from '../export/csv.ts';
import { readJson } from '../db/dialect.ts';
import { formVersionsRepo, type FormRow } from '../repositories/forms.ts';
import type { Db } from '../repositories/types.ts';

const BATCH = 500;

/** All matching submissions oldest first, fetched in batches so a large form never sits in memory. */
async function* exportRows(db: Db, formId: string, onlyCreatedBy?: string): AsyncGenerator<ExportRow> {
  let after = '';
  for (;;) {
    const q = db('submissions as s')
      .leftJoin('users as u', 'u.id', 's.created_by')
      .where('s.form_id', formId)
      .andWhere('s.id', '>', after)
      .orderBy('s.id')
      .limit(BATCH)
      .select('s.id', 's.created_at', 's.form_version', 's.data', 'u.email as created_by_email');
    if (onlyCreatedBy) q.where('s.created_by', onlyCreatedBy);
    const rows = await q;
    for (const r of rows) {
      yield {
        id: r.id,
        submittedAt: r.created_at,
        submittedBy: r.created_by_email ?? '',
        formVersion: Number(r.form_version),
        data: readJson(r.data),
      };
    }
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1].id;
  }
}

export async function exportFile(db: Db, form: FormRow, format: 'csv' | 'xlsx', onlyCreatedBy?: string) {
  const versions = await formVersionsRepo.list(db, form.id);
  const columns = exportColumns(versions.map((v) => readJson(v.schema)));
  const rows = exportRows(db, form.id, onlyCreatedBy);
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
