import { describe, expect, it } from 'vitest';
import type { ExpressionNode } from './ast.ts';
import { compileExpression } from './compile.ts';
import { ExpressionSyntaxError } from './errors.ts';
import { formatFieldName } from './names.ts';
import { parseExpression } from './parser.ts';
import { tokenize } from './tokenizer.ts';

/** The tree as a compact string with explicit grouping, so precedence and associativity are visible. */
function shape(node: ExpressionNode): string {
  switch (node.type) {
    case 'literal':
      return JSON.stringify(node.value);
    case 'reference':
      return node.path.join('.');
    case 'unary':
      return `(${node.operator} ${shape(node.operand)})`;
    case 'binary':
    case 'logical':
      return `(${shape(node.left)} ${node.operator} ${shape(node.right)})`;
    case 'call':
      return `${node.name}(${node.args.map(shape).join(', ')})`;
  }
}

const parsed = (source: string) => shape(parseExpression(source));

function syntaxError(source: unknown): ExpressionSyntaxError {
  try {
    parseExpression(source);
  } catch (err) {
    expect(err).toBeInstanceOf(ExpressionSyntaxError);
    return err as ExpressionSyntaxError;
  }
  throw new Error(`expected ${JSON.stringify(source)} not to parse`);
}

describe('precedence', () => {
  it.each([
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['(1 + 2) * 3', '((1 + 2) * 3)'],
    ['a * b % c + d / e', '(((a * b) % c) + (d / e))'],
    ['-a * b', '((- a) * b)'],
    ['-2 * 3', '(-2 * 3)'],
    ['- -a', '(- (- a))'],
    ['a + b > c * d', '((a + b) > (c * d))'],
    ['not a = b', '(not (a = b))'],
    ['not not a', '(not (not a))'],
    ['a or b and c', '(a or (b and c))'],
    ['a and b or c and d', '((a and b) or (c and d))'],
    ['x > 1 and y <= 2 or not z', '(((x > 1) and (y <= 2)) or (not z))'],
    ['if(a > 0, a * 2, -a)', 'if((a > 0), (a * 2), (- a))'],
    ['sum(lines.qty * lines.unitPrice) + shipping.fee', '(sum((lines.qty * lines.unitPrice)) + shipping.fee)'],
  ])('%s', (source, expected) => {
    expect(parsed(source)).toBe(expected);
  });
});

describe('associativity', () => {
  it.each([
    ['10 - 4 - 3', '((10 - 4) - 3)'],
    ['8 / 4 / 2', '((8 / 4) / 2)'],
    ['a - b + c', '((a - b) + c)'],
    ['a * b / c', '((a * b) / c)'],
    ['a or b or c', '((a or b) or c)'],
    ['a and b and c', '((a and b) and c)'],
    ['10 - (4 - 3)', '(10 - (4 - 3))'],
  ])('%s', (source, expected) => {
    expect(parsed(source)).toBe(expected);
  });
});

describe('literals, names and spellings', () => {
  it('reads numbers, texts with escapes, true/false/null in any case', () => {
    expect(parsed('12 + 1.5 + .5 + 1e3 + 2.5E-1')).toBe('((((12 + 1.5) + 0.5) + 1000) + 0.25)');
    expect(parsed(`'it\\'s' = "say \\"hi\\"\\n"`)).toBe(`("it's" = "say \\"hi\\"\\n")`);
    expect(parsed('TRUE or False or NULL')).toBe('((true or false) or null)');
    expect(parsed('a AND b Or NOT c')).toBe('((a and b) or (not c))');
  });

  it('accepts == and <> as spellings of = and !=', () => {
    expect(parsed('a == 1')).toBe('(a = 1)');
    expect(parsed('a <> 1')).toBe('(a != 1)');
    expect(parsed('a != 1')).toBe('(a != 1)');
  });

  it('names function calls in any case, and keeps field names as written', () => {
    expect(parsed('SUM(lines.Qty)')).toBe('sum(lines.Qty)');
    expect(parsed('DaysBetween(start, end)')).toBe('daysBetween(start, end)');
    // A field may share a function's name: only a following "(" makes a call.
    expect(parsed('sum + if')).toBe('(sum + if)');
  });

  it('reads nested, quoted and non-Latin field names', () => {
    expect(parseExpression('shipping.region')).toMatchObject({ type: 'reference', path: ['shipping', 'region'], start: 0, end: 15 });
    expect(parseExpression('`unit price` * `a\\`b`.c')).toMatchObject({
      left: { path: ['unit price'] },
      right: { path: ['a`b', 'c'] },
    });
    expect(parseExpression('數量 * 單價')).toMatchObject({ left: { path: ['數量'] }, right: { path: ['單價'] } });
    expect(parseExpression('`and` + `null`')).toMatchObject({ left: { path: ['and'] }, right: { path: ['null'] } });
  });

  it('formats any key so that it reads back as the same name', () => {
    for (const key of ['qty', '數量', 'unit price', 'item-no', 'and', 'True', 'a`b\\c', 'x\ny', '1st']) {
      expect(parseExpression(formatFieldName(key))).toMatchObject({ type: 'reference', path: [key] });
    }
    expect(formatFieldName('unitPrice')).toBe('unitPrice');
    expect(formatFieldName('unit price')).toBe('`unit price`');
  });

  it('records source positions on every node', () => {
    const ast = parseExpression('  a + round(b, 2)');
    expect(ast).toMatchObject({ start: 2, end: 17, left: { start: 2, end: 3 }, right: { type: 'call', start: 6, end: 17 } });
  });

  it('tokenizes with positions and ignores any whitespace', () => {
    expect(tokenize('a\t<=\n 2').map((t) => [t.kind, t.value, t.start])).toEqual([
      ['name', 'a', 0],
      ['operator', '<=', 2],
      ['number', 2, 6],
      ['end', '', 7],
    ]);
  });
});

