/**
 * Immutable edits of the field tree by index path. Only the nodes on the path from the root to the
 * edit are copied (and their sibling arrays, shallowly); every other node keeps its identity, which
 * is what lets the UI skip re-rendering untouched fields and keeps a command on a 500-field form cheap.
 */
import type { FieldNode } from './tree.ts';

/** Replaces the node at `path` with `fn(node)`. */
export function updateAt(fields: readonly FieldNode[], path: readonly number[], fn: (node: FieldNode) => FieldNode): FieldNode[] {
  const [head, ...rest] = path;
  const out = fields.slice();
  const node = fields[head];
  out[head] = rest.length === 0 ? fn(node) : { ...node, children: updateAt(node.children ?? [], rest, fn) };
  return out;
}

/** Applies `fn` to the child list at `parentPath` ([] for the root list). */
export function updateChildren(
  fields: readonly FieldNode[],
  parentPath: readonly number[],
  fn: (children: readonly FieldNode[]) => FieldNode[],
): FieldNode[] {
  if (parentPath.length === 0) return fn(fields);
  return updateAt(fields, parentPath, (parent) => ({ ...parent, children: fn(parent.children ?? []) }));
}

export function removeAt(fields: readonly FieldNode[], path: readonly number[]): FieldNode[] {
  const index = path[path.length - 1];
  return updateChildren(fields, path.slice(0, -1), (list) => [...list.slice(0, index), ...list.slice(index + 1)]);
}

export function insertAt(fields: readonly FieldNode[], parentPath: readonly number[], index: number, node: FieldNode): FieldNode[] {
  return updateChildren(fields, parentPath, (list) => [...list.slice(0, index), node, ...list.slice(index)]);
}
