/**
 * The form's fields as the flow editor needs them: the fields a branch condition can compare (with
 * the operators that suit each), the fields a node's permissions cover, and the person fields a
 * "submitter picks" approver can name.
 */
import type { ReadonlyFieldTypeRegistry } from '@formloom/schemas';
import { ADVANCED_TYPE, containerKind, operatorsFor, type ConditionOperator, type FieldNode, type FormDoc } from '../../core/index.ts';

export interface ConditionField {
  /** Keys from the form's root: what a flow condition's `field` holds. */
  path: string[];
  node: FieldNode;
  operators: readonly ConditionOperator[];
  kind: 'number' | 'choice' | 'boolean' | 'date' | 'text' | 'multi';
}

function valueKindOf(node: FieldNode, registry: ReadonlyFieldTypeRegistry): ConditionField['kind'] {
  const def = registry.get(node.type);
  if (node.props.options?.length) return def?.valueKind === 'array' ? 'multi' : 'choice';
  if (def?.valueKind === 'number') return 'number';
  if (def?.valueKind === 'boolean') return 'boolean';
  if (def?.valueKind === 'array') return 'multi';
  const format = (def?.schema as { format?: string } | undefined)?.format;
  return format === 'date' || format === 'date-time' ? 'date' : 'text';
}

/** Fields outside sub-tables that hold a value: a condition reads one answer per submission. */
export function conditionFields(doc: FormDoc, registry: ReadonlyFieldTypeRegistry): ConditionField[] {
  const out: ConditionField[] = [];
  const go = (list: readonly FieldNode[], prefix: string[]) => {
    for (const node of list) {
      const kind = containerKind(node, registry);
      if (kind === 'object' && node.children) go(node.children, [...prefix, node.key]);
      if (kind) continue; // sub-tables have many rows: nothing to compare once
      const operators = node.type === ADVANCED_TYPE ? [] : operatorsFor(node, registry);
      if (operators.length) out.push({ path: [...prefix, node.key], node, operators, kind: valueKindOf(node, registry) });
    }
  };
  go(doc.fields, []);
  return out;
}

/** Top-level fields people fill in (sections as a whole): the rows of a permissions table. */
export function permissionFields(doc: FormDoc, registry: ReadonlyFieldTypeRegistry): FieldNode[] {
  return doc.fields.filter((node) => containerKind(node, registry) || registry.get(node.type)?.valueKind !== 'none');
}

/** Top-level person fields: a submitter-picks approver names one of these. */
export function personFields(doc: FormDoc): FieldNode[] {
  return doc.fields.filter((node) => node.type === 'person');
}
