/**
 * Evaluates a syntax tree over plain data (parsed JSON). It reads only own data properties of plain
 * objects, never calls into the data, and bounds its work, so neither a hostile expression nor
 * hostile data can reach JavaScript internals or hang the server. Semantics are in README.md.
 */
import { roundTo, stripFloatNoise } from '../calc/rounding.ts';
import { isAggregate, type CallNode, type ExpressionNode, type ExpressionValue, type ReferenceNode } from './ast.ts';
import { walkExpression } from './compile.ts';
import { ExpressionEvalError } from './errors.ts';
import { EXPRESSION_LIMITS } from './limits.ts';
import { codePointLength, dayNumber, isPlainObject, own, textOf } from './values.ts';
import { verifyTree } from './verify.ts';

export interface ScopeLevel {
  /** A data object: the sub-table row or section the expression belongs to, or one enclosing it. */
  data: unknown;
  /**
   * The field keys this level declares (its schema's properties). A name is looked up in the first
   * level that declares it, so a row's blank `qty` is blank rather than some outer `qty`; a name no
   * level declares is read from the first level whose data has it. Without `names`, the keys present
   * in `data` count as declared.
   */
  names?: ReadonlySet<string>;
}

/** A data object, or levels innermost first (a row, then the form around it). */
export type EvaluationScope = Readonly<Record<string, unknown>> | readonly ScopeLevel[];

export interface EvaluateOptions {
  /** Overrides EXPRESSION_LIMITS.maxSteps (tests). */
  maxSteps?: number;
}

/** What a sub-expression yields: a value, or a list read from a field (only aggregates and len() take lists). */
type Operand = ExpressionValue | readonly unknown[];

const ARITHMETIC = new Set(['+', '-', '*', '/', '%']);

function finite(value: number, node: ExpressionNode): number {
  if (!Number.isFinite(value)) throw new ExpressionEvalError('number_too_large', 'The result is too large to be a number', node.start);
  const clean = stripFloatNoise(value);
  return clean === 0 ? 0 : clean; // no -0
}

class Evaluation {
  private steps = 0;
  /** The row each sub-table is at while an aggregate maps over it. */
  private readonly rows = new Map<readonly unknown[], unknown>();

  constructor(
    private readonly levels: readonly ScopeLevel[],
    private readonly maxSteps: number,
  ) {}

  private tick(node: ExpressionNode): void {
    if (++this.steps > this.maxSteps) {
      throw new ExpressionEvalError('too_much_work', 'The expression takes too long to work out for this much data', node.start);
    }
  }

  private lookup(name: string): unknown {
    for (const level of this.levels) {
      const declared = level.names ? level.names.has(name) : isPlainObject(level.data) && Object.hasOwn(level.data, name);
      if (declared) return own(level.data, name);
    }
    // A key no schema declares (extra data the form allows) is read where it is present, innermost first.
    for (const level of this.levels) {
      if (level.names && isPlainObject(level.data) && Object.hasOwn(level.data, name)) return own(level.data, name);
    }
    return undefined;
  }

  /** Follows a field path through sections and bound rows; stops at a sub-table no aggregate is mapping. */
  private follow(node: ReferenceNode): { value: unknown } | { table: readonly unknown[]; at: number } {
    let value = this.lookup(node.path[0]);
    for (let i = 1; i < node.path.length; i++) {
      if (Array.isArray(value)) {
        if (!this.rows.has(value)) return { table: value, at: i };
        value = this.rows.get(value);
      }
      value = own(value, node.path[i]);
    }
    return { value };
  }

  private reference(node: ReferenceNode): Operand {
    const found = this.follow(node);
    if ('table' in found) {
      const table = node.path.slice(0, found.at).join('.');
      throw new ExpressionEvalError(
        'column_outside_aggregate',
        `${node.path.join('.')} is a column of the sub-table ${table}: use it inside sum(), avg(), min(), max() or count()`,
        node.start,
      );
    }
    const { value } = found;
    if (value === undefined || value === null) return null;
    if (typeof value === 'number') return Number.isFinite(value) ? value : null;
    if (typeof value === 'string' || typeof value === 'boolean') return value;
    if (Array.isArray(value)) return value;
    if (isPlainObject(value)) {
      throw new ExpressionEvalError(
        'not_a_value',
        `${node.path.join('.')} is a group of fields: refer to one of them, such as ${node.path.join('.')}.fieldKey`,
        node.start,
      );
    }
    return null;
  }

