import type { FlowDefinition } from '../models/workflow.ts';
import { fieldAccessAt } from './access.ts';
import { createTask, decide, endFlow, isOpen, type Run } from './tasks.ts';
import { tick, TIME_LIMIT_COMMENT } from './timeLimits.ts';
import { enterFromTop, settleNode } from './walk.ts';
import {
  FlowError,
  type EngineContext,
  type FlowAction,
  type FlowState,
  type FlowTask,
  type OrgSnapshot,
  type StepResult,
} from './types.ts';

/**
 * The approval engine: one action on one submission's flow. Pure and deterministic — the same
 * definition, state, action, org chart and context give the same state and events; the input state
 * is never changed. Refusals throw FlowError; a state that does not belong to the definition (a
 * server bug, not a user's mistake) throws a plain Error.
 */
export function step(
  definition: FlowDefinition,
  state: FlowState | null,
  action: FlowAction,
  org: OrgSnapshot,
  context: EngineContext,
): StepResult {
  if (action.type === 'start') {
    if (state) throw new Error('This flow has already started.');
    requireUser(org, action.submitterId);
    const run = newRun(definition, org, context, {
      status: 'pending',
      round: 1,
      submitterId: action.submitterId,
      data: structuredClone(action.data),
      active: [],
      joined: {},
      tasks: [],
    });
    enterFromTop(run);
    return { state: run.state, events: run.events };
  }
  if (!state) throw new Error(`A flow must start before "${action.type}".`);
  const run = newRun(definition, org, context, structuredClone(state));
  switch (action.type) {
    case 'approve': {
      const task = taskToDecide(run, action.taskId, action.actorId);
      if (action.data) mergeEditableData(run, task, action.data);
      approve(run, task, action.actorId, optionalComment(action.comment), false);
      break;
    }
    case 'reject': {
      const task = taskToDecide(run, action.taskId, action.actorId);
      reject(run, task, action.actorId, requiredComment(action.comment, 'reject'), false);
      break;
    }
    case 'return': {
      const task = taskToDecide(run, action.taskId, action.actorId);
      const comment = requiredComment(action.comment, 'return');
      decide(run, task, 'returned', action.actorId, comment);
      run.events.push({ type: 'returned', taskId: task.id, nodeId: task.nodeId, actorId: action.actorId, comment });
      endFlow(run, 'returned');
      break;
    }
    case 'transfer':
      transfer(run, taskToDecide(run, action.taskId, action.actorId), action.userId, action.actorId, optionalComment(action.comment));
      break;
    case 'addSigner':
      addSigner(run, taskToDecide(run, action.taskId, action.actorId), action.userId, action.position, action.actorId);
      break;
    case 'withdraw':
      requireSubmitter(run, action.actorId, 'withdraw', 'pending');
      run.events.push({ type: 'withdrawn', actorId: action.actorId });
      endFlow(run, 'withdrawn');
      break;
    case 'resubmit':
      requireSubmitter(run, action.actorId, 'resubmit', 'returned');
      run.state.round += 1;
      run.state.data = structuredClone(action.data);
      run.state.active = [];
      run.state.joined = {};
      run.events.push({ type: 'resubmitted', actorId: action.actorId, round: run.state.round });
      run.events.push({ type: 'status_changed', from: 'returned', to: 'pending' });
      run.state.status = 'pending';
      enterFromTop(run);
      break;
    case 'read': {
      const task = run.state.tasks.find((t) => t.id === action.taskId);
      if (!task) throw new FlowError('task_not_found', 'This task does not belong to this submission.');
      if (task.assigneeId !== action.actorId)
        throw new FlowError('not_task_assignee', 'This notice was sent to someone else.', task.nodeId);
      if (task.kind === 'cc' && task.status === 'pending') decide(run, task, 'approved', action.actorId, null);
      break;
    }
    case 'tick':
      if (run.state.status === 'pending')
        tick(run, {
          approve: (task) => approve(run, task, null, null, true),
          reject: (task) => reject(run, task, null, TIME_LIMIT_COMMENT, true),
        });
      break;
  }
  return { state: run.state, events: run.events };
}

const newRun = (definition: FlowDefinition, org: OrgSnapshot, ctx: EngineContext, state: FlowState): Run => ({
  definition,
  org,
  ctx,
  state,
  events: [],
  starting: false,
});

// --- Decisions ---------------------------------------------------------------------------------

function approve(run: Run, task: FlowTask, actorId: string | null, comment: string | null, auto: boolean): void {
  decide(run, task, 'approved', actorId, comment);
  run.events.push({ type: 'approved', taskId: task.id, nodeId: task.nodeId, actorId, comment, auto });
  settleNode(run, task.nodeId);
}

/** Any rejection ends the whole flow, parallel branches included. */
function reject(run: Run, task: FlowTask, actorId: string | null, comment: string, auto: boolean): void {
  decide(run, task, 'rejected', actorId, comment);
  run.events.push({ type: 'rejected', taskId: task.id, nodeId: task.nodeId, actorId, comment, auto });
  endFlow(run, 'rejected');
}

