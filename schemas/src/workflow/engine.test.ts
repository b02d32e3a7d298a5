import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../models/workflow.ts';
import { step } from './engine.ts';
import { company, flow, FlowDriver, name, types } from './testing.ts';
import { FLOW_ERROR_STATUS, FlowError, type FlowAction } from './types.ts';

const approval = (id: string, approvers: unknown[], extra: Record<string, unknown> = {}) => ({
  id,
  type: 'approval',
  name: name(id),
  approvers,
  ...extra,
});
const user = (userId: string) => ({ kind: 'user', userId });
const cc = (id: string, recipients: unknown[]) => ({ id, type: 'cc', name: name(id), recipients });

function refused(run: () => unknown): FlowError {
  try {
    run();
  } catch (err) {
    if (err instanceof FlowError) return err;
    throw err;
  }
  throw new Error('expected a FlowError');
}

describe('start', () => {
  it('makes the submission pending at round 1 with a pending task for the first node', () => {
    const d = new FlowDriver(flow([approval('mgr', [{ kind: 'manager', level: 1 }])]));
    const events = d.start('u-alice', { days: 2 });
    expect(d.state).toMatchObject({ status: 'pending', round: 1, submitterId: 'u-alice', data: { days: 2 }, active: ['mgr'] });
    expect(d.state!.tasks).toEqual([
      expect.objectContaining({
        id: 't1',
        nodeId: 'mgr',
        kind: 'approve',
        assigneeId: 'u-whhead',
        status: 'pending',
        order: 1,
        round: 1,
        activatedAt: '2026-03-02T01:00:00.000Z',
      }),
    ]);
    expect(events).toEqual([
      { type: 'task_created', taskId: 't1', nodeId: 'mgr', assigneeId: 'u-whhead', kind: 'approve', status: 'pending' },
    ]);
  });

  it('approves at once when the flow has nothing to wait for', () => {
    const d = new FlowDriver(flow([]));
    expect(d.start('u-alice')).toEqual([{ type: 'status_changed', from: 'pending', to: 'approved' }]);
    expect(d.status).toBe('approved');
  });

  it('refuses an unknown submitter', () => {
    const d = new FlowDriver(flow([approval('a', [user('u-bob')])]));
    expect(refused(() => d.start('u-nobody')).code).toBe('unknown_user');
  });

  it('goes through nodes one by one and ends approved', () => {
    const d = new FlowDriver(flow([approval('a', [user('u-bob')]), approval('b', [user('u-cfo')])]));
    d.start('u-alice');
    expect(types(d.approve('u-bob', { comment: '  fine  ' }))).toEqual(['approved', 'node_completed', 'task_created']);
    expect(d.state!.tasks[0]).toMatchObject({ status: 'approved', actorId: 'u-bob', comment: 'fine' });
    expect(d.state!.active).toEqual(['b']);
    expect(d.approve('u-cfo')).toEqual([
      { type: 'approved', taskId: 't2', nodeId: 'b', actorId: 'u-cfo', comment: null, auto: false },
      { type: 'node_completed', nodeId: 'b' },
      { type: 'status_changed', from: 'pending', to: 'approved' },
    ]);
    expect(d.state!.active).toEqual([]);
  });
});

