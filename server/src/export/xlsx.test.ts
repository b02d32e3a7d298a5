import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { exportColumns } from './columns.ts';
import type { ExportRow } from './cells.ts';
import { MAX_CELL_CHARS, SHEET_NAME, writeXlsx } from './xlsx.ts';

const v1 = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    amount: { type: 'number' },
    shipping: { type: 'object', properties: { line1: { type: 'string' } } },
  },
};
const v2 = { type: 'object', properties: { name: { type: 'string' }, ok: { type: 'boolean' }, tags: { type: 'array' } } };

async function* from<T>(items: T[]) {
  yield* items;
}

async function roundTrip(rows: ExportRow[]) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeXlsx(exportColumns([v1, v2]), from(rows), out);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.concat(chunks) as never);
  const sheet = workbook.getWorksheet(SHEET_NAME)!;
  const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
  return { sheet, values };
}

const rows: ExportRow[] = [
  {
    id: 'sub_1',
    submittedAt: '2025-03-01T02:03:04.000Z',
    submittedBy: 'usr_1',
    formVersion: 1,
    data: { name: '陳大文', amount: -5, shipping: { line1: '觀塘道 8 號' } },
  },
  {
    id: 'sub_2',
    submittedAt: '2025-03-02T02:03:04.000Z',
    submittedBy: '@admin',
    formVersion: 2,
    data: { name: '=HYPERLINK("http://x")', ok: true, tags: ['a'] },
  },
];

describe('writeXlsx', () => {
  it('writes one "Submissions" sheet with a bold, frozen header of column keys', async () => {
    const { sheet, values } = await roundTrip(rows);
    expect(values(1)).toEqual(['id', 'submitted_at', 'submitted_by', 'form_version', 'name', 'amount', 'shipping.line1', 'ok', 'tags']);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(20);
    expect(sheet.getColumn(7).width).toBeGreaterThan(String('shipping.line1').length);
  });

  it('reads back the same values: Chinese text, typed numbers and booleans, neutralized strings', async () => {
    const { values } = await roundTrip(rows);
    expect(values(2)).toEqual(['sub_1', '2025-03-01T02:03:04.000Z', 'usr_1', 1, '陳大文', -5, '觀塘道 8 號']);
    expect(values(3)).toEqual([
      'sub_2',
      '2025-03-02T02:03:04.000Z',
      "'@admin",
      2,
      `'=HYPERLINK("http://x")`,
      undefined,
      undefined,
      true,
      '["a"]',
    ]);
  });

  it('keeps the file valid with control characters and over-long text', async () => {
    const long = 'x'.repeat(MAX_CELL_CHARS + 10);
    const { values } = await roundTrip([{ ...rows[0], data: { name: 'a\u0000b\u0007c\td', shipping: { line1: long } } }]);
    expect(values(2)[4]).toBe('abc\td');
    expect(values(2)[6]).toHaveLength(MAX_CELL_CHARS);
  });

  it('handles an export with no submissions', async () => {
    const { sheet } = await roundTrip([]);
    expect(sheet.actualRowCount).toBe(1);
  });

  it('rejects when the rows fail, rather than finishing a truncated file', async () => {
    async function* failing(): AsyncGenerator<ExportRow> {
      yield rows[0];
      throw new Error('database went away');
    }
    const out = new PassThrough();
    out.resume();
    await expect(writeXlsx(exportColumns([v1]), failing(), out)).rejects.toThrow('database went away');
  });
});
