import type { ErrorSchema } from '@rjsf/utils';
import type { ValidationDetail } from '../api/types.ts';

/** RFC 6901: `/items/0/qty` → ['items', '0', 'qty']; `''` (the whole document) → []. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  // Lenient about a missing leading slash ("items/0/qty"), which some validators emit.
  const body = pointer.startsWith('/') ? pointer.slice(1) : pointer;
  return body.split('/').map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at a JSON Pointer, or undefined when the path does not exist. */
export function getAtPointer(data: unknown, pointer: string): unknown {
  let node = data;
  for (const token of parsePointer(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/**
 * The server's 422 `validation_failed` details as an rjsf ErrorSchema (its `extraErrors`), so each message
 * renders at its field: `/items/0/qty` → `{items: {0: {qty: {__errors: [msg]}}}}`; `''` → the form's root.
 */
export function detailsToErrorSchema(details: readonly ValidationDetail[]): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const { path, message } of details) {
    let node = root;
    for (const token of parsePointer(path)) {
      // `__errors` is rjsf's own key; a property of that name cannot carry errors of its own.
      if (token === '__errors') break;
      node = (node[token] ??= {}) as Record<string, unknown>;
    }
    ((node.__errors ??= []) as string[]).push(message);
  }
  return root as ErrorSchema;
}

/**
 * The server's messages that still apply: a message about a field is dropped once the person has changed
 * that field since the rejected attempt (so fixing an answer clears its error without another round trip).
 */
export function stillRelevant(details: readonly ValidationDetail[], submitted: unknown, current: unknown): ValidationDetail[] {
  return details.filter((d) => sameJson(getAtPointer(submitted, d.path), getAtPointer(current, d.path)));
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
