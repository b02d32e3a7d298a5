import { describe, expect, it } from 'vitest';
import { flow, FlowDriver, name, types } from './testing.ts';

/** Condition branches and parallel blocks, alone and nested. */
const approval = (id: string, userId: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'approval',
  name: name(id),
  approvers: [{ kind: 'user', userId }],
  ...extra,
});
const branch = (id: string, branches: Array<[string, unknown, unknown[]]>) => ({
  id,
  type: 'branch',
  branches: branches.map(([bid, condition, nodes]) => ({ id: bid, name: name(bid), condition, nodes })),
});
const parallel = (id: string, branches: Array<[string, unknown[]]>) => ({
  id,
  type: 'parallel',
  branches: branches.map(([bid, nodes]) => ({ id: bid, name: name(bid), nodes })),
});

describe('condition branches', () => {
  const def = flow([
    branch('amount', [
      ['huge', { field: ['amount'], op: 'gt', value: 100000 }, [approval('ceo', 'u-ceo')]],
      ['big', { field: ['amount'], op: 'gt', value: 10000 }, [approval('cfo', 'u-cfo')]],
      ['warehouse', { submitter: 'department', op: 'within', value: 'd-ops' }, [approval('ops', 'u-opshead')]],
      ['default', null, [approval('mgr', 'u-whhead')]],
    ]),
    approval('after', 'u-hrm'),
  ]);

  it('takes the first branch whose condition holds, top-down', () => {
    const d = new FlowDriver(def);
    const events = d.start('u-alice', { amount: 500000 });
    expect(events[0]).toEqual({ type: 'branch_taken', nodeId: 'amount', branchId: 'huge' });
    expect(d.pending()).toEqual(['u-ceo']);
    expect(d.state!.active).toEqual(['ceo']);
  });

  it('falls through to a submitter condition, then to the default branch', () => {
    const d = new FlowDriver(def);
    d.start('u-alice', { amount: 50 });
    expect(d.events[0]).toEqual({ type: 'branch_taken', nodeId: 'amount', branchId: 'warehouse' });
    const e = new FlowDriver(def);
    e.start('u-hrm', { amount: 50 });
    expect(e.events[0]).toEqual({ type: 'branch_taken', nodeId: 'amount', branchId: 'default' });
    expect(e.pending()).toEqual(['u-whhead']);
  });

  it('goes on below the block when the chosen branch ends', () => {
    const d = new FlowDriver(def);
    d.start('u-alice', { amount: 20000 });
    expect(types(d.approve('u-cfo'))).toEqual(['approved', 'node_completed', 'task_created']);
    expect(d.state!.active).toEqual(['after']);
    d.approve('u-hrm');
    expect(d.status).toBe('approved');
  });

  it('an empty chosen branch goes straight on', () => {
    const d = new FlowDriver(
      flow([
        branch('b', [
          ['none', { field: ['x'], op: 'empty' }, []],
          ['default', null, [approval('a', 'u-bob')]],
        ]),
        approval('z', 'u-cfo'),
      ]),
    );
    d.start('u-alice', {});
    expect(d.pending()).toEqual(['u-cfo']);
  });

  it('routes on the data as it is when the block is reached (an approver may have changed it)', () => {
    const d = new FlowDriver(
      flow([
        approval('first', 'u-bob', { fieldPermissions: { amount: 'editable' } }),
        branch('b', [
          ['big', { field: ['amount'], op: 'gte', value: 1000 }, [approval('cfo', 'u-cfo')]],
          ['default', null, []],
        ]),
      ]),
    );
    d.start('u-alice', { amount: 10 });
    d.approve('u-bob', { data: { amount: 1000 } });
    expect(d.state!.data).toEqual({ amount: 1000 });
    expect(d.pending()).toEqual(['u-cfo']);
  });
});