describe('sign modes', () => {
  const three = [user('u-bob'), user('u-cfo'), user('u-fc')];

  it('or-sign: everyone pending, the first approval completes the node and cancels the rest', () => {
    const d = new FlowDriver(flow([approval('n', three, { mode: 'any' })]));
    d.start('u-alice');
    expect(d.pending()).toEqual(['u-bob', 'u-cfo', 'u-fc']);
    const late = d.task('u-fc');
    const events = d.approve('u-cfo');
    expect(types(events)).toEqual(['approved', 'task_cancelled', 'task_cancelled', 'node_completed', 'status_changed']);
    expect(d.tasksAt('n')).toEqual([
      ['u-bob', 'cancelled'],
      ['u-cfo', 'approved'],
      ['u-fc', 'cancelled'],
    ]);
    // The other or-signer, a moment later: exactly one decision counts.
    expect(refused(() => d.act({ type: 'approve', taskId: late.id, actorId: 'u-fc' })).code).toBe('task_not_pending');
  });

  it('countersign: the node waits for every approver', () => {
    const d = new FlowDriver(flow([approval('n', three, { mode: 'all' })]));
    d.start('u-alice');
    d.approve('u-fc');
    d.approve('u-bob');
    expect(d.status).toBe('pending');
    expect(d.pending()).toEqual(['u-cfo']);
    d.approve('u-cfo');
    expect(d.status).toBe('approved');
  });

  it('one after another: the next becomes pending when the one before approves', () => {
    const d = new FlowDriver(flow([approval('n', three, { mode: 'sequential' })]));
    d.start('u-alice');
    expect(d.tasksAt('n')).toEqual([
      ['u-bob', 'pending'],
      ['u-cfo', 'waiting'],
      ['u-fc', 'waiting'],
    ]);
    expect(d.state!.tasks[1]!.activatedAt).toBeNull();
    const waiting = d.task('u-fc', 'waiting');
    expect(refused(() => d.act({ type: 'approve', taskId: waiting.id, actorId: 'u-fc' })).code).toBe('task_not_pending');
    d.advance(1);
    expect(d.approve('u-bob')).toEqual([
      expect.objectContaining({ type: 'approved' }),
      { type: 'task_activated', taskId: 't2', nodeId: 'n', assigneeId: 'u-cfo' },
    ]);
    expect(d.state!.tasks[1]!.activatedAt).toBe('2026-03-02T02:00:00.000Z');
    d.approve('u-cfo');
    expect(d.pending()).toEqual(['u-fc']);
    d.approve('u-fc');
    expect(d.status).toBe('approved');
  });
});

