/**
 * The syntax tree the parser produces and the evaluator walks. Plain JSON-compatible objects, so a
 * compiled expression can be cached, logged or sent to a worker. `start`/`end` are 0-based offsets
 * into the source (end exclusive).
 */

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';
export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type BinaryOperator = ArithmeticOperator | ComparisonOperator;

/** Values an expression yields: what a JSON form field can hold, apart from lists and groups. */
export type ExpressionValue = number | string | boolean | null;

interface Span {
  start: number;
  end: number;
}

export interface LiteralNode extends Span {
  type: 'literal';
  value: ExpressionValue;
}

/** A field, by key; `shipping.region` is `['shipping', 'region']`, `lines.qty` a sub-table column. */
export interface ReferenceNode extends Span {
  type: 'reference';
  path: string[];
}

export interface UnaryNode extends Span {
  type: 'unary';
  operator: '-' | 'not';
  operand: ExpressionNode;
}

export interface BinaryNode extends Span {
  type: 'binary';
  operator: BinaryOperator;
  left: ExpressionNode;
  right: ExpressionNode;
}

/** `and` / `or`: kept apart from BinaryNode because only the left side is always evaluated. */
export interface LogicalNode extends Span {
  type: 'logical';
  operator: 'and' | 'or';
  left: ExpressionNode;
  right: ExpressionNode;
}

export interface CallNode extends Span {
  type: 'call';
  name: FunctionName;
  args: ExpressionNode[];
}

export type ExpressionNode = LiteralNode | ReferenceNode | UnaryNode | BinaryNode | LogicalNode | CallNode;

interface FunctionSpec {
  minArgs: number;
  maxArgs: number;
  /** Aggregates map over the rows of a sub-table their arguments name (see README.md). */
  aggregate?: true;
}

export const FUNCTIONS = {
  if: { minArgs: 3, maxArgs: 3 },
  sum: { minArgs: 1, maxArgs: Infinity, aggregate: true },
  avg: { minArgs: 1, maxArgs: Infinity, aggregate: true },
  min: { minArgs: 1, maxArgs: Infinity, aggregate: true },
  max: { minArgs: 1, maxArgs: Infinity, aggregate: true },
  count: { minArgs: 1, maxArgs: Infinity, aggregate: true },
  round: { minArgs: 1, maxArgs: 2 },
  abs: { minArgs: 1, maxArgs: 1 },
  daysBetween: { minArgs: 2, maxArgs: 2 },
  concat: { minArgs: 1, maxArgs: Infinity },
  len: { minArgs: 1, maxArgs: 1 },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof FUNCTIONS;

export function isAggregate(name: FunctionName): boolean {
  return (FUNCTIONS[name] as FunctionSpec).aggregate === true;
}

/**
 * Functions that would make a value depend on when or where it is worked out. The page and the
 * server must reach the same value from the same answers (the server rejects a mismatch), and a stored
 * submission must keep meaning what the person saw, so these are refused with a reason rather than
 * as unknown names.
 */
export const REFUSED_FUNCTIONS: Readonly<Record<string, string>> = {
  today:
    'today() is not available: a calculated value must come out the same on the page and on the server, whatever the day or time zone; use a date field instead',
  now: 'now() is not available: a calculated value must come out the same on the page and on the server; use a date or date-time field instead',
  random: 'random() is not available: a calculated value must come out the same on the page and on the server',
};
