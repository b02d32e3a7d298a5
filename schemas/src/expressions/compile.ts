import type { ExpressionNode } from './ast.ts';
import { parseExpression } from './parser.ts';

export interface CompiledExpression {
  source: string;
  ast: ExpressionNode;
  /**
   * The fields the expression reads, as written (`qty`, `shipping.region`, `lines.unitPrice`), each
   * once, in order of first use: what the designer shows as dependencies and checks for cycles.
   */
  references: string[];
}

/** Calls `visit` on every node of the tree, parents before children. */
export function walkExpression(node: ExpressionNode, visit: (node: ExpressionNode) => void): void {
  visit(node);
  switch (node.type) {
    case 'unary':
      walkExpression(node.operand, visit);
      break;
    case 'binary':
    case 'logical':
      walkExpression(node.left, visit);
      walkExpression(node.right, visit);
      break;
    case 'call':
      for (const arg of node.args) walkExpression(arg, visit);
      break;
  }
}

export function referencesOf(ast: ExpressionNode): string[] {
  const seen = new Set<string>();
  walkExpression(ast, (node) => {
    if (node.type === 'reference') seen.add(node.path.join('.'));
  });
  return [...seen];
}

/** Parses an expression and lists the fields it reads. Throws ExpressionSyntaxError only. */
export function compileExpression(source: string): CompiledExpression {
  const ast = parseExpression(source);
  return { source, ast, references: referencesOf(ast) };
}
