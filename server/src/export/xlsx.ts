/**
 * XLSX export through exceljs' streaming writer, so a large form never sits in memory as a workbook.
 * Excel reads the whole file as XML, so strings are also cleaned of what XML cannot hold.
 */
import ExcelJS from 'exceljs';
import type { ExportColumn } from './columns.ts';
import { neutralizeFormula, rowCells, type CellValue, type ExportRow } from './cells.ts';

export const SHEET_NAME = 'Submissions';
/** Excel's limit on characters in a cell; longer text makes Excel "repair" (drop) the file's data. */
export const MAX_CELL_CHARS = 32_767;
const MIN_WIDTH = 10;
const MAX_WIDTH = 50;
/** Yield to the event loop this often so the zip stream can drain into `out` during long exports. */
const ROWS_PER_TICK = 500;

// Widths for the fixed columns, which the header alone would make too narrow for their values.
const META_WIDTHS: Record<string, number> = { id: 28, submitted_at: 26, submitted_by: 24, form_version: 14 };

// Control characters other than tab, LF and CR are not allowed in XML 1.0.
// eslint-disable-next-line no-control-regex -- these are exactly the characters XML cannot hold
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xlsxText(value: string): string {
  return value.replace(XML_INVALID, '').slice(0, MAX_CELL_CHARS);
}

function columnWidth(column: ExportColumn): number {
  if (column.kind === 'meta') return META_WIDTHS[column.key] ?? MIN_WIDTH;
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, column.key.length + 4));
}

function xlsxCell(value: CellValue): CellValue {
  return typeof value === 'string' ? xlsxText(value) : value;
}

/**
 * Writes one sheet (named "Submissions" unless told): a bold, frozen header row of column keys, then a row per
 * submission with numbers and booleans typed as such and strings neutralized. Ends `out`.
 * The promise settles when `out` finishes, so whoever reads `out` must already be reading.
 */
export async function writeXlsx(
  columns: readonly ExportColumn[],
  rows: AsyncIterable<ExportRow>,
  out: NodeJS.WritableStream,
  sheetName: string = SHEET_NAME,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as never, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ key: c.key, width: columnWidth(c) }));

  const header = sheet.addRow(columns.map((c) => xlsxText(neutralizeFormula(c.key))));
  header.font = { bold: true };
  header.commit();

  let count = 0;
  for await (const row of rows) {
    sheet.addRow(rowCells(row, columns).map(xlsxCell)).commit();
    if (++count % ROWS_PER_TICK === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  sheet.commit();
  await workbook.commit();
}
