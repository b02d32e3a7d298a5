import { describe, expect, it } from 'vitest';
import type { FlowCondition } from '../models/workflow.ts';
import { evaluateFlowCondition } from './conditions.ts';
import { company } from './testing.ts';

const holds = (condition: FlowCondition, data: Record<string, unknown> = {}, submitterId = 'u-alice') =>
  evaluateFlowCondition(condition, { data, submitterId, org: company() });

describe('field conditions (the show/hide rules)', () => {
  it('compare numbers, with no answer false except for neq and empty', () => {
    expect(holds({ field: ['days'], op: 'gt', value: 3 }, { days: 3.5 })).toBe(true);
    expect(holds({ field: ['days'], op: 'gt', value: 3 }, { days: 3 })).toBe(false);
    expect(holds({ field: ['days'], op: 'lte', value: 3 }, { days: 3 })).toBe(true);
    expect(holds({ field: ['days'], op: 'gt', value: 3 }, { days: '5' })).toBe(false);
    expect(holds({ field: ['days'], op: 'gt', value: 3 })).toBe(false);
    expect(holds({ field: ['days'], op: 'neq', value: 3 })).toBe(true);
    expect(holds({ field: ['note'], op: 'empty' }, { note: '' })).toBe(true);
    expect(holds({ field: ['note'], op: 'notEmpty' }, { note: 'x' })).toBe(true);
  });

  it('eq / in / contains by value, into nested objects', () => {
    expect(holds({ field: ['type'], op: 'in', value: ['annual', 'sick'] }, { type: 'sick' })).toBe(true);
    expect(holds({ field: ['tags'], op: 'contains', value: 'urgent' }, { tags: ['urgent'] })).toBe(true);
    expect(holds({ field: ['trip', 'country'], op: 'eq', value: 'JP' }, { trip: { country: 'JP' } })).toBe(true);
  });
});

describe('submitter conditions', () => {
  it('department: eq / neq / in on their own department; within also matches every department above', () => {
    expect(holds({ submitter: 'department', op: 'eq', value: 'd-wh' })).toBe(true);
    expect(holds({ submitter: 'department', op: 'eq', value: 'd-ops' })).toBe(false);
    expect(holds({ submitter: 'department', op: 'neq', value: 'd-ops' })).toBe(true);
    expect(holds({ submitter: 'department', op: 'in', value: ['d-fin', 'd-wh'] })).toBe(true);
    expect(holds({ submitter: 'department', op: 'within', value: 'd-ops' })).toBe(true);
    expect(holds({ submitter: 'department', op: 'within', value: 'd-co' })).toBe(true);
    expect(holds({ submitter: 'department', op: 'within', value: 'd-fin' })).toBe(false);
    // Without a department: only neq holds.
    expect(holds({ submitter: 'department', op: 'within', value: 'd-co' }, {}, 'u-admin')).toBe(false);
    expect(holds({ submitter: 'department', op: 'neq', value: 'd-co' }, {}, 'u-admin')).toBe(true);
  });

  it('position: any of theirs, case-insensitive', () => {
    expect(holds({ submitter: 'position', op: 'eq', value: 'finance director' }, {}, 'u-cfo')).toBe(true);
    expect(holds({ submitter: 'position', op: 'in', value: ['HR Manager', 'Financial Controller'] }, {}, 'u-fc')).toBe(true);
    expect(holds({ submitter: 'position', op: 'neq', value: 'Finance Director' }, {}, 'u-fc')).toBe(true);
    expect(holds({ submitter: 'position', op: 'eq', value: 'Finance Director' }, {}, 'u-alice')).toBe(false);
  });

  it('role and user', () => {
    expect(holds({ submitter: 'role', op: 'eq', value: 'admin' }, {}, 'u-admin')).toBe(true);
    expect(holds({ submitter: 'role', op: 'eq', value: 'admin' })).toBe(false);
    expect(holds({ submitter: 'user', op: 'in', value: ['u-bob', 'u-alice'] })).toBe(true);
    expect(holds({ submitter: 'user', op: 'neq', value: 'u-alice' })).toBe(false);
  });
});

describe('groups', () => {
  it('all / any / not mix field and submitter conditions', () => {
    const c: FlowCondition = {
      all: [
        { field: ['amount'], op: 'gt', value: 10000 },
        {
          not: {
            any: [
              { submitter: 'department', op: 'within', value: 'd-fin' },
              { submitter: 'role', op: 'eq', value: 'admin' },
            ],
          },
        },
      ],
    };
    expect(holds(c, { amount: 20000 })).toBe(true);
    expect(holds(c, { amount: 20000 }, 'u-fc')).toBe(false);
    expect(holds(c, { amount: 20000 }, 'u-admin')).toBe(false);
    expect(holds(c, { amount: 100 })).toBe(false);
  });
});
