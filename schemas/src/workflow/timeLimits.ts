import type { FlowDefinition, TimeLimit } from '../models/workflow.ts';
import { escalationTarget } from './resolve.ts';
import { createTask, decide, type Run } from './tasks.ts';
import { locate } from './tree.ts';
import type { FlowTask } from './types.ts';

const HOUR_MS = 3_600_000;

/** The comment an automatic rejection carries (stored as the decision's reason). */
export const TIME_LIMIT_COMMENT = 'Time limit reached';

function limitOf(definition: FlowDefinition, task: FlowTask): TimeLimit | null {
  if (task.kind !== 'approve') return null;
  const node = locate(definition, task.nodeId).node;
  return node.type === 'approval' ? (node.timeLimit ?? null) : null;
}

const plusHours = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * HOUR_MS).toISOString();

/**
 * When a pending task's reminder and time-limit action fall due (counted from when it became
 * pending), each null when its node sets none or it already happened. The server schedules its
 * next tick from these and shows `actAt` as the task's due time.
 */
export function taskDeadlines(definition: FlowDefinition, task: FlowTask): { remindAt: string | null; actAt: string | null } {
  const limit = limitOf(definition, task);
  if (!limit || task.status !== 'pending' || !task.activatedAt) return { remindAt: null, actAt: null };
  return {
    remindAt: limit.remindAfterHours !== undefined && !task.remindedAt ? plusHours(task.activatedAt, limit.remindAfterHours) : null,
    actAt: limit.actAfterHours !== undefined && !task.escalatedAt ? plusHours(task.activatedAt, limit.actAfterHours) : null,
  };
}

/** What the time limit does to an overdue task; `approve` and `reject` are decisions the engine makes. */
export interface TimeLimitHandlers {
  approve(task: FlowTask): void;
  reject(task: FlowTask): void;
}

function escalate(run: Run, task: FlowTask): void {
  const target = escalationTarget(run.definition, run.org, task.assigneeId, run.state.submitterId);
  const taken = (id: string) =>
    run.state.tasks.some(
      (t) =>
        t.nodeId === task.nodeId &&
        t.round === task.round &&
        t.assigneeId === id &&
        t.kind === 'approve' &&
        (t.status === 'pending' || t.status === 'waiting'),
    );
  // Nobody else can take it (no manager or admin, or they already sign here): it stays where it is.
  if (!target || taken(target)) return;
  decide(run, task, 'transferred', null, null);
  const next = createTask(
    run,
    {
      nodeId: task.nodeId,
      kind: 'approve',
      assigneeId: target,
      order: task.order,
      status: 'pending',
      fromTaskId: task.id,
      signsFor: task.signsFor,
      addedPosition: task.addedPosition,
    },
    (next) => ({
      type: 'escalated',
      taskId: task.id,
      nodeId: task.nodeId,
      fromUserId: task.assigneeId,
      toUserId: target,
      newTaskId: next.id,
    }),
  );
  for (const t of run.state.tasks) if (t.signsFor === task.id) t.signsFor = next.id;
}

/**
 * Time passes to `run.ctx.now`: each pending task past its node's reminder time is reminded once;
 * past the action time the limit acts once (escalate to the assignee's manager, approve or reject).
 * When both are due at once only the action happens: a reminder to act on what is already gone is noise.
 */
export function tick(run: Run, handlers: TimeLimitHandlers): void {
  const now = Date.parse(run.ctx.now);
  for (const task of [...run.state.tasks]) {
    if (run.state.status !== 'pending') return;
    const limit = limitOf(run.definition, task);
    if (!limit || task.status !== 'pending' || task.round !== run.state.round || !task.activatedAt) continue;
    const elapsed = now - Date.parse(task.activatedAt);
    if (limit.actAfterHours !== undefined && !task.escalatedAt && elapsed >= limit.actAfterHours * HOUR_MS) {
      task.escalatedAt = run.ctx.now;
      if (limit.action === 'approve') handlers.approve(task);
      else if (limit.action === 'reject') handlers.reject(task);
      else escalate(run, task);
      if (task.status === 'pending' && !task.remindedAt && limit.remindAfterHours !== undefined) remind(run, task);
    } else if (limit.remindAfterHours !== undefined && !task.remindedAt && elapsed >= limit.remindAfterHours * HOUR_MS) {
      remind(run, task);
    }
  }
}

function remind(run: Run, task: FlowTask): void {
  task.remindedAt = run.ctx.now;
  run.events.push({ type: 'reminded', taskId: task.id, nodeId: task.nodeId, assigneeId: task.assigneeId });
}