describe('reject, return, resubmit, withdraw', () => {
  const def = flow([approval('n', [user('u-bob'), user('u-cfo')], { mode: 'all' }), approval('m', [user('u-fc')])]);

  it('reject needs a reason and ends the flow, cancelling every open task', () => {
    const d = new FlowDriver(def);
    d.start('u-alice');
    const task = d.task('u-bob');
    expect(refused(() => d.act({ type: 'reject', taskId: task.id, actorId: 'u-bob', comment: '   ' })).code).toBe('comment_required');
    const events = d.act({ type: 'reject', taskId: task.id, actorId: 'u-bob', comment: 'Over budget' });
    expect(events).toEqual([
      { type: 'rejected', taskId: task.id, nodeId: 'n', actorId: 'u-bob', comment: 'Over budget', auto: false },
      { type: 'task_cancelled', taskId: 't2', nodeId: 'n', assigneeId: 'u-cfo' },
      { type: 'status_changed', from: 'pending', to: 'rejected' },
    ]);
    expect(d.state).toMatchObject({ status: 'rejected', active: [], joined: {} });
  });

  it('return sends it back; only the submitter resubmits, and the flow restarts from the top as round 2', () => {
    const d = new FlowDriver(def);
    d.start('u-alice', { days: 1 });
    d.approve('u-bob');
    d.approve('u-cfo');
    const task = d.task('u-fc');
    expect(refused(() => d.act({ type: 'return', taskId: task.id, actorId: 'u-fc', comment: '' })).code).toBe('comment_required');
    expect(types(d.act({ type: 'return', taskId: task.id, actorId: 'u-fc', comment: 'Add the dates' }))).toEqual([
      'returned',
      'status_changed',
    ]);
    expect(d.state).toMatchObject({ status: 'returned', active: [] });
    expect(refused(() => d.act({ type: 'resubmit', actorId: 'u-bob', data: {} })).code).toBe('not_submitter');
    expect(refused(() => d.act({ type: 'withdraw', actorId: 'u-alice' })).code).toBe('flow_not_pending');

    const events = d.act({ type: 'resubmit', actorId: 'u-alice', data: { days: 2 } });
    expect(types(events)).toEqual(['resubmitted', 'status_changed', 'task_created', 'task_created']);
    expect(events[0]).toEqual({ type: 'resubmitted', actorId: 'u-alice', round: 2 });
    expect(d.state).toMatchObject({ status: 'pending', round: 2, data: { days: 2 }, active: ['n'] });
    expect(d.state!.tasks.filter((t) => t.round === 2).map((t) => [t.nodeId, t.assigneeId, t.status])).toEqual([
      ['n', 'u-bob', 'pending'],
      ['n', 'u-cfo', 'pending'],
    ]);
    // Round 1's history stays.
    expect(d.state!.tasks.filter((t) => t.round === 1).map((t) => t.status)).toEqual(['approved', 'approved', 'returned']);
    expect(refused(() => d.act({ type: 'resubmit', actorId: 'u-alice', data: {} })).code).toBe('flow_not_pending');
  });

  it('withdraw: the submitter, while pending; the open tasks are cancelled', () => {
    const d = new FlowDriver(def);
    d.start('u-alice');
    expect(refused(() => d.act({ type: 'withdraw', actorId: 'u-bob' })).code).toBe('not_submitter');
    expect(types(d.act({ type: 'withdraw', actorId: 'u-alice' }))).toEqual([
      'withdrawn',
      'task_cancelled',
      'task_cancelled',
      'status_changed',
    ]);
    expect(d.status).toBe('withdrawn');
    expect(refused(() => d.act({ type: 'withdraw', actorId: 'u-alice' })).code).toBe('flow_not_pending');
    expect(refused(() => d.act({ type: 'approve', taskId: 't1', actorId: 'u-bob' })).code).toBe('task_not_pending');
  });

  it('refuses acting on a task that is not yours, or not in this flow', () => {
    const d = new FlowDriver(def);
    d.start('u-alice');
    const err = refused(() => d.act({ type: 'approve', taskId: d.task('u-bob').id, actorId: 'u-cfo' }));
    expect([err.code, err.nodeId]).toEqual(['not_task_assignee', 'n']);
    expect(refused(() => d.act({ type: 'approve', taskId: 'nope', actorId: 'u-cfo' })).code).toBe('task_not_found');
  });
});

describe('cc nodes', () => {
  it('make unread cc notices for the recipients and go straight on', () => {
    const d = new FlowDriver(
      flow([cc('hr', [{ kind: 'position', position: 'hr manager' }, user('u-alice')]), approval('a', [user('u-bob')])]),
    );
    const events = d.start('u-alice');
    expect(events).toEqual([
      { type: 'task_created', taskId: 't1', nodeId: 'hr', assigneeId: 'u-hrm', kind: 'cc', status: 'pending' },
      { type: 'task_created', taskId: 't2', nodeId: 'hr', assigneeId: 'u-alice', kind: 'cc', status: 'pending' },
      { type: 'cc', nodeId: 'hr', userIds: ['u-hrm', 'u-alice'] },
      { type: 'task_created', taskId: 't3', nodeId: 'a', assigneeId: 'u-bob', kind: 'approve', status: 'pending' },
    ]);
    // A cc notice is not a decision; and a cc stays when the flow ends.
    expect(refused(() => d.act({ type: 'approve', taskId: 't1', actorId: 'u-hrm' })).code).toBe('task_not_pending');
    d.act({ type: 'withdraw', actorId: 'u-alice' });
    expect(d.state!.tasks[0]!.status).toBe('pending');
  });

  it('read: the recipient marks their notice read (even after the flow ended); no-op for approval tasks', () => {
    const d = new FlowDriver(flow([cc('hr', [user('u-hrm')]), approval('a', [user('u-bob')])]));
    d.start('u-alice');
    d.approve('u-bob');
    expect(refused(() => d.act({ type: 'read', taskId: 't1', actorId: 'u-bob' })).code).toBe('not_task_assignee');
    d.advance(1);
    expect(d.act({ type: 'read', taskId: 't1', actorId: 'u-hrm' })).toEqual([]);
    expect(d.state!.tasks[0]).toMatchObject({ status: 'approved', actedAt: '2026-03-02T02:00:00.000Z', actorId: 'u-hrm' });
    const before = structuredClone(d.state);
    d.advance(1).act({ type: 'read', taskId: 't1', actorId: 'u-hrm' });
    d.act({ type: 'read', taskId: 't2', actorId: 'u-bob' });
    expect(d.state).toEqual(before);
  });

  it('with nobody resolved, just go on', () => {
    const d = new FlowDriver(flow([cc('c', [{ kind: 'position', position: 'Astronaut' }])]));
    expect(d.start('u-alice')).toEqual([{ type: 'status_changed', from: 'pending', to: 'approved' }]);
  });
});

