import { describe, expect, it } from 'vitest';
import { applyCalculations, checkCalculations, computeCalculations, findCalculationCycles } from './applyCalculations.ts';
import { calculationSourceOf, legacyCalculationSource } from './legacy.ts';
import { roundMoney, roundTo, stripFloatNoise } from './rounding.ts';

type Json = Record<string, any>;

const calc = (expression: string, options: Json = {}) => ({
  'ui:fieldType': 'calculated',
  'ui:options': { ...options, expression },
});

const lineItems = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      description: { type: 'string' },
      quantity: { type: 'number' },
      unitPrice: { type: 'number', multipleOf: 0.01 },
      lineTotal: { type: 'number' },
    },
  },
};

const schema = {
  type: 'object',
  properties: { lines: lineItems, total: { type: 'number', readOnly: true }, note: { type: 'string' } },
};

const uiSchema = {
  lines: { 'ui:fieldType': 'subtable', items: { unitPrice: { 'ui:fieldType': 'money' } } },
  total: calc('sum(lines.quantity * lines.unitPrice)'),
};

describe('applyCalculations with expressions', () => {
  it('sums the product of row fields over a sub-table', () => {
    const data = {
      lines: [
        { quantity: 2, unitPrice: 12.5 },
        { quantity: 3, unitPrice: 4 },
      ],
      note: 'x',
    };
    expect(applyCalculations(schema, uiSchema, data)).toEqual({ ...data, total: 37 });
  });

  it('rounds money to cents once at the end, so float artefacts never reach the submission', () => {
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

  it('treats a field as money when it says so, or when it reads a money field', () => {
    const plain = { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' }, r: { type: 'number' } } };
    const data = { a: 10, b: 3 };
    expect(applyCalculations(plain, { r: calc('a / b') }, data).r).toBe(3.33333333333333);
    expect(applyCalculations(plain, { r: calc('a / b', { currency: 'HKD' }) }, data).r).toBe(3.33);
    expect(applyCalculations(plain, { a: { 'ui:fieldType': 'money' }, r: calc('a / b') }, data).r).toBe(3.33);
    const cents = { ...plain, properties: { ...plain.properties, r: { type: 'number', multipleOf: 0.01 } } };
    expect(applyCalculations(cents, { r: calc('a / b') }, data).r).toBe(3.33);
    const tenths = { ...plain, properties: { ...plain.properties, r: { type: 'number', multipleOf: 0.1 } } };
    expect(applyCalculations(tenths, { r: calc('a / b') }, data).r).toBe(3.3);
    const halves = { ...plain, properties: { ...plain.properties, r: { type: 'number', multipleOf: 0.5 } } };
    expect(applyCalculations(halves, { r: calc('a / b') }, data).r).toBe(3.33333333333333);
    // A calculation over a calculated money field is money too.
    const ui = { a: calc('10 / 3', { currency: 'HKD' }), r: calc('a * 2') };
    expect(applyCalculations(plain, ui, {})).toEqual({ a: 3.33, r: 6.66 });
  });

  it('works out row fields, and the totals that read them, in dependency order', () => {
    // total is declared before the lines whose lineTotal it adds up, and grandTotal before total.
    const s = {
      type: 'object',
      properties: { grandTotal: { type: 'number' }, total: { type: 'number' }, lines: lineItems, shipping: { type: 'number' } },
    };
    const ui = {
      grandTotal: calc('total + shipping'),
      total: calc('sum(lines.lineTotal)'),
      lines: { items: { unitPrice: { 'ui:fieldType': 'money' }, lineTotal: calc('quantity * unitPrice') } },
    };
    const out = applyCalculations(s, ui, {
      shipping: 30,
      lines: [{ quantity: 2, unitPrice: 1.1 }, { quantity: 3, unitPrice: 0.1 }, { unitPrice: 5 }],
    });
    expect(out.lines).toEqual([
      { quantity: 2, unitPrice: 1.1, lineTotal: 2.2 },
      { quantity: 3, unitPrice: 0.1, lineTotal: 0.3 },
      { unitPrice: 5 }, // no quantity: no line total, and the key is left out
    ]);
    expect(out.total).toBe(2.5);
    expect(out.grandTotal).toBe(32.5);
  });

  it('lets a row field read the form around it, but its own row first', () => {
    const s = {
      type: 'object',
      properties: {
        rate: { type: 'number' },
        qty: { type: 'number' },
        lines: { type: 'array', items: { type: 'object', properties: { qty: { type: 'number' }, share: { type: 'number' } } } },
      },
    };
    const ui = { lines: { items: { share: calc('qty * rate / sum(lines.qty)') } } };
    const out = applyCalculations(s, ui, { rate: 100, qty: 999, lines: [{ qty: 1 }, { qty: 3 }, {}] });
    // The blank qty in the last row stays blank: it does not fall back to the form's qty.
    expect(out.lines).toEqual([{ qty: 1, share: 25 }, { qty: 3, share: 75 }, {}]);
  });

  it('reads fields in sections and fills calculated fields inside them', () => {
    const s = {
      type: 'object',
      properties: {
        shipping: { type: 'object', properties: { region: { type: 'string' }, fee: { type: 'number' } } },
        summary: { type: 'object', properties: { fee: { type: 'number' } } },
      },
    };
    const ui = { summary: { fee: calc("if(shipping.region = 'new-territories', 80, 50)") } };
    expect(applyCalculations(s, ui, { shipping: { region: 'new-territories' }, summary: {} }).summary).toEqual({ fee: 80 });
    expect(applyCalculations(s, ui, { shipping: { region: 'kowloon' }, summary: {} }).summary).toEqual({ fee: 50 });
    // An absent section is not created just to hold a value.
    expect(applyCalculations(s, ui, { shipping: { region: 'kowloon' } }).summary).toBeUndefined();
  });

  it('counts days between two dates, inclusive when the formula says so', () => {
    const s = { type: 'object', properties: { start: { type: 'string' }, end: { type: 'string' }, days: { type: 'number' } } };
    const ui = { days: calc('daysBetween(start, end) + 1') };
    expect(applyCalculations(s, ui, { start: '2026-04-01', end: '2026-04-03' }).days).toBe(3);
    expect(applyCalculations(s, ui, { start: '2026-04-01' })).toEqual({ start: '2026-04-01' });
  });

  it('leaves out a field with no value, replacing whatever the client sent', () => {
    const s = { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } };
    expect(applyCalculations(s, { b: calc('a * 2') }, { b: 99 })).toEqual({});
    expect(applyCalculations(s, { b: calc('a / 0') }, { a: 1, b: 99 })).toEqual({ a: 1 });
    expect(applyCalculations(s, { b: calc('1e308 * a') }, { a: 10, b: 99 })).toEqual({ a: 10 });
  });

  it('leaves fields in a circle without a value, and works out the rest', () => {
    const s = { type: 'object', properties: { x: { type: 'number' } } };
    const ui = { a: calc('b + 1'), b: calc('a + 1'), c: calc('a + 1'), d: calc('x * 2'), e: calc('e + 1') };
    const data = { x: 2, a: 1, b: 2, c: 3, e: 4 };
    expect(applyCalculations(s, ui, data)).toEqual({ x: 2, d: 4 });
    expect(findCalculationCycles(ui, s)).toEqual([['a', 'b'], ['e']]);
  });

  it('finds circles from the uiSchema alone, through sub-tables and sections', () => {
    const ui = {
      total: calc('sum(lines.lineTotal) + summary.tax'),
      lines: { 'ui:fieldType': 'subtable', items: { lineTotal: calc('qty * price * total') } },
      summary: { tax: calc('5') },
      fine: calc('total'),
    };
    expect(findCalculationCycles(ui)).toEqual([['total', 'lines.lineTotal']]);
    expect(findCalculationCycles({ ...ui, lines: { items: { lineTotal: calc('qty * price') } } })).toEqual([]);
  });

  it('reports expressions that do not parse, and circles, with where they are', () => {
    const ui = {
      lines: { items: { lineTotal: calc('qty * ') } },
      a: calc('b'),
      b: calc('a'),
      old: { 'ui:fieldType': 'calculated', 'ui:options': { calculate: { sumOf: 'lines', multiply: ['constructor'] } } },
      odd: { 'ui:fieldType': 'calculated', 'ui:options': { expression: 42 } },
      fine: calc('1'),
    };
    expect(checkCalculations(undefined, ui)).toEqual([
      {
        field: 'lines.lineTotal',
        pointer: '/lines/items/lineTotal/ui:options/expression',
        message: 'The expression ends too early: a value is missing (at column 7)',
        position: 6,
      },
      {
        field: 'old',
        pointer: '/old/ui:options/calculate',
        message: '"constructor" cannot be used as a field name (at column 11)',
        position: 10,
      },
      { field: 'odd', pointer: '/odd/ui:options/expression', message: 'An expression must be text (at column 1)', position: 0 },
      { field: 'a', pointer: '/a/ui:options', message: 'The calculated fields "a" → "b" → "a" read each other in a circle' },
    ]);
    // The broken field gets no value; the others still work.
    const out = applyCalculations({ type: 'object', properties: {} }, ui, { lines: [{ qty: 1, lineTotal: 5 }] });
    expect(out).toEqual({ lines: [{ qty: 1 }], fine: 1 });
  });

  it('lists every value it worked out, with its place in the data and the reason for no value', () => {
    const ui = { lines: { items: { lineTotal: calc('qty * 2') } }, total: calc('sum(lines.lineTotal)'), bad: calc('lines.qty') };
    const { data, values } = computeCalculations(schema, ui, { lines: [{ qty: 1 }, { qty: 2 }] });
    expect(data.total).toBe(6);
    expect(values.map((v) => [v.path, v.value, v.error?.code])).toEqual([
      [['lines', 0, 'lineTotal'], 2, undefined],
      [['lines', 1, 'lineTotal'], 4, undefined],
      [['total'], 6, undefined],
      [['bad'], null, 'column_outside_aggregate'],
    ]);
    expect(values[2].field.decimals).toBeNull();
  });

  it('does not mutate its input', () => {
    const data = { lines: [{ quantity: 2, unitPrice: 3 }] };
    const before = structuredClone(data);
    const out = applyCalculations(schema, uiSchema, data);
    expect(data).toEqual(before);
    expect(out.lines).not.toBe(data.lines);
  });

  it('survives a hostile uiSchema: deep nesting, odd keys, no schema', () => {
    let deep: Json = { leaf: calc('1') };
    for (let i = 0; i < 5000; i++) deep = { inner: deep };
    expect(() => applyCalculations({ type: 'object' }, deep, {})).not.toThrow();
    const chain: Json = {};
    for (let i = 0; i < 5000; i++) chain[`f${i}`] = calc(`f${i + 1} + 1`);
    chain.f5000 = calc('f0');
    expect(findCalculationCycles(chain)).toHaveLength(1);
    const odd = { __proto__: calc('1'), constructor: calc('1'), 'a b': calc('1') };
    expect(applyCalculations({ type: 'object' }, JSON.parse(JSON.stringify(odd)), {})).toEqual({ 'a b': 1 });
    expect(applyCalculations({ type: 'object' }, null as unknown as Json, { a: 1 })).toEqual({ a: 1 });
  });
});

describe('the deprecated calculate spec', () => {
  const legacyUi = {
    lines: uiSchema.lines,
    total: { 'ui:fieldType': 'calculated', 'ui:options': { calculate: { sumOf: 'lines', multiply: ['quantity', 'unitPrice'] } } },
  };

  it('is read as the equivalent expression', () => {
    expect(legacyCalculationSource({ sumOf: 'lines', multiply: ['quantity', 'unitPrice'] })).toBe('sum(lines.quantity * lines.unitPrice)');
    expect(legacyCalculationSource({ sumOf: 'extras' })).toBe('sum(extras)');
    expect(legacyCalculationSource({ sumOf: 'line items', multiply: ['unit-price', 7] })).toBe('sum(`line items`.`unit-price`)');
    expect(legacyCalculationSource({ sumOf: 3 })).toBeUndefined();
    expect(calculationSourceOf(legacyUi.total)).toEqual({ source: 'sum(lines.quantity * lines.unitPrice)', legacy: true });
    // When both are present, the expression wins.
    expect(calculationSourceOf({ ...legacyUi.total, 'ui:options': { expression: '1', calculate: { sumOf: 'x' } } })).toEqual({
      source: '1',
      legacy: false,
    });
  });

  it('gives the same totals as before', () => {
    const data = {
      lines: [
        { quantity: 3, unitPrice: 33.33 },
        { quantity: 0.5, unitPrice: 19.99 },
      ],
    };
    expect(applyCalculations(schema, legacyUi, data).total).toBe(109.99);
    expect(applyCalculations(schema, legacyUi, { lines: [{ quantity: 1, unitPrice: 5 }], total: 999 }).total).toBe(5);
  });

  it('counts missing and non-numeric factors as nothing', () => {
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
    expect(applyCalculations(schema, legacyUi, data).total).toBe(20);
  });

  it('sets 0 when the table is missing or not an array', () => {
    expect(applyCalculations(schema, legacyUi, {}).total).toBe(0);
    expect(applyCalculations(schema, legacyUi, { lines: 'oops', total: 999 }).total).toBe(0);
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
      lines: legacyUi.lines,
      summary: {
        subtotal: legacyUi.total,
        extrasTotal: { 'ui:fieldType': 'calculated', 'ui:options': { calculate: { sumOf: 'extras' } } },
      },
      optional: { total: legacyUi.total },
    };
    const data = { lines: [{ quantity: 4, unitPrice: 2.5 }], summary: { extras: [0.1, 0.2, 'x'] } };
    const out = applyCalculations(nested, nestedUi, data);
    expect(out.summary).toEqual({ extras: [0.1, 0.2, 'x'], subtotal: 10, extrasTotal: 0.3 });
    expect(out.optional).toBeUndefined();
  });

  it('computes inside table rows', () => {
    const orders = {
      type: 'object',
      properties: {
        orders: {
          type: 'array',
          items: { type: 'object', properties: { lines: lineItems, orderTotal: { type: 'number' } } },
        },
      },
    };
    const ui = { orders: { items: { lines: legacyUi.lines, orderTotal: legacyUi.total } } };
    const out = applyCalculations(orders, ui, {
      orders: [{ lines: [{ quantity: 2, unitPrice: 1.1 }] }, { lines: [] }],
    });
    expect(out.orders).toEqual([
      { lines: [{ quantity: 2, unitPrice: 1.1 }], orderTotal: 2.2 },
      { lines: [], orderTotal: 0 },
    ]);
  });

  it('leaves fields alone that have no formula', () => {
    const ui = {
      total: { 'ui:fieldType': 'calculated' },
      note: { 'ui:fieldType': 'text', 'ui:options': { calculate: { sumOf: 'lines' }, expression: '1' } },
      malformed: { 'ui:fieldType': 'calculated', 'ui:options': { calculate: { sumOf: 3 } } },
      blank: calc('  '),
    };
    const data = { lines: [{ quantity: 1, unitPrice: 1 }], total: 7, note: 'n', malformed: 1, blank: 2 };
    expect(applyCalculations(schema, ui, data)).toEqual(data);
    expect(checkCalculations(schema, ui)).toEqual([]);
    // A blank expression falls back to an old spec beside it.
    expect(calculationSourceOf({ 'ui:fieldType': 'calculated', 'ui:options': { expression: '', calculate: { sumOf: 'x' } } })).toEqual({
      source: 'sum(x)',
      legacy: true,
    });
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

  it('keeps numbers too large to have decimals as they are (it used to give NaN past 1e21)', () => {
    expect(roundMoney(1e21)).toBe(1e21);
    expect(roundMoney(-2.5e22)).toBe(-2.5e22);
    expect(roundTo(1234567890123456, 2)).toBe(1234567890123460); // 15 significant digits
    expect(roundMoney(999999999999.995)).toBe(1000000000000);
  });
});
