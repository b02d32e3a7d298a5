import { describe, expect, it } from 'vitest';
import { flow, FlowDriver, name, types } from './testing.ts';
import { FlowError, type FlowAction } from './types.ts';

/** Transfers, added signers and approvers' edits. */
const node = (mode: string, userIds: string[], extra: Record<string, unknown> = {}) => ({
  id: 'n',
  type: 'approval',
  name: name('Check'),
  mode,
  approvers: userIds.map((userId) => ({ kind: 'user', userId })),
  ...extra,
});

function code(d: FlowDriver, action: FlowAction): string {
  try {
    d.act(action);
  } catch (err) {
    if (err instanceof FlowError) return err.code;
    throw err;
  }
  return 'accepted';
}

describe('transfer', () => {
  it('hands the task to someone else at the same node and place; the old assignee can no longer act', () => {
    const d = new FlowDriver(flow([node('sequential', ['u-bob', 'u-cfo'])]));
    d.start('u-alice');
    d.advance(2);
    const old = d.task('u-bob');
    const events = d.act({ type: 'transfer', taskId: old.id, actorId: 'u-bob', userId: 'u-fc', comment: 'On leave' });
    expect(events).toEqual([
      { type: 'transferred', taskId: old.id, nodeId: 'n', actorId: 'u-bob', toUserId: 'u-fc', newTaskId: 't3', comment: 'On leave' },
      { type: 'task_created', taskId: 't3', nodeId: 'n', assigneeId: 'u-fc', kind: 'approve', status: 'pending' },
    ]);
    expect(d.state!.tasks.find((t) => t.id === 't3')).toMatchObject({
      order: 1,
      fromTaskId: old.id,
      activatedAt: '2026-03-02T03:00:00.000Z',
    });
    expect(d.tasksAt('n')).toEqual([
      ['u-bob', 'transferred'],
      ['u-cfo', 'waiting'],
      ['u-fc', 'pending'],
    ]);
    expect(code(d, { type: 'approve', taskId: old.id, actorId: 'u-bob' })).toBe('task_not_pending');
    d.approve('u-fc');
    expect(d.pending()).toEqual(['u-cfo']);
  });

  it('refuses unknown, disabled and already-signing users, and the submitter', () => {
    const d = new FlowDriver(flow([node('all', ['u-bob', 'u-cfo'])]));
    d.start('u-alice');
    const taskId = d.task('u-bob').id;
    const to = (userId: string) => code(d, { type: 'transfer', taskId, actorId: 'u-bob', userId });
    expect(to('u-ghost')).toBe('unknown_user');
    expect(to('u-off')).toBe('user_disabled');
    expect(to('u-cfo')).toBe('already_signer');
    expect(to('u-bob')).toBe('already_signer');
    expect(to('u-alice')).toBe('submitter_cannot_sign');
    expect(code(d, { type: 'transfer', taskId, actorId: 'u-cfo', userId: 'u-fc' })).toBe('not_task_assignee');
    expect(d.tasksAt('n')).toEqual([
      ['u-bob', 'pending'],
      ['u-cfo', 'pending'],
    ]);
  });
});

