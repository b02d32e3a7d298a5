/**
 * Checking rules against the form, and where a rule lives once compiled.
 *
 * JSON Schema cannot look up at a parent's data, so a rule's if/then has to sit on the innermost
 * object that contains the rule's targets and every field its condition reads (its "level").
 * Targets may be below that level, even inside a sub-table (then the rule applies to every row);
 * a condition may not read a field inside a sub-table below the level, because "row 3's quantity"
 * has no meaning for a field outside the table. A rule whose targets and conditions are all in the
 * same sub-table row is fine: its level is that row.
 */
import type { ReadonlyFieldTypeRegistry, ValueKind } from '@formloom/schemas';
import { DesignerError } from './errors.ts';
import { ADVANCED_TYPE, conditionOperators, isGroup, ruleActions } from './tree.ts';
import type { Condition, ConditionGroup, ConditionOperator, FieldLocation, FieldNode, Rule } from './tree.ts';
import { containerKind } from './structure.ts';

export const RULE_LIMITS = { maxDepth: 8, maxItemsPerGroup: 100, maxConditions: 200, maxTargets: 200, maxInValues: 1000 } as const;

type FieldIndex = ReadonlyMap<string, FieldLocation>;

/** Every condition of a group, depth first. */
export function conditionsOf(group: ConditionGroup): Condition[] {
  const out: Condition[] = [];
  const go = (g: ConditionGroup) => g.items.forEach((item) => (isGroup(item) ? go(item) : out.push(item)));
  go(group);
  return out;
}

/** What a condition can compare: the value kind, or 'unknown' for an advanced field. */
type ConditionKind = ValueKind | 'unknown';

function conditionKind(node: FieldNode, registry: ReadonlyFieldTypeRegistry): ConditionKind {
  if (node.type === ADVANCED_TYPE) return 'unknown';
  if (containerKind(node, registry)) return 'none';
  return registry.get(node.type)?.valueKind ?? 'none';
}

const operatorsByKind: Record<ConditionKind, readonly ConditionOperator[]> = {
  string: ['eq', 'neq', 'in', 'empty', 'notEmpty'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'empty', 'notEmpty'],
  boolean: ['eq', 'neq', 'empty', 'notEmpty'],
  array: ['contains', 'empty', 'notEmpty'],
  unknown: ['eq', 'neq', 'in', 'empty', 'notEmpty'],
  object: [],
  none: [],
};

/** The operators the rule editor offers for a field. */
export function operatorsFor(node: FieldNode, registry: ReadonlyFieldTypeRegistry): readonly ConditionOperator[] {
  return operatorsByKind[conditionKind(node, registry)];
}

const isPrimitive = (v: unknown) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** Whether a compared value fits the field: "5" never equals the number 5, so it is refused. */
function valueFits(value: unknown, kind: ConditionKind): boolean {
  if (!isPrimitive(value)) return false;
  if (kind === 'string' || kind === 'array') return typeof value === 'string';
  if (kind === 'number') return typeof value === 'number';
  if (kind === 'boolean') return typeof value === 'boolean';
  return true;
}

function checkCondition(condition: Condition, index: FieldIndex, registry: ReadonlyFieldTypeRegistry): void {
  const bad = (message: string) => new DesignerError('invalid_condition', message);
  if (typeof condition !== 'object' || condition === null) throw bad('A condition must be an object.');
  const location = typeof condition.field === 'string' ? index.get(condition.field) : undefined;
  if (!location)
    throw new DesignerError('unknown_field', `A condition names the field "${String(condition.field)}", which is not in the form.`);
  if (!conditionOperators.includes(condition.operator)) throw bad(`"${String(condition.operator)}" is not an operator.`);
  const kind = conditionKind(location.node, registry);
  if (!operatorsByKind[kind].includes(condition.operator)) {
    throw bad(`"${location.node.key}" cannot be compared with "${condition.operator}".`);
  }
  const { operator, value } = condition;
  if (operator === 'empty' || operator === 'notEmpty') {
    if (value !== undefined) throw bad(`"${operator}" takes no value.`);
  } else if (operator === 'in') {
    if (!Array.isArray(value) || value.length === 0 || value.length > RULE_LIMITS.maxInValues || !value.every((v) => valueFits(v, kind))) {
      throw bad(`"in" takes a list of 1 to ${RULE_LIMITS.maxInValues} values of the field's type.`);
    }
  } else if (!valueFits(value, kind)) {
    throw bad(`The value compared with "${location.node.key}" must be a ${kind === 'unknown' ? 'string, number or boolean' : kind}.`);
  }
}

