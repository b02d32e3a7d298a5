/**
 * Finding a field by id without walking the tree each time. The id → index-path map is cached per
 * field array; commands that do not change the tree's shape (updateField, setKey) hand the map on
 * to the new array, so editing one property of a 500-field form stays O(depth).
 */
import type { FieldLocation, FieldNode } from './tree.ts';

const pathCache = new WeakMap<readonly FieldNode[], Map<string, number[]>>();

function buildPaths(fields: readonly FieldNode[]): Map<string, number[]> {
  const paths = new Map<string, number[]>();
  const go = (list: readonly FieldNode[], prefix: number[]) =>
    list.forEach((node, i) => {
      const path = [...prefix, i];
      paths.set(node.id, path);
      if (node.children) go(node.children, path);
    });
  go(fields, []);
  return paths;
}

export function pathsOf(fields: readonly FieldNode[]): Map<string, number[]> {
  let paths = pathCache.get(fields);
  if (!paths) {
    paths = buildPaths(fields);
    pathCache.set(fields, paths);
  }
  return paths;
}

/** For a new tree of the same shape (same ids at the same paths) as `from`. */
export function carryPaths(from: readonly FieldNode[], to: readonly FieldNode[]): void {
  const paths = pathCache.get(from);
  if (paths) pathCache.set(to, paths);
}

export function locate(fields: readonly FieldNode[], id: unknown): FieldLocation | undefined {
  if (typeof id !== 'string') return undefined;
  const path = pathsOf(fields).get(id);
  if (!path) return undefined;
  const ancestors: FieldNode[] = [];
  let list = fields;
  for (const i of path.slice(0, -1)) {
    const node = list[i];
    ancestors.push(node);
    list = node.children ?? [];
  }
  const index = path[path.length - 1];
  return { node: list[index], parent: ancestors[ancestors.length - 1] ?? null, index, path, ancestors };
}

/** The children of a parent (the form's fields for null). */
export function siblingsOf(fields: readonly FieldNode[], parent: FieldNode | null): readonly FieldNode[] {
  return parent ? (parent.children ?? []) : fields;
}