describe('parallel blocks', () => {
  const def = flow([
    parallel('p', [
      ['legal', [approval('l1', 'u-hrm'), approval('l2', 'u-ceo')]],
      ['money', [approval('m1', 'u-cfo')]],
      ['nothing', []],
    ]),
    approval('after', 'u-opshead'),
  ]);

  it('starts every branch at once; an empty branch has finished already', () => {
    const d = new FlowDriver(def);
    d.start('u-alice');
    expect(d.pending()).toEqual(['u-cfo', 'u-hrm']);
    expect(d.state!.active).toEqual(['l1', 'm1', 'p']);
    expect(d.state!.joined).toEqual({ p: ['nothing'] });
  });

  it('records finished branches and goes on below once all have joined', () => {
    const d = new FlowDriver(def);
    d.start('u-alice');
    expect(types(d.approve('u-cfo'))).toEqual(['approved', 'node_completed']);
    expect(d.state!.joined).toEqual({ p: ['nothing', 'money'] });
    d.approve('u-hrm');
    expect(d.state!.active).toEqual(['p', 'l2']);
    expect(d.approve('u-ceo')).toEqual([
      expect.objectContaining({ type: 'approved' }),
      { type: 'node_completed', nodeId: 'l2' },
      { type: 'node_completed', nodeId: 'p' },
      expect.objectContaining({ type: 'task_created', assigneeId: 'u-opshead' }),
    ]);
    expect(d.state!.joined).toEqual({});
    expect(d.state!.active).toEqual(['after']);
    d.approve('u-opshead');
    expect(d.status).toBe('approved');
  });

  it('a rejection in one branch rejects the whole flow and cancels the other branches', () => {
    const d = new FlowDriver(def);
    d.start('u-alice');
    const events = d.act({ type: 'reject', taskId: d.task('u-cfo').id, actorId: 'u-cfo', comment: 'No' });
    expect(types(events)).toEqual(['rejected', 'task_cancelled', 'status_changed']);
    expect(d.tasksAt('l1')).toEqual([['u-hrm', 'cancelled']]);
    expect(d.state).toMatchObject({ status: 'rejected', active: [], joined: {} });
  });

  it('a block whose branches all finish at once is passed straight through', () => {
    const d = new FlowDriver(
      flow([
        parallel('p', [
          ['a', []],
          ['b', [{ id: 'c', type: 'cc', name: name('c'), recipients: [{ kind: 'user', userId: 'u-hrm' }] }]],
        ]),
        approval('z', 'u-bob'),
      ]),
    );
    d.start('u-alice');
    expect(d.state).toMatchObject({ active: ['z'], joined: {} });
  });
});

describe('nesting', () => {
  it('a parallel block inside a branch inside a parallel block joins at each level', () => {
    const def = flow([
      parallel('outer', [
        [
          'left',
          [
            branch('choose', [
              [
                'rich',
                { field: ['amount'], op: 'gt', value: 5 },
                [
                  parallel('inner', [
                    ['i1', [approval('x', 'u-cfo')]],
                    ['i2', [approval('y', 'u-fc')]],
                  ]),
                  approval('after-inner', 'u-ceo'),
                ],
              ],
              ['default', null, []],
            ]),
          ],
        ],
        ['right', [approval('r', 'u-hrm')]],
      ]),
      approval('end', 'u-opshead'),
    ]);
    const d = new FlowDriver(def);
    d.start('u-alice', { amount: 10 });
    expect(d.pending()).toEqual(['u-cfo', 'u-fc', 'u-hrm']);
    expect(d.state!.active.sort()).toEqual(['inner', 'outer', 'r', 'x', 'y']);
    d.approve('u-cfo');
    d.approve('u-hrm');
    expect(d.state!.joined).toEqual({ outer: ['right'], inner: ['i1'] });
    d.approve('u-fc');
    expect(d.pending()).toEqual(['u-ceo']);
    expect(d.state!.joined).toEqual({ outer: ['right'] });
    d.approve('u-ceo');
    expect(d.pending()).toEqual(['u-opshead']);
    expect(d.state!.joined).toEqual({});

    // The other way round the left branch is empty and joins at once.
    const e = new FlowDriver(def);
    e.start('u-alice', { amount: 1 });
    expect(e.state!.joined).toEqual({ outer: ['left'] });
    expect(e.events.filter((x) => x.type === 'branch_taken')).toEqual([{ type: 'branch_taken', nodeId: 'choose', branchId: 'default' }]);
  });
});
