/**
 * Checks a syntax tree's shape and size before evaluation, without recursion, so a stored or
 * hand-built tree (deep, cyclic, with unknown kinds of parts) fails cleanly instead of crashing.
 */
import { FUNCTIONS, type ExpressionNode } from './ast.ts';
import { ExpressionEvalError } from './errors.ts';
import { EXPRESSION_LIMITS, FORBIDDEN_NAMES } from './limits.ts';
import { isPlainObject } from './values.ts';

const BINARY = new Set(['+', '-', '*', '/', '%', '=', '!=', '<', '<=', '>', '>=']);

const verified = new WeakSet<object>();

/**
 * Throws ExpressionEvalError unless `root` is a well-formed tree within the limits. Trees that pass are
 * remembered (trees are not changed once built), so a cached expression is checked once.
 */
export function verifyTree(root: ExpressionNode): void {
  if (verified.has(root)) return;
  const bad = (message: string): never => {
    throw new ExpressionEvalError('bad_ast', `Not a valid expression tree: ${message}`);
  };
  const stack: Array<[unknown, number]> = [[root, 1]];
  let count = 0;
  while (stack.length > 0) {
    const [candidate, depth] = stack.pop()!;
    if (depth > EXPRESSION_LIMITS.maxDepth) {
      throw new ExpressionEvalError('too_deep', `The expression is nested more than ${EXPRESSION_LIMITS.maxDepth} levels deep`);
    }
    if (++count > EXPRESSION_LIMITS.maxNodes) bad(`more than ${EXPRESSION_LIMITS.maxNodes} parts`);
    if (!isPlainObject(candidate)) return bad('a part is not an object');
    const node = candidate as unknown as ExpressionNode;
    switch (node.type) {
      case 'literal':
        if (!(node.value === null || ['string', 'boolean'].includes(typeof node.value) || Number.isFinite(node.value))) bad('bad literal');
        break;
      case 'reference':
        if (!Array.isArray(node.path) || node.path.length === 0 || !node.path.every((p) => typeof p === 'string')) bad('bad field path');
        for (const name of node.path) {
          if (FORBIDDEN_NAMES.has(name))
            throw new ExpressionEvalError('forbidden_name', `"${name}" cannot be used as a field name`, node.start);
        }
        break;
      case 'unary':
        if (node.operator !== '-' && node.operator !== 'not') bad('bad unary operator');
        stack.push([node.operand, depth + 1]);
        break;
      case 'binary':
      case 'logical':
        if (node.type === 'binary' ? !BINARY.has(node.operator) : node.operator !== 'and' && node.operator !== 'or') bad('bad operator');
        stack.push([node.left, depth + 1], [node.right, depth + 1]);
        break;
      case 'call': {
        if (!Object.hasOwn(FUNCTIONS, node.name) || !Array.isArray(node.args)) return bad('bad call');
        const { minArgs, maxArgs } = FUNCTIONS[node.name];
        if (node.args.length < minArgs || node.args.length > maxArgs) bad(`wrong number of arguments to ${node.name}`);
        for (const arg of node.args) stack.push([arg, depth + 1]);
        break;
      }
      default:
        bad('unknown kind of part');
    }
  }
  verified.add(root);
}
