/** Turning one submission into cell values, shared by the CSV and XLSX writers. */
import type { ExportColumn } from './columns.ts';

export interface ExportRow {
  id: string;
  submittedAt: string;
  submittedBy: string;
  formVersion: number;
  data: Record<string, unknown>;
}

export type CellValue = string | number | boolean | null;

/**
 * Characters that make a spreadsheet treat a cell as a formula (or, for tab and CR, that let one
 * hide behind whitespace): OWASP's CSV-injection list.
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** Prefixes `'` to a string a spreadsheet would run as a formula, so it stays text. */
export function neutralizeFormula(s: string): string {
  return s.length > 0 && FORMULA_TRIGGERS.has(s[0]) ? `'${s}` : s;
}

function lookup(source: unknown, path: string[]): unknown {
  let value = source;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * The raw cell for one field of a submission's data: scalars as they are, arrays and objects as
 * JSON, missing as null. Not neutralized; `rowCells` does that for output.
 */
export function cellValue(data: Record<string, unknown>, column: ExportColumn): CellValue {
  const value = lookup(data, column.path);
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return JSON.stringify(value);
}

/** Every cell of a row, in column order, with strings neutralized; numbers stay numbers. */
export function rowCells(row: ExportRow, columns: readonly ExportColumn[]): CellValue[] {
  return columns.map((column) => {
    const value = column.kind === 'meta' ? metaValue(row, column) : cellValue(row.data, column);
    return typeof value === 'string' ? neutralizeFormula(value) : value;
  });
}

function metaValue(row: ExportRow, column: ExportColumn): CellValue {
  const value = lookup(row, column.path);
  return typeof value === 'string' || typeof value === 'number' ? value : null;
}
