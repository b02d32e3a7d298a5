/**
 * Limits on expressions. Expressions are written by form builders but evaluated on the server for
 * every submission, so they are treated like any untrusted input: bounded in size, nesting and work.
 */
export const EXPRESSION_LIMITS = {
  /** Characters in one expression; a real formula is a line or two. */
  maxSourceLength: 2000,
  /** Nesting of parentheses, calls and operators (the height of the syntax tree). */
  maxDepth: 50,
  /** Parts (literals, names, operators, calls) in one expression. */
  maxNodes: 500,
  /** Evaluation steps for one evaluation, summed over every row an aggregate visits. */
  maxSteps: 250_000,
  /** Characters in a text result of concat(). */
  maxTextLength: 10_000,
  /** Largest `n` in round(x, n). */
  maxRoundDecimals: 12,
} as const;

/**
 * Names that reach into JavaScript's object machinery rather than form data. Field lookups already
 * read only own properties of plain objects; refusing the names outright also keeps them out of
 * stored forms.
 */
export const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['constructor', '__proto__', 'prototype']);