function checkGroup(group: ConditionGroup, depth: number, count: { n: number }, check: (c: Condition) => void): void {
  const bad = (message: string) => new DesignerError('invalid_rule', message);
  if (typeof group !== 'object' || group === null || (group.op !== 'and' && group.op !== 'or') || !Array.isArray(group.items)) {
    throw bad('A condition group is {op: "and" | "or", items: [...]}.');
  }
  if (depth > RULE_LIMITS.maxDepth) throw bad(`Condition groups nest at most ${RULE_LIMITS.maxDepth} deep.`);
  if (group.items.length === 0) throw bad('A condition group needs at least one condition.');
  if (group.items.length > RULE_LIMITS.maxItemsPerGroup) throw bad(`A group holds at most ${RULE_LIMITS.maxItemsPerGroup} items.`);
  for (const item of group.items) {
    if (typeof item === 'object' && item !== null && isGroup(item)) checkGroup(item, depth + 1, count, check);
    else {
      if (++count.n > RULE_LIMITS.maxConditions) throw bad(`A rule has at most ${RULE_LIMITS.maxConditions} conditions.`);
      check(item as Condition);
    }
  }
}

/** The container whose object holds a rule (null: the form's root object). */
export interface RuleLevel {
  level: FieldNode | null;
  /** How many containers deep the level is (0 for the root). */
  depth: number;
}

/**
 * The level of a set of targets and condition fields (see the top of this file); throws
 * `unsupported_condition_scope` when a condition field sits in a sub-table below it.
 */
export function ruleLevel(
  targetIds: readonly string[],
  conditionIds: readonly string[],
  index: FieldIndex,
  registry: ReadonlyFieldTypeRegistry,
): RuleLevel {
  const chains = [...targetIds, ...conditionIds].map((id) => {
    const location = index.get(id);
    if (!location) throw new DesignerError('unknown_field', `The rule names the field "${id}", which is not in the form.`);
    return location.ancestors;
  });
  let depth = 0;
  while (chains.every((chain) => depth < chain.length && chain[depth].id === chains[0][depth].id)) depth++;
  for (const id of conditionIds) {
    const location = index.get(id)!;
    const table = location.ancestors.slice(depth).find((a) => containerKind(a, registry) === 'array');
    if (table) {
      throw new DesignerError(
        'unsupported_condition_scope',
        `"${location.node.key}" is inside the table "${table.key}": only fields in the same row can depend on it.`,
      );
    }
  }
  return { level: depth === 0 ? null : chains[0][depth - 1], depth };
}

/** Throws a DesignerError unless the rule is well formed and fits the form as it is now. */
export function checkRule(rule: Omit<Rule, 'id'>, index: FieldIndex, registry: ReadonlyFieldTypeRegistry): void {
  const bad = (message: string) => new DesignerError('invalid_rule', message);
  if (typeof rule !== 'object' || rule === null) throw bad('A rule must be an object.');
  if (!ruleActions.includes(rule.action)) throw bad(`"${String(rule.action)}" is not a rule action (show, hide or require).`);
  if (!Array.isArray(rule.targets) || rule.targets.length === 0 || rule.targets.length > RULE_LIMITS.maxTargets) {
    throw bad(`A rule applies to 1 to ${RULE_LIMITS.maxTargets} fields.`);
  }
  if (new Set(rule.targets).size !== rule.targets.length) throw bad('A rule names the same field twice.');
  for (const id of rule.targets) {
    const location = typeof id === 'string' ? index.get(id) : undefined;
    if (!location) throw new DesignerError('unknown_field', `The rule applies to "${String(id)}", which is not in the form.`);
    if (rule.action === 'require' && location.node.type !== ADVANCED_TYPE && registry.get(location.node.type)?.valueKind === 'none') {
      throw bad(`"${location.node.key}" collects no answer, so it cannot be required.`);
    }
  }
  checkGroup(rule.when, 1, { n: 0 }, (c) => checkCondition(c, index, registry));
  const conditionIds = conditionsOf(rule.when).map((c) => c.field);
  const own = conditionIds.find((id) => rule.targets.includes(id));
  if (own) throw bad(`"${index.get(own)!.node.key}" cannot depend on itself.`);
  ruleLevel(rule.targets, conditionIds, index, registry);
}

function pruneGroup(group: ConditionGroup, removed: ReadonlySet<string>): ConditionGroup | null {
  const items: (Condition | ConditionGroup)[] = [];
  let changed = false;
  for (const item of group.items) {
    const kept = isGroup(item) ? pruneGroup(item, removed) : removed.has(item.field) ? null : item;
    if (kept !== item) changed = true;
    if (kept) items.push(kept);
  }
  if (!changed) return group;
  return items.length ? { ...group, items } : null;
}

/**
 * Rules without the removed fields: they leave targets and conditions, and a rule left with no
 * target or no condition goes. Returns the same array when no rule mentions a removed field.
 */
export function pruneRules(rules: readonly Rule[], removed: ReadonlySet<string>): Rule[] {
  let changed = false;
  const out: Rule[] = [];
  for (const rule of rules) {
    const targets = rule.targets.filter((id) => !removed.has(id));
    const when = pruneGroup(rule.when, removed);
    if (targets.length === rule.targets.length && when === rule.when) {
      out.push(rule);
      continue;
    }
    changed = true;
    if (targets.length && when) out.push({ ...rule, targets, when });
  }
  return changed ? out : (rules as Rule[]);
}