describe('determinism', () => {
  const def = flow([
    {
      id: 'b',
      type: 'branch',
      branches: [
        {
          id: 'big',
          name: name('big'),
          condition: { field: ['amount'], op: 'gt', value: 10 },
          nodes: [approval('fin', [{ kind: 'position', position: 'Finance Director' }], { mode: 'all' })],
        },
        { id: 'else', name: name('else'), condition: null, nodes: [] },
      ],
    },
    cc('c', [{ kind: 'departmentHead' }]),
    approval('last', [{ kind: 'manager', level: 2 }]),
  ]);
  const script = (): FlowAction[] => [
    { type: 'start', submitterId: 'u-alice', data: { amount: 20 } },
    { type: 'approve', taskId: 'id1', actorId: 'u-cfo' },
    { type: 'tick' },
    { type: 'approve', taskId: 'id2', actorId: 'u-fd2' },
  ];

  it('gives the same state and events for the same inputs, and never changes the state it is given', () => {
    const run = () => {
      let state = null;
      let n = 0;
      const all = [];
      for (const action of script()) {
        const frozen = state ? structuredClone(state) : null;
        const result = step(def, state, action, company(), { now: '2026-03-02T01:00:00.000Z', newId: () => `id${++n}` });
        if (frozen) expect(state).toEqual(frozen);
        all.push(result);
        state = result.state;
      }
      return all;
    };
    const a = run();
    expect(a.at(-1)!.state.active).toEqual(['last']);
    expect(run()).toEqual(a);
  });
});

describe('definitions without the model defaults', () => {
  it('run like the parsed definition (or-sign, skip when nobody, no field permissions)', () => {
    const nodes = [
      { id: 'none', type: 'approval', name: name('none'), approvers: [{ kind: 'manager', level: 9 }] },
      { id: 'two', type: 'approval', name: name('two'), approvers: [user('u-bob'), user('u-cfo')] },
    ];
    const raw = new FlowDriver({ version: 1, nodes } as unknown as FlowDefinition);
    const parsed = new FlowDriver(flow(nodes));
    expect(raw.start('u-alice', { a: 1 })).toEqual(parsed.start('u-alice', { a: 1 }));
    expect(raw.approve('u-cfo')).toEqual(parsed.approve('u-cfo'));
    expect(raw.state).toEqual(parsed.state);
    expect(raw.status).toBe('approved');
  });
});

describe('error codes', () => {
  it('every code the engine throws has its HTTP status in FLOW_ERROR_STATUS', () => {
    const dir = new URL('.', import.meta.url);
    const thrown = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')))
      for (const m of readFileSync(new URL(file, dir), 'utf8').matchAll(/new FlowError\(\s*'([a-z_]+)'/g)) thrown.add(m[1]!);
    expect(thrown.size).toBeGreaterThan(10);
    expect([...thrown].filter((code) => !(code in FLOW_ERROR_STATUS))).toEqual([]);
  });
});
