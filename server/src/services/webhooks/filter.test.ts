import { describe, expect, it } from 'vitest';
import type { FlowCondition } from '@formloom/schemas';
import { filterMatches, filterProblems } from './filter.ts';

const schema = {
  type: 'object',
  properties: {
    amount: { type: 'number' },
    region: { type: 'string' },
    lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } } } },
  },
};
const withData = (data: Record<string, unknown>) => ({
  submission: { id: 's', formId: 'f', formVersion: 1, status: 'submitted', data, createdAt: '', updatedAt: '', submittedBy: null },
});

describe('webhook filters', () => {
  it('matches field conditions under all/any/not with the show/hide rules', () => {
    const filter: FlowCondition = {
      all: [{ field: ['amount'], op: 'gte', value: 1000 }, { not: { field: ['region'], op: 'eq', value: 'north' } }],
    };
    expect(filterMatches(filter, withData({ amount: 1500, region: 'south' }))).toBe(true);
    expect(filterMatches(filter, withData({ amount: 1500, region: 'north' }))).toBe(false);
    expect(filterMatches(filter, withData({ amount: 999 }))).toBe(false);
    // No answer: false, except for neq and empty.
    expect(filterMatches({ field: ['region'], op: 'neq', value: 'north' }, withData({}))).toBe(true);
    expect(filterMatches({ any: [{ field: ['region'], op: 'empty' }] }, withData({}))).toBe(true);
  });

  it('passes everything without a filter; with one, an event without a submission does not pass', () => {
    expect(filterMatches(null, {})).toBe(true);
    expect(filterMatches(undefined, withData({}))).toBe(true);
    expect(filterMatches({ field: ['amount'], op: 'notEmpty' }, {})).toBe(false);
  });

  it('names each problem at its path: submitter conditions, and fields the form does not have', () => {
    const filter: FlowCondition = {
      any: [
        { field: ['amount'], op: 'gt', value: 1 },
        { field: ['lines', 'sku'], op: 'eq', value: 'A' },
        { field: ['colour'], op: 'eq', value: 'red' },
        { not: { submitter: 'department', op: 'within', value: 'd1' } },
        { field: ['lines', 'price'], op: 'gt', value: 0 },
      ],
    };
    expect(filterProblems(filter, schema)).toEqual([
      { path: 'filter.any.2.field', message: 'The form has no field "colour".' },
      { path: 'filter.any.3.not', message: expect.stringContaining('submitter') },
      { path: 'filter.any.4.field', message: 'The form has no field "lines.price".' },
    ]);
    // Without a form's schema only the shape is checked.
    expect(filterProblems({ field: ['colour'], op: 'empty' }, null)).toEqual([]);
  });
});
