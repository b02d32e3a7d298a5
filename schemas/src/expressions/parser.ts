/**
 * Recursive-descent parser: tokens → syntax tree. One function per precedence level, lowest first
 * (the grammar is in README.md). Nothing here evaluates anything.
 */
import {
  FUNCTIONS,
  REFUSED_FUNCTIONS,
  type BinaryOperator,
  type ComparisonOperator,
  type ExpressionNode,
  type FunctionName,
  type ReferenceNode,
} from './ast.ts';
import { ExpressionSyntaxError } from './errors.ts';
import { EXPRESSION_LIMITS, FORBIDDEN_NAMES } from './limits.ts';
import { KEYWORDS } from './names.ts';
import { tokenize, type Token } from './tokenizer.ts';

const COMPARISONS: Record<string, ComparisonOperator> = {
  '=': '=',
  '==': '=',
  '!=': '!=',
  '<>': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};
const FUNCTION_BY_LOWER_NAME = new Map(Object.keys(FUNCTIONS).map((name) => [name.toLowerCase(), name as FunctionName]));

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end';
    case 'text':
      return 'a text';
    case 'number':
      return `the number ${String(token.value)}`;
    default:
      return `"${String(token.value)}"`;
  }
}

class Parser {
  private index = 0;
  private nesting = 0;
  private nodes = 0;
  private readonly heights = new WeakMap<ExpressionNode, number>();

  constructor(private readonly tokens: Token[]) {}

