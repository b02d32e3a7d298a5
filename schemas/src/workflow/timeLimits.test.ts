import { describe, expect, it } from 'vitest';
import { flow, FlowDriver, name, types } from './testing.ts';
import { taskDeadlines } from './timeLimits.ts';

const limited = (
  timeLimit: Record<string, unknown>,
  approvers: unknown[] = [{ kind: 'user', userId: 'u-bob' }],
  extra: Record<string, unknown> = {},
) =>
  flow(
    [{ id: 'n', type: 'approval', name: name('Limited'), approvers, timeLimit, ...extra }],
    extra.fallbackAdminId ? { fallbackAdminId: extra.fallbackAdminId } : {},
  );
const MS = 1 / 3_600_000; // one millisecond, in hours

describe('time limits', () => {
  it('reminds once, exactly when the reminder time is reached', () => {
    const d = new FlowDriver(limited({ remindAfterHours: 4, actAfterHours: 24 }));
    d.start('u-alice');
    expect(d.advance(4 - MS).act({ type: 'tick' })).toEqual([]);
    expect(d.advance(MS).act({ type: 'tick' })).toEqual([{ type: 'reminded', taskId: 't1', nodeId: 'n', assigneeId: 'u-bob' }]);
    expect(d.state!.tasks[0]!.remindedAt).toBe('2026-03-02T05:00:00.000Z');
    expect(d.advance(1).act({ type: 'tick' })).toEqual([]);
  });

  it('escalates to the assignee’s manager at the limit, once; the new task has its own fresh limit', () => {
    const d = new FlowDriver(limited({ remindAfterHours: 4, actAfterHours: 24 }));
    d.start('u-alice');
    d.advance(4).act({ type: 'tick' });
    expect(d.advance(20 - MS).act({ type: 'tick' })).toEqual([]);
    expect(d.advance(MS).act({ type: 'tick' })).toEqual([
      { type: 'escalated', taskId: 't1', nodeId: 'n', fromUserId: 'u-bob', toUserId: 'u-whhead', newTaskId: 't2' },
      { type: 'task_created', taskId: 't2', nodeId: 'n', assigneeId: 'u-whhead', kind: 'approve', status: 'pending' },
    ]);
    expect(d.tasksAt('n')).toEqual([
      ['u-bob', 'transferred'],
      ['u-whhead', 'pending'],
    ]);
    expect(d.state!.tasks[0]).toMatchObject({ escalatedAt: '2026-03-03T01:00:00.000Z', actorId: null });
    expect(d.state!.tasks[1]).toMatchObject({ fromTaskId: 't1', activatedAt: '2026-03-03T01:00:00.000Z', remindedAt: null });
    expect(taskDeadlines(d.definition, d.state!.tasks[1]!)).toEqual({
      remindAt: '2026-03-03T05:00:00.000Z',
      actAt: '2026-03-04T01:00:00.000Z',
    });
    expect(d.act({ type: 'tick' })).toEqual([]);
    expect(types(d.advance(24).act({ type: 'tick' }))).toEqual(['escalated', 'task_created']);
    expect(d.pending()).toEqual(['u-opshead']);
  });

  it('a manager who is disabled or missing: escalates to the fallback admin', () => {
    const d = new FlowDriver(limited({ actAfterHours: 1 }, [{ kind: 'user', userId: 'u-ceo' }], { fallbackAdminId: 'u-admin2' }));
    d.start('u-alice');
    d.advance(1).act({ type: 'tick' });
    expect(d.pending()).toEqual(['u-admin2']);
    d.org.users['u-whhead']!.disabled = true;
    const e = new FlowDriver(limited({ actAfterHours: 1 }), d.org);
    e.start('u-alice');
    e.advance(1).act({ type: 'tick' });
    expect(e.pending()).toEqual(['u-admin']);
  });

  it('with nobody to escalate to, the task stays where it is and is reminded instead', () => {
    const org = new FlowDriver(flow([])).org;
    for (const id of ['u-admin', 'u-admin2']) org.users[id]!.disabled = true;
    const d = new FlowDriver(limited({ remindAfterHours: 1, actAfterHours: 2 }, [{ kind: 'user', userId: 'u-ceo' }]), org);
    d.start('u-alice');
    expect(d.advance(5).act({ type: 'tick' })).toEqual([{ type: 'reminded', taskId: 't1', nodeId: 'n', assigneeId: 'u-ceo' }]);
    expect(d.task('u-ceo').escalatedAt).not.toBeNull();
    expect(d.advance(5).act({ type: 'tick' })).toEqual([]);
  });

  it('auto-approves: the system decides, and the flow goes on', () => {
    const d = new FlowDriver(
      limited(
        { actAfterHours: 8, action: 'approve' },
        [
          { kind: 'user', userId: 'u-bob' },
          { kind: 'user', userId: 'u-cfo' },
        ],
        { mode: 'all' },
      ),
    );
    d.start('u-alice');
    d.approve('u-cfo');
    expect(d.advance(8).act({ type: 'tick' })).toEqual([
      { type: 'approved', taskId: 't1', nodeId: 'n', actorId: null, comment: null, auto: true },
      { type: 'node_completed', nodeId: 'n' },
      { type: 'status_changed', from: 'pending', to: 'approved' },
    ]);
  });

  it('auto-rejects with the time-limit reason', () => {
    const d = new FlowDriver(limited({ actAfterHours: 8, action: 'reject' }));
    d.start('u-alice');
    expect(d.advance(8).act({ type: 'tick' })[0]).toEqual({
      type: 'rejected',
      taskId: 't1',
      nodeId: 'n',
      actorId: null,
      comment: 'Time limit reached',
      auto: true,
    });
    expect(d.status).toBe('rejected');
    expect(d.advance(100).act({ type: 'tick' })).toEqual([]);
  });

  it('counts from when a task became pending: a waiting task’s clock starts on its turn', () => {
    const d = new FlowDriver(
      limited(
        { remindAfterHours: 2 },
        [
          { kind: 'user', userId: 'u-bob' },
          { kind: 'user', userId: 'u-cfo' },
        ],
        { mode: 'sequential' },
      ),
    );
    d.start('u-alice');
    expect(taskDeadlines(d.definition, d.task('u-cfo', 'waiting'))).toEqual({ remindAt: null, actAt: null });
    d.advance(1).approve('u-bob');
    expect(d.advance(2 - MS).act({ type: 'tick' })).toEqual([]);
    expect(d.advance(MS).act({ type: 'tick' })).toEqual([expect.objectContaining({ type: 'reminded', assigneeId: 'u-cfo' })]);
  });

  it('nodes without a limit, and a tick after the flow ended, do nothing', () => {
    const d = new FlowDriver(flow([{ id: 'n', type: 'approval', name: name('Free'), approvers: [{ kind: 'user', userId: 'u-bob' }] }]));
    d.start('u-alice');
    expect(d.advance(10_000).act({ type: 'tick' })).toEqual([]);
    expect(taskDeadlines(d.definition, d.task('u-bob'))).toEqual({ remindAt: null, actAt: null });
  });
});
