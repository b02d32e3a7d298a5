import { describe, expect, it } from 'vitest';
import { SimulateResult } from '../models/workflow.ts';
import { simulate } from './simulate.ts';
import { company, flow, name } from './testing.ts';
import { FlowError } from './types.ts';

const approval = (id: string, approvers: unknown[], extra: Record<string, unknown> = {}) => ({
  id,
  type: 'approval',
  name: name(id),
  approvers,
  ...extra,
});
const nobody = [{ kind: 'manager', level: 9 }];

const def = flow([
  approval('mgr', [{ kind: 'manager', level: 1 }]),
  {
    id: 'size',
    type: 'branch',
    branches: [
      {
        id: 'big',
        name: name('big'),
        condition: { field: ['amount'], op: 'gt', value: 100 },
        nodes: [
          {
            id: 'p',
            type: 'parallel',
            branches: [
              {
                id: 'fin',
                name: name('fin'),
                nodes: [approval('finance', [{ kind: 'position', position: 'Finance Director' }], { mode: 'all' })],
              },
              {
                id: 'hr',
                name: name('hr'),
                nodes: [{ id: 'tell-hr', type: 'cc', name: name('tell-hr'), recipients: [{ kind: 'position', position: 'HR Manager' }] }],
              },
            ],
          },
        ],
      },
      { id: 'small', name: name('small'), condition: null, nodes: [] },
    ],
  },
  approval('end', nobody, { onEmpty: 'admin' }),
]);

describe('simulate', () => {
  it('lists the approval and cc steps in order with the people, the branches chosen and the parallel branch', () => {
    const result = simulate(def, { amount: 500 }, 'u-alice', company());
    expect(SimulateResult.parse(result)).toEqual(result);
    expect(result).toEqual({
      error: null,
      steps: [
        {
          nodeId: 'mgr',
          type: 'approval',
          name: name('mgr'),
          mode: 'any',
          users: [{ id: 'u-whhead', name: 'WHHEAD' }],
          empty: null,
          parallel: null,
          via: [],
        },
        {
          nodeId: 'finance',
          type: 'approval',
          name: name('finance'),
          mode: 'all',
          users: [
            { id: 'u-cfo', name: 'CFO' },
            { id: 'u-fd2', name: 'FD2' },
          ],
          empty: null,
          parallel: { nodeId: 'p', branchId: 'fin' },
          via: [{ nodeId: 'size', branchId: 'big' }],
        },
        {
          nodeId: 'tell-hr',
          type: 'cc',
          name: name('tell-hr'),
          mode: null,
          users: [{ id: 'u-hrm', name: 'HRM' }],
          empty: null,
          parallel: { nodeId: 'p', branchId: 'hr' },
          via: [{ nodeId: 'size', branchId: 'big' }],
        },
        {
          nodeId: 'end',
          type: 'approval',
          name: name('end'),
          mode: 'any',
          users: [{ id: 'u-admin', name: 'ADMIN' }],
          empty: 'admin',
          parallel: null,
          via: [],
        },
      ],
    });
  });

  it('follows the data: the default branch leaves the parallel block out', () => {
    expect(simulate(def, { amount: 5 }, 'u-alice', company()).steps.map((s) => s.nodeId)).toEqual(['mgr', 'end']);
  });

  it('marks nodes nobody resolved to with their policy', () => {
    const result = simulate(
      flow([approval('s', nobody), { id: 'c', type: 'cc', name: name('c'), recipients: nobody }]),
      {},
      'u-alice',
      company(),
    );
    expect(result.steps.map((s) => [s.nodeId, s.users, s.empty])).toEqual([
      ['s', [], 'skip'],
      ['c', [], 'skip'],
    ]);
    expect(result.error).toBeNull();
  });

  it('an error node the flow reaches at the start is the error that would refuse the submission', () => {
    const result = simulate(
      flow([approval('first', nobody, { onEmpty: 'error' }), approval('then', [{ kind: 'user', userId: 'u-bob' }])]),
      {},
      'u-alice',
      company(),
    );
    expect(result.error).toEqual({ code: 'approver_not_found', message: expect.stringContaining('"first"'), nodeId: 'first' });
    expect(result.steps.map((s) => [s.nodeId, s.users.map((u) => u.id), s.empty])).toEqual([
      ['first', [], 'error'],
      ['then', ['u-bob'], null],
    ]);
  });

  it('an error node reached later goes to an admin, as the engine does', () => {
    const result = simulate(
      flow([approval('first', [{ kind: 'user', userId: 'u-bob' }]), approval('later', nobody, { onEmpty: 'error' })]),
      {},
      'u-alice',
      company(),
    );
    expect(result.error).toBeNull();
    expect(result.steps[1]).toMatchObject({ users: [{ id: 'u-admin' }], empty: 'error' });
  });

  it('refuses an unknown submitter', () => {
    expect(() => simulate(def, {}, 'u-ghost', company())).toThrow(FlowError);
    expect(() => simulate(def, {}, 'u-ghost', company())).toThrow(expect.objectContaining({ code: 'unknown_user' }));
  });
});
