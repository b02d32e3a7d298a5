/**
 * The audit log as a CSV or Excel download, streamed through the shared writers (server/src/export:
 * formula neutralization, BOM, XML-safe strings), oldest first, read in batches.
 */
import { PassThrough } from 'node:stream';
import type { Knex } from 'knex';
import type { AuditEntry, AuditFilter } from '@formloom/schemas';
import type { ExportColumn } from '../../export/columns.ts';
import { csvChunks, type ExportRow } from '../../export/csv.ts';
import { writeXlsx } from '../../export/xlsx.ts';
import { auditEntries } from './query.ts';

const COLUMN_KEYS = [
  'seq',
  'at',
  'action',
  'actor_id',
  'actor_name',
  'target_type',
  'target_id',
  'app_id',
  'ip',
  'details',
  'hash',
] as const;

export const AUDIT_EXPORT_COLUMNS: readonly ExportColumn[] = COLUMN_KEYS.map((key) => ({ key, kind: 'field', path: [key], title: key }));

/** An entry as the writers' row: the columns above under `data`; details as JSON text. */
function exportRow(entry: AuditEntry): ExportRow {
  const data: Record<(typeof COLUMN_KEYS)[number], unknown> = {
    seq: entry.seq,
    at: entry.at,
    action: entry.action,
    actor_id: entry.actorId,
    actor_name: entry.actorName,
    target_type: entry.targetType,
    target_id: entry.targetId,
    app_id: entry.appId,
    ip: entry.ip,
    details: JSON.stringify(entry.details),
    hash: entry.hash,
  };
  return { id: entry.id, submittedAt: entry.at, submittedBy: entry.actorId ?? '', formVersion: 0, data };
}

async function* exportRows(db: Knex, filter: AuditFilter): AsyncGenerator<ExportRow> {
  for await (const entry of auditEntries(db, filter)) yield exportRow(entry);
}

export interface AuditFile {
  contentType: string;
  fileName: string;
  body: AsyncIterable<string | Buffer>;
}

export function auditFile(db: Knex, filter: AuditFilter, format: 'csv' | 'xlsx'): AuditFile {
  const fileName = `audit-log-${new Date().toISOString().slice(0, 10)}.${format}`;
  const rows = exportRows(db, filter);
  if (format === 'csv') {
    return { contentType: 'text/csv; charset=utf-8', fileName, body: csvChunks(AUDIT_EXPORT_COLUMNS, rows) };
  }
  const out = new PassThrough();
  writeXlsx(AUDIT_EXPORT_COLUMNS, rows, out, 'Audit log').catch((err: Error) => out.destroy(err));
  return { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName, body: out };
}
