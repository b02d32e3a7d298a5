import { describe, expect, it } from 'vitest';
import { applyCalculations, calculateSpecOf } from './applyCalculations.ts';
import { roundMoney, roundTo, stripFloatNoise } from './rounding.ts';

const lineItems = {
  type: 'array',
  items: {
    type: 'object',
    properties: { description: { type: 'string' }, quantity: { type: 'number' }, unitPrice: { type: 'number', multipleOf: 0.01 } },
  },
};

const schema = {
  type: 'object',
  properties: { lines: lineItems, total: { type: 'number', readOnly: true }, note: { type: 'string' } },
};

const uiSchema = {
  lines: { 'ui:fieldType': 'subtable', items: { unitPrice: { 'ui:fieldType': 'money' } } },
  total: { 'ui:fieldType': 'calculated', 'ui:options': { calculate: { sumOf: 'lines', multiply: ['quantity', 'unitPrice'] } } },
};

describe('applyCalculations', () => {
  it('sums the product of the listed row fields', () => {
    const data = {
      lines: [
        { quantity: 2, unitPrice: 12.5 },
        { quantity: 3, unitPrice: 4 },
      ],
      note: 'x',
    };
    expect(applyCalculations(schema, uiSchema, data)).toEqual({ ...data, total: 37 });
  });

  it('rounds money to cents, so float artefacts never reach the submission', () => {
    const data = {
      lines: [
        { quantity: 1, unitPrice: 0.1 },
        { quantity: 1, unitPrice: 0.2 },
      ],
    };
    expect(applyCalculations(schema, uiSchema, data).total).toBe(0.3);
    const thirds = {
      lines: [
        { quantity: 3, unitPrice: 33.33 },
        { quantity: 0.5, unitPrice: 19.99 },
      ],
    };
    // 99.99 + 9.995 = 109.985, rounded once at the end (half away from zero), not per row.
    expect(applyCalculations(schema, uiSchema, thirds).total).toBe(109.99);
  });

  it('counts missing and non-numeric factors as 0', () => {
    const data = {
      lines: [
        { quantity: 2, unitPrice: 10 },
        { quantity: '3', unitPrice: 10 },
        { unitPrice: 10 },
        { quantity: 1, unitPrice: null },
        { quantity: Number.NaN, unitPrice: 1 },
        'not a row',
        null,
      ],
    };
    expect(applyCalculations(schema, uiSchema, data).total).toBe(20);
  });

  it('sets 0 when the table is missing or not an array, and overwrites a client value', () => {
    expect(applyCalculations(schema, uiSchema, {}).total).toBe(0);
    expect(applyCalculations(schema, uiSchema, { lines: 'oops', total: 999 }).total).toBe(0);
    expect(applyCalculations(schema, uiSchema, { lines: [{ quantity: 1, unitPrice: 5 }], total: 999 }).total).toBe(5);
  });

  it('does not mutate its input', () => {
    const data = { lines: [{ quantity: 2, unitPrice: 3 }] };
    const before = structuredClone(data);
    const out = applyCalculations(schema, uiSchema, data);
    expect(data).toEqual(before);
    expect(out.lines).not.toBe(data.lines);
  });

  it('fills calculated fields in nested objects, finding the table beside them or further out', () => {
    const nested = {
      type: 'object',
      properties: {
        lines: lineItems,
        summary: {
          type: 'object',
          properties: {
            extras: { type: 'array', items: { type: 'number' } },
            subtotal: { type: 'number' },
            extrasTotal: { type: 'number' },
          },
        },
        optional: { type: 'object', properties: { total: { type: 'number' } } },
      },
    };
    const nestedUi = {
      lines: uiSchema.lines,
      summary: {
        subtotal: uiSchema.total,
        extrasTotal: { 'ui:fieldType': 'calculated', 'ui:options': { calculate: { sumOf: 'extras' } } },
      },
      optional: { total: uiSchema.total },
    };
    const data = { lines: [{ quantity: 4, unitPrice: 2.5 }], summary: { extras: [0.1, 0.2, 'x'] } };
    const out = applyCalculations(nested, nestedUi, data);
    expect(out.summary).toEqual({ extras: [0.1, 0.2, 'x'], subtotal: 10, extrasTotal: 0.3 });
    // An absent optional section is not created just to hold a total.
    expect(out.optional).toBeUndefined();
  });

  it('computes inside table rows before the level that contains them', () => {
    const orders = {
      type: 'object',
      properties: {
        orders: {
          type: 'array',
          items: { type: 'object', properties: { lines: lineItems, orderTotal: { type: 'number' } } },
        },
      },
    };
    const ui = { orders: { items: { lines: uiSchema.lines, orderTotal: uiSchema.total } } };
    const out = applyCalculations(orders, ui, {
      orders: [{ lines: [{ quantity: 2, unitPrice: 1.1 }] }, { lines: [] }],
    });
    expect(out.orders).toEqual([
      { lines: [{ quantity: 2, unitPrice: 1.1 }], orderTotal: 2.2 },
      { lines: [], orderTotal: 0 },
    ]);
  });

  it('leaves fields alone that are not well-formed calculations', () => {
    const ui = {
      total: { 'ui:fieldType': 'calculated' },
      note: { 'ui:fieldType': 'text', 'ui:options': { calculate: { sumOf: 'lines' } } },
    };
    const data = { lines: [{ quantity: 1, unitPrice: 1 }], total: 7, note: 'n' };
    expect(applyCalculations(schema, ui, data)).toEqual(data);
    expect(calculateSpecOf({ 'ui:fieldType': 'calculated', 'ui:options': { calculate: { sumOf: 3 } } })).toBeUndefined();
  });

  it('strips float noise from non-money calculations without rounding to cents', () => {
    const ui = { total: { 'ui:fieldType': 'calculated', 'ui:options': { calculate: { sumOf: 'lines', multiply: ['quantity'] } } } };
    const out = applyCalculations(schema, ui, { lines: [{ quantity: 0.1 }, { quantity: 0.2 }, { quantity: 0.0005 }] });
    expect(out.total).toBe(0.3005);
  });
});

describe('rounding', () => {
  it('rounds half away from zero in decimal, not in binary', () => {
    expect(roundMoney(1.005)).toBe(1.01);
    expect(roundMoney(1.004999)).toBe(1);
    expect(roundMoney(-1.005)).toBe(-1.01);
    expect(roundMoney(0.1 + 0.2)).toBe(0.3);
    expect(roundMoney(109.985)).toBe(109.99);
    expect(roundMoney(1e-9)).toBe(0);
    expect(roundMoney(123456789.125)).toBe(123456789.13);
    expect(roundTo(2.5, 0)).toBe(3);
    expect(stripFloatNoise(0.1 * 3)).toBe(0.3);
  });
});
