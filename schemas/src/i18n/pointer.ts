/**
 * JSON Pointer (RFC 6901) helpers for `ui:i18n` maps, whose keys point into the pair
 * `{schema, uiSchema}`. Property names such as `a/b` or `ui:help` must round-trip, hence the escaping.
 */

/** Escapes one reference token: `~` first, or `/` → `~1` would then turn into `~01`. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function formatPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => '/' + escapePointerToken(String(t))).join('');
}

/**
 * Splits a pointer into unescaped tokens, or returns undefined when it is not a valid pointer
 * (no leading `/`, or a `~` not followed by 0 or 1). `~01` unescapes to `~1`, not `/`.
 */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/') || /~(?![01])/.test(pointer)) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

// Array indices in a pointer are plain decimals without leading zeros (RFC 6901 §4).
const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

/** Own-property step only, so a pointer can never reach `__proto__` or inherited members. */
function step(container: unknown, token: string): { found: boolean; value?: unknown } {
  if (Array.isArray(container)) {
    if (!ARRAY_INDEX.test(token)) return { found: false };
    const index = Number(token);
    return index < container.length ? { found: true, value: container[index] } : { found: false };
  }
  if (container !== null && typeof container === 'object' && Object.hasOwn(container, token)) {
    return { found: true, value: (container as Record<string, unknown>)[token] };
  }
  return { found: false };
}

/** The value a pointer refers to, with `found: false` for anything that does not resolve. */
export function resolvePointer(root: unknown, pointer: string): { found: boolean; value?: unknown } {
  const tokens = parsePointer(pointer);
  if (!tokens) return { found: false };
  let current: { found: boolean; value?: unknown } = { found: true, value: root };
  for (const token of tokens) {
    current = step(current.value, token);
    if (!current.found) return current;
  }
  return current;
}

/**
 * Replaces the value at an existing pointer inside `root` (mutates `root`; callers pass a copy).
 * Returns false, changing nothing, when the pointer does not resolve.
 */
export function replaceAtPointer(root: unknown, pointer: string, value: unknown): boolean {
  const tokens = parsePointer(pointer);
  if (!tokens || tokens.length === 0) return false;
  const parent = resolvePointer(root, formatPointer(tokens.slice(0, -1)));
  const last = tokens[tokens.length - 1];
  if (!parent.found || !step(parent.value, last).found) return false;
  if (Array.isArray(parent.value)) parent.value[Number(last)] = value;
  else (parent.value as Record<string, unknown>)[last] = value;
  return true;
}
