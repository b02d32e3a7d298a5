/**
 * CSV export (RFC 4180), streamed row by row. Starts with a byte-order mark because Excel reads
 * BOM-less CSV in the system code page and would garble Chinese text.
 */
import type { ExportColumn } from './columns.ts';
import { neutralizeFormula, rowCells, type CellValue, type ExportRow } from './cells.ts';

export type { ExportRow } from './cells.ts';

export const BOM = '\uFEFF';
const CRLF = '\r\n';

function field(value: CellValue): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function line(values: CellValue[]): string {
  return values.map(field).join(',') + CRLF;
}

export async function* csvChunks(columns: readonly ExportColumn[], rows: AsyncIterable<ExportRow>): AsyncGenerator<string> {
  yield BOM;
  // Field keys come from form designers, so the header is neutralized like any other cell.
  yield line(columns.map((c) => neutralizeFormula(c.key)));
  for await (const row of rows) yield line(rowCells(row, columns));
}
