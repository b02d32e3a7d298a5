/**
 * A report result as a CSV or Excel file, for people: the header row is the columns' labels in
 * the reader's language, coded values (options, people, departments) are shown by their labels,
 * numbers and money stay numbers (Excel shows money with cents) and bucket dates are real dates in
 * Excel. The CSV goes through the submissions export's writer (BOM, quoting, formula neutralization).
 */
import ExcelJS from 'exceljs';
import { formatInstant, type Locale, type ReportColumn, type ReportDefinition, type ReportResult } from '@formloom/schemas';
import type { ExportColumn } from '../../../export/columns.ts';
import { csvChunks, type ExportRow } from '../../../export/csv.ts';
import { neutralizeFormula, type CellValue } from '../../../export/cells.ts';
import { xlsxText } from '../../../export/xlsx.ts';

export type ReportFileFormat = 'csv' | 'xlsx';

export interface ReportFile {
  contentType: string;
  contentDisposition: string;
  body: Buffer;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;
const MONEY_FORMAT = '#,##0.00';
const DATE_FORMAT = 'yyyy-mm-dd';
const DATETIME_FORMAT = 'yyyy-mm-dd hh:mm';
const NUMBER_FORMATS: Record<string, string | undefined> = { money: MONEY_FORMAT, date: DATE_FORMAT, datetime: DATETIME_FORMAT };
/** Excel's sheet names: at most 31 characters, none of : \ / ? * [ ]. */
const SHEET_NAME_MAX = 31;

type Cell = string | number | boolean | null;

/**
 * A cell as a person reads it: a coded value by its label, a numeric string as a number, an
 * instant on the report's wall clock.
 */
export function displayCell(column: ReportColumn, value: Cell, labels: ReportResult['labels'], locale: Locale, timezone: string): Cell {
  if (value === null) return null;
  const label = labels[column.id]?.[String(value)];
  if (label) return label[locale] || label.en;
  // A string compare, so this module does not depend on the value type having been added to the model.
  if ((column.type as string) === 'datetime' && typeof value === 'string') return formatInstant(value, timezone);
  if (
    (column.type === 'number' || column.type === 'money') &&
    typeof value === 'string' &&
    value.trim() !== '' &&
    Number.isFinite(Number(value))
  ) {
    return Number(value);
  }
  return value;
}

/** The report's title in the reader's language, for the file name and the sheet. */
export function reportTitle(definition: Pick<ReportDefinition, 'title'>, locale: Locale): string {
  const title = definition.title?.[locale]?.trim() || definition.title?.en?.trim();
  return title || (locale === 'zh-Hant' ? '報表' : 'Report');
}

/**
 * `attachment` with a plain-ASCII `filename` for old clients and the exact name in RFC 5987
 * `filename*`. Control characters, quotes, backslashes and path separators never reach the header,
 * whatever the report's title holds.
 */
export function attachmentDisposition(fileName: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a header
  const clean = fileName.replace(/[\u0000-\u001f\u007f/\\]/g, '_').trim() || 'report';
  const ascii = clean.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  // encodeURIComponent leaves ' ( ) * ! unescaped, which RFC 5987's attr-char does not allow.
  const encoded = encodeURIComponent(clean).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function reportFile(
  definition: Pick<ReportDefinition, 'title' | 'timezone'>,
  result: ReportResult,
  locale: Locale,
  format: ReportFileFormat,
): Promise<ReportFile> {
  const title = reportTitle(definition, locale);
  const stamp = new Date().toISOString().slice(0, 10);
  const contentDisposition = attachmentDisposition(`${title.slice(0, 100)}-${stamp}.${format}`);
  const rows = result.rows.map((row) =>
    result.columns.map((column, i) => displayCell(column, row[i] ?? null, result.labels, locale, definition.timezone)),
  );
  const headers = result.columns.map((c) => c.label[locale] || c.label.en || c.id);
  if (format === 'csv') {
    return { contentType: 'text/csv; charset=utf-8', contentDisposition, body: await csvBuffer(headers, rows) };
  }
  return {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    contentDisposition,
    body: await xlsxBuffer(title, result.columns, headers, rows),
  };
}

async function csvBuffer(headers: string[], rows: Cell[][]): Promise<Buffer> {
  // The shared writer reads each cell at a path into a row's data; here the path is the column's position.
  const columns: ExportColumn[] = headers.map((header, i) => ({ key: header, kind: 'field', path: [String(i)], title: header }));
  async function* exportRows(): AsyncGenerator<ExportRow> {
    for (const row of rows) yield { id: '', submittedAt: '', submittedBy: '', formVersion: 0, data: { ...row } };
  }
  let text = '';
  for await (const chunk of csvChunks(columns, exportRows())) text += chunk;
  return Buffer.from(text, 'utf8');
}

function xlsxValue(column: ReportColumn, value: Cell): CellValue | Date {
  if (typeof value !== 'string') return value;
  if (column.type === 'date' && DATE_ONLY.test(value)) return new Date(`${value}T00:00:00Z`);
  // Excel has no time zones: the wall-clock time is stored as if it were UTC, so it shows as written.
  if ((column.type as string) === 'datetime' && DATETIME.test(value)) return new Date(`${value.replace(' ', 'T')}:00Z`);
  return xlsxText(neutralizeFormula(value));
}

async function xlsxBuffer(title: string, columns: readonly ReportColumn[], headers: string[], rows: Cell[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheetName =
    title
      .replace(/[:\\/?*[\]]/g, ' ')
      .slice(0, SHEET_NAME_MAX)
      .trim() || 'Report';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column, i) => ({
    key: column.id,
    width: Math.min(50, Math.max(12, headers[i].length + 4)),
    style: NUMBER_FORMATS[column.type] ? { numFmt: NUMBER_FORMATS[column.type] } : {},
  }));
  const header = sheet.addRow(headers.map((h) => xlsxText(neutralizeFormula(h))));
  header.font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((value, i) => xlsxValue(columns[i], value)));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
