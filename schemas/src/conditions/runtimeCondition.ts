/**
 * Show/hide conditions as forms carry them in `ui:options.visibleWhen` (the designer writes them,
 * the runtime evaluates them). A condition on a field that has no answer is false (except `neq` and
 * `empty`); "empty" means absent, null, "" or []. The designer's tests check these semantics agree
 * with ajv on the JSON Schema it compiles from the same rule, which the server enforces.
 */
export type ConditionOperator = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'contains' | 'empty' | 'notEmpty';

/** `field` is the path of keys from the form's root; through a sub-table it continues in the same row. */
export type RuntimeCondition =
  | { field: string[]; op: ConditionOperator; value?: unknown }
  | { all: RuntimeCondition[] }
  | { any: RuntimeCondition[] }
  | { not: RuntimeCondition };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Equality as JSON Schema's `const` and `enum` define it: by value, for objects and arrays too. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

export function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * The value at a path of keys. When the path passes through a sub-table (an array), it continues
 * in the row given by the next entry of `rows`: the row of the field whose visibility is decided.
 */
export function valueAt(data: unknown, path: readonly string[], rows: readonly number[] = []): unknown {
  let value = data;
  let row = 0;
  for (const key of path) {
    if (Array.isArray(value)) value = value[rows[row++] ?? -1];
    if (!isObject(value) || !Object.hasOwn(value, key)) return undefined;
    value = value[key];
  }
  return value;
}

export function evaluateCondition(condition: RuntimeCondition, data: unknown, rows: readonly number[] = []): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, data, rows));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, data, rows));
  if ('not' in condition) return !evaluateCondition(condition.not, data, rows);
  const value = valueAt(data, condition.field, rows);
  const target = condition.value;
  switch (condition.op) {
    case 'eq':
      return value !== undefined && jsonEqual(value, target);
    case 'neq':
      return !(value !== undefined && jsonEqual(value, target));
    case 'gt':
      return typeof value === 'number' && value > (target as number);
    case 'gte':
      return typeof value === 'number' && value >= (target as number);
    case 'lt':
      return typeof value === 'number' && value < (target as number);
    case 'lte':
      return typeof value === 'number' && value <= (target as number);
    case 'in':
      return value !== undefined && Array.isArray(target) && target.some((t) => jsonEqual(value, t));
    case 'contains':
      return Array.isArray(value) && value.some((v) => jsonEqual(v, target));
    case 'empty':
      return isEmptyValue(value);
    case 'notEmpty':
      return !isEmptyValue(value);
    default:
      return false;
  }
}
