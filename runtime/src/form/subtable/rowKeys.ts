/**
 * Stable React keys for the rows of a sub-table, kept beside the data (which has no ids of its own),
 * so a moved row keeps its DOM, its focus and its memoized rendering.
 */
let counter = 0;
export const newRowKey = () => `row-${++counter}`;

export type RowEdit = { kind: 'add' } | { kind: 'remove'; index: number } | { kind: 'move'; from: number; to: number };

/** The keys after `edit`, for the rows as they are after it. */
export function editKeys(keys: readonly string[], edit: RowEdit): string[] {
  const next = [...keys];
  if (edit.kind === 'add') next.push(newRowKey());
  else if (edit.kind === 'remove') next.splice(edit.index, 1);
  else next.splice(edit.to, 0, ...next.splice(edit.from, 1));
  return next;
}

/** The rows after `edit`; the rows themselves are not copied. */
export function editRows<T>(rows: readonly T[], edit: RowEdit, newRow?: T): T[] {
  const next = [...rows];
  if (edit.kind === 'add') next.push(newRow as T);
  else if (edit.kind === 'remove') next.splice(edit.index, 1);
  else next.splice(edit.to, 0, ...next.splice(edit.from, 1));
  return next;
}

/** Keys for `length` rows: the ones known, then new ones when rows came from elsewhere (a draft, a default). */
export function keysFor(keys: readonly string[], length: number): string[] {
  if (keys.length === length) return keys as string[];
  return Array.from({ length }, (_, i) => keys[i] ?? newRowKey());
}

/** Equality of two JSON values (row data, row errors): cheaper than a general deep-equal, and rows are compared on every keystroke. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k) || !sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
