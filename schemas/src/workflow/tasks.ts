import type { ApprovalNode, FlowDefinition, SubmissionStatus } from '../models/workflow.ts';
import { signMode } from './tree.ts';
import type { EngineContext, FlowEvent, FlowState, FlowTask, OrgSnapshot } from './types.ts';

/** One step in the making: the inputs and the state and events it has produced so far. */
export interface Run {
  definition: FlowDefinition;
  org: OrgSnapshot;
  ctx: EngineContext;
  state: FlowState;
  events: FlowEvent[];
  /**
   * True while nodes are entered for a start or a resubmission: an `error` node that resolves to
   * nobody then refuses the whole action (nothing is stored) instead of going to an admin.
   */
  starting: boolean;
}

/** An approval task still to be decided (pending now, or waiting for its turn). CC notices are never open. */
export const isOpen = (task: FlowTask) => task.kind === 'approve' && (task.status === 'pending' || task.status === 'waiting');

/** The approval tasks of a node in the current round, in the order they were made. */
export const nodeTasks = (state: FlowState, nodeId: string) =>
  state.tasks.filter((t) => t.nodeId === nodeId && t.kind === 'approve' && t.round === state.round);

export function createTask(
  run: Run,
  fields: Pick<FlowTask, 'nodeId' | 'kind' | 'assigneeId' | 'order'> & {
    status: 'pending' | 'waiting';
    fromTaskId?: string;
    signsFor?: string | null;
    addedPosition?: 'before' | 'after' | null;
  },
  /** The event that made the task (a transfer, an added signer, an escalation), told before it. */
  cause?: (task: FlowTask) => FlowEvent,
): FlowTask {
  const now = run.ctx.now;
  const task: FlowTask = {
    id: run.ctx.newId(),
    nodeId: fields.nodeId,
    kind: fields.kind,
    assigneeId: fields.assigneeId,
    status: fields.status,
    order: fields.order,
    round: run.state.round,
    createdAt: now,
    activatedAt: fields.status === 'pending' ? now : null,
    actedAt: null,
    actorId: null,
    comment: null,
    fromTaskId: fields.fromTaskId ?? null,
    remindedAt: null,
    escalatedAt: null,
    signsFor: fields.signsFor ?? null,
    addedPosition: fields.addedPosition ?? null,
  };
  run.state.tasks.push(task);
  if (cause) run.events.push(cause(task));
  run.events.push({
    type: 'task_created',
    taskId: task.id,
    nodeId: task.nodeId,
    assigneeId: task.assigneeId,
    kind: task.kind,
    status: fields.status,
  });
  return task;
}

export function activateTask(run: Run, task: FlowTask): void {
  task.status = 'pending';
  task.activatedAt = run.ctx.now;
  // A fresh turn gets a fresh time limit.
  task.remindedAt = null;
  task.escalatedAt = null;
  run.events.push({ type: 'task_activated', taskId: task.id, nodeId: task.nodeId, assigneeId: task.assigneeId });
}

export function cancelTask(run: Run, task: FlowTask): void {
  task.status = 'cancelled';
  task.actedAt = run.ctx.now;
  run.events.push({ type: 'task_cancelled', taskId: task.id, nodeId: task.nodeId, assigneeId: task.assigneeId });
}

/** Records the decision on a task (approve, reject, return, transfer, or a time limit acting). */
export function decide(run: Run, task: FlowTask, status: FlowTask['status'], actorId: string | null, comment: string | null): void {
  task.status = status;
  task.actedAt = run.ctx.now;
  task.actorId = actorId;
  task.comment = comment;
}

export function setStatus(run: Run, to: FlowState['status']): void {
  const from: SubmissionStatus = run.state.status;
  if (from === to) return;
  run.state.status = to;
  run.events.push({ type: 'status_changed', from, to });
}

/** Ends the flow (rejected, returned, withdrawn): every open task is cancelled and nothing is in progress. */
export function endFlow(run: Run, to: 'rejected' | 'returned' | 'withdrawn'): void {
  for (const task of run.state.tasks) if (isOpen(task)) cancelTask(run, task);
  run.state.active = [];
  run.state.joined = {};
  setStatus(run, to);
}

// --- Who may sign when, within one node ------------------------------------------------------

/** Whether `task` sits, through its chain of added signers, under `anchorId` (or is it). */
function signsUnder(byId: Map<string, FlowTask>, task: FlowTask, anchorId: string): boolean {
  for (let t: FlowTask | undefined = task, hops = 0; t && hops <= byId.size; t = t.signsFor ? byId.get(t.signsFor) : undefined, hops++)
    if (t.id === anchorId) return true;
  return false;
}

/** Whether an open task of the chain added `before` `anchor` (directly or through their own added signers) remains. */
function hasOpenSignerBefore(byId: Map<string, FlowTask>, tasks: FlowTask[], anchor: FlowTask): boolean {
  return tasks.some((o) => {
    if (!isOpen(o)) return false;
    for (let child: FlowTask | undefined = o, hops = 0; child?.signsFor && hops <= byId.size; child = byId.get(child.signsFor), hops++)
      if (child.signsFor === anchor.id) return child.addedPosition === 'before';
    return false;
  });
}

/**
 * Whether a task must wait: behind earlier signers in a one-after-another node, behind the task
 * it was added after (until that one approves), or behind signers added before it.
 */
function isHeld(node: ApprovalNode, tasks: FlowTask[], byId: Map<string, FlowTask>, task: FlowTask): boolean {
  if (signMode(node) === 'sequential' && tasks.some((o) => isOpen(o) && o.order < task.order)) return true;
  if (task.addedPosition === 'after' && byId.get(task.signsFor ?? '')?.status !== 'approved') return true;
  return hasOpenSignerBefore(byId, tasks, task);
}

/** Makes pending every waiting task of the node whose turn has come. */
export function activateReady(run: Run, node: ApprovalNode): void {
  const tasks = nodeTasks(run.state, node.id);
  const byId = new Map(tasks.map((t) => [t.id, t]));
  for (const task of tasks) if (task.status === 'waiting' && !isHeld(node, tasks, byId, task)) activateTask(run, task);
}

/**
 * Whether a node has its decision. One after another and countersign: nobody open is left. Or-sign:
 * one of the node's own signers approved and every signer added around them has too.
 */
export function isNodeDone(node: ApprovalNode, tasks: FlowTask[]): boolean {
  if (signMode(node) !== 'any') return !tasks.some(isOpen);
  const byId = new Map(tasks.map((t) => [t.id, t]));
  return tasks.some(
    (root) => root.signsFor === null && root.status === 'approved' && !tasks.some((t) => isOpen(t) && signsUnder(byId, t, root.id)),
  );
}
