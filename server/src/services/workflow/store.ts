/**
 * Persisting a flow step, all in the caller's transaction: the instance's state (compare-and-set
 * on its revision), the tasks projected for the inbox, the submission's status, and for every
 * engine event its domain event, timeline entry and notifications.
 */
import {
  taskDeadlines,
  type FlowDefinition,
  type FlowEvent,
  type FlowState,
  type FlowTask,
  type SubmissionStatus,
} from '@formloom/schemas';
import { readJson, writeJson } from '../../db/dialect.ts';
import { ConflictError } from '../../lib/errors.ts';
import { appendEvent } from '../../repositories/events.ts';
import type { Db } from '../../repositories/types.ts';
import { notify } from '../notifications/notify.ts';
import { nodeName } from './nodes.ts';

export interface InstanceRow {
  submission_id: string;
  form_id: string;
  app_id: string;
  form_version: number;
  submitter_id: string | null;
  definition: unknown;
  state: unknown;
  status: string;
  round: number;
  revision: number;
  next_due_at: string | null;
  created_at: string;
  updated_at: string;
}

/** What a step is about: the submission, its form and the flow it runs. */
export interface FlowSubject {
  submissionId: string;
  formId: string;
  appId: string;
  formName: string;
  formVersion: number;
  definition: FlowDefinition;
  submitterName: string;
}

export type TimelineAction =
  | 'submitted'
  | 'resubmitted'
  | 'task_created'
  | 'approved'
  | 'rejected'
  | 'returned'
  | 'transferred'
  | 'signer_added'
  | 'cc'
  | 'reminded'
  | 'escalated'
  | 'auto_approved'
  | 'auto_rejected'
  | 'skipped'
  | 'given_to_admin'
  | 'withdrawn'
  | 'completed';

interface TimelineRow {
  action: TimelineAction;
  nodeId?: string | null;
  actorId?: string | null;
  userIds?: string[];
  comment?: string | null;
}

export const readState = (row: InstanceRow) => readJson<FlowState>(row.state);
export const readDefinition = (row: InstanceRow) => readJson<FlowDefinition>(row.definition);

/** The instance row, locked until the transaction ends on PostgreSQL (SQLite has one writer). */
export async function lockInstance(trx: Db, submissionId: string, opts: { skipLocked?: boolean } = {}): Promise<InstanceRow | undefined> {
  const q = trx<InstanceRow>('approval_instances').where({ submission_id: submissionId });
  if (trx.client.config.client === 'pg') {
    q.forUpdate();
    if (opts.skipLocked) q.skipLocked();
  }
  return q.first();
}

function earliestDue(definition: FlowDefinition, tasks: FlowTask[]): string | null {
  let earliest: string | null = null;
  for (const task of tasks) {
    const { remindAt, actAt } = taskDeadlines(definition, task);
    for (const at of [remindAt, actAt]) if (at && (earliest === null || at < earliest)) earliest = at;
  }
  return earliest;
}

function taskRow(subject: FlowSubject, task: FlowTask) {
  return {
    status: task.status,
    activated_at: task.activatedAt,
    acted_at: task.actedAt,
    actor_id: task.actorId,
    comment: task.comment,
    due_at: taskDeadlines(subject.definition, task).actAt,
  };
}

/**
 * Stores the step from `before` (null when the flow starts) to `after`. `revision` is the
 * instance's revision the step was computed from: a different one means another step got there
 * first, and this one is refused rather than overwriting it.
 */