/** The assignee hands the task to someone else: same node, same place in it, a fresh time limit. */
function transfer(run: Run, task: FlowTask, userId: string, actorId: string, comment: string | null): void {
  requireNewSigner(run, task, userId);
  decide(run, task, 'transferred', actorId, comment);
  const next = createTask(
    run,
    {
      nodeId: task.nodeId,
      kind: 'approve',
      assigneeId: userId,
      order: task.order,
      status: 'pending',
      fromTaskId: task.id,
      signsFor: task.signsFor,
      addedPosition: task.addedPosition,
    },
    (next) => ({ type: 'transferred', taskId: task.id, nodeId: task.nodeId, actorId, toUserId: userId, newTaskId: next.id, comment }),
  );
  // Signers added before or after the old task now sign around the new one.
  for (const t of run.state.tasks) if (t.signsFor === task.id) t.signsFor = next.id;
}

/**
 * `before`: the new signer decides first and the caller's task waits for them. `after`: the new
 * signer waits until the caller approves, and the node is not done until they approve too.
 */
function addSigner(run: Run, task: FlowTask, userId: string, position: 'before' | 'after', actorId: string): void {
  requireNewSigner(run, task, userId);
  createTask(
    run,
    {
      nodeId: task.nodeId,
      kind: 'approve',
      assigneeId: userId,
      order: task.order,
      status: position === 'before' ? 'pending' : 'waiting',
      fromTaskId: task.id,
      signsFor: task.id,
      addedPosition: position,
    },
    (added) => ({ type: 'signer_added', taskId: task.id, nodeId: task.nodeId, actorId, userId, position, newTaskId: added.id }),
  );
  if (position === 'before') task.status = 'waiting';
}

// --- Checks ------------------------------------------------------------------------------------

function requireUser(org: OrgSnapshot, userId: string) {
  const user = org.users[userId];
  if (!user) throw new FlowError('unknown_user', `There is no user with id "${userId}".`);
  return user;
}

/** The task the actor wants to decide: it must exist, be theirs, and be waiting for their decision now. */
function taskToDecide(run: Run, taskId: string, actorId: string): FlowTask {
  const task = run.state.tasks.find((t) => t.id === taskId);
  if (!task) throw new FlowError('task_not_found', 'This task does not belong to this submission.');
  if (task.assigneeId !== actorId)
    throw new FlowError('not_task_assignee', 'This task is assigned to someone else; only they can act on it.', task.nodeId);
  if (task.kind === 'cc')
    throw new FlowError('task_not_pending', 'This is a copy for your information; there is nothing to decide.', task.nodeId);
  if (task.status !== 'pending' || run.state.status !== 'pending')
    throw new FlowError(
      'task_not_pending',
      task.status === 'waiting'
        ? 'It is not your turn on this task yet: someone before you has to decide first.'
        : 'This task has already been decided (or is no longer needed), so it cannot be acted on again.',
      task.nodeId,
    );
  return task;
}

/** A transfer target or added signer: a known, enabled user other than the submitter, not already signing at the node. */
function requireNewSigner(run: Run, task: FlowTask, userId: string): void {
  const user = requireUser(run.org, userId);
  if (user.disabled) throw new FlowError('user_disabled', `${user.name} is disabled and cannot approve.`, task.nodeId);
  if (userId === run.state.submitterId)
    throw new FlowError('submitter_cannot_sign', `${user.name} submitted this and cannot approve their own submission.`, task.nodeId);
  if (run.state.tasks.some((t) => t.nodeId === task.nodeId && t.round === task.round && t.assigneeId === userId && isOpen(t)))
    throw new FlowError('already_signer', `${user.name} already has this step to approve.`, task.nodeId);
}

function requireSubmitter(run: Run, actorId: string, what: 'withdraw' | 'resubmit', status: 'pending' | 'returned'): void {
  if (actorId !== run.state.submitterId) throw new FlowError('not_submitter', `Only the person who submitted this can ${what} it.`);
  if (run.state.status !== status)
    throw new FlowError(
      'flow_not_pending',
      what === 'withdraw'
        ? `This submission is ${run.state.status}, not pending, so it cannot be withdrawn.`
        : `This submission is ${run.state.status}; only a submission returned to you can be resubmitted.`,
    );
}

function requiredComment(comment: string | undefined, what: 'reject' | 'return'): string {
  const text = comment?.trim();
  if (!text) throw new FlowError('comment_required', `Say why you ${what} this, so the submitter knows what to do.`);
  return text;
}

const optionalComment = (comment: string | undefined) => comment?.trim() || null;

/** An approver's changes: only the fields editable at their node, merged over the data. */
function mergeEditableData(run: Run, task: FlowTask, data: Record<string, unknown>): void {
  const keys = Object.keys(data);
  const access = fieldAccessAt(run.definition, task.nodeId, keys);
  const locked = keys.filter((k) => access[k] !== 'editable');
  if (locked.length)
    throw new FlowError('field_not_editable', `These fields cannot be changed at this step: ${locked.join(', ')}.`, task.nodeId);
  run.state.data = { ...run.state.data, ...structuredClone(data) };
}
