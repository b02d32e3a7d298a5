/**
 * The two ways an expression can fail. Both carry a `code` (stable, for translated messages in the
 * designer) and an English `message`; nothing else is ever thrown by compileExpression or evaluate.
 */

export type ExpressionSyntaxErrorCode =
  | 'not_text'
  | 'empty'
  | 'too_long'
  | 'too_deep'
  | 'too_many_parts'
  | 'unexpected_character'
  | 'unterminated_text'
  | 'bad_escape'
  | 'number_too_large'
  | 'unexpected_token'
  | 'unexpected_end'
  | 'chained_comparison'
  | 'unknown_function'
  | 'wrong_arity'
  | 'not_allowed'
  | 'forbidden_name';

export type ExpressionEvalErrorCode =
  | 'bad_ast'
  | 'too_deep'
  | 'too_much_work'
  | 'forbidden_name'
  | 'not_a_value'
  | 'column_outside_aggregate'
  | 'several_tables'
  | 'list_result'
  | 'list_not_allowed'
  | 'condition_not_boolean'
  | 'wrong_argument'
  | 'number_too_large'
  | 'text_too_long';

/** The expression is not well-formed. `position` is the 0-based offset of the offending character. */
export class ExpressionSyntaxError extends Error {
  readonly code: ExpressionSyntaxErrorCode;
  readonly position: number;
  constructor(code: ExpressionSyntaxErrorCode, message: string, position: number) {
    super(`${message} (at column ${position + 1})`);
    this.name = 'ExpressionSyntaxError';
    this.code = code;
    this.position = position;
  }
}

/**
 * A well-formed expression could not produce a value for this data, or was used in a way only the
 * data reveals (a sub-table column outside sum(), a section used as a number). `position` points at
 * the part of the expression that failed, when known.
 */
export class ExpressionEvalError extends Error {
  readonly code: ExpressionEvalErrorCode;
  readonly position: number | undefined;
  constructor(code: ExpressionEvalErrorCode, message: string, position?: number) {
    super(message);
    this.name = 'ExpressionEvalError';
    this.code = code;
    this.position = position;
  }
}

export function isExpressionError(err: unknown): err is ExpressionSyntaxError | ExpressionEvalError {
  return err instanceof ExpressionSyntaxError || err instanceof ExpressionEvalError;
}
