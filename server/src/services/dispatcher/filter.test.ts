import { describe, expect, it } from 'vitest';
import type { FlowCondition } from '@formloom/schemas';
import { filterPasses } from './filter.ts';

const submission = (data: Record<string, unknown>) => ({ data, createdBy: 'u1' });

describe('subscription filter', () => {
  it('lets everything through without a filter, and nothing without a submission when there is one', () => {
    expect(filterPasses(null, null)).toBe(true);
    expect(filterPasses(null, submission({}))).toBe(true);
    expect(filterPasses({ field: ['qty'], op: 'gt', value: 5 }, null)).toBe(false);
  });

  it('compares fields like the flow conditions, nested with all / any / not', () => {
    const bigOrRush: FlowCondition = {
      any: [
        { field: ['qty'], op: 'gt', value: 5 },
        { field: ['priority'], op: 'eq', value: 'rush' },
      ],
    };
    expect(filterPasses(bigOrRush, submission({ qty: 9 }))).toBe(true);
    expect(filterPasses(bigOrRush, submission({ qty: 2, priority: 'rush' }))).toBe(true);
    expect(filterPasses(bigOrRush, submission({ qty: 2 }))).toBe(false);
    expect(filterPasses({ not: { field: ['name'], op: 'empty' } }, submission({ name: 'Drill' }))).toBe(true);
    expect(
      filterPasses(
        {
          all: [
            { field: ['qty'], op: 'gte', value: 1 },
            { field: ['name'], op: 'eq', value: 'x' },
          ],
        },
        submission({ qty: 1 }),
      ),
    ).toBe(false);
  });
});
