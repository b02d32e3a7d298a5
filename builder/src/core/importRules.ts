/**
 * Turning an imported form's rule output back into Rules: `ui:options.visibleWhen` into show/hide
 * rules, and `allOf` if/then entries into require rules. Parsing is only a guess; a guess is kept
 * only if compiling it gives back exactly what was imported (compile is the specification), so an
 * entry that merely looks like a rule stays in the schema untouched.
 */
import type { ReadonlyFieldTypeRegistry } from '@formloom/schemas';
import type { RuntimeCondition } from './condition.ts';
import { isObject } from './importField.ts';
import { checkRule } from './rules.ts';
import { requireEntry, shownRequirement, visibilityCondition } from './planRules.ts';
import { jsonEqual } from './runtimeCondition.ts';
import { containerKind } from './structure.ts';
import { indexFields, walkFields } from './tree.ts';
import type { Condition, ConditionGroup, ConditionOperator, FieldLocation, FieldNode, FormDoc, Rule } from './tree.ts';

type JsonObject = Record<string, unknown>;
type FieldIndex = ReadonlyMap<string, FieldLocation>;
/** allOf entries not yet accounted for, by level (a container id, null for the root). */
export type PendingEntries = Map<string | null, unknown[]>;

const onlyKeys = (value: JsonObject, ...keys: string[]) => Object.keys(value).every((k) => keys.includes(k));
const asGroup = (item: Condition | ConditionGroup): ConditionGroup => ('op' in item ? item : { op: 'and', items: [item] });

// ---- conditions as JSON Schema ------------------------------------------------------------------

function parseValue(schema: unknown): { operator: ConditionOperator; value?: unknown } | undefined {
  if (!isObject(schema)) return undefined;
  if (onlyKeys(schema, 'const') && 'const' in schema) return { operator: 'eq', value: schema.const };
  if (onlyKeys(schema, 'enum') && Array.isArray(schema.enum)) return { operator: 'in', value: schema.enum };
  if (onlyKeys(schema, 'not') && isObject(schema.not) && onlyKeys(schema.not, 'enum')) return { operator: 'notEmpty' };
  if (schema.type === 'array' && onlyKeys(schema, 'type', 'contains') && isObject(schema.contains)) {
    return { operator: 'contains', value: schema.contains.const };
  }
  if (schema.type === 'number' && Object.keys(schema).length === 2) {
    const [keyword] = Object.keys(schema).filter((k) => k !== 'type');
    const operator = ({ exclusiveMinimum: 'gt', minimum: 'gte', exclusiveMaximum: 'lt', maximum: 'lte' } as const)[keyword as 'minimum'];
    return operator ? { operator, value: schema[keyword] } : undefined;
  }
  return undefined;
}

/** `{properties: {k: ...}, required: [k]}`, descending through object containers. */
function parseLeaf(schema: unknown, children: readonly FieldNode[], registry: ReadonlyFieldTypeRegistry): Condition | undefined {
  if (!isObject(schema) || !onlyKeys(schema, 'properties', 'required', 'type') || !isObject(schema.properties)) return undefined;
  const keys = Object.keys(schema.properties);
  if (keys.length !== 1 || !jsonEqual(schema.required, keys)) return undefined;
  const child = children.find((c) => c.key === keys[0]);
  if (!child) return undefined;
  const inner = schema.properties[keys[0]];
  if (containerKind(child, registry) === 'object') return parseLeaf(inner, child.children ?? [], registry);
  const parsed = parseValue(inner);
  return parsed && { field: child.id, ...parsed };
}

export function parseConditionSchema(
  schema: unknown,
  children: readonly FieldNode[],
  registry: ReadonlyFieldTypeRegistry,
): Condition | ConditionGroup | undefined {
  if (!isObject(schema)) return undefined;
  for (const [keyword, op] of [
    ['allOf', 'and'],
    ['anyOf', 'or'],
  ] as const) {
    if (!onlyKeys(schema, keyword) || !Array.isArray(schema[keyword])) continue;
    const items = (schema[keyword] as unknown[]).map((s) => parseConditionSchema(s, children, registry));
    return items.every((i) => i !== undefined) ? { op, items: items as (Condition | ConditionGroup)[] } : undefined;
  }
  if (onlyKeys(schema, 'not') && 'not' in schema) {
    const inner = parseLeaf(schema.not, children, registry);
    if (inner?.operator === 'eq') return { ...inner, operator: 'neq' };
    if (inner?.operator === 'notEmpty') return { field: inner.field, operator: 'empty' };
    return undefined;
  }
  return parseLeaf(schema, children, registry);
}

