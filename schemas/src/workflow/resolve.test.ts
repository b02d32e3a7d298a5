import { describe, expect, it } from 'vitest';
import type { ApproverSource } from '../models/workflow.ts';
import { managerAt, resolveAdmin, resolveSources } from './resolve.ts';
import { company, flow, FlowDriver, name } from './testing.ts';
import { FlowError, type OrgSnapshot } from './types.ts';

const resolve = (sources: ApproverSource[], submitterId = 'u-alice', data: Record<string, unknown> = {}, org: OrgSnapshot = company()) =>
  resolveSources(sources, { org, submitterId, data }, { dropSubmitter: true });

describe('approver sources', () => {
  it('user: the named user, unless disabled or unknown', () => {
    expect(resolve([{ kind: 'user', userId: 'u-cfo' }])).toEqual(['u-cfo']);
    expect(resolve([{ kind: 'user', userId: 'u-off' }])).toEqual([]);
    expect(resolve([{ kind: 'user', userId: 'u-ghost' }])).toEqual([]);
  });

  it('position: every enabled holder, case and spaces ignored, by id', () => {
    expect(resolve([{ kind: 'position', position: 'FINANCE director' }])).toEqual(['u-cfo', 'u-fd2']);
    expect(resolve([{ kind: 'position', position: 'Nobody Has This' }])).toEqual([]);
  });

  it('manager: N steps up the chain; a shorter chain or a loop is nobody', () => {
    expect(resolve([{ kind: 'manager', level: 1 }])).toEqual(['u-whhead']);
    expect(resolve([{ kind: 'manager', level: 3 }])).toEqual(['u-ceo']);
    expect(resolve([{ kind: 'manager', level: 4 }])).toEqual([]);
    const org = company();
    org.users['u-ceo']!.managerId = 'u-whhead'; // old data with a loop: whhead → opshead → ceo → whhead
    expect(managerAt(org, 'u-alice', 3)).toBe('u-ceo');
    expect(managerAt(org, 'u-alice', 4)).toBeNull();
    // A disabled manager is walked through, but does not sign.
    const org2 = company();
    org2.users['u-whhead']!.disabled = true;
    expect(resolve([{ kind: 'manager', level: 1 }], 'u-alice', {}, org2)).toEqual([]);
    expect(resolve([{ kind: 'manager', level: 2 }], 'u-alice', {}, org2)).toEqual(['u-opshead']);
  });

  it("departmentHead: the submitter's own department, or a named one; a disabled or missing head is nobody", () => {
    expect(resolve([{ kind: 'departmentHead' }])).toEqual(['u-whhead']);
    expect(resolve([{ kind: 'departmentHead', departmentId: 'd-fin' }])).toEqual(['u-cfo']);
    expect(resolve([{ kind: 'departmentHead', departmentId: 'd-none' }])).toEqual([]);
    expect(resolve([{ kind: 'departmentHead' }], 'u-admin')).toEqual([]); // no department
    const org = company();
    org.users['u-cfo']!.disabled = true;
    expect(resolve([{ kind: 'departmentHead', departmentId: 'd-fin' }], 'u-alice', {}, org)).toEqual([]);
  });

  it('submitterPick: the user id in the named field (or each id of a list); anything else is nobody', () => {
    const pick: ApproverSource[] = [{ kind: 'submitterPick', field: 'approver' }];
    expect(resolve(pick, 'u-alice', { approver: 'u-hrm' })).toEqual(['u-hrm']);
    expect(resolve(pick, 'u-alice', { approver: ['u-hrm', 'u-cfo'] })).toEqual(['u-hrm', 'u-cfo']);
    expect(resolve(pick, 'u-alice', { approver: 'u-ghost' })).toEqual([]);
    expect(resolve(pick, 'u-alice', { approver: 42 })).toEqual([]);
    expect(resolve(pick, 'u-alice', {})).toEqual([]);
  });

  it('in source order, each person once, never the submitter for approvers (kept for cc)', () => {
    const sources: ApproverSource[] = [
      { kind: 'user', userId: 'u-fd2' },
      { kind: 'position', position: 'Finance Director' },
      { kind: 'user', userId: 'u-alice' },
      { kind: 'manager', level: 1 },
    ];
    expect(resolve(sources)).toEqual(['u-fd2', 'u-cfo', 'u-whhead']);
    expect(resolveSources(sources, { org: company(), submitterId: 'u-alice', data: {} }, { dropSubmitter: false })).toEqual([
      'u-fd2',
      'u-cfo',
      'u-alice',
      'u-whhead',
    ]);
  });
});

