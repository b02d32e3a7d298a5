import type { FlowDefinition, SubmissionStatus, TaskStatus } from '../models/workflow.ts';

/**
 * The approval engine's contract. The engine is a pure, deterministic state machine:
 *
 *   step(definition, state, action, org, context) → { state, events }
 *
 * No I/O, no clock, no randomness: the time and new ids come in through `context`, the org chart
 * through `org`. The server loads these, calls `step` and persists the new state with the events in
 * one transaction; the editor's route simulation runs the same code.
 */

/** The org chart as the engine sees it: everyone, with their place. Disabled users never get tasks. */
export interface OrgSnapshot {
  users: Record<string, OrgUser>;
  departments: Record<string, OrgDepartment>;
}
export interface OrgUser {
  id: string;
  name: string;
  role: 'admin' | 'builder' | 'member';
  departmentId: string | null;
  managerId: string | null;
  positions: string[];
  disabled: boolean;
}
export interface OrgDepartment {
  id: string;
  parentId: string | null;
  headUserId: string | null;
}

export interface EngineContext {
  /** ISO time of the action; stored on tasks and used for time limits. */
  now: string;
  /** A new unique id (tasks). Called in a fixed order, so the same ids give the same state. */
  newId: () => string;
}

export interface FlowTask {
  id: string;
  nodeId: string;
  kind: 'approve' | 'cc';
  assigneeId: string;
  /** `waiting`: in a one-after-another node, or behind a signer added before; becomes `pending` in turn. */
  status: TaskStatus;
  /** Order within the node (one after another, and added signers). */
  order: number;
  round: number;
  createdAt: string;
  /** When the task became pending (time limits count from here). */
  activatedAt: string | null;
  actedAt: string | null;
  actorId: string | null;
  comment: string | null;
  /** Set on a task made by a transfer or an added signer: the task it came from. */
  fromTaskId: string | null;
  /** The time-limit reminder was sent / the limit acted. */
  remindedAt: string | null;
  escalatedAt: string | null;
  /**
   * Set on a signer added with addSigner: the task they sign before or after (that of whoever added
   * them; it follows that task through transfers and escalations). Null on every other task.
   */
  signsFor: string | null;
  addedPosition: 'before' | 'after' | null;
}

export interface FlowState {
  status: Exclude<SubmissionStatus, 'submitted'>;
  /** 1 on submission, +1 on each resubmission after a return. */
  round: number;
  submitterId: string;
  /** The data the flow routes on (updated by editable fields and by resubmission). */
  data: Record<string, unknown>;
  /** Ids of the nodes in progress (approval nodes with open tasks, parallel blocks waiting to join). */
  active: string[];
  /** For each parallel block in progress, the ids of its branches that have finished. */
  joined: Record<string, string[]>;
  tasks: FlowTask[];
}

export type FlowAction =
  | { type: 'start'; submitterId: string; data: Record<string, unknown> }
  | { type: 'approve'; taskId: string; actorId: string; comment?: string; data?: Record<string, unknown> }
  | { type: 'reject'; taskId: string; actorId: string; comment: string }
  | { type: 'return'; taskId: string; actorId: string; comment: string }
  | { type: 'transfer'; taskId: string; actorId: string; userId: string; comment?: string }
  | { type: 'addSigner'; taskId: string; actorId: string; userId: string; position: 'before' | 'after'; comment?: string }
  | { type: 'withdraw'; actorId: string }
  | { type: 'resubmit'; actorId: string; data: Record<string, unknown> }
  /** Time passes: reminders and time-limit actions due at `context.now` happen. */
  | { type: 'tick' }
  /**
   * A CC recipient opened their notice: it is marked read (status `approved`), in any flow status.
   * A no-op for approval tasks and notices already read; no events.
   */
  | { type: 'read'; taskId: string; actorId: string };

/**
 * What happened, in order. The server turns these into domain events (`approval.<type>` and
 * `submission.status_changed`), timeline entries and notifications.
 */
