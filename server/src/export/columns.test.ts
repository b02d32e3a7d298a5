import { describe, expect, it } from 'vitest';
import { exportColumns } from './columns.ts';

const v1 = {
  type: 'object',
  properties: {
    notice: { type: 'null', title: 'Read this first' },
    customerName: { type: 'string', title: 'Customer name' },
    lines: { type: 'array', title: 'Lines', items: { type: 'object', properties: { sku: { type: 'string' } } } },
    shipping: {
      type: 'object',
      title: 'Shipping address',
      properties: { line1: { type: 'string', title: 'Line 1' }, region: { type: 'string', title: 'Region' } },
    },
    total: { type: 'number', title: 'Total' },
  },
};

const v2 = {
  type: 'object',
  properties: {
    customerName: { type: 'string', title: 'Customer' },
    phone: { type: 'string', title: 'Phone' },
    shipping: {
      type: 'object',
      title: 'Delivery address',
      properties: { line1: { type: 'string', title: 'Line 1' }, district: { type: 'string', title: 'District' } },
    },
    total: { type: 'number', title: 'Total' },
  },
};

const keys = (schemas: object[]) => exportColumns(schemas).map((c) => c.key);

describe('exportColumns', () => {
  it('puts the fixed meta columns first', () => {
    const columns = exportColumns([v1]);
    expect(columns.slice(0, 4).map((c) => [c.key, c.kind])).toEqual([
      ['id', 'meta'],
      ['submitted_at', 'meta'],
      ['submitted_by', 'meta'],
      ['form_version', 'meta'],
    ]);
  });

  it('keeps property order, flattens objects to dotted paths, keeps arrays whole and skips static text', () => {
    expect(keys([v1]).slice(4)).toEqual(['customerName', 'lines', 'shipping.line1', 'shipping.region', 'total']);
    const line1 = exportColumns([v1]).find((c) => c.key === 'shipping.line1');
    expect(line1).toMatchObject({ kind: 'field', path: ['shipping', 'line1'], title: 'Shipping address / Line 1' });
  });

  it('is the union over versions, in order of first appearance', () => {
    expect(keys([v1, v2]).slice(4)).toEqual([
      'customerName',
      'lines',
      'shipping.line1',
      'shipping.region',
      'total',
      'phone',
      'shipping.district',
    ]);
    expect(keys([v2, v1]).slice(4)).toEqual([
      'customerName',
      'phone',
      'shipping.line1',
      'shipping.district',
      'total',
      'lines',
      'shipping.region',
    ]);
  });

  it('takes titles from the newest version that has the field', () => {
    const columns = exportColumns([v1, v2]);
    expect(columns.find((c) => c.key === 'customerName')?.title).toBe('Customer');
    expect(columns.find((c) => c.key === 'shipping.line1')?.title).toBe('Delivery address / Line 1');
    expect(columns.find((c) => c.key === 'lines')?.title).toBe('Lines');
  });

  it('falls back to the key for a title, and treats free-form objects as one column', () => {
    const schema = { type: 'object', properties: { extra: { type: 'object' }, anything: true, empty: { type: 'object', properties: {} } } };
    expect(
      exportColumns([schema])
        .slice(4)
        .map((c) => [c.key, c.title]),
    ).toEqual([
      ['extra', 'extra'],
      ['anything', 'anything'],
      ['empty', 'empty'],
    ]);
  });

  it('does not let a field named like a meta column take over that column', () => {
    const schema = { type: 'object', properties: { id: { type: 'string', title: 'Staff ID' } } };
    const columns = exportColumns([schema]);
    expect(columns.filter((c) => c.key === 'id')).toHaveLength(1);
    expect(columns.find((c) => c.key === 'data.id')).toMatchObject({ kind: 'field', path: ['id'], title: 'Staff ID' });
  });

  it('gives each call its own column objects', () => {
    const first = exportColumns([v1]);
    first[0].path.push('x');
    expect(exportColumns([v1])[0].path).toEqual(['id']);
  });
});
