import { describe, expect, it } from 'vitest';
import { compileExpression } from './compile.ts';
import { ExpressionEvalError } from './errors.ts';
import { evaluate, type EvaluationScope } from './evaluator.ts';

const run = (source: string, scope: EvaluationScope = {}) => evaluate(compileExpression(source).ast, scope);

function evalError(source: string, scope: EvaluationScope = {}): ExpressionEvalError {
  try {
    run(source, scope);
  } catch (err) {
    expect(err).toBeInstanceOf(ExpressionEvalError);
    return err as ExpressionEvalError;
  }
  throw new Error(`expected ${source} to fail`);
}

const order = {
  discount: 0.1,
  lines: [
    { sku: 'A', qty: 2, unitPrice: 12.5 },
    { sku: 'B', qty: 3, unitPrice: 4 },
    { sku: '', qty: null, unitPrice: 7 },
    { sku: 'D', unitPrice: 0.1 },
  ],
  shipping: { region: 'kowloon', fee: 30 },
  tags: ['urgent', 'fragile'],
  extras: [0.1, 0.2, 'x', null],
};

describe('arithmetic', () => {
  it('follows precedence and associativity', () => {
    expect(run('1 + 2 * 3')).toBe(7);
    expect(run('(1 + 2) * 3')).toBe(9);
    expect(run('10 - 4 - 3')).toBe(3);
    expect(run('8 / 4 / 2')).toBe(1);
    expect(run('7 % 3')).toBe(1);
    expect(run('-7 % 3')).toBe(-1);
    expect(run('-(2 + 3) * 2')).toBe(-10);
  });

  it('drops binary float noise at every step', () => {
    expect(run('0.1 + 0.2')).toBe(0.3);
    expect(run('(0.1 + 0.2) * 3')).toBe(0.9);
    expect(run('1.1 * 3')).toBe(3.3);
    expect(run('0.3 % 0.1')).toBe(0.1); // 0.09999999999999998 in raw floats, i.e. 0.1 once noise is gone
    expect(run('0.1 + 0.2 = 0.3')).toBe(true);
    expect(run('1 / 3')).toBe(0.333333333333333);
    expect(Object.is(run('-0 * 1'), 0)).toBe(true);
  });

  it('divides by zero into no value', () => {
    expect(run('1 / 0')).toBeNull();
    expect(run('5 % 0')).toBeNull();
    expect(run('qty / count', { qty: 4, count: 0 })).toBeNull();
  });

  it('propagates null through arithmetic: a blank, a text or a yes/no makes the result blank', () => {
    expect(run('qty * price', { qty: 2 })).toBeNull();
    expect(run('qty * price', { qty: 2, price: null })).toBeNull();
    expect(run('qty * price', { qty: '2', price: 3 })).toBeNull();
    expect(run('-flag', { flag: true })).toBeNull();
    expect(run("'a' + 'b'")).toBeNull();
    expect(run('missing + 1')).toBeNull();
  });
});

describe('fields', () => {
  it('reads top-level and nested fields', () => {
    expect(run('shipping.fee + 1', order)).toBe(31);
    expect(run("shipping.region = 'kowloon'", order)).toBe(true);
    expect(run('shipping.nope', order)).toBeNull();
    expect(run('discount.x', order)).toBeNull();
  });

  it('refuses a whole section as a value', () => {
    const err = evalError('shipping + 1', order);
    expect(err.code).toBe('not_a_value');
    expect(err.position).toBe(0);
  });

  it('refuses a list outside an aggregate, and a list as the result', () => {
    expect(evalError('tags = 1', order).code).toBe('list_not_allowed');
    expect(evalError('tags', order).code).toBe('list_result');
    expect(evalError('if(true, tags, 0)', order).code).toBe('list_result');
  });

  it('looks a name up in the innermost level that declares it', () => {
    const root = { qty: 100, rate: 2, lines: [{ qty: 3 }] };
    const row = root.lines[0];
    const levels = [
      { data: row, names: new Set(['qty', 'unitPrice']) },
      { data: root, names: new Set(['qty', 'rate', 'lines']) },
    ];
    expect(run('qty * rate', levels)).toBe(6);
    // The row declares unitPrice: blank there, never some outer value.
    expect(run('unitPrice', [levels[0], { data: { unitPrice: 9 }, names: new Set(['unitPrice']) }])).toBeNull();
    // A row calculation can add up the whole table it sits in.
    expect(run('sum(lines.qty)', levels)).toBe(3);
    // A key nobody declares is read where the data has it.
    expect(run('extra', [levels[0], { data: { extra: 7 }, names: new Set() }])).toBe(7);
    // Without declared names, the keys present in the data decide.
    expect(run('qty', [{ data: {} }, { data: { qty: 5 } }])).toBe(5);
  });
});

