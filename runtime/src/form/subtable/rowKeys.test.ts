import { describe, expect, it } from 'vitest';
import { editKeys, editRows, keysFor, sameJson } from './rowKeys.ts';

describe('sub-table row keys', () => {
  it('moves, removes and adds keys together with their rows, without copying rows', () => {
    const rows = [{ sku: 'A' }, { sku: 'B' }, { sku: 'C' }];
    const keys = keysFor([], 3);
    expect(new Set(keys).size).toBe(3);
    const moved = editRows(rows, { kind: 'move', from: 2, to: 1 });
    expect(moved.map((r) => r.sku)).toEqual(['A', 'C', 'B']);
    expect(moved[1]).toBe(rows[2]);
    expect(editKeys(keys, { kind: 'move', from: 2, to: 1 })).toEqual([keys[0], keys[2], keys[1]]);
    expect(editKeys(keys, { kind: 'move', from: 0, to: 1 })).toEqual([keys[1], keys[0], keys[2]]);
    expect(editKeys(keys, { kind: 'remove', index: 0 })).toEqual([keys[1], keys[2]]);
    expect(editRows(rows, { kind: 'remove', index: 0 })).toEqual([{ sku: 'B' }, { sku: 'C' }]);
    const added = editKeys(keys, { kind: 'add' });
    expect(added.slice(0, 3)).toEqual(keys);
    expect(keys).not.toContain(added[3]);
  });

  it('keeps known keys when rows arrive from elsewhere and makes new ones for the rest', () => {
    const keys = keysFor([], 2);
    expect(keysFor(keys, 2)).toBe(keys);
    const more = keysFor(keys, 4);
    expect(more.slice(0, 2)).toEqual(keys);
    expect(keysFor(more, 1)).toEqual([keys[0]]);
  });

  it('compares JSON values by content', () => {
    expect(sameJson({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson({ a: [1] }, { a: { 0: 1 } })).toBe(false);
    expect(sameJson(null, {})).toBe(false);
    expect(sameJson(undefined, undefined)).toBe(true);
    expect(sameJson({ a: 1 }, { a: 2 })).toBe(false);
  });
});
