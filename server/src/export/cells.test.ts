import { describe, expect, it } from 'vitest';
import { cellValue, neutralizeFormula, rowCells, type ExportRow } from './cells.ts';
import { exportColumns, type ExportColumn } from './columns.ts';

const field = (...path: string[]): ExportColumn => ({ key: path.join('.'), kind: 'field', path, title: path.join('.') });

describe('neutralizeFormula', () => {
  it.each(['=', '+', '-', '@', '\t', '\r'])('prefixes a quote to a string starting with %j', (trigger) => {
    const s = `${trigger}HYPERLINK("http://evil.example","click")`;
    expect(neutralizeFormula(s)).toBe(`'${s}`);
  });

  it('leaves other strings alone', () => {
    for (const s of ['', 'plain', ' =not first', '陳大文', "'already quoted", '1+1']) expect(neutralizeFormula(s)).toBe(s);
  });
});

describe('cellValue', () => {
  const data = {
    name: '陳大文',
    total: -5,
    paid: false,
    shipping: { line1: '12/F', region: null },
    lines: [{ sku: 'A', quantity: 2 }],
    gps: { lat: 22.3 },
    weird: Number.NaN,
  };

  it('returns scalars as they are', () => {
    expect(cellValue(data, field('name'))).toBe('陳大文');
    expect(cellValue(data, field('total'))).toBe(-5);
    expect(cellValue(data, field('paid'))).toBe(false);
  });

  it('follows dotted paths and gives null for anything missing', () => {
    expect(cellValue(data, field('shipping', 'line1'))).toBe('12/F');
    expect(cellValue(data, field('shipping', 'region'))).toBeNull();
    expect(cellValue(data, field('shipping', 'district'))).toBeNull();
    expect(cellValue(data, field('name', 'length'))).toBeNull();
    expect(cellValue(data, field('toString'))).toBeNull();
    expect(cellValue(data, field('weird'))).toBeNull();
  });

  it('writes arrays and objects as JSON', () => {
    expect(cellValue(data, field('lines'))).toBe('[{"sku":"A","quantity":2}]');
    expect(cellValue(data, field('gps'))).toBe('{"lat":22.3}');
  });
});

describe('rowCells', () => {
  const row: ExportRow = {
    id: 'sub_1',
    submittedAt: '2025-03-01T02:03:04.000Z',
    submittedBy: '=cmd|"/c calc"!A1',
    formVersion: 2,
    data: { note: '-2+3', amount: -5, id: 'staff-7' },
  };
  const schema = { type: 'object', properties: { note: { type: 'string' }, amount: { type: 'number' }, id: { type: 'string' } } };

  it('fills meta columns from the submission and neutralizes strings but not numbers', () => {
    expect(rowCells(row, exportColumns([schema]))).toEqual([
      'sub_1',
      '2025-03-01T02:03:04.000Z',
      `'=cmd|"/c calc"!A1`,
      2,
      "'-2+3",
      -5,
      'staff-7',
    ]);
  });
});