describe('sub-table aggregates', () => {
  it('maps an expression over the rows and adds up the numbers', () => {
    expect(run('sum(lines.qty * lines.unitPrice)', order)).toBe(37);
    expect(run('sum(lines.qty * lines.unitPrice) * (1 - discount)', order)).toBe(33.3);
    expect(run('sum(lines.unitPrice)', order)).toBe(23.6);
  });

  it('counts non-blank values, and rows', () => {
    expect(run('count(lines)', order)).toBe(4);
    expect(run('count(lines.sku)', order)).toBe(3); // '' is blank
    expect(run('count(lines.qty)', order)).toBe(2);
    expect(run('count(tags)', order)).toBe(2);
    expect(run("count(if(lines.qty > 2, 'big', null))", order)).toBe(1);
  });

  it('averages and finds extremes over numbers only', () => {
    expect(run('avg(lines.qty)', order)).toBe(2.5);
    expect(run('min(lines.unitPrice)', order)).toBe(0.1);
    expect(run('max(lines.qty * lines.unitPrice)', order)).toBe(25);
    expect(run('max(lines.qty, 10)', order)).toBe(10);
  });

  it('doubles as plain min/max/sum over several arguments', () => {
    expect(run('min(3, 1, 2)')).toBe(1);
    expect(run('max(a, b)', { a: -1, b: null })).toBe(-1);
    expect(run('sum(a, b, c)', { a: 0.1, b: 0.2, c: 'x' })).toBe(0.3);
  });

  it('gives 0 for the sum of nothing and null for avg/min/max of nothing', () => {
    const empty = { lines: [] };
    expect(run('sum(lines.qty)', empty)).toBe(0);
    expect(run('sum(lines.qty)', {})).toBe(0);
    expect(run('count(lines)', empty)).toBe(0);
    expect(run('avg(lines.qty)', empty)).toBeNull();
    expect(run('min(lines.qty)', empty)).toBeNull();
    expect(run('max(lines.qty)', { lines: [{ qty: 'x' }] })).toBeNull();
  });

  it('adds up a field that holds a plain list', () => {
    expect(run('sum(extras)', order)).toBe(0.3);
  });

  it('skips rows that are not objects', () => {
    expect(run('sum(lines.qty)', { lines: [{ qty: 1 }, null, 'row', 7, [1], { qty: 2 }] })).toBe(3);
  });

  it('lets an inner aggregate over the same table read the current row', () => {
    const data = {
      lines: [
        { a: 2, b: -5 },
        { a: 3, b: 4 },
      ],
    };
    expect(run('sum(lines.a * max(lines.b, 0))', data)).toBe(12);
    expect(run('sum(lines.a) * sum(lines.b)', data)).toBe(-5);
  });

  it('goes through nested sub-tables', () => {
    const data = {
      orders: [
        { rate: 2, lines: [{ qty: 1 }, { qty: 2 }] },
        { rate: 10, lines: [{ qty: 5 }] },
        { rate: 1, lines: 'none' },
      ],
    };
    expect(run('sum(orders.lines.qty)', data)).toBe(8);
    expect(run('sum(orders.lines.qty * orders.rate)', data)).toBe(56);
    expect(run('count(orders.lines)', data)).toBe(4); // each order's list of lines, flattened
  });

  it('refuses two tables in one argument and a column outside an aggregate', () => {
    const data = { a: [{ x: 1 }], b: [{ y: 2 }] };
    expect(evalError('sum(a.x * b.y)', data).code).toBe('several_tables');
    expect(run('sum(a.x) * sum(b.y)', data)).toBe(2);
    const outside = evalError('1 + lines.qty', order);
    expect(outside.code).toBe('column_outside_aggregate');
    expect(outside.position).toBe(4);
    expect(outside.message).toMatch(/lines\.qty is a column of the sub-table lines/);
  });
});

