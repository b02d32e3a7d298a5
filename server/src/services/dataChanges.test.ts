import { describe, expect, it } from 'vitest';
import { dataChanges } from './dataChanges.ts';

describe('dataChanges', () => {
  it('finds nothing in equal data, whatever the key order', () => {
    expect(dataChanges({ a: 1, b: { c: [1, { d: 'x' }] } }, { b: { c: [1, { d: 'x' }] }, a: 1 })).toEqual([]);
  });

  it('reports changed, added and removed leaves at their JSON Pointers', () => {
    expect(dataChanges({ name: '叉車', qty: 3, note: 'old' }, { name: '叉車 A', qty: 3, extra: true })).toEqual([
      { path: '/name', before: '叉車', after: '叉車 A' },
      { path: '/extra', before: null, after: true },
      { path: '/note', before: 'old', after: null },
    ]);
  });

  it('compares arrays item by item and rows cell by cell', () => {
    const before = {
      lines: [
        { sku: 'A', qty: 1 },
        { sku: 'B', qty: 2 },
      ],
      tags: ['red', 'blue'],
    };
    const after = { lines: [{ sku: 'A', qty: 5 }], tags: ['red', 'green', 'blue'] };
    expect(dataChanges(before, after)).toEqual([
      { path: '/lines/0/qty', before: 1, after: 5 },
      { path: '/lines/1/sku', before: 'B', after: null },
      { path: '/lines/1/qty', before: 2, after: null },
      { path: '/tags/1', before: 'blue', after: 'green' },
      { path: '/tags/2', before: null, after: 'blue' },
    ]);
  });

  it('reports a change of kind as one entry, escapes keys, and notes an empty row added', () => {
    expect(dataChanges({ v: 'text', 'a/b~c': 1 }, { v: ['text'], 'a/b~c': 2 })).toEqual([
      { path: '/v', before: 'text', after: ['text'] },
      { path: '/a~1b~0c', before: 1, after: 2 },
    ]);
    expect(dataChanges({ lines: [] }, { lines: [{}] })).toEqual([{ path: '/lines/0', before: null, after: {} }]);
    expect(dataChanges({ n: 1 }, { n: null })).toEqual([{ path: '/n', before: 1, after: null }]);
  });
});
