/**
 * Rules in plain words: "Require Fever details when Feverish is Yes." Used by the rule list, the
 * editor's live sentence and the version diff, so a rule reads the same everywhere.
 */
import type { TFunction } from 'i18next';
import type { Locale, ReadonlyFieldTypeRegistry } from '@formloom/schemas';
import { ADVANCED_TYPE, isGroup, type Condition, type ConditionGroup, type FieldLocation, type Rule } from '../../core/index.ts';
import { booleanChoices, optionsOf } from '../canvas/options.ts';
import { pick } from '../text.ts';

type FieldIndex = ReadonlyMap<string, FieldLocation>;

export function fieldName(id: string, index: FieldIndex, locale: Locale): string {
  const node = index.get(id)?.node;
  return node ? pick(node.label, locale) || node.key : '?';
}

/** A compared value as the person picked it: an option's label, Yes / No, the number or text. */
export function valueText(
  condition: Condition,
  index: FieldIndex,
  registry: ReadonlyFieldTypeRegistry,
  t: TFunction,
  locale: Locale,
): string {
  const node = index.get(condition.field)?.node;
  const def = node && node.type !== ADVANCED_TYPE ? registry.get(node.type) : undefined;
  const one = (value: unknown): string => {
    if (node && def) {
      const option = optionsOf(node, def).find((o) => o.value === value);
      if (option) return pick(option.label, locale) || option.value;
      const choice = booleanChoices(def)?.find((c) => c.value === value);
      if (choice) return pick(choice.label, locale);
    }
    if (typeof value === 'boolean') return t(value ? 'designer.rules.ticked' : 'designer.rules.notTicked');
    if (typeof value === 'string') return t('designer.rules.quoted', { text: value });
    return String(value);
  };
  if (Array.isArray(condition.value)) return condition.value.map(one).join(t('designer.rules.listSeparator'));
  return one(condition.value);
}

export function conditionText(
  condition: Condition,
  index: FieldIndex,
  registry: ReadonlyFieldTypeRegistry,
  t: TFunction,
  locale: Locale,
): string {
  const field = fieldName(condition.field, index, locale);
  const operator = t(`designer.rules.operators.${condition.operator}`);
  if (condition.operator === 'empty' || condition.operator === 'notEmpty') return t('designer.rules.conditionNoValue', { field, operator });
  return t('designer.rules.condition', { field, operator, value: valueText(condition, index, registry, t, locale) });
}

export function groupText(
  group: ConditionGroup,
  index: FieldIndex,
  registry: ReadonlyFieldTypeRegistry,
  t: TFunction,
  locale: Locale,
  nested = false,
): string {
  const parts = group.items.map((item) =>
    isGroup(item) ? groupText(item, index, registry, t, locale, true) : conditionText(item, index, registry, t, locale),
  );
  const text = parts.join(t(`designer.rules.join.${group.op}`));
  return nested && parts.length > 1 ? t('designer.rules.parenthesized', { text }) : text;
}

export function ruleText(
  rule: Pick<Rule, 'action' | 'targets' | 'when'>,
  index: FieldIndex,
  registry: ReadonlyFieldTypeRegistry,
  t: TFunction,
  locale: Locale,
): string {
  const targets = rule.targets
    .map((id) => t('designer.rules.fieldQuoted', { name: fieldName(id, index, locale) }))
    .join(t('designer.rules.listSeparator'));
  return t('designer.rules.sentence', {
    action: t(`designer.rules.actions.${rule.action}`),
    targets: targets || t('designer.rules.noTargets'),
    conditions: groupText(rule.when, index, registry, t, locale),
  });
}