export async function persistStep(
  trx: Db,
  subject: FlowSubject,
  step: { before: FlowState | null; revision: number | null; after: FlowState; events: FlowEvent[] },
  meta: { actorId: string | null; now: string; lead?: TimelineRow[] },
): Promise<void> {
  const { before, after, events } = step;
  const { definition, submissionId } = subject;
  const nextDue = after.status === 'pending' ? earliestDue(definition, after.tasks) : null;
  if (step.revision === null) {
    await trx('approval_instances').insert({
      submission_id: submissionId,
      form_id: subject.formId,
      app_id: subject.appId,
      form_version: subject.formVersion,
      submitter_id: after.submitterId,
      definition: writeJson(definition),
      state: writeJson(after),
      status: after.status,
      round: after.round,
      revision: 1,
      next_due_at: nextDue,
      created_at: meta.now,
      updated_at: meta.now,
    });
  } else {
    const updated = await trx('approval_instances')
      .where({ submission_id: submissionId, revision: step.revision })
      .update({
        state: writeJson(after),
        status: after.status,
        round: after.round,
        revision: step.revision + 1,
        next_due_at: nextDue,
        updated_at: meta.now,
      });
    if (updated !== 1)
      throw new ConflictError(
        'task_not_pending',
        'Someone else acted on this approval at the same moment; reload it to see where it stands.',
      );
  }

  const previous = new Map((before?.tasks ?? []).map((t) => [t.id, t]));
  const assigned: FlowTask[] = [];
  for (const task of after.tasks) {
    const old = previous.get(task.id);
    if (!old) {
      await trx('approval_tasks').insert({
        id: task.id,
        submission_id: submissionId,
        form_id: subject.formId,
        app_id: subject.appId,
        node_id: task.nodeId,
        node_name: writeJson(nodeName(definition, task.nodeId)),
        kind: task.kind,
        assignee_id: task.assigneeId,
        round: task.round,
        order: task.order,
        created_at: task.createdAt,
        read_at: null,
        ...taskRow(subject, task),
      });
    } else if (JSON.stringify(old) !== JSON.stringify(task)) {
      await trx('approval_tasks').where({ id: task.id }).update(taskRow(subject, task));
    }
    if (task.kind === 'approve' && task.status === 'pending' && (!old || old.status === 'waiting')) assigned.push(task);
  }

  const from = before?.status ?? null;
  if (from !== after.status) await trx('submissions').where({ id: submissionId }).update({ status: after.status });

  const timeline: TimelineRow[] = [...(meta.lead ?? [])];
  const escalatedTo = new Set<string>();
  for (const event of events) {
    await recordEvent(trx, subject, event, meta.actorId, timeline, escalatedTo);
  }
  for (const task of assigned) {
    if (escalatedTo.has(task.id)) continue;
    await notify(trx, {
      userIds: [task.assigneeId],
      kind: 'task_assigned',
      params: { formName: subject.formName, submitterName: subject.submitterName, ...nodeNameParams(definition, task.nodeId) },
      link: `/tasks/${task.id}`,
      submissionId,
      taskId: task.id,
    });
  }
  if (timeline.length) {
    await trx('approval_timeline').insert(
      timeline.map((t) => ({
        submission_id: submissionId,
        round: after.round,
        at: meta.now,
        action: t.action,
        node_id: t.nodeId ?? null,
        actor_id: t.actorId ?? null,
        user_ids: writeJson(t.userIds ?? []),
        comment: t.comment ?? null,
      })),
    );
  }
}

