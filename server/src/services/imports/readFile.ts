/**
 * Reading an uploaded import file into a table of cells. The type is decided by the bytes, never by
 * the name: an XLSX is a zip holding a workbook, a CSV is UTF-8 text; anything else is refused.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { fileTypeFromBuffer } from 'file-type';
import { AppError, UnprocessableError } from '../../lib/errors.ts';

export const IMPORT_LIMITS = {
  fileBytes: 20 * 1024 * 1024,
  rows: 100_000,
  columns: 500,
  /** An XLSX is a zip: what it unpacks to is bounded too, so a small bomb cannot fill the memory. */
  unpackedBytes: 400 * 1024 * 1024,
} as const;

/** A cell as read: text, a number, a yes/no, or empty. Spreadsheet dates become `YYYY-MM-DD[THH:mm:ss]` text. */
export type Cell = string | number | boolean | null;

export interface ImportRow {
  /** The row's number as a spreadsheet shows it: the header is row 1. */
  row: number;
  cells: Cell[];
}

export interface ImportTable {
  format: 'csv' | 'xlsx';
  columns: string[];
  rows: ImportRow[];
}

export class FileTooLargeError extends AppError {
  constructor(message: string) {
    super(413, 'file_too_large', message);
  }
}

const unreadable = (why: string) => new UnprocessableError('import_unreadable', why);

export async function readImportFile(bytes: Buffer): Promise<ImportTable> {
  if (bytes.length === 0) throw unreadable('The file is empty.');
  if (bytes.length > IMPORT_LIMITS.fileBytes) throw tooLarge();
  const sniffed = await fileTypeFromBuffer(bytes);
  if (sniffed?.ext === 'xlsx') return readXlsx(bytes);
  if (sniffed) {
    throw unreadable(
      `This is a ${sniffed.ext.toUpperCase()} file (${sniffed.mime}), not a CSV or Excel workbook; save it as .xlsx or as CSV UTF-8.`,
    );
  }
  return readCsv(bytes);
}

export const tooLarge = () =>
  new FileTooLargeError(
    `Import files may be up to ${IMPORT_LIMITS.fileBytes / 1024 / 1024} MB and ${IMPORT_LIMITS.rows.toLocaleString('en')} rows; split the file.`,
  );

// ---------------------------------------------------------------------------------------------- CSV

function readCsv(bytes: Buffer): ImportTable {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw unreadable('The file is neither an Excel workbook nor UTF-8 text. In Excel, save it as "CSV UTF-8 (Comma delimited)".');
  }
  if (text.includes('\u0000')) throw unreadable('The file holds binary data, not CSV text; upload a .csv or .xlsx file.');
  let records: string[][];
  try {
    // relax_quotes: a quote inside an unquoted cell (a 12" pipe) is text, as Excel reads it.
    records = parseCsv(text, {
      bom: true,
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    });
  } catch (err) {
    throw unreadable(`The CSV cannot be read: ${(err as Error).message}`);
  }
  // Line breaks inside a quoted cell become \n, as a text field stores them (Windows files write \r\n).
  const [header, ...data] = records.map((cells) => cells.map((c) => c.replace(/\r\n?/g, '\n')));
  if (!header) throw unreadable('The file is empty.');
  // Record i is the spreadsheet's row i + 1 (quoted line breaks stay inside their cell, as Excel shows them).
  return table(
    'csv',
    header,
    data.map((cells, i) => ({ row: i + 2, cells })),
  );
}

const DELIMITERS = [',', ';', '\t'] as const;

/** The delimiter used most often in the header line, outside quotes; a comma when there is none. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const c of text.slice(0, 65_536)) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

// --------------------------------------------------------------------------------------------- XLSX

async function readXlsx(bytes: Buffer): Promise<ImportTable> {
  if (unpackedSize(bytes) > IMPORT_LIMITS.unpackedBytes) {
    throw new FileTooLargeError('This workbook unpacks to more data than an import may hold; split it or save it as CSV.');
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw unreadable(`The Excel workbook cannot be read: ${(err as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw unreadable('The workbook has no sheet.');
  if (sheet.rowCount > IMPORT_LIMITS.rows + 1) throw tooLarge();
  const rows: ImportRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as unknown[]; // 1-based: values[1] is column A
    rows.push({ row: rowNumber, cells: values.slice(1).map(cellOf) });
  });
  const [header, ...data] = rows;
  if (!header) throw unreadable('The first sheet of the workbook is empty.');
  // Rows above the header (a title line, say) do not exist for the import; numbers stay the sheet's.
  return table(
    'xlsx',
    header.cells.map((c) => (c === null ? '' : String(c))),
    data,
  );
}

/** An exceljs cell value as a plain cell: formulas give their result, rich text its text, links their text. */
export function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return spreadsheetDate(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return v.richText.map((part: { text?: string }) => part.text ?? '').join('');
    if ('result' in v) return cellOf(v.result);
    if ('formula' in v || 'sharedFormula' in v) return null; // a formula Excel never calculated
    if (typeof v.text === 'string') return v.text;
    if (typeof v.error === 'string') return v.error;
  }
  return String(value);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * exceljs reads a date cell as the UTC instant of its wall-clock value, so the UTC fields ARE what
 * the sheet shows: a date, a date and time, or (on Excel's day zero, 1899-12-30) a time of day.
 */
function spreadsheetDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (date === '1899-12-30') return time;
  return time === '00:00:00' ? date : `${date}T${time}`;
}

/** The sum of the sizes a zip's entries unpack to, from its central directory; Infinity when unreadable or ZIP64. */
export function unpackedSize(zip: Buffer): number {
  const minEnd = Math.max(0, zip.length - 65_557);
  let end = -1;
  for (let i = zip.length - 22; i >= minEnd; i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return Infinity;
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return Infinity;
    const size = zip.readUInt32LE(at + 24);
    if (size === 0xffffffff) return Infinity;
    total += size;
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return total;
}

// ------------------------------------------------------------------------------------------- shared

/** Blank rows are dropped (their numbers are kept by the others); headers get unique, non-empty names. */
function table(format: ImportTable['format'], rawHeader: Cell[], data: ImportRow[]): ImportTable {
  const width = rawHeader.length;
  if (width > IMPORT_LIMITS.columns)
    throw unreadable(`The file has ${width} columns; an import may have at most ${IMPORT_LIMITS.columns}.`);
  const rows = data.filter((r) => r.cells.some((c) => !isBlank(c)));
  if (rows.length > IMPORT_LIMITS.rows) throw tooLarge();
  if (rows.length === 0) throw unreadable('The file has a header row but no data rows below it.');
  return { format, columns: uniqueColumnNames(rawHeader), rows };
}

export const isBlank = (c: Cell | undefined) => c === null || c === undefined || (typeof c === 'string' && c.trim() === '');

export function uniqueColumnNames(header: Cell[]): string[] {
  const seen = new Map<string, number>();
  return header.map((cell, i) => {
    const base = isBlank(cell) ? `Column ${columnLetter(i)}` : String(cell).trim();
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

/** A, B, … Z, AA, AB …: how a spreadsheet names column i (0-based). */
export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
