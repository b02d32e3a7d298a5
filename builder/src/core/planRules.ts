/**
 * What the rules add to a compiled form:
 * - `require X when C`: `{if: C, then: {required: [X]}}` in the `allOf` of the rule's level
 *   (rules.ts explains levels); a target below the level is reached through `properties`
 *   (and `items` for a sub-table, so the rule holds in every row).
 * - `show X when C` / `hide X when C`: `ui:options.visibleWhen` on X for the runtime. The server
 *   has nothing to enforce, except that a required field is only required while it is shown:
 *   such a field leaves its level's `required` and gets `{if: <shown>, then: {required: [X]}}`.
 * Several show rules on one field: shown when any holds; hide rules: hidden when any holds.
 */
import type { ReadonlyFieldTypeRegistry } from '@formloom/schemas';
import { groupSchema, runtimeCondition, setOwn, type RuntimeCondition } from './condition.ts';
import { DesignerError, type DesignerErrorCode } from './errors.ts';
import { checkRule, conditionsOf, ruleLevel } from './rules.ts';
import { containerKind } from './structure.ts';
import { walkFields, type FieldLocation, type FormDoc, type Rule } from './tree.ts';

type JsonObject = Record<string, unknown>;
type FieldIndex = ReadonlyMap<string, FieldLocation>;

export interface CompileWarning {
  ruleId: string;
  code: DesignerErrorCode;
  message: string;
}

export interface RulePlan {
  /** allOf entries by level (a container id, or null for the root), in order. */
  entries: Map<string | null, JsonObject[]>;
  visibleWhen: Map<string, RuntimeCondition>;
  /** Required fields that a show/hide rule governs: required only while shown. */
  requiredWhenShown: Set<string>;
  warnings: CompileWarning[];
}

interface ThenNode {
  required: string[];
  children: Map<string, { array: boolean; node: ThenNode }>;
}

/**
 * A group on the way to a target is required too: otherwise leaving a whole section out (the
 * runtime drops untouched optional groups) would dodge the rule. A table is not: no rows, nothing
 * to require.
 */
function thenSchema(node: ThenNode): JsonObject {
  const out: JsonObject = {};
  const required = [...node.required];
  if (node.children.size) {
    const properties: JsonObject = {};
    for (const [key, child] of node.children) {
      setOwn(properties, key, child.array ? { items: thenSchema(child.node) } : thenSchema(child.node));
      if (!child.array && !required.includes(key)) required.push(key);
    }
    out.properties = properties;
  }
  if (required.length) out.required = required;
  return out;
}

/** `then` requiring each target, reached from the level through the containers in between. */
export function requiredSchema(
  targetIds: readonly string[],
  depth: number,
  index: FieldIndex,
  registry: ReadonlyFieldTypeRegistry,
): JsonObject {
  const root: ThenNode = { required: [], children: new Map() };
  for (const id of targetIds) {
    const location = index.get(id)!;
    let node = root;
    for (const container of location.ancestors.slice(depth)) {
      let child = node.children.get(container.key);
      if (!child) {
        child = { array: containerKind(container, registry) === 'array', node: { required: [], children: new Map() } };
        node.children.set(container.key, child);
      }
      node = child.node;
    }
    node.required.push(location.node.key);
  }
  return thenSchema(root);
}

/** Show rules as one condition (any of them), then each hide rule negated. */
function combine<T>(shows: T[], hides: T[], any: (items: T[]) => T, not: (item: T) => T, all: (items: T[]) => T): T {
  const parts: T[] = [];
  if (shows.length) parts.push(shows.length === 1 ? shows[0] : any(shows));
  for (const hide of hides) parts.push(not(hide));
  return parts.length === 1 ? parts[0] : all(parts);
}

/** Throws the first problem planRules would only warn about; the store keeps documents free of them. */
export function assertRulesCompile(doc: FormDoc, index: FieldIndex, registry: ReadonlyFieldTypeRegistry): void {
  if (doc.rules.length === 0) return;
  const [warning] = planRules(doc, index, registry).warnings;
  if (warning) throw new DesignerError(warning.code as DesignerErrorCode, warning.message);
}

