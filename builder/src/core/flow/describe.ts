/**
 * Flow conditions and approver sources in words ("Amount > 10,000 and Leave type is Annual"),
 * for the branch cards and the node cards. The words come from the caller (the UI's translations),
 * so this stays free of any language.
 */
import type { ApproverSource, FlowCondition } from '@formloom/schemas';

type FieldOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'contains' | 'empty' | 'notEmpty';
type SubmitterAttr = 'department' | 'position' | 'role' | 'user';
type SubmitterOp = 'eq' | 'neq' | 'in' | 'within';

export interface ConditionWords {
  /** A field's label from its key path (the key itself when the form has no such field). */
  field(path: readonly string[]): string;
  /** A compared value as people read it: an option's label, a number with separators, Yes/No. */
  value(path: readonly string[], value: unknown): string;
  /** An operator between the field and the value (`>`, `is`, `is one of`...). */
  op(op: FieldOp): string;
  /** "Submitter's department", "Submitter's position"... */
  submitter(attribute: SubmitterAttr): string;
  submitterOp(op: SubmitterOp): string;
  /** A department, user or role name, or the position itself. */
  submitterValue(attribute: SubmitterAttr, value: string): string;
  and: string;
  or: string;
  not(sentence: string): string;
  /** Joins the values of `in` ("Annual, Sick"). */
  list: string;
}

const LEAF_LIMIT = 6;

export function describeCondition(condition: FlowCondition, words: ConditionWords): string {
  const go = (c: FlowCondition, nested: boolean): string => {
    if ('all' in c || 'any' in c) {
      const items = 'all' in c ? c.all : c.any;
      const text = items.map((item) => go(item, true)).join(` ${'all' in c ? words.and : words.or} `);
      return nested && items.length > 1 ? `(${text})` : text;
    }
    if ('not' in c) return words.not(go(c.not, true));
    if ('field' in c) {
      const left = `${words.field(c.field)} ${words.op(c.op)}`;
      if (c.op === 'empty' || c.op === 'notEmpty') return left;
      const values = Array.isArray(c.value) ? c.value : [c.value];
      const shown = values.slice(0, LEAF_LIMIT).map((v) => words.value(c.field, v));
      if (values.length > LEAF_LIMIT) shown.push('…');
      return `${left} ${shown.join(words.list)}`;
    }
    const values = Array.isArray(c.value) ? c.value : [c.value];
    return `${words.submitter(c.submitter)} ${words.submitterOp(c.op)} ${values.map((v) => words.submitterValue(c.submitter, v)).join(words.list)}`;
  };
  return go(condition, false);
}

/** A condition as the branch editor holds it: leaves combined with all or any. */
export type ConditionLeaf = Extract<FlowCondition, { field: string[] } | { submitter: string }>;
export interface ConditionRows {
  combine: 'all' | 'any';
  rows: ConditionLeaf[];
}

const isLeaf = (c: FlowCondition): c is ConditionLeaf => 'field' in c || 'submitter' in c;

/**
 * The rows of a condition the editor can show as rows, or null for one it cannot (nested groups,
 * `not`), which it then shows as a sentence with a way to start over.
 */
export function conditionRows(condition: FlowCondition | null): ConditionRows | null {
  if (condition === null) return { combine: 'all', rows: [] };
  if (isLeaf(condition)) return { combine: 'all', rows: [condition] };
  if ('all' in condition && condition.all.every(isLeaf)) return { combine: 'all', rows: condition.all as ConditionLeaf[] };
  if ('any' in condition && condition.any.every(isLeaf)) return { combine: 'any', rows: condition.any as ConditionLeaf[] };
  return null;
}

export function rowsToCondition({ combine, rows }: ConditionRows): FlowCondition {
  return combine === 'all' ? { all: rows } : { any: rows };
}

/** The field paths a condition reads (the simulation asks for sample values of these). */
export function conditionFieldPaths(condition: FlowCondition | null, out: string[][] = []): string[][] {
  if (!condition) return out;
  if ('all' in condition) condition.all.forEach((c) => conditionFieldPaths(c, out));
  else if ('any' in condition) condition.any.forEach((c) => conditionFieldPaths(c, out));
  else if ('not' in condition) conditionFieldPaths(condition.not, out);
  else if ('field' in condition && !out.some((p) => p.join('.') === condition.field.join('.'))) out.push(condition.field);
  return out;
}

export interface SourceWords {
  user(userId: string): string;
  position(position: string): string;
  manager(level: number): string;
  departmentHead(departmentId: string | undefined): string;
  submitterPick(field: string): string;
}

export function describeSource(source: ApproverSource, words: SourceWords): string {
  switch (source.kind) {
    case 'user':
      return words.user(source.userId);
    case 'position':
      return words.position(source.position);
    case 'manager':
      return words.manager(source.level);
    case 'departmentHead':
      return words.departmentHead(source.departmentId);
    case 'submitterPick':
      return words.submitterPick(source.field);
  }
}