  private scalar(node: ExpressionNode): ExpressionValue {
    const value = this.eval(node);
    if (Array.isArray(value)) {
      throw new ExpressionEvalError(
        'list_not_allowed',
        'A list (a sub-table or multiple choice) can only be used inside sum(), avg(), min(), max(), count() or len()',
        node.start,
      );
    }
    return value as ExpressionValue;
  }

  /** Only real numbers count; a blank, a text or a yes/no makes the result blank. */
  private number(node: ExpressionNode): number | null {
    const value = this.scalar(node);
    return typeof value === 'number' ? value : null;
  }

  private condition(node: ExpressionNode): boolean {
    const value = this.scalar(node);
    if (value === true) return true;
    if (value === false || value === null) return false; // a blank answer does not hold
    throw new ExpressionEvalError('condition_not_boolean', 'A condition must be true or false, such as qty > 0', node.start);
  }

  eval(node: ExpressionNode): Operand {
    this.tick(node);
    switch (node.type) {
      case 'literal':
        return node.value;
      case 'reference':
        return this.reference(node);
      case 'unary': {
        if (node.operator === 'not') return !this.condition(node.operand);
        const n = this.number(node.operand);
        return n === null ? null : finite(-n, node);
      }
      case 'logical': {
        const left = this.condition(node.left);
        if (node.operator === 'and' ? !left : left) return left;
        return this.condition(node.right);
      }
      case 'binary':
        return ARITHMETIC.has(node.operator) ? this.arithmetic(node) : this.compare(node);
      case 'call':
        return this.call(node);
    }
  }

  private arithmetic(node: ExpressionNode & { type: 'binary' }): ExpressionValue {
    const a = this.number(node.left);
    const b = this.number(node.right);
    if (a === null || b === null) return null;
    switch (node.operator) {
      case '+':
        return finite(a + b, node);
      case '-':
        return finite(a - b, node);
      case '*':
        return finite(a * b, node);
      case '/':
        return b === 0 ? null : finite(a / b, node);
      default:
        return b === 0 ? null : finite(a % b, node);
    }
  }

