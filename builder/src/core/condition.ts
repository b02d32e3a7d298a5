/**
 * Conditions in the two forms they are published in:
 * - as JSON Schema, for `if` (compileCondition), so the server enforces "require X when ..." with
 *   plain ajv;
 * - as a small JSON tree (RuntimeCondition, in `ui:options.visibleWhen`), which the runtime evaluates
 *   to show and hide fields (evaluateCondition in runtimeCondition.ts is the reference).
 * Both say the same thing: a condition on a field that has no answer is false (except neq and
 * empty), and "empty" means absent, null, "" or [].
 */
import { defaultFieldTypes, type ReadonlyFieldTypeRegistry, type RuntimeCondition } from '@formloom/schemas';
import { DesignerError } from './errors.ts';
import { containerKind } from './structure.ts';
import {
  indexFields,
  isGroup,
  type Condition,
  type ConditionGroup,
  type ConditionOperator,
  type FieldLocation,
  type FormDoc,
} from './tree.ts';

type JsonObject = Record<string, unknown>;
type FieldIndex = ReadonlyMap<string, FieldLocation>;

/** What counts as "no answer" besides a missing property: rjsf leaves "" or [] after clearing an input. */
export const EMPTY_VALUES: readonly unknown[] = ['', null, []];

/** A JSON condition the runtime evaluates (defined with its evaluator in @formloom/schemas). */
export type { RuntimeCondition } from '@formloom/schemas';

/** Sets an own property, so a field keyed `__proto__` becomes a property and not a prototype. */
export function setOwn(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The value part of a condition's schema (neq and empty are then negated). Comparisons carry their
 * `type` because JSON Schema ignores `minimum` or `contains` on a value of another type, and the
 * runtime must reach the same answer for any data, valid or not.
 */
function valueSchema(operator: ConditionOperator, value: unknown): JsonObject {
  switch (operator) {
    case 'eq':
    case 'neq':
      return { const: structuredClone(value) };
    case 'gt':
      return { type: 'number', exclusiveMinimum: value };
    case 'gte':
      return { type: 'number', minimum: value };
    case 'lt':
      return { type: 'number', exclusiveMaximum: value };
    case 'lte':
      return { type: 'number', maximum: value };
    case 'in':
      return { enum: structuredClone(value) };
    case 'contains':
      return { type: 'array', contains: { const: structuredClone(value) } };
    case 'empty':
    case 'notEmpty':
      return { not: { enum: structuredClone(EMPTY_VALUES) } };
  }
}

/**
 * `{properties: {a: {type: object, properties: {b: leaf}, required: [b]}}, required: [a]}` for the
 * path a.b. Inner levels say `type: object` because `properties` and `required` pass any non-object.
 */
function nest(keys: readonly string[], leaf: JsonObject): JsonObject {
  return keys.reduceRight<JsonObject>((inner, key, i) => {
    const properties: JsonObject = {};
    setOwn(properties, key, inner);
    return i === 0 ? { properties, required: [key] } : { type: 'object', properties, required: [key] };
  }, leaf);
}

/**
 * The keys from `level` (a container id, null for the root) down to a field. Throws when the field
 * is not inside the level, or a sub-table lies between them (see rules.ts).
 */
export function pathFromLevel(location: FieldLocation, level: string | null, registry: ReadonlyFieldTypeRegistry): string[] {
  const depth = level === null ? 0 : location.ancestors.findIndex((a) => a.id === level) + 1;
  if (depth === 0 && level !== null) {
    throw new DesignerError('unsupported_condition_scope', `"${location.node.key}" is not inside the group the rule applies to.`);
  }
  const between = location.ancestors.slice(depth);
  const table = between.find((a) => containerKind(a, registry) === 'array');
  if (table) {
    throw new DesignerError('unsupported_condition_scope', `"${location.node.key}" is inside the table "${table.key}".`);
  }
  return [...between.map((a) => a.key), location.node.key];
}

function conditionSchema(condition: Condition, index: FieldIndex, level: string | null, registry: ReadonlyFieldTypeRegistry): JsonObject {
  const location = index.get(condition.field);
  if (!location) throw new DesignerError('unknown_field', `A condition names the field "${condition.field}", which is not in the form.`);
  const positive = nest(pathFromLevel(location, level, registry), valueSchema(condition.operator, condition.value));
  return condition.operator === 'neq' || condition.operator === 'empty' ? { not: positive } : positive;
}

/** A group of one is written as its only item, so a simple rule reads simply. */
export function groupSchema(
  item: Condition | ConditionGroup,
  index: FieldIndex,
  level: string | null,
  registry: ReadonlyFieldTypeRegistry,
): JsonObject {
  if (!isGroup(item)) return conditionSchema(item, index, level, registry);
  const parts = item.items.map((i) => groupSchema(i, index, level, registry));
  if (parts.length === 1) return parts[0];
  return item.op === 'and' ? { allOf: parts } : { anyOf: parts };
}

export interface CompileConditionOptions {
  /** The container whose object the schema validates; null (the default) for the form's root. */
  at?: string | null;
  registry?: ReadonlyFieldTypeRegistry;
}

/** A condition as a JSON Schema that data at `at` matches exactly when the condition holds. */
export function compileCondition(doc: FormDoc, when: Condition | ConditionGroup, options: CompileConditionOptions = {}): JsonObject {
  return groupSchema(when, indexFields(doc.fields), options.at ?? null, options.registry ?? defaultFieldTypes);
}

/** The same condition for the runtime; field paths start at the form's root. */
export function runtimeCondition(item: Condition | ConditionGroup, index: FieldIndex): RuntimeCondition {
  if (isGroup(item)) {
    const parts = item.items.map((i) => runtimeCondition(i, index));
    if (parts.length === 1) return parts[0];
    return item.op === 'and' ? { all: parts } : { any: parts };
  }
  const location = index.get(item.field);
  if (!location) throw new DesignerError('unknown_field', `A condition names the field "${item.field}", which is not in the form.`);
  const field = [...location.ancestors.map((a) => a.key), location.node.key];
  return item.value === undefined ? { field, op: item.operator } : { field, op: item.operator, value: structuredClone(item.value) };
}
