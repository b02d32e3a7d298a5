import { describe, expect, it } from 'vitest';
import { detailsToErrorSchema, getAtPointer, parsePointer, stillRelevant } from './serverErrors.ts';

describe('server validation details → rjsf extraErrors', () => {
  it('parses JSON Pointers, including escapes and the root', () => {
    expect(parsePointer('/items/0/qty')).toEqual(['items', '0', 'qty']);
    expect(parsePointer('/a~1b/c~0d')).toEqual(['a/b', 'c~d']);
    expect(parsePointer('')).toEqual([]);
  });

  it('nests messages at their field, several per field, root messages at the root', () => {
    expect(
      detailsToErrorSchema([
        { path: '/items/0/qty', message: 'must be >= 1' },
        { path: '/items/0/qty', message: 'must be an integer' },
        { path: '/name', message: 'is required' },
        { path: '', message: 'too many fields' },
      ]),
    ).toEqual({
      items: { 0: { qty: { __errors: ['must be >= 1', 'must be an integer'] } } },
      name: { __errors: ['is required'] },
      __errors: ['too many fields'],
    });
  });

  it('drops a message once its field has changed since the rejected attempt', () => {
    const details = [
      { path: '/items/0/qty', message: 'too many' },
      { path: '/name', message: 'taken' },
    ];
    const submitted = { name: 'A', items: [{ qty: 9 }] };
    expect(stillRelevant(details, submitted, { name: 'A', items: [{ qty: 9 }] })).toHaveLength(2);
    expect(stillRelevant(details, submitted, { name: 'A', items: [{ qty: 2 }] })).toEqual([{ path: '/name', message: 'taken' }]);
    expect(getAtPointer(submitted, '/items/0/qty')).toBe(9);
    expect(getAtPointer(submitted, '/items/5/qty')).toBeUndefined();
  });
});