describe('add signer', () => {
  it('before: the caller waits for the new signer, then decides', () => {
    const d = new FlowDriver(flow([node('any', ['u-bob', 'u-cfo'])]));
    d.start('u-alice');
    const mine = d.task('u-bob');
    const events = d.act({ type: 'addSigner', taskId: mine.id, actorId: 'u-bob', userId: 'u-hrm', position: 'before' });
    expect(events).toEqual([
      { type: 'signer_added', taskId: mine.id, nodeId: 'n', actorId: 'u-bob', userId: 'u-hrm', position: 'before', newTaskId: 't3' },
      { type: 'task_created', taskId: 't3', nodeId: 'n', assigneeId: 'u-hrm', kind: 'approve', status: 'pending' },
    ]);
    expect(d.tasksAt('n')).toEqual([
      ['u-bob', 'waiting'],
      ['u-cfo', 'pending'],
      ['u-hrm', 'pending'],
    ]);
    expect(code(d, { type: 'approve', taskId: mine.id, actorId: 'u-bob' })).toBe('task_not_pending');
    // The added signer's approval does not decide an or-sign node: it hands the turn back.
    expect(d.approve('u-hrm')).toEqual([
      expect.objectContaining({ type: 'approved' }),
      { type: 'task_activated', taskId: mine.id, nodeId: 'n', assigneeId: 'u-bob' },
    ]);
    expect(d.status).toBe('pending');
    d.approve('u-bob');
    expect(d.status).toBe('approved');
    expect(d.tasksAt('n')).toEqual([
      ['u-bob', 'approved'],
      ['u-cfo', 'cancelled'],
      ['u-hrm', 'approved'],
    ]);
  });

  it('after: the new signer gets the task once the caller approves, and the node waits for them even in or-sign', () => {
    const d = new FlowDriver(flow([node('any', ['u-bob', 'u-cfo'])]));
    d.start('u-alice');
    d.act({ type: 'addSigner', taskId: d.task('u-bob').id, actorId: 'u-bob', userId: 'u-hrm', position: 'after' });
    expect(d.events[1]).toMatchObject({ type: 'task_created', assigneeId: 'u-hrm', status: 'waiting' });
    expect(types(d.approve('u-bob'))).toEqual(['approved', 'task_activated']);
    expect(d.pending()).toEqual(['u-cfo', 'u-hrm']);
    d.approve('u-hrm');
    expect(d.status).toBe('approved');
    expect(d.tasksAt('n')).toEqual([
      ['u-bob', 'approved'],
      ['u-cfo', 'cancelled'],
      ['u-hrm', 'approved'],
    ]);
  });

  it('after, in one-after-another: the added signer comes before the next in line', () => {
    const d = new FlowDriver(flow([node('sequential', ['u-bob', 'u-cfo'])]));
    d.start('u-alice');
    d.act({ type: 'addSigner', taskId: d.task('u-bob').id, actorId: 'u-bob', userId: 'u-hrm', position: 'after' });
    d.approve('u-bob');
    expect(d.pending()).toEqual(['u-hrm']);
    d.approve('u-hrm');
    expect(d.pending()).toEqual(['u-cfo']);
  });

  it('follows the caller through a transfer, and chains of added signers keep their order', () => {
    const d = new FlowDriver(flow([node('all', ['u-bob'])]));
    d.start('u-alice');
    d.act({ type: 'addSigner', taskId: d.task('u-bob').id, actorId: 'u-bob', userId: 'u-hrm', position: 'after' });
    d.act({ type: 'transfer', taskId: d.task('u-bob').id, actorId: 'u-bob', userId: 'u-cfo' });
    // u-cfo took u-bob's place; u-hrm now signs after u-cfo, and u-cfo asks u-fc to sign first.
    d.act({ type: 'addSigner', taskId: d.task('u-cfo').id, actorId: 'u-cfo', userId: 'u-fc', position: 'before' });
    // u-fc adds u-ceo after themselves: u-cfo must wait for both.
    d.act({ type: 'addSigner', taskId: d.task('u-fc').id, actorId: 'u-fc', userId: 'u-ceo', position: 'after' });
    expect(d.pending()).toEqual(['u-fc']);
    d.approve('u-fc');
    expect(d.pending()).toEqual(['u-ceo']);
    d.approve('u-ceo');
    expect(d.pending()).toEqual(['u-cfo']);
    d.approve('u-cfo');
    expect(d.pending()).toEqual(['u-hrm']);
    expect(d.status).toBe('pending');
    d.approve('u-hrm');
    expect(d.status).toBe('approved');
  });

  it('refuses the same people a transfer refuses', () => {
    const d = new FlowDriver(flow([node('all', ['u-bob', 'u-cfo'])]));
    d.start('u-alice');
    const taskId = d.task('u-bob').id;
    const add = (userId: string) => code(d, { type: 'addSigner', taskId, actorId: 'u-bob', userId, position: 'after' });
    expect([add('u-ghost'), add('u-off'), add('u-cfo'), add('u-alice')]).toEqual([
      'unknown_user',
      'user_disabled',
      'already_signer',
      'submitter_cannot_sign',
    ]);
  });
});

describe('approving with changes', () => {
  const def = flow([node('any', ['u-cfo'], { fieldPermissions: { costCentre: 'editable', salary: 'hidden' } })]);

  it('merges the fields editable at the node into the data', () => {
    const d = new FlowDriver(def);
    d.start('u-alice', { amount: 5, costCentre: null });
    d.approve('u-cfo', { data: { costCentre: 'CC-100' } });
    expect(d.state!.data).toEqual({ amount: 5, costCentre: 'CC-100' });
  });

  it('refuses any other field (read-only by default, or hidden), changing nothing', () => {
    const d = new FlowDriver(def);
    d.start('u-alice', { amount: 5 });
    const taskId = d.task('u-cfo').id;
    const before = structuredClone(d.state);
    for (const data of [{ amount: 6 }, { salary: 1 }, { costCentre: 'x', amount: 6 }])
      expect(code(d, { type: 'approve', taskId, actorId: 'u-cfo', data })).toBe('field_not_editable');
    expect(d.state).toEqual(before);
  });
});