/** One engine event: its domain event, its line in the timeline, and who hears of it. */
async function recordEvent(
  trx: Db,
  subject: FlowSubject,
  event: FlowEvent,
  actorId: string | null,
  timeline: TimelineRow[],
  escalatedTo: Set<string>,
): Promise<void> {
  const { submissionId, appId, formId, definition } = subject;
  const base = { appId, formId, actorId };
  const params = (nodeId: string) => ({
    formName: subject.formName,
    submitterName: subject.submitterName,
    ...nodeNameParams(definition, nodeId),
  });
  switch (event.type) {
    case 'task_created':
      await appendEvent(trx, {
        ...base,
        type: 'approval.task_created',
        payload: { submissionId, ...pick(event, 'taskId', 'nodeId', 'assigneeId', 'kind') },
      });
      if (event.kind === 'approve') timeline.push({ action: 'task_created', nodeId: event.nodeId, userIds: [event.assigneeId] });
      return;
    case 'task_activated':
      return;
    case 'approved':
    case 'rejected':
      await appendEvent(trx, {
        ...base,
        actorId: event.actorId,
        type: event.type === 'approved' ? 'approval.approved' : 'approval.rejected',
        payload: { submissionId, taskId: event.taskId, nodeId: event.nodeId, auto: event.auto },
      });
      timeline.push({
        action: event.auto ? (event.type === 'approved' ? 'auto_approved' : 'auto_rejected') : event.type,
        nodeId: event.nodeId,
        actorId: event.actorId,
        comment: event.comment,
      });
      return;
    case 'returned':
      await appendEvent(trx, { ...base, type: 'approval.returned', payload: { submissionId, taskId: event.taskId, nodeId: event.nodeId } });
      timeline.push({ action: 'returned', nodeId: event.nodeId, actorId: event.actorId, comment: event.comment });
      return;
    case 'transferred':
      await appendEvent(trx, {
        ...base,
        type: 'approval.transferred',
        payload: { submissionId, taskId: event.taskId, nodeId: event.nodeId, toUserId: event.toUserId, newTaskId: event.newTaskId },
      });
      timeline.push({
        action: 'transferred',
        nodeId: event.nodeId,
        actorId: event.actorId,
        userIds: [event.toUserId],
        comment: event.comment,
      });
      return;
    case 'signer_added':
      await appendEvent(trx, {
        ...base,
        type: 'approval.signer_added',
        payload: { submissionId, taskId: event.taskId, nodeId: event.nodeId, userId: event.userId, position: event.position },
      });
      timeline.push({ action: 'signer_added', nodeId: event.nodeId, actorId: event.actorId, userIds: [event.userId] });
      return;
    case 'cc':
      await appendEvent(trx, { ...base, type: 'approval.cc', payload: { submissionId, nodeId: event.nodeId, userIds: event.userIds } });
      timeline.push({ action: 'cc', nodeId: event.nodeId, userIds: event.userIds });
      await notify(trx, { userIds: event.userIds, kind: 'cc', params: params(event.nodeId), link: `/r/${submissionId}`, submissionId });
      return;
    case 'reminded':
      await appendEvent(trx, {
        ...base,
        actorId: null,
        type: 'approval.reminded',
        payload: { submissionId, taskId: event.taskId, nodeId: event.nodeId, assigneeId: event.assigneeId },
      });
      timeline.push({ action: 'reminded', nodeId: event.nodeId, userIds: [event.assigneeId] });
      await notify(trx, {
        userIds: [event.assigneeId],
        kind: 'task_reminder',
        params: params(event.nodeId),
        link: `/tasks/${event.taskId}`,
        submissionId,
        taskId: event.taskId,
      });
      return;
    case 'escalated': {
      await appendEvent(trx, {
        ...base,
        actorId: null,
        type: 'approval.escalated',
        payload: { submissionId, taskId: event.taskId, nodeId: event.nodeId, toUserId: event.toUserId, newTaskId: event.newTaskId },
      });
      timeline.push({ action: 'escalated', nodeId: event.nodeId, userIds: [event.fromUserId, event.toUserId] });
      escalatedTo.add(event.newTaskId);
      const from = await trx('users').where({ id: event.fromUserId }).first('name');
      await notify(trx, {
        userIds: [event.toUserId],
        kind: 'task_escalated',
        params: { ...params(event.nodeId), fromName: from?.name ?? '' },
        link: `/tasks/${event.newTaskId}`,
        submissionId,
        taskId: event.newTaskId,
      });
      return;
    }
    case 'skipped':
      timeline.push({ action: 'skipped', nodeId: event.nodeId });
      return;
    case 'given_to_admin':
      // Nobody resolved at the node (no manager, no head): say so, so the admin's task makes sense.
      timeline.push({ action: 'given_to_admin', nodeId: event.nodeId, userIds: [event.adminId] });
      return;
    case 'node_completed':
      return;
    case 'status_changed':
      await appendEvent(trx, { ...base, type: 'submission.status_changed', payload: { submissionId, from: event.from, to: event.to } });
      if (event.to === 'approved' || event.to === 'rejected') timeline.push({ action: 'completed', actorId: null });
      await notifySubmitter(trx, subject, event.to, actorId, timeline);
      return;
  }
}

/** The node's name for a notification, with its Chinese name for readers in Chinese (`<param>.zh-Hant`). */
function nodeNameParams(definition: FlowDefinition, nodeId: string): Record<string, string> {
  const name = nodeName(definition, nodeId);
  return name['zh-Hant'] ? { nodeName: name.en, 'nodeName.zh-Hant': name['zh-Hant'] } : { nodeName: name.en };
}

const pick = <T extends object, K extends keyof T>(obj: T, ...keys: K[]) => Object.fromEntries(keys.map((k) => [k, obj[k]])) as Pick<T, K>;

const SUBMITTER_KIND = {
  approved: 'submission_approved',
  rejected: 'submission_rejected',
  returned: 'submission_returned',
} as const;

/** The submitter hears how their submission ended (or that it came back to them), with the decider's comment. */
async function notifySubmitter(trx: Db, subject: FlowSubject, to: SubmissionStatus, actorId: string | null, timeline: TimelineRow[]) {
  if (to !== 'approved' && to !== 'rejected' && to !== 'returned') return;
  const instance = await trx('approval_instances').where({ submission_id: subject.submissionId }).first('submitter_id');
  if (!instance?.submitter_id) return;
  const decision = [...timeline].reverse().find((t) => t.action === to || t.action === `auto_${to}`);
  const actor = actorId ? await trx('users').where({ id: actorId }).first('name') : null;
  await notify(trx, {
    userIds: [instance.submitter_id],
    kind: SUBMITTER_KIND[to],
    params: { formName: subject.formName, actorName: actor?.name ?? null, comment: decision?.comment ?? null },
    link: `/r/${subject.submissionId}`,
    submissionId: subject.submissionId,
    senderId: actorId,
  });
}
