/** Fresh conditions: a field's first operator and a value of the right type. */
import type { FieldTypeDefinition, ReadonlyFieldTypeRegistry } from '@formloom/schemas';
import { ADVANCED_TYPE, operatorsFor, type Condition, type ConditionOperator, type FieldNode } from '../../core/index.ts';
import { optionsOf } from '../canvas/options.ts';

export const defOf = (node: FieldNode | undefined, registry: ReadonlyFieldTypeRegistry): FieldTypeDefinition | undefined =>
  node && node.type !== ADVANCED_TYPE ? registry.get(node.type) : undefined;

/** A value of the right type for the operator: a field's first option, Yes, 0 or ''. */
export function defaultValue(node: FieldNode, operator: ConditionOperator, registry: ReadonlyFieldTypeRegistry): unknown {
  if (operator === 'empty' || operator === 'notEmpty') return undefined;
  const def = defOf(node, registry);
  const options = def ? optionsOf(node, def) : [];
  const one = options[0]?.value ?? (def?.valueKind === 'boolean' ? true : def?.valueKind === 'number' ? 0 : '');
  return operator === 'in' ? [one] : one;
}

export function newCondition(node: FieldNode, registry: ReadonlyFieldTypeRegistry): Condition {
  const operator = operatorsFor(node, registry)[0];
  return { field: node.id, operator, value: defaultValue(node, operator, registry) };
}