describe('comparisons and logic', () => {
  it('compares numbers with numbers and texts with texts', () => {
    expect(run('2 > 1')).toBe(true);
    expect(run('2 <= 1')).toBe(false);
    expect(run("'2026-03-01' < '2026-12-01'")).toBe(true);
    expect(run("'b' >= 'a'")).toBe(true);
    expect(run("2 > '1'")).toBeNull();
    expect(run('x > 1')).toBeNull();
  });

  it('tests equality on any values', () => {
    expect(run("1 = '1'")).toBe(false);
    expect(run('x = null')).toBe(true);
    expect(run('x != null', { x: 0 })).toBe(true);
    expect(run('true = (1 < 2)')).toBe(true);
  });

  it('treats a blank condition as false and refuses non-boolean conditions', () => {
    expect(run("if(x > 1, 'big', 'small')")).toBe('small');
    expect(run('not x', { x: null })).toBe(true);
    expect(run('a or b', { a: null, b: true })).toBe(true);
    const err = evalError("if(qty, 'some', 'none')", { qty: 3 });
    expect(err.code).toBe('condition_not_boolean');
    expect(err.position).toBe(3);
  });

  it('evaluates only what it needs', () => {
    // Each right-hand side would fail if it were evaluated.
    expect(run('false and lines.qty > 0', order)).toBe(false);
    expect(run('true or lines.qty > 0', order)).toBe(true);
    expect(run('if(true, 1, lines.qty)', order)).toBe(1);
    expect(run('if(false, lines.qty, 2)', order)).toBe(2);
    expect(evalError('true and lines.qty > 0', order).code).toBe('column_outside_aggregate');
  });
});

describe('functions', () => {
  it('rounds half away from zero in decimal', () => {
    expect(run('round(1.005, 2)')).toBe(1.01);
    expect(run('round(2.5)')).toBe(3);
    expect(run('round(-2.5)')).toBe(-3);
    expect(run('round(x, 1)', { x: 0.25 })).toBe(0.3);
    expect(run('round(x, 2)')).toBeNull();
    expect(run('round(1.5, n)')).toBeNull();
    expect(evalError('round(1.5, 1.5)').code).toBe('wrong_argument');
    expect(evalError('round(1.5, 13)').code).toBe('wrong_argument');
    expect(evalError("round(1.5, 'x')").code).toBe('wrong_argument');
    expect(run('round(1e20 / 3, 12)')).toBe(33333333333333300000); // 15 significant digits, and no NaN
  });

  it('takes absolute values', () => {
    expect(run('abs(-2.5)')).toBe(2.5);
    expect(run('abs(x)')).toBeNull();
  });

  it('counts days between ISO dates, signed, without time zones', () => {
    expect(run('daysBetween(a, b)', { a: '2026-03-01', b: '2026-03-05' })).toBe(4);
    expect(run('daysBetween(a, b) + 1', { a: '2026-03-05', b: '2026-03-05' })).toBe(1);
    expect(run('daysBetween(a, b)', { a: '2026-03-05', b: '2026-03-01' })).toBe(-4);
    expect(run("daysBetween('2024-02-28', '2024-03-01')")).toBe(2); // leap year
    expect(run("daysBetween('2025-12-31', '2026-01-01')")).toBe(1);
    expect(run("daysBetween('2026-03-28', '2026-03-30')")).toBe(2); // across a European DST change
    expect(run("daysBetween('2026-03-01T23:30:00+08:00', '2026-03-02T00:10:00+08:00')")).toBe(1);
  });

  it('gives no value for blank or impossible dates', () => {
    expect(run("daysBetween(a, '2026-03-01')")).toBeNull();
    expect(run("daysBetween('2026-02-30', '2026-03-01')")).toBeNull();
    expect(run("daysBetween('2026-3-1', '2026-03-01')")).toBeNull();
    expect(run("daysBetween(20260301, '2026-03-01')")).toBeNull();
    expect(run("daysBetween('2026-03-01x', '2026-03-01')")).toBeNull();
  });

  it('joins text and measures it by character', () => {
    expect(
      run("concat(name, ' × ', qty, ' = ', total, ', ', ok, ', ', nothing)", { name: '叉車', qty: 2, total: 0.1 + 0.2, ok: true }),
    ).toBe('叉車 × 2 = 0.3, true, ');
    expect(run('len(s)', { s: '香港 🇭🇰 ok' })).toBe(8);
    expect(run('len(x)')).toBe(0);
    expect(run('len(tags)', order)).toBe(2);
    expect(evalError('len(12)').code).toBe('wrong_argument');
    expect(evalError('concat(tags)', order).code).toBe('list_not_allowed');
  });

  it('can yield text and yes/no as well as numbers', () => {
    expect(run("if(shipping.region = 'kowloon', 'KLN', 'other')", order)).toBe('KLN');
    expect(run('count(lines) > 3', order)).toBe(true);
  });
});
