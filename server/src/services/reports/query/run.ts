/**
 * Running a report: check, compile, one query, then the database's values turned into the API's
 * (PostgreSQL's numeric and bigint arrive as text; money arrives in whole cents).
 */
import { stripFloatNoise, type ReportCell, type ReportColumn, type ReportResult, type User } from '@formloom/schemas';
import { nowIso } from '../../../db/dialect.ts';
import type { Db } from '../../../repositories/types.ts';
import { compileReport } from './compile.ts';
import { checkReport, type CheckedDimension, type CheckedMeasure, type ReportUse } from './definition.ts';
import { dimensionColumn, measureColumn, valueLabels } from './labels.ts';

const toNumber = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** A cell as the database gave it → the API's value for that column. */
function cellReader(column: ReportColumn, source: CheckedDimension | CheckedMeasure): (value: unknown) => ReportCell {
  if ('op' in source) {
    if (column.type === 'money') return (v) => (v === null || v === undefined ? null : Number(v) / 100);
    if (column.type === 'number') return (v) => (v === null || v === undefined ? null : stripFloatNoise(Number(v)));
    return (v) => (v === null || v === undefined ? null : String(v));
  }
  if (column.bucket) return (v) => (v === null || v === undefined ? null : String(v));
  if (source.field.kind === 'number') return toNumber;
  if (source.field.kind === 'boolean') return (v) => (v === null || v === undefined ? null : v === 'true' || v === true || v === 1);
  return (v) => (v === null || v === undefined ? null : String(v));
}

/** Checks `input` as a ReportDefinition for the caller and runs it (400 invalid_report, 404 form_not_found). */
export async function runReport(db: Db, user: User, input: unknown, use: ReportUse = {}): Promise<ReportResult> {
  const report = await checkReport(db, user, input, use);
  const { query, aliases } = await compileReport(db, report);
  const columns = [...report.dimensions.map(dimensionColumn), ...report.measures.map(measureColumn)];
  const sources = [...report.dimensions, ...report.measures];
  const readers = columns.map((column, i) => cellReader(column, sources[i]));
  const found: Record<string, unknown>[] = await query;
  const limit = report.definition.limit;
  const rows = found.slice(0, limit).map((row) => aliases.map((alias, i) => readers[i](row[alias])));
  return {
    columns,
    rows,
    labels: await valueLabels(db, report.dimensions, rows),
    truncated: found.length > limit,
    computedAt: nowIso(),
  };
}
