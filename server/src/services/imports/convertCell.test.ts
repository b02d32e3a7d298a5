import { describe, expect, it } from 'vitest';
import { converterFor, readNumber } from './convertCell.ts';
import { importFields } from './importFields.ts';
import { columnLetter, detectDelimiter, readImportFile, uniqueColumnNames, unpackedSize } from './readFile.ts';

const schema = {
  type: 'object',
  properties: {
    n: { type: 'number' },
    d: { type: 'string', format: 'date' },
    dt: { type: 'string', format: 'date-time' },
    t: { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$' },
    ok: { type: 'boolean' },
    size: { type: 'string', enum: ['S', 'M', 'L'] },
    text: { type: 'string' },
  },
};
const fields = new Map(importFields(schema, { t: { 'ui:fieldType': 'time' } }).map((f) => [f.key, converterFor(f)]));
const read = (key: string, cell: string | number | boolean | null) => fields.get(key)!(cell);

describe('reading cells for an import', () => {
  it('reads numbers with thousands separators and currency, and refuses what only looks like one', () => {
    expect(readNumber('1,234,567.89')).toBe(1234567.89);
    expect(readNumber(' HK$ 12 ')).toBe(12);
    expect(readNumber('-0.5')).toBe(-0.5);
    expect(readNumber(0.1 + 0.2)).toBe(0.3);
    for (const bad of ['1,23', '12,3456', '1.2.3', '12abc', '', 'NaN', 'Infinity']) expect(readNumber(bad), bad).toBeNull();
  });

  it('reads dates day first, checks the calendar, and takes Excel serial numbers', () => {
    expect(read('d', '31/12/2026')).toEqual({ value: '2026-12-31' });
    expect(read('d', '2026/1/5')).toEqual({ value: '2026-01-05' });
    expect(read('d', 46082)).toEqual({ value: '2026-03-01' });
    expect(read('d', '2026-03-01T00:00:00')).toEqual({ value: '2026-03-01' });
    expect(read('d', '29/02/2026')).toMatchObject({ keyword: 'format', params: { format: 'date' } });
    expect(read('d', '12/31/2026')).toMatchObject({ keyword: 'format' }); // month first is not read as a date
  });

  it('reads date-times in Hong Kong time unless they name a zone, and times of day', () => {
    expect(read('dt', '2026-03-01 9:05')).toEqual({ value: '2026-03-01T09:05:00+08:00' });
    expect(read('dt', '01/03/2026 17:30:15')).toEqual({ value: '2026-03-01T17:30:15+08:00' });
    expect(read('dt', '2026-03-01T09:05:00Z')).toEqual({ value: '2026-03-01T09:05:00Z' });
    expect(read('dt', '2026-03-01 09:05 +0530')).toEqual({ value: '2026-03-01T09:05:00+05:30' });
    expect(read('dt', 46082.5)).toEqual({ value: '2026-03-01T12:00:00+08:00' });
    expect(read('dt', '2026-03-01 25:00')).toMatchObject({ keyword: 'format' });
    expect(read('t', '7:30')).toEqual({ value: '07:30' });
    expect(read('t', 0.75)).toEqual({ value: '18:00:00' });
    expect(read('t', '24:00')).toMatchObject({ keyword: 'format', params: { format: 'time' } });
  });

  it('reads yes/no in English and Chinese, enum values ignoring case, and leaves blanks out', () => {
    expect(['Yes', 'TRUE', '1', '是', true].map((c) => read('ok', c))).toEqual(Array(5).fill({ value: true }));
    expect(['no', 'False', '0', '否', false].map((c) => read('ok', c))).toEqual(Array(5).fill({ value: false }));
    expect(read('ok', 'maybe')).toMatchObject({ keyword: 'type', params: { type: 'boolean' } });
    expect(read('size', 'm')).toEqual({ value: 'M' });
    expect(read('size', 'XL')).toMatchObject({ keyword: 'oneOf' });
    expect(read('text', '   ')).toEqual({ absent: true });
    expect(read('text', null)).toEqual({ absent: true });
    expect(read('text', 42)).toEqual({ value: '42' });
  });
});

describe('reading import files', () => {
  it('detects the delimiter from the header line, ignoring quoted ones', () => {
    expect(detectDelimiter('a;b;c\n1,5;2;3')).toBe(';');
    expect(detectDelimiter('"a,b";c;d\n')).toBe(';');
    expect(detectDelimiter('a\tb\n')).toBe('\t');
    expect(detectDelimiter('single\n')).toBe(',');
  });

  it('reads CSV as Excel writes it: quoted delimiters, doubled quotes, inch marks, CRLF inside cells', async () => {
    const table = await readImportFile(Buffer.from('Item,Note\r\n12" pipe,"a, b"\r\n"say ""hi""","x\r\ny"\r\n'));
    expect(table.rows).toEqual([
      { row: 2, cells: ['12" pipe', 'a, b'] },
      { row: 3, cells: ['say "hi"', 'x\ny'] },
    ]);
    await expect(readImportFile(Buffer.from('a,b\n"open,1\n'))).rejects.toMatchObject({ code: 'import_unreadable' });
  });

  it('names blank and repeated headers', () => {
    expect(uniqueColumnNames(['Name', '', 'Name', null])).toEqual(['Name', 'Column B', 'Name (2)', 'Column D']);
    expect([0, 25, 26, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
  });

  it('adds up what a zip unpacks to from its central directory (a zip bomb is refused before unpacking)', () => {
    // One stored entry "a" claiming 3,000,000,000 bytes: local header, central directory, end record.
    const local = Buffer.alloc(31);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(1, 26);
    local.write('a', 30);
    const central = Buffer.alloc(47);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(3_000_000_000, 24);
    central.writeUInt16LE(1, 28);
    central.write('a', 46);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(central.length, 12);
    end.writeUInt32LE(local.length, 16);
    expect(unpackedSize(Buffer.concat([local, central, end]))).toBe(3_000_000_000);
    expect(unpackedSize(Buffer.from('not a zip at all, just text'))).toBe(Infinity);
  });
});