  private compare(node: ExpressionNode & { type: 'binary' }): ExpressionValue {
    const a = this.scalar(node.left);
    const b = this.scalar(node.right);
    if (node.operator === '=' || node.operator === '!=') {
      const same = typeof a === 'number' && typeof b === 'number' ? stripFloatNoise(a) === stripFloatNoise(b) : a === b;
      return node.operator === '=' ? same : !same;
    }
    // Numbers with numbers, texts with texts (ISO dates order correctly as text); anything else has no order.
    if (!((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string'))) return null;
    const [x, y] = typeof a === 'number' ? [stripFloatNoise(a), stripFloatNoise(b as number)] : [a, b];
    switch (node.operator) {
      case '<':
        return x < y;
      case '<=':
        return x <= y;
      case '>':
        return x > y;
      default:
        return x >= y;
    }
  }

  /** The sub-tables an aggregate argument names that no enclosing aggregate is already mapping. */
  private unmappedTables(arg: ExpressionNode): Set<readonly unknown[]> {
    const tables = new Set<readonly unknown[]>();
    walkExpression(arg, (node) => {
      if (node.type !== 'reference') return;
      this.tick(node);
      const found = this.follow(node);
      if ('table' in found) tables.add(found.table);
    });
    return tables;
  }

  /** Adds an aggregate argument's values to `out`: once per row of the sub-table it names, lists flattened. */
  private mapRows(arg: ExpressionNode, fn: string, out: unknown[]): void {
    const tables = this.unmappedTables(arg);
    if (tables.size > 1) {
      throw new ExpressionEvalError(
        'several_tables',
        `One ${fn}() can go over one sub-table at a time; add separate ${fn}() calls together instead`,
        arg.start,
      );
    }
    const [table] = tables;
    if (!table) {
      const value = this.eval(arg);
      if (!Array.isArray(value)) out.push(value);
      else
        for (const item of value) {
          this.tick(arg);
          out.push(item);
        }
      return;
    }
    try {
      for (const row of table) {
        this.rows.set(table, row);
        this.mapRows(arg, fn, out); // a row may hold a further sub-table (orders.lines.qty)
      }
    } finally {
      this.rows.delete(table);
    }
  }

  private aggregate(node: CallNode): ExpressionValue {
    const values: unknown[] = [];
    for (const arg of node.args) this.mapRows(arg, node.name, values);
    if (node.name === 'count') return values.filter((v) => v !== null && v !== undefined && v !== '').length;
    const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    switch (node.name) {
      case 'sum':
        return finite(
          numbers.reduce((total, n) => total + n, 0),
          node,
        );
      case 'avg':
        return numbers.length === 0 ? null : finite(numbers.reduce((total, n) => total + n, 0) / numbers.length, node);
      case 'min':
        return numbers.length === 0 ? null : numbers.reduce((m, n) => (n < m ? n : m));
      default:
        return numbers.length === 0 ? null : numbers.reduce((m, n) => (n > m ? n : m));
    }
  }

  private call(node: CallNode): Operand {
    if (isAggregate(node.name)) return this.aggregate(node);
    const [first, second, third] = node.args;
    switch (node.name) {
      case 'if':
        return this.condition(first) ? this.eval(second) : this.eval(third);
      case 'abs': {
        const n = this.number(first);
        return n === null ? null : Math.abs(n);
      }
      case 'round': {
        const n = this.number(first);
        const places = second ? this.scalar(second) : 0;
        if (
          places !== null &&
          !(Number.isInteger(places) && (places as number) >= 0 && (places as number) <= EXPRESSION_LIMITS.maxRoundDecimals)
        ) {
          throw new ExpressionEvalError(
            'wrong_argument',
            `round(x, n) needs n to be a whole number from 0 to ${EXPRESSION_LIMITS.maxRoundDecimals}`,
            second!.start,
          );
        }
        if (n === null || places === null) return null;
        return finite(roundTo(n, places as number), node);
      }
      case 'daysBetween': {
        const from = dayNumber(this.scalar(first));
        const to = dayNumber(this.scalar(second));
        return from === null || to === null ? null : to - from;
      }
      case 'concat': {
        const parts = node.args.map((arg) => textOf(this.scalar(arg)));
        if (parts.reduce((total, part) => total + part.length, 0) > EXPRESSION_LIMITS.maxTextLength) {
          throw new ExpressionEvalError(
            'text_too_long',
            `The text would be longer than ${EXPRESSION_LIMITS.maxTextLength} characters`,
            node.start,
          );
        }
        return parts.join('');
      }
      case 'len': {
        const value = this.eval(first);
        if (value === null) return 0;
        if (typeof value === 'string') return codePointLength(value);
        if (Array.isArray(value)) return value.length;
        throw new ExpressionEvalError('wrong_argument', 'len() counts the characters of a text or the entries of a list', first.start);
      }
    }
    throw new ExpressionEvalError('bad_ast', `Not a valid expression tree: unknown function ${String(node.name)}`, node.start);
  }
}

/**
 * Works out an expression's value over `scope`. Returns a number, text, true/false, or null for "no
 * value" (a blank input, division by zero, a non-date in daysBetween). Throws ExpressionEvalError and
 * nothing else.
 */
export function evaluate(ast: ExpressionNode, scope: EvaluationScope, options: EvaluateOptions = {}): ExpressionValue {
  verifyTree(ast);
  const levels = Array.isArray(scope) ? (scope as readonly ScopeLevel[]) : [{ data: scope }];
  const result = new Evaluation(levels, options.maxSteps ?? EXPRESSION_LIMITS.maxSteps).eval(ast);
  if (Array.isArray(result)) {
    throw new ExpressionEvalError('list_result', 'The result is a list: wrap it in sum(), count() or another aggregate', ast.start);
  }
  return typeof result === 'number' ? finite(result, ast) : (result as ExpressionValue);
}
