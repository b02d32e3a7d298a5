import { describe, expect, it } from 'vitest';
import { dropHiddenValues, isFieldVisible } from './visibility.ts';
import { evaluateCondition, type RuntimeCondition } from './runtimeCondition.ts';

const schema = {
  type: 'object',
  properties: {
    fever: { type: 'boolean' },
    temperature: { type: 'number' },
    trip: { type: 'object', properties: { abroad: { type: 'boolean' }, country: { type: 'string' } } },
    lines: { type: 'array', items: { type: 'object', properties: { kind: { type: 'string' }, note: { type: 'string' } } } },
  },
};
const uiSchema: Record<string, any> = {
  temperature: { 'ui:options': { visibleWhen: { field: ['fever'], op: 'eq', value: true } } },
  trip: { country: { 'ui:options': { visibleWhen: { field: ['trip', 'abroad'], op: 'eq', value: true } } } },
  lines: { items: { note: { 'ui:options': { visibleWhen: { field: ['lines', 'kind'], op: 'eq', value: 'other' } } } } },
};

describe('visibility', () => {
  it('evaluates groups, negation and empty answers', () => {
    const c: RuntimeCondition = { any: [{ field: ['a'], op: 'gt', value: 3 }, { not: { field: ['b'], op: 'empty' } }] };
    expect(evaluateCondition(c, { a: 4 })).toBe(true);
    expect(evaluateCondition(c, { a: 1, b: 'x' })).toBe(true);
    expect(evaluateCondition(c, { a: 1, b: '' })).toBe(false);
    expect(evaluateCondition({ field: ['a'], op: 'neq', value: 1 }, {})).toBe(true);
    expect(evaluateCondition({ field: ['__proto__', 'x'], op: 'notEmpty' }, {})).toBe(false);
  });

  it('decides per sub-table row for same-row conditions', () => {
    const data = { lines: [{ kind: 'other' }, { kind: 'box' }] };
    expect(isFieldVisible(uiSchema.lines.items.note, data, [0])).toBe(true);
    expect(isFieldVisible(uiSchema.lines.items.note, data, [1])).toBe(false);
  });

  it('drops the values of hidden fields at every level, and keeps the rest untouched', () => {
    const data = {
      fever: false,
      temperature: 38,
      trip: { abroad: false, country: 'JP' },
      lines: [
        { kind: 'other', note: 'keep' },
        { kind: 'box', note: 'drop' },
      ],
    };
    expect(dropHiddenValues(schema, uiSchema, data)).toEqual({
      fever: false,
      trip: { abroad: false },
      lines: [{ kind: 'other', note: 'keep' }, { kind: 'box' }],
    });
    const shown = { fever: true, temperature: 38, trip: { abroad: true, country: 'JP' } };
    expect(dropHiddenValues(schema, uiSchema, shown)).toBe(shown); // nothing hidden: the same object
  });
});
