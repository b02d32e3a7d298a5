/** Expressions and data written to break things: none may reach JavaScript internals, hang or crash. */
import { describe, expect, it } from 'vitest';
import type { ExpressionNode } from './ast.ts';
import { compileExpression } from './compile.ts';
import { ExpressionEvalError, ExpressionSyntaxError, isExpressionError } from './errors.ts';
import { evaluate } from './evaluator.ts';
import { EXPRESSION_LIMITS } from './limits.ts';
import { parseExpression } from './parser.ts';

const run = (source: string, scope: Record<string, unknown> = {}) => evaluate(compileExpression(source).ast, scope);

function failure(fn: () => unknown): ExpressionSyntaxError | ExpressionEvalError {
  try {
    fn();
  } catch (err) {
    if (isExpressionError(err)) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('names that reach into JavaScript objects', () => {
  it.each([
    ['constructor', 0],
    ['__proto__', 0],
    ['prototype', 0],
    ['a.constructor', 2],
    ['a.constructor.prototype', 2],
    ['x + a.b.__proto__', 8],
    ['`constructor`', 0],
    ['sum(lines.__proto__)', 10],
    ["concat('', constructor)", 11],
  ])('%s is refused when parsed', (source, position) => {
    const err = failure(() => parseExpression(source));
    expect(err).toBeInstanceOf(ExpressionSyntaxError);
    expect(err.code).toBe('forbidden_name');
    expect((err as ExpressionSyntaxError).position).toBe(position);
  });

  it('refuses them in a hand-built tree too', () => {
    const ast: ExpressionNode = { type: 'reference', path: ['a', 'constructor'], start: 0, end: 13 };
    expect(failure(() => evaluate(ast, { a: {} })).code).toBe('forbidden_name');
  });

  it('reads nothing inherited: methods and prototype properties are blank', () => {
    for (const name of ['toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'length']) {
      expect(run(name, {}), name).toBeNull();
      expect(run(`a.${name}`, { a: { x: 1 } }), name).toBeNull();
      expect(run(`len(s.${name})`, { s: 'text' }), name).toBe(0);
    }
    expect(run('sum(lines.length)', { lines: [[1, 2]] })).toBe(0);
  });

  it('reads an own "__proto__" key of parsed JSON only as data, and pollutes nothing', () => {
    const data = JSON.parse('{"__proto__": {"polluted": 1}, "a": {"__proto__": {"x": 5}}, "n": 2}');
    expect(run('n * 2', data)).toBe(4);
    expect(run('polluted')).toBeNull();
    expect(run('a.x', data)).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never calls getters or functions in the data', () => {
    let called = 0;
    const data = Object.defineProperty({}, 'qty', {
      enumerable: true,
      get: () => {
        called += 1;
        return 5;
      },
    });
    expect(run('qty', data)).toBeNull();
    expect(run('f + 1', { f: () => 1 })).toBeNull();
    expect(run('d.x', { d: new Date(0) })).toBeNull();
    expect(called).toBe(0);
  });
});

describe('size and nesting', () => {
  it('refuses 10 000 nested parentheses without exhausting the stack', () => {
    const deep = `${'('.repeat(10_000)}1${')'.repeat(10_000)}`;
    expect(failure(() => compileExpression(deep)).code).toBe('too_long');
    // Within the length limit, the nesting guard stops it (before any recursion gets deep).
    const err = failure(() => compileExpression(`${'('.repeat(999)}1${')'.repeat(999)}`));
    expect(err.code).toBe('too_deep');
    expect((err as ExpressionSyntaxError).position).toBe(EXPRESSION_LIMITS.maxDepth);
    expect(run(`${'('.repeat(40)}1${')'.repeat(40)}`)).toBe(1);
  });

  it('refuses deep chains of operators, calls and prefixes', () => {
    expect(failure(() => compileExpression('-'.repeat(1000) + '1')).code).toBe('too_deep');
    expect(failure(() => compileExpression('not '.repeat(400) + 'true')).code).toBe('too_deep');
    expect(failure(() => compileExpression('abs('.repeat(300) + '1' + ')'.repeat(300))).code).toBe('too_deep');
    const chain = failure(() => compileExpression(Array(100).fill('a').join(' + ')));
    expect(chain.code).toBe('too_deep');
    expect(chain.message).toMatch(/sum\(a, b, c, …\)/);
    expect(run(`sum(${Array(100).fill('a').join(', ')})`, { a: 0.01 })).toBe(1);
  });

  it('refuses too many parts and too long a source', () => {
    expect(failure(() => compileExpression(`sum(${Array(600).fill('1').join(',')})`)).code).toBe('too_many_parts');
    const long = `1${' + 1'.repeat(600)}`;
    expect(long.length).toBeGreaterThan(EXPRESSION_LIMITS.maxSourceLength);
    expect(failure(() => compileExpression(long)).code).toBe('too_long');
    const padded = `${' '.repeat(EXPRESSION_LIMITS.maxSourceLength - 1)}1`;
    expect(run(padded)).toBe(1);
    expect(failure(() => compileExpression(`${padded} `)).code).toBe('too_long');
  });

  it('checks hand-built trees without recursion: deep, cyclic or malformed', () => {
    let deep: ExpressionNode = { type: 'literal', value: 1, start: 0, end: 1 };
    for (let i = 0; i < 100_000; i++) deep = { type: 'unary', operator: '-', operand: deep, start: 0, end: 1 };
    expect(failure(() => evaluate(deep, {})).code).toBe('too_deep');
    const loop = { type: 'unary', operator: '-', start: 0, end: 1 } as Record<string, unknown>;
    loop.operand = loop;
    expect(failure(() => evaluate(loop as unknown as ExpressionNode, {})).code).toBe('too_deep');
    for (const bad of [
      null,
      { type: 'eval', source: '1' },
      { type: 'literal', value: Infinity },
      { type: 'literal', value: {} },
      { type: 'call', name: 'constructor', args: [] },
      { type: 'call', name: 'toString', args: [] },
      { type: 'call', name: 'if', args: [] },
      { type: 'binary', operator: '**', left: { type: 'literal', value: 1 }, right: { type: 'literal', value: 1 } },
      { type: 'reference', path: [] },
      { type: 'reference', path: [{}] },
    ]) {
      expect(failure(() => evaluate(bad as unknown as ExpressionNode, {})).code, JSON.stringify(bad)).toBe('bad_ast');
    }
  });
});

describe('huge numbers', () => {
  it('turns overflow into an error, never Infinity or NaN', () => {
    expect(failure(() => run('1e308 * 10')).code).toBe('number_too_large');
    expect(failure(() => run('-1e308 * 10')).code).toBe('number_too_large');
    expect(failure(() => run('1e308 + 1e308')).code).toBe('number_too_large');
    expect(failure(() => run('x / 1e-308', { x: 1e10 })).code).toBe('number_too_large');
    expect(failure(() => run('sum(lines.x)', { lines: [{ x: 1.7e308 }, { x: 1.7e308 }] })).code).toBe('number_too_large');
    expect(failure(() => run('avg(lines.x)', { lines: [{ x: 1.7e308 }, { x: 1.7e308 }] })).code).toBe('number_too_large');
    expect(failure(() => compileExpression(`1${'0'.repeat(400)}`)).code).toBe('number_too_large');
  });

  it('keeps large finite numbers and tiny ones', () => {
    expect(run('1e308 / 10')).toBe(1e307);
    expect(run('1e-300 * 1e-300')).toBe(0);
    expect(run('round(x, 2)', { x: 1e21 })).toBe(1e21);
    expect(run('x * 1', { x: Number.MAX_SAFE_INTEGER })).toBe(9007199254740990); // 15 significant digits
  });

  it('treats non-finite numbers in the data as blank', () => {
    expect(run('x + 1', { x: Infinity })).toBeNull();
    expect(run('x + 1', { x: Number.NaN })).toBeNull();
    expect(run('sum(xs)', { xs: [1, Infinity, Number.NaN, 2] })).toBe(3);
  });
});

describe('unicode', () => {
  it('takes names and texts in any script, and emoji in texts', () => {
    expect(run('數量 * 單價', { 數量: 3, 單價: 2.5 })).toBe(7.5);
    expect(run('`🍋 qty` + 1', { '🍋 qty': 1 })).toBe(2);
    expect(run("concat('凍檸茶 ', '🍋')")).toBe('凍檸茶 🍋');
    expect(run("len('👍🏽')")).toBe(2); // two code points: thumb and skin tone
    expect(run("'\u00e9' = 'e\u0301'")).toBe(false); // composed vs decomposed é: compared as stored, not normalised
  });

  it('refuses invisible and look-alike control characters outside texts', () => {
    expect(failure(() => compileExpression('a \u202e+ b')).code).toBe('unexpected_character');
    expect(failure(() => compileExpression('a \ud800 b')).code).toBe('unexpected_character');
    expect(failure(() => compileExpression('a ＋ b')).code).toBe('unexpected_character');
    expect(failure(() => compileExpression('a \u0000')).code).toBe('unexpected_character');
  });
});

describe('work limits', () => {
  it('stops an evaluation that would take too long', () => {
    const orders = Array.from({ length: 600 }, () => ({ lines: Array.from({ length: 600 }, () => ({ qty: 1 })) }));
    const started = Date.now();
    expect(failure(() => run('sum(orders.lines.qty)', { orders })).code).toBe('too_much_work');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(failure(() => evaluate(compileExpression('sum(lines.q)').ast, { lines: [{ q: 1 }, { q: 2 }] }, { maxSteps: 5 })).code).toBe(
      'too_much_work',
    );
  });

  it('caps the length of joined text', () => {
    const big = 'x'.repeat(6000);
    expect(run('len(concat(s, s))', { s: 'x'.repeat(5000) })).toBe(10_000);
    expect(failure(() => run('concat(s, s)', { s: big })).code).toBe('text_too_long');
  });
});

describe('random input', () => {
  // A small deterministic generator, so a failure can be replayed.
  function generator(seed: number) {
    let state = seed;
    return () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
  }
  const pieces = [
    'a',
    'b',
    'lines',
    '.',
    'qty',
    '(',
    ')',
    ',',
    '+',
    '-',
    '*',
    '/',
    '%',
    '=',
    '<',
    '>=',
    '!=',
    ' and ',
    ' or ',
    'not ',
    '1',
    '0',
    '1e308',
    "'x'",
    '"',
    '`',
    'sum(',
    'if(',
    'round(',
    'daysBetween(',
    'len(',
    'concat(',
    'count(',
    'true',
    'null',
    '__proto__',
    '\\',
    '數',
    ' ',
  ];
  const data = { a: 1, b: 'two', lines: [{ qty: 1 }, { qty: null }, 'x'], qty: 1e308 };

  it('only ever fails with expression errors', () => {
    const random = generator(42);
    let compiled = 0;
    for (let i = 0; i < 3000; i++) {
      const source = Array.from({ length: 1 + Math.floor(random() * 25) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      let ast: ExpressionNode;
      try {
        ast = compileExpression(source).ast;
      } catch (err) {
        expect(err, source).toBeInstanceOf(ExpressionSyntaxError);
        continue;
      }
      compiled += 1;
      try {
        const value = evaluate(ast, data);
        expect(value === null || ['number', 'string', 'boolean'].includes(typeof value), source).toBe(true);
        if (typeof value === 'number') expect(Number.isFinite(value), source).toBe(true);
      } catch (err) {
        expect(err, source).toBeInstanceOf(ExpressionEvalError);
      }
    }
    expect(compiled).toBeGreaterThan(50); // the generator does produce valid expressions
  });
});