  parse(): ExpressionNode {
    const node = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'end') this.fail('unexpected_token', `Expected an operator or the end, found ${describe(next)}`, next);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private advance(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  private isOperator(...ops: string[]): boolean {
    const token = this.peek();
    return token.kind === 'operator' && ops.includes(token.value as string);
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token.kind === 'name' && (token.value as string).toLowerCase() === word;
  }

  private expectOperator(op: string, what: string): Token {
    if (!this.isOperator(op)) {
      const token = this.peek();
      this.fail(token.kind === 'end' ? 'unexpected_end' : 'unexpected_token', `Expected ${what}, found ${describe(token)}`, token);
    }
    return this.advance();
  }

  private fail(code: ExpressionSyntaxError['code'], message: string, at: Token | number): never {
    throw new ExpressionSyntaxError(code, message, typeof at === 'number' ? at : at.start);
  }

  /** Guards the parser's own recursion, so 10 000 opening parentheses cannot exhaust the stack. */
  private nested<T>(at: Token, parse: () => T): T {
    if (++this.nesting > EXPRESSION_LIMITS.maxDepth) {
      this.fail('too_deep', `The expression is nested more than ${EXPRESSION_LIMITS.maxDepth} levels deep`, at);
    }
    try {
      return parse();
    } finally {
      this.nesting -= 1;
    }
  }

  /** Records a node, enforcing the size limit and the height of the tree (long chains count too). */
  private node<T extends ExpressionNode>(node: T, children: ExpressionNode[] = []): T {
    if (++this.nodes > EXPRESSION_LIMITS.maxNodes) {
      this.fail(
        'too_many_parts',
        `The expression has more than ${EXPRESSION_LIMITS.maxNodes} parts; split it over several fields`,
        node.start,
      );
    }
    const height = 1 + Math.max(0, ...children.map((child) => this.heights.get(child) ?? 1));
    if (height > EXPRESSION_LIMITS.maxDepth) {
      this.fail(
        'too_deep',
        `The expression is nested more than ${EXPRESSION_LIMITS.maxDepth} levels deep; for a long total write sum(a, b, c, …)`,
        node.start,
      );
    }
    this.heights.set(node, height);
    return node;
  }

  private parseOr(): ExpressionNode {
    let left = this.parseAnd();
    while (this.isKeyword('or')) {
      this.advance();
      const right = this.parseAnd();
      left = this.node({ type: 'logical', operator: 'or', left, right, start: left.start, end: right.end }, [left, right]);
    }
    return left;
  }

  private parseAnd(): ExpressionNode {
    let left = this.parseNot();
    while (this.isKeyword('and')) {
      this.advance();
      const right = this.parseNot();
      left = this.node({ type: 'logical', operator: 'and', left, right, start: left.start, end: right.end }, [left, right]);
    }
    return left;
  }

  private parseNot(): ExpressionNode {
    if (!this.isKeyword('not')) return this.parseComparison();
    const token = this.advance();
    const operand = this.nested(token, () => this.parseNot());
    return this.node({ type: 'unary', operator: 'not', operand, start: token.start, end: operand.end }, [operand]);
  }

  /** Comparisons do not chain: `a < b < c` is almost always a mistake for `a < b and b < c`. */
  private parseComparison(): ExpressionNode {
    const left = this.parseAdditive();
    const token = this.peek();
    const operator = token.kind === 'operator' ? COMPARISONS[token.value as string] : undefined;
    if (!operator) return left;
    this.advance();
    const right = this.parseAdditive();
    const next = this.peek();
    if (next.kind === 'operator' && COMPARISONS[next.value as string]) {
      this.fail('chained_comparison', 'Comparisons cannot be chained: write (a < b) and (b < c)', next);
    }
    return this.node({ type: 'binary', operator, left, right, start: left.start, end: right.end }, [left, right]);
  }

  private parseAdditive(): ExpressionNode {
    let left = this.parseMultiplicative();
    while (this.isOperator('+', '-')) {
      const operator = this.advance().value as BinaryOperator;
      const right = this.parseMultiplicative();
      left = this.node({ type: 'binary', operator, left, right, start: left.start, end: right.end }, [left, right]);
    }
    return left;
  }

  private parseMultiplicative(): ExpressionNode {
    let left = this.parseUnary();
    while (this.isOperator('*', '/', '%')) {
      const operator = this.advance().value as BinaryOperator;
      const right = this.parseUnary();
      left = this.node({ type: 'binary', operator, left, right, start: left.start, end: right.end }, [left, right]);
    }
    return left;
  }

  private parseUnary(): ExpressionNode {
    if (!this.isOperator('-')) return this.parsePrimary();
    const token = this.advance();
    const operand = this.nested(token, () => this.parseUnary());
    // A negative number is a number, not an operation on one.
    if (operand.type === 'literal' && typeof operand.value === 'number') {
      return { ...operand, value: operand.value === 0 ? 0 : -operand.value, start: token.start };
    }
    return this.node({ type: 'unary', operator: '-', operand, start: token.start, end: operand.end }, [operand]);
  }

  private parsePrimary(): ExpressionNode {
    const token = this.peek();
    switch (token.kind) {
      case 'number':
      case 'text':
        this.advance();
        return this.node({ type: 'literal', value: token.value, start: token.start, end: token.end });
      case 'quotedName':
        return this.parseReference();
      case 'name': {
        const word = (token.value as string).toLowerCase();
        if (word === 'true' || word === 'false' || word === 'null') {
          this.advance();
          return this.node({ type: 'literal', value: word === 'null' ? null : word === 'true', start: token.start, end: token.end });
        }
        if (KEYWORDS.has(word)) this.fail('unexpected_token', `Expected a value before "${String(token.value)}"`, token);
        const following = this.tokens[this.index + 1];
        if (following.kind === 'operator' && following.value === '(') return this.parseCall();
        return this.parseReference();
      }
      case 'operator':
        if (token.value === '(') {
          this.advance();
          const inner = this.nested(token, () => this.parseOr());
          this.expectOperator(')', 'a closing ")"');
          return inner;
        }
        return this.fail('unexpected_token', `Expected a value, found ${describe(token)}`, token);
      case 'end':
        return this.fail('unexpected_end', 'The expression ends too early: a value is missing', token);
    }
  }

  private parseName(token: Token): string {
    const name = token.value as string;
    if (FORBIDDEN_NAMES.has(name)) this.fail('forbidden_name', `"${name}" cannot be used as a field name`, token);
    return name;
  }

  private parseReference(): ReferenceNode {
    const first = this.advance();
    const path = [this.parseName(first)];
    let end = first.end;
    while (this.isOperator('.')) {
      this.advance();
      const part = this.peek();
      if (part.kind !== 'name' && part.kind !== 'quotedName')
        this.fail('unexpected_token', `Expected a field name after ".", found ${describe(part)}`, part);
      this.advance();
      path.push(this.parseName(part));
      end = part.end;
    }
    return this.node({ type: 'reference', path, start: first.start, end });
  }

  private parseCall(): ExpressionNode {
    const nameToken = this.advance();
    const written = nameToken.value as string;
    const refusal = REFUSED_FUNCTIONS[written.toLowerCase()];
    if (refusal) this.fail('not_allowed', refusal, nameToken);
    const name = FUNCTION_BY_LOWER_NAME.get(written.toLowerCase());
    if (!name) {
      this.fail('unknown_function', `There is no function "${written}"; available: ${Object.keys(FUNCTIONS).join(', ')}`, nameToken);
    }
    const open = this.advance(); // "("
    const args = this.nested(open, () => {
      const list: ExpressionNode[] = [];
      if (this.isOperator(')')) return list;
      do {
        if (list.length > 0) this.advance(); // ","
        list.push(this.parseOr());
      } while (this.isOperator(','));
      return list;
    });
    const close = this.expectOperator(')', `"," or a closing ")" for ${name}(`);
    const { minArgs, maxArgs } = FUNCTIONS[name];
    if (args.length < minArgs || args.length > maxArgs) {
      const expected = minArgs === maxArgs ? `${minArgs}` : maxArgs === Infinity ? `at least ${minArgs}` : `${minArgs} or ${maxArgs}`;
      this.fail('wrong_arity', `${name}() takes ${expected} argument${expected === '1' ? '' : 's'}, not ${args.length}`, nameToken);
    }
    return this.node({ type: 'call', name, args, start: nameToken.start, end: close.end }, args);
  }
}

/** Parses `source` into a syntax tree; throws ExpressionSyntaxError (with a position) and nothing else. */
export function parseExpression(source: unknown): ExpressionNode {
  if (typeof source !== 'string') throw new ExpressionSyntaxError('not_text', 'An expression must be text', 0);
  if (source.length > EXPRESSION_LIMITS.maxSourceLength) {
    throw new ExpressionSyntaxError(
      'too_long',
      `The expression is longer than ${EXPRESSION_LIMITS.maxSourceLength} characters; split it over several fields`,
      EXPRESSION_LIMITS.maxSourceLength,
    );
  }
  if (source.trim() === '') throw new ExpressionSyntaxError('empty', 'The expression is empty', 0);
  return new Parser(tokenize(source)).parse();
}