/** Target ids of a `then` that requires fields (and the groups on the way to them). */
function parseThen(schema: unknown, children: readonly FieldNode[], registry: ReadonlyFieldTypeRegistry): string[] | undefined {
  if (!isObject(schema) || !onlyKeys(schema, 'properties', 'required')) return undefined;
  const targets: string[] = [];
  const through = new Set<string>();
  if (schema.properties !== undefined) {
    if (!isObject(schema.properties)) return undefined;
    for (const [key, value] of Object.entries(schema.properties)) {
      const child = children.find((c) => c.key === key);
      const kind = child && containerKind(child, registry);
      if (!child || !kind || (kind === 'array' && !(isObject(value) && onlyKeys(value, 'items')))) return undefined;
      const inner = parseThen(kind === 'array' ? (value as JsonObject).items : value, child.children ?? [], registry);
      if (!inner) return undefined;
      targets.push(...inner);
      if (kind === 'object') through.add(key);
    }
  }
  if (schema.required !== undefined) {
    if (!Array.isArray(schema.required)) return undefined;
    for (const key of schema.required) {
      if (through.has(key)) continue;
      const child = children.find((c) => c.key === key);
      if (!child) return undefined;
      targets.push(child.id);
    }
  }
  return targets.length ? targets : undefined;
}

// ---- conditions for the runtime -----------------------------------------------------------------

function resolvePath(path: unknown, fields: readonly FieldNode[]): string | undefined {
  if (!Array.isArray(path) || path.length === 0) return undefined;
  let list = fields;
  let found: FieldNode | undefined;
  for (const key of path) {
    found = list.find((f) => f.key === key);
    if (!found) return undefined;
    list = found.children ?? [];
  }
  return found?.id;
}

function parseRuntime(condition: unknown, fields: readonly FieldNode[]): Condition | ConditionGroup | undefined {
  if (!isObject(condition)) return undefined;
  for (const [keyword, op] of [
    ['all', 'and'],
    ['any', 'or'],
  ] as const) {
    if (!(keyword in condition)) continue;
    const list = condition[keyword];
    if (!Array.isArray(list)) return undefined;
    const items = list.map((c) => parseRuntime(c, fields));
    return items.every((i) => i !== undefined) ? { op, items: items as (Condition | ConditionGroup)[] } : undefined;
  }
  const field = resolvePath(condition.field, fields);
  if (!field || typeof condition.op !== 'string') return undefined;
  return 'value' in condition
    ? { field, operator: condition.op as ConditionOperator, value: condition.value }
    : { field, operator: condition.op as ConditionOperator };
}

/** A visibleWhen read back as show and hide conditions (the shape visibilityCondition writes). */
function parseVisibility(
  visibleWhen: unknown,
  fields: readonly FieldNode[],
): { shows: ConditionGroup[]; hides: ConditionGroup[] } | undefined {
  if (!isObject(visibleWhen)) return undefined;
  const parts =
    'all' in visibleWhen && Array.isArray(visibleWhen.all) && visibleWhen.all.some((p) => isObject(p) && 'not' in p)
      ? visibleWhen.all
      : [visibleWhen];
  const shows: ConditionGroup[] = [];
  const hides: ConditionGroup[] = [];
  for (const part of parts) {
    const negated = isObject(part) && 'not' in part;
    const parsed = parseRuntime(negated ? (part as JsonObject).not : part, fields);
    if (!parsed) return undefined;
    (negated ? hides : shows).push(asGroup(parsed));
  }
  return shows.length <= 1 ? { shows, hides } : undefined;
}

// ---- putting it together ------------------------------------------------------------------------

type RuleBody = Omit<Rule, 'id'>;

