import type { FlowCondition } from '@formloom/schemas';
import type { Column, FilterKind } from '../../submissionColumns.ts';

/** One row of the filter builder: a top-level field, a comparison, and the value as typed (text). */
export interface FilterRow {
  field: string;
  op: FieldOperator;
  value: string;
}

export type FieldOperator = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'empty' | 'notEmpty';

export interface FilterRows {
  combine: 'all' | 'any';
  rows: FilterRow[];
}

/** A field the filter may compare: a data column of the form that can be filtered. */
export interface FilterField {
  key: string;
  title: string;
  kind: FilterKind;
  choices?: Column['choices'];
}

export const filterFields = (columns: Column[]): FilterField[] =>
  columns
    .filter((c) => c.id.startsWith('data.') && c.filterKind !== null)
    .map((c) => ({ key: c.id.slice('data.'.length), title: c.title, kind: c.filterKind!, choices: c.choices }));

const ORDERED: FieldOperator[] = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'];
/** The comparisons that make sense for a kind of field (the same operators the flow editor's conditions use). */
export function operatorsFor(field: FilterField | undefined): FieldOperator[] {
  if (!field || field.kind === 'presence') return ['empty', 'notEmpty'];
  if (field.choices) return ['eq', 'neq', 'empty', 'notEmpty'];
  if (field.kind === 'number' || field.kind === 'date' || field.kind === 'datetime') return [...ORDERED, 'empty', 'notEmpty'];
  return ['eq', 'neq', 'contains', 'empty', 'notEmpty'];
}

export const needsValue = (op: FieldOperator) => op !== 'empty' && op !== 'notEmpty';

type Leaf = Extract<FlowCondition, { field: string[] }>;
const isSimpleLeaf = (c: FlowCondition): c is Leaf => 'field' in c && c.field.length === 1 && c.op !== 'in';

const valueText = (value: unknown) =>
  value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);

/**
 * The rows a stored filter reads as, or null when the filter is more than one level of field comparisons
 * (set through the API): the editor then keeps it untouched rather than flatten it.
 */
export function rowsFromCondition(condition: FlowCondition | null): FilterRows | null {
  if (!condition) return { combine: 'all', rows: [] };
  const group = isSimpleLeaf(condition)
    ? { combine: 'all' as const, items: [condition] }
    : 'all' in condition
      ? { combine: 'all' as const, items: condition.all }
      : 'any' in condition
        ? { combine: 'any' as const, items: condition.any }
        : null;
  if (!group || !group.items.every(isSimpleLeaf)) return null;
  return {
    combine: group.combine,
    rows: (group.items as Leaf[]).map((leaf) => ({ field: leaf.field[0], op: leaf.op as FieldOperator, value: valueText(leaf.value) })),
  };
}

/** The typed value of a row: numbers for number fields, the option's own value for choices, else the text. */
function typedValue(row: FilterRow, field: FilterField | undefined): unknown {
  if (field?.choices) {
    const choice = field.choices.find((c) => valueText(c.value) === row.value);
    return choice ? choice.value : row.value;
  }
  if (field?.kind === 'number') {
    const n = Number(row.value);
    return row.value.trim() !== '' && Number.isFinite(n) ? n : row.value;
  }
  return row.value;
}

/** The FlowCondition the API takes (`{all: [...]}` / `{any: [...]}`), or null without rows. */
export function conditionFromRows({ combine, rows }: FilterRows, fields: FilterField[]): FlowCondition | null {
  const complete = rows.filter((r) => r.field);
  if (complete.length === 0) return null;
  const leaves: FlowCondition[] = complete.map((row) => {
    const field = fields.find((f) => f.key === row.field);
    return needsValue(row.op) ? { field: [row.field], op: row.op, value: typedValue(row, field) } : { field: [row.field], op: row.op };
  });
  return combine === 'all' ? { all: leaves } : { any: leaves };
}