describe('compileExpression', () => {
  it('lists each field read once, in order of first use', () => {
    const compiled = compileExpression('sum(lines.qty * lines.unitPrice) * (1 - discount) + if(discount > 0, lines.qty, shipping.fee)');
    expect(compiled.references).toEqual(['lines.qty', 'lines.unitPrice', 'discount', 'shipping.fee']);
    expect(compiled.source).toContain('discount');
    expect(compileExpression('1 + 2').references).toEqual([]);
  });
});

describe('syntax errors carry a code and the position of the problem', () => {
  it.each([
    ['1 +', 'unexpected_end', 3],
    ['(1 + 2', 'unexpected_end', 6],
    ['1 + 2)', 'unexpected_token', 5],
    ['a b', 'unexpected_token', 2],
    ['2x', 'unexpected_token', 1],
    ['1 + * 2', 'unexpected_token', 4],
    ['a.', 'unexpected_token', 2],
    ['a.1', 'unexpected_token', 1],
    ['qty # 2', 'unexpected_character', 4],
    ['a && b', 'unexpected_character', 2],
    ['a || b', 'unexpected_character', 2],
    ['!a', 'unexpected_character', 0],
    ["'open", 'unterminated_text', 0],
    ['x + `open', 'unterminated_text', 4],
    ["'bad \\q'", 'bad_escape', 5],
    ['1 < 2 < 3', 'chained_comparison', 6],
    ['a = b = c', 'chained_comparison', 6],
    ['foo(1)', 'unknown_function', 0],
    ['1 + today()', 'not_allowed', 4],
    ['NOW()', 'not_allowed', 0],
    ['if(a, b)', 'wrong_arity', 0],
    ['x + round()', 'wrong_arity', 4],
    ['abs(1, 2)', 'wrong_arity', 0],
    ['sum()', 'wrong_arity', 0],
    ['sum(1,)', 'unexpected_token', 6],
    ['sum(1 2)', 'unexpected_token', 6],
    ['a and', 'unexpected_end', 5],
    ['and b', 'unexpected_token', 0],
    ['', 'empty', 0],
    ['   ', 'empty', 0],
    ['1e999', 'number_too_large', 0],
  ])('%j → %s at %i', (source, code, position) => {
    const err = syntaxError(source);
    expect({ code: err.code, position: err.position }).toEqual({ code, position });
    expect(err.message).toMatch(new RegExp(`\\(at column ${position + 1}\\)$`));
  });

  it('says what to write instead', () => {
    expect(syntaxError('a && b').message).toMatch(/Write "and" instead of "&&"/);
    expect(syntaxError('today()').message).toMatch(/same on the page and on the server/);
    expect(syntaxError('foo(1)').message).toMatch(/available: if, sum/);
    expect(syntaxError('if(a, b)').message).toMatch(/if\(\) takes 3 arguments, not 2/);
    expect(syntaxError('round()').message).toMatch(/takes 1 or 2 arguments/);
  });

  it('refuses input that is not text', () => {
    expect(syntaxError(42).code).toBe('not_text');
    expect(syntaxError(null).code).toBe('not_text');
    expect(syntaxError({ toString: () => '1' }).code).toBe('not_text');
  });
});
