import { describe, expect, it } from 'vitest';
import { UnprocessableError } from '../lib/errors.ts';
import { assertValidCalculations, matchesCalculatedValue, recomputeCalculations } from './calculations.ts';
import { assertValidFormSchema } from './formSchemas.ts';

type Json = Record<string, any>;

const calc = (expression: string, options: Json = {}) => ({ 'ui:fieldType': 'calculated', 'ui:options': { ...options, expression } });

const schema = {
  type: 'object',
  properties: {
    lines: {
      type: 'array',
      items: { type: 'object', properties: { qty: { type: 'number' }, price: { type: 'number' }, lineTotal: { type: 'number' } } },
    },
    total: { type: 'number' },
    label: { type: 'string' },
  },
};
const uiSchema = {
  lines: { items: { price: { 'ui:fieldType': 'money' }, lineTotal: calc('qty * price') } },
  total: calc('sum(lines.lineTotal)', { currency: 'HKD' }),
  label: calc("if(total > 100, 'large', 'small')"),
};

function rejection(fn: () => unknown): UnprocessableError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UnprocessableError);
    return err as UnprocessableError;
  }
  throw new Error('expected a 422');
}

describe('matchesCalculatedValue', () => {
  it('allows half a cent either way for money, and no more', () => {
    expect(matchesCalculatedValue(109.99, 109.99, 2)).toBe(true);
    expect(matchesCalculatedValue(109.985, 109.99, 2)).toBe(true); // an unrounded client value
    expect(matchesCalculatedValue(109.994, 109.99, 2)).toBe(true);
    expect(matchesCalculatedValue(109.995, 109.99, 2)).toBe(true);
    expect(matchesCalculatedValue(109.996, 109.99, 2)).toBe(false);
    expect(matchesCalculatedValue(109.98, 109.99, 2)).toBe(false);
    expect(matchesCalculatedValue(110, 109.99, 2)).toBe(false);
    expect(matchesCalculatedValue(0.30000000000000004, 0.3, 2)).toBe(true);
    expect(matchesCalculatedValue(123456789012.345, 123456789012.35, 2)).toBe(true);
    expect(matchesCalculatedValue(123456789012.354, 123456789012.35, 2)).toBe(true);
    expect(matchesCalculatedValue(123456789012.34, 123456789012.35, 2)).toBe(false);
    expect(matchesCalculatedValue(123456789012.33, 123456789012.35, 2)).toBe(false);
  });

  it('scales the tolerance to the decimal places', () => {
    expect(matchesCalculatedValue(3.34, 3.3, 1)).toBe(true);
    expect(matchesCalculatedValue(3.36, 3.3, 1)).toBe(false);
    expect(matchesCalculatedValue(4.4, 4, 0)).toBe(true);
    expect(matchesCalculatedValue(4.6, 4, 0)).toBe(false);
  });

  it('compares other numbers exactly, once float noise is dropped', () => {
    expect(matchesCalculatedValue(0.30000000000000004, 0.3, null)).toBe(true);
    expect(matchesCalculatedValue(3.33333333333333, 3.333333333333333, null)).toBe(true);
    expect(matchesCalculatedValue(0.3001, 0.3, null)).toBe(false);
    expect(matchesCalculatedValue(4, 4, null)).toBe(true);
  });

  it('compares texts, yes/no and types strictly', () => {
    expect(matchesCalculatedValue('large', 'large', null)).toBe(true);
    expect(matchesCalculatedValue('Large', 'large', null)).toBe(false);
    expect(matchesCalculatedValue('20.5', 20.5, 2)).toBe(false);
    expect(matchesCalculatedValue(true, true, null)).toBe(true);
    expect(matchesCalculatedValue(1, true, null)).toBe(false);
    expect(matchesCalculatedValue(0, null, 2)).toBe(false);
    expect(matchesCalculatedValue(Infinity, 5, 2)).toBe(false);
  });
});