/** The allOf entry of a require rule, and the level it belongs to. */
export function requireEntry(
  rule: Pick<Rule, 'targets' | 'when'>,
  index: FieldIndex,
  registry: ReadonlyFieldTypeRegistry,
): { levelId: string | null; entry: JsonObject } {
  const { level, depth } = ruleLevel(
    rule.targets,
    conditionsOf(rule.when).map((c) => c.field),
    index,
    registry,
  );
  const levelId = level?.id ?? null;
  return {
    levelId,
    entry: { if: groupSchema(rule.when, index, levelId, registry), then: requiredSchema(rule.targets, depth, index, registry) },
  };
}

/** The allOf entry that makes a required field required only while its show/hide rules show it. */
export function shownRequirement(
  fieldId: string,
  rules: { shows: Rule[]; hides: Rule[] },
  index: FieldIndex,
  registry: ReadonlyFieldTypeRegistry,
): { levelId: string | null; entry: JsonObject } {
  const conditionIds = [...rules.shows, ...rules.hides].flatMap((r) => conditionsOf(r.when).map((c) => c.field));
  const { level, depth } = ruleLevel([fieldId], conditionIds, index, registry);
  const levelId = level?.id ?? null;
  const shown = combine<JsonObject>(
    rules.shows.map((r) => groupSchema(r.when, index, levelId, registry)),
    rules.hides.map((r) => groupSchema(r.when, index, levelId, registry)),
    (items) => ({ anyOf: items }),
    (item) => ({ not: item }),
    (items) => ({ allOf: items }),
  );
  return { levelId, entry: { if: shown, then: requiredSchema([fieldId], depth, index, registry) } };
}

/** The runtime's visibleWhen for a field governed by these show/hide rules. */
export function visibilityCondition(rules: { shows: Rule[]; hides: Rule[] }, index: FieldIndex): RuntimeCondition {
  return combine<RuntimeCondition>(
    rules.shows.map((r) => runtimeCondition(r.when, index)),
    rules.hides.map((r) => runtimeCondition(r.when, index)),
    (items) => ({ any: items }),
    (item) => ({ not: item }),
    (items) => ({ all: items }),
  );
}

export function planRules(doc: FormDoc, index: FieldIndex, registry: ReadonlyFieldTypeRegistry): RulePlan {
  const plan: RulePlan = { entries: new Map(), visibleWhen: new Map(), requiredWhenShown: new Set(), warnings: [] };
  const add = (level: string | null, entry: JsonObject) => {
    const list = plan.entries.get(level) ?? [];
    list.push(entry);
    plan.entries.set(level, list);
  };
  const visibility = new Map<string, { shows: Rule[]; hides: Rule[] }>();

  for (const rule of doc.rules) {
    try {
      checkRule(rule, index, registry);
      if (rule.action === 'require') {
        const { levelId, entry } = requireEntry(rule, index, registry);
        add(levelId, entry);
        continue;
      }
      for (const target of rule.targets) {
        const entry = visibility.get(target) ?? { shows: [], hides: [] };
        (rule.action === 'show' ? entry.shows : entry.hides).push(rule);
        visibility.set(target, entry);
      }
    } catch (err) {
      if (!(err instanceof DesignerError)) throw err;
      plan.warnings.push({ ruleId: rule.id, code: err.code, message: err.message });
    }
  }

  // Field order, so the output does not depend on the order rules were written in.
  walkFields(doc.fields, (node) => {
    const rules = visibility.get(node.id);
    if (!rules) return;
    plan.visibleWhen.set(node.id, visibilityCondition(rules, index));
    if (!node.required) return;
    try {
      const { levelId, entry } = shownRequirement(node.id, rules, index, registry);
      plan.requiredWhenShown.add(node.id);
      add(levelId, entry);
    } catch (err) {
      // Each rule fits, but together they read fields no single object can see (a same-row condition
      // and one outside the table). The store refuses this; a hand-made document gets a warning and
      // the field stays required everywhere.
      if (!(err instanceof DesignerError)) throw err;
      const ruleId = [...rules.shows, ...rules.hides][0].id;
      plan.warnings.push({ ruleId, code: err.code, message: `"${node.key}" cannot be required only while shown: ${err.message}` });
    }
  });
  return plan;
}