function fits(rule: RuleBody, index: FieldIndex, registry: ReadonlyFieldTypeRegistry): boolean {
  try {
    checkRule(rule, index, registry);
    return true;
  } catch {
    return false;
  }
}

/** Takes the first entry of `list` equal to `entry` out of it; false if there is none. */
function take(list: unknown[] | undefined, entry: unknown): boolean {
  const i = list ? list.findIndex((e) => jsonEqual(e, entry)) : -1;
  if (i >= 0) list!.splice(i, 1);
  return i >= 0;
}

/** Where a field's uiSchema leftovers are: an advanced field's raw fragment, or its extras. */
function leftoverUi(node: FieldNode): JsonObject | undefined {
  return node.raw?.uiSchema ?? node.extras?.uiSchema;
}

function visibleWhenOf(node: FieldNode): unknown {
  const options = leftoverUi(node)?.['ui:options'];
  return isObject(options) ? options.visibleWhen : undefined;
}

function dropVisibleWhen(node: FieldNode): void {
  const ui = leftoverUi(node)!;
  const options = { ...(ui['ui:options'] as JsonObject) };
  delete options.visibleWhen;
  if (Object.keys(options).length) ui['ui:options'] = options;
  else delete ui['ui:options'];
}

/**
 * Adds the rules found to `doc` (whose nodes import.ts still owns and may change) and takes their
 * entries out of `pending`; what is left there stays in the schema as it was.
 */
export function importRules(doc: FormDoc, pending: PendingEntries, registry: ReadonlyFieldTypeRegistry, newId: () => string): void {
  const index = indexFields(doc.fields);
  const visibility: { target: FieldNode; action: 'show' | 'hide'; when: ConditionGroup }[] = [];

  walkFields(doc.fields, (node) => {
    const visibleWhen = visibleWhenOf(node);
    // A field the schema requires outright cannot be a rule's target: the designer would make it
    // required only while shown. Its visibleWhen stays in the uiSchema as it was.
    if (visibleWhen === undefined || node.required) return;
    const parsed = parseVisibility(visibleWhen, doc.fields);
    if (!parsed) return;
    const asRules = (action: 'show' | 'hide', groups: ConditionGroup[]) =>
      groups.map((when) => ({ id: '', action, targets: [node.id], when }));
    const rules = { shows: asRules('show', parsed.shows), hides: asRules('hide', parsed.hides) };
    if (![...rules.shows, ...rules.hides].every((r) => fits(r, index, registry))) return;
    if (!jsonEqual(visibilityCondition(rules, index), visibleWhen as RuntimeCondition)) return;
    // Required while shown: the field left `required` and got an if/then of its own.
    try {
      const { levelId, entry } = shownRequirement(node.id, rules, index, registry);
      if (take(pending.get(levelId), entry)) node.required = true;
    } catch {
      // Not expressible, so not written by compile either: the field was simply optional.
    }
    dropVisibleWhen(node);
    for (const r of [...rules.shows, ...rules.hides]) visibility.push({ target: node, action: r.action, when: r.when });
  });

  for (const [levelId, entries] of pending) {
    const children = levelId === null ? doc.fields : index.get(levelId)?.node.children;
    if (!children) continue;
    for (const entry of [...entries]) {
      if (!isObject(entry) || !onlyKeys(entry, 'if', 'then')) continue;
      const when = parseConditionSchema(entry.if, children, registry);
      const targets = parseThen(entry.then, children, registry);
      if (!when || !targets) continue;
      const rule: RuleBody = { action: 'require', targets, when: asGroup(when) };
      if (!fits(rule, index, registry)) continue;
      const compiled = requireEntry(rule, index, registry);
      if (compiled.levelId !== levelId || !jsonEqual(compiled.entry, entry)) continue;
      take(entries, entry);
      doc.rules.push({ id: newId(), ...rule });
    }
  }

  // One rule per action and condition, whatever number of fields it shows or hides.
  for (const item of visibility) {
    const same = doc.rules.find((r) => r.action === item.action && jsonEqual(r.when, item.when));
    if (same) same.targets.push(item.target.id);
    else doc.rules.push({ id: newId(), action: item.action, targets: [item.target.id], when: item.when });
  }
}