export type FlowEvent =
  /** Every new task, whatever made it; `status` says whether it needs its assignee now. */
  | { type: 'task_created'; taskId: string; nodeId: string; assigneeId: string; kind: 'approve' | 'cc'; status: 'pending' | 'waiting' }
  /** A waiting task became pending (its turn came): its assignee needs to act now. */
  | { type: 'task_activated'; taskId: string; nodeId: string; assigneeId: string }
  | { type: 'approved'; taskId: string; nodeId: string; actorId: string | null; comment: string | null; auto: boolean }
  | { type: 'rejected'; taskId: string; nodeId: string; actorId: string | null; comment: string | null; auto: boolean }
  | { type: 'returned'; taskId: string; nodeId: string; actorId: string; comment: string }
  | { type: 'transferred'; taskId: string; nodeId: string; actorId: string; toUserId: string; newTaskId: string; comment: string | null }
  | {
      type: 'signer_added';
      taskId: string;
      nodeId: string;
      actorId: string;
      userId: string;
      position: 'before' | 'after';
      newTaskId: string;
    }
  | { type: 'cc'; nodeId: string; userIds: string[] }
  | { type: 'reminded'; taskId: string; nodeId: string; assigneeId: string }
  | { type: 'escalated'; taskId: string; nodeId: string; fromUserId: string; toUserId: string; newTaskId: string }
  /** Nobody resolved and the node was passed over: by its `skip` policy, or because no admin could take it. */
  | { type: 'skipped'; nodeId: string; reason: 'no_approver'; policy: 'skip' | 'admin' | 'error' }
  /**
   * Nobody resolved and an admin got the node: by its `admin` policy, or by an `error` policy met
   * after the start (the submission is already in; stopping it there would strand it).
   */
  | { type: 'given_to_admin'; nodeId: string; adminId: string; policy: 'admin' | 'error' }
  | { type: 'node_completed'; nodeId: string }
  /** An open task that will never be decided: the node completed without it, or the flow ended. */
  | { type: 'task_cancelled'; taskId: string; nodeId: string; assigneeId: string }
  /** A condition branch block chose `branchId` (the default branch when nothing above matched). */
  | { type: 'branch_taken'; nodeId: string; branchId: string }
  | { type: 'withdrawn'; actorId: string }
  | { type: 'resubmitted'; actorId: string; round: number }
  | { type: 'status_changed'; from: SubmissionStatus; to: SubmissionStatus };

export interface StepResult {
  state: FlowState;
  events: FlowEvent[];
}

/**
 * A refused action. `code` is the API's error code: task_not_pending (409), not_task_assignee (403),
 * comment_required (422), approver_not_found (422, an `error` node resolved to nobody, with nodeId),
 * flow_not_pending (409, withdraw/resubmit in the wrong status), not_submitter (403),
 * field_not_editable (422), unknown_user (422), user_disabled (422), already_signer (409),
 * task_not_found (404, no such task in this flow), submitter_cannot_sign (422, a transfer or added
 * signer naming the submitter, who never approves their own submission).
 */
export const FLOW_ERROR_STATUS = {
  task_not_found: 404,
  task_not_pending: 409,
  not_task_assignee: 403,
  comment_required: 422,
  approver_not_found: 422,
  flow_not_pending: 409,
  not_submitter: 403,
  field_not_editable: 422,
  unknown_user: 422,
  user_disabled: 422,
  already_signer: 409,
  submitter_cannot_sign: 422,
} as const;
export type FlowErrorCode = keyof typeof FLOW_ERROR_STATUS;

export class FlowError extends Error {
  readonly code: string;
  readonly nodeId: string | null;
  constructor(code: string, message: string, nodeId: string | null = null) {
    super(message);
    this.name = 'FlowError';
    this.code = code;
    this.nodeId = nodeId;
  }
}

export type { FlowDefinition };