describe('recomputeCalculations', () => {
  const answers = {
    lines: [
      { qty: 3, price: 33.33 },
      { qty: 0.5, price: 19.99 },
    ],
  };

  it('fills in every calculated field the client left out, at every level', () => {
    expect(recomputeCalculations(schema, uiSchema, answers)).toEqual({
      lines: [
        { qty: 3, price: 33.33, lineTotal: 99.99 },
        { qty: 0.5, price: 19.99, lineTotal: 10 },
      ],
      total: 109.99,
      label: 'large',
    });
  });

  it('treats null as left out', () => {
    expect(recomputeCalculations(schema, uiSchema, { ...answers, total: null }).total).toBe(109.99);
  });

  it('accepts client values that match, storing the server values', () => {
    const sent = {
      lines: [
        { qty: 3, price: 33.33, lineTotal: 99.99 },
        { qty: 0.5, price: 19.99, lineTotal: 9.995 },
      ],
      total: 109.99,
      label: 'large',
    };
    expect((recomputeCalculations(schema, uiSchema, sent) as Json).lines[1].lineTotal).toBe(10);
  });

  it('refuses each value that differs, with its path and the expected value', () => {
    const sent = {
      lines: [
        { qty: 3, price: 33.33, lineTotal: 99.99 },
        { qty: 0.5, price: 19.99, lineTotal: 11 },
      ],
      total: 1,
      label: 'small',
    };
    const err = rejection(() => recomputeCalculations(schema, uiSchema, sent));
    expect(err.statusCode).toBe(422);
    expect(err.code).toBe('validation_failed');
    expect(err.details).toEqual([
      { path: '/lines/1/lineTotal', message: 'does not match the calculated value', keyword: 'calculated', params: { expected: 10 } },
      { path: '/total', message: 'does not match the calculated value', keyword: 'calculated', params: { expected: 109.99 } },
      { path: '/label', message: 'does not match the calculated value', keyword: 'calculated', params: { expected: 'large' } },
    ]);
    expect(err.message).toBe(
      'The submission has 3 problems: /lines/1/lineTotal: does not match the calculated value; /total: does not match the calculated value; /label: does not match the calculated value.',
    );
  });

  it('refuses a value for a field that has none (expected null)', () => {
    const err = rejection(() => recomputeCalculations(schema, uiSchema, { lines: [{ qty: 1, lineTotal: 5 }] }));
    expect(err.details).toEqual([expect.objectContaining({ path: '/lines/0/lineTotal', params: { expected: null } })]);
  });

  it('escapes keys in the path as JSON Pointer tokens', () => {
    const s = { type: 'object', properties: { 'a/b': { type: 'number' } } };
    const err = rejection(() => recomputeCalculations(s, { 'a/b': calc('2') }, { 'a/b': 3 }));
    expect(err.details).toEqual([expect.objectContaining({ path: '/a~1b' })]);
  });

  it('leaves forms without calculations alone', () => {
    expect(recomputeCalculations({ type: 'object' }, {}, { a: 1 })).toEqual({ a: 1 });
  });
});

describe('form check', () => {
  it('refuses an expression that does not parse, naming the field and the column', () => {
    const ui = { lines: { items: { lineTotal: calc('qty * ') } } };
    const err = rejection(() => assertValidCalculations(schema, ui));
    expect(err.code).toBe('invalid_schema');
    expect(err.message).toBe(
      'The expression of the calculated field "lines.lineTotal" (/lines/items/lineTotal/ui:options/expression) cannot be read: The expression ends too early: a value is missing (at column 7).',
    );
    expect(err.details).toEqual([
      expect.objectContaining({ field: 'lines.lineTotal', pointer: '/lines/items/lineTotal/ui:options/expression', position: 6 }),
    ]);
  });

  it('refuses fields that read each other in a circle', () => {
    const ui = { total: calc('sum(lines.lineTotal)'), lines: { items: { lineTotal: calc('qty * total') } }, label: calc('foo(') };
    const err = rejection(() => assertValidFormSchema(schema, ui));
    expect(err.code).toBe('invalid_schema');
    expect(err.message).toMatch(/"label".*cannot be read.*\(and 1 more problem with calculations\)\.$/);
    expect(err.details).toContainEqual(
      expect.objectContaining({
        message: 'The calculated fields "lines.lineTotal" → "total" → "lines.lineTotal" read each other in a circle',
      }),
    );
    const circle = rejection(() => assertValidFormSchema(schema, { a: calc('b'), b: calc('a') }));
    expect(circle.message).toBe('The calculated fields "a" → "b" → "a" read each other in a circle, so none of them can be worked out.');
  });

  it('accepts good expressions and the deprecated spec', () => {
    expect(() => assertValidFormSchema(schema, uiSchema)).not.toThrow();
    const legacy = { total: { 'ui:fieldType': 'calculated', 'ui:options': { calculate: { sumOf: 'lines', multiply: ['qty', 'price'] } } } };
    expect(() => assertValidFormSchema(schema, legacy)).not.toThrow();
  });
});
