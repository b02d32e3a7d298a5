/** The expression language of calculated fields (grammar and meaning: README.md). */
export {
  FUNCTIONS as EXPRESSION_FUNCTIONS,
  REFUSED_FUNCTIONS,
  isAggregate,
  type ArithmeticOperator,
  type BinaryNode,
  type BinaryOperator,
  type CallNode,
  type ComparisonOperator,
  type ExpressionNode,
  type ExpressionValue,
  type FunctionName,
  type LiteralNode,
  type LogicalNode,
  type ReferenceNode,
  type UnaryNode,
} from './ast.ts';
export * from './errors.ts';
export { EXPRESSION_LIMITS, FORBIDDEN_NAMES } from './limits.ts';
export { formatFieldName, KEYWORDS as EXPRESSION_KEYWORDS } from './names.ts';
export { tokenize, type Token, type TokenKind } from './tokenizer.ts';
export { parseExpression } from './parser.ts';
export { compileExpression, referencesOf, walkExpression, type CompiledExpression } from './compile.ts';
export { evaluate, type EvaluateOptions, type EvaluationScope, type ScopeLevel } from './evaluator.ts';
