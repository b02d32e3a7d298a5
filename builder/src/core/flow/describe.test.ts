import { describe, expect, it } from 'vitest';
import { conditionFieldPaths, conditionRows, describeCondition, describeSource, rowsToCondition, type ConditionWords } from './describe.ts';

const labels: Record<string, string> = { amount: 'Amount', type: 'Leave type' };
const ops: Record<string, string> = { eq: 'is', neq: 'is not', gt: '>', gte: '≥', lt: '<', lte: '≤', in: 'is one of', empty: 'is empty' };
const words: ConditionWords = {
  field: (path) => labels[path.join('.')] ?? path.join('.'),
  value: (_path, v) => (typeof v === 'number' ? v.toLocaleString('en') : String(v)),
  op: (op) => ops[op] ?? op,
  submitter: (a) => `Submitter's ${a}`,
  submitterOp: (op) => (op === 'within' ? 'is within' : 'is'),
  submitterValue: (a, v) => (a === 'department' ? ({ d1: 'Sales' }[v] ?? v) : v),
  and: 'and',
  or: 'or',
  not: (s) => `not (${s})`,
  list: ', ',
};

describe('conditions in words', () => {
  it('reads like a sentence', () => {
    expect(describeCondition({ all: [{ field: ['amount'], op: 'gt', value: 10000 }] }, words)).toBe('Amount > 10,000');
    expect(
      describeCondition(
        {
          any: [
            { field: ['type'], op: 'in', value: ['Annual', 'Sick'] },
            {
              all: [
                { field: ['amount'], op: 'empty' },
                { submitter: 'department', op: 'within', value: 'd1' },
              ],
            },
          ],
        },
        words,
      ),
    ).toBe("Leave type is one of Annual, Sick or (Amount is empty and Submitter's department is within Sales)");
    expect(describeCondition({ not: { field: ['x'], op: 'eq', value: true } }, words)).toBe('not (x is true)');
  });

  it('turns conditions into editable rows and back, or says it cannot', () => {
    const leaf = { field: ['amount'], op: 'gt' as const, value: 1 };
    expect(conditionRows(leaf)).toEqual({ combine: 'all', rows: [leaf] });
    expect(conditionRows({ any: [leaf] })).toEqual({ combine: 'any', rows: [leaf] });
    expect(conditionRows({ not: leaf })).toBeNull();
    expect(rowsToCondition({ combine: 'any', rows: [leaf] })).toEqual({ any: [leaf] });
    expect(conditionFieldPaths({ all: [leaf, { not: leaf }, { field: ['type'], op: 'empty' }] })).toEqual([['amount'], ['type']]);
  });

  it('names approver sources', () => {
    const sw = {
      user: (id: string) => `user ${id}`,
      position: (p: string) => `everyone who is ${p}`,
      manager: (n: number) => (n === 1 ? 'direct manager' : `level ${n} manager`),
      departmentHead: (d?: string) => (d ? `head of ${d}` : 'head of their department'),
      submitterPick: (f: string) => `picked in ${f}`,
    };
    expect(describeSource({ kind: 'manager', level: 2 }, sw)).toBe('level 2 manager');
    expect(describeSource({ kind: 'departmentHead' }, sw)).toBe('head of their department');
    expect(describeSource({ kind: 'submitterPick', field: 'boss' }, sw)).toBe('picked in boss');
  });
});