describe('admins for nodes nobody resolved to', () => {
  it('the flow’s fallback admin when enabled, else the enabled admin with the smallest id, never the submitter', () => {
    const org = company();
    expect(resolveAdmin(flow([], { fallbackAdminId: 'u-hrm' }), org, 'u-alice')).toBe('u-hrm');
    expect(resolveAdmin(flow([], { fallbackAdminId: 'u-off' }), org, 'u-alice')).toBe('u-admin');
    expect(resolveAdmin(flow([]), org, 'u-admin')).toBe('u-admin2');
    org.users['u-admin']!.disabled = true;
    expect(resolveAdmin(flow([]), org, 'u-alice')).toBe('u-admin2');
    org.users['u-admin2']!.disabled = true;
    expect(resolveAdmin(flow([]), org, 'u-alice')).toBeNull();
  });
});

describe('empty-approver policies', () => {
  const nobody = (onEmpty: string) => ({
    id: 'e',
    type: 'approval',
    name: name('Empty'),
    approvers: [{ kind: 'manager', level: 9 }],
    onEmpty,
  });
  const next = { id: 'next', type: 'approval', name: name('Next'), approvers: [{ kind: 'user', userId: 'u-cfo' }] };

  it('skip: passes over the node', () => {
    const d = new FlowDriver(flow([nobody('skip'), next]));
    expect(d.start('u-alice')[0]).toEqual({ type: 'skipped', nodeId: 'e', reason: 'no_approver', policy: 'skip' });
    expect(d.pending()).toEqual(['u-cfo']);
  });

  it('admin: gives the node to the admin', () => {
    const d = new FlowDriver(flow([nobody('admin'), next], { fallbackAdminId: 'u-admin2' }));
    expect(d.start('u-alice')[0]).toEqual({ type: 'given_to_admin', nodeId: 'e', adminId: 'u-admin2', policy: 'admin' });
    expect(d.pending()).toEqual(['u-admin2']);
  });

  it('admin with no admin at all: skipped, saying so', () => {
    const org = company();
    org.users['u-admin']!.disabled = true;
    org.users['u-admin2']!.disabled = true;
    const d = new FlowDriver(flow([nobody('admin'), next]), org);
    expect(d.start('u-alice')[0]).toEqual({ type: 'skipped', nodeId: 'e', reason: 'no_approver', policy: 'admin' });
  });

  it('error at the start: the submission is refused, naming the node', () => {
    const d = new FlowDriver(
      flow([
        next,
        {
          id: 'p',
          type: 'parallel',
          branches: [
            { id: 'a', name: name('a'), nodes: [] },
            { id: 'b', name: name('b'), nodes: [nobody('error')] },
          ],
        },
      ]),
    );
    d.start('u-alice'); // not reached at the start: fine
    const e = new FlowDriver(
      flow([
        {
          id: 'p',
          type: 'parallel',
          branches: [
            { id: 'a', name: name('a'), nodes: [next] },
            { id: 'b', name: name('b'), nodes: [nobody('error')] },
          ],
        },
      ]),
    );
    let err: unknown;
    try {
      e.start('u-alice');
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(FlowError);
    expect(err).toMatchObject({ code: 'approver_not_found', nodeId: 'e' });
    expect(e.state).toBeNull();
  });

  it('error reached later: goes to the admin (the submission is already in), and says why', () => {
    const d = new FlowDriver(flow([next, nobody('error')]));
    d.start('u-alice');
    const events = d.approve('u-cfo');
    expect(events).toContainEqual({ type: 'given_to_admin', nodeId: 'e', adminId: 'u-admin', policy: 'error' });
    expect(d.pending()).toEqual(['u-admin']);
  });

  it('error at a resubmission refuses the resubmission like a start', () => {
    const d2 = new FlowDriver(
      flow([{ id: 'e', type: 'approval', name: name('Picked'), approvers: [{ kind: 'submitterPick', field: 'who' }], onEmpty: 'error' }]),
    );
    d2.start('u-alice', { who: 'u-hrm' });
    d2.act({ type: 'return', taskId: d2.task('u-hrm').id, actorId: 'u-hrm', comment: 'Pick someone else' });
    expect(() => d2.act({ type: 'resubmit', actorId: 'u-alice', data: { who: 'u-alice' } })).toThrow(
      expect.objectContaining({ code: 'approver_not_found' }),
    );
    expect(d2.status).toBe('returned');
    d2.act({ type: 'resubmit', actorId: 'u-alice', data: { who: 'u-bob' } });
    expect(d2.pending()).toEqual(['u-bob']);
  });
});
