import { z } from 'zod';
import { Id } from './common.ts';

/**
 * An approval flow ("workflow"), stored per form and versioned with it: the draft carries one, and
 * publishing freezes it into the form version that submissions are made against. The shape is the
 * vertical flow people know from DingTalk and Yida: a list of nodes from top to bottom, where a
 * branch block holds lists of its own. docs/WORKFLOWS.md explains every part with examples.
 */

/** A name shown in the editor, the inbox and the timeline: English always, Chinese when given. */
export const FlowText = z.object({
  en: z.string().trim().min(1).max(100),
  'zh-Hant': z.string().trim().min(1).max(100).optional(),
});
export type FlowText = z.infer<typeof FlowText>;

/** Node and branch ids are chosen by the editor; they only have to be unique within one flow. */
export const FlowNodeId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ and - (at most 40)');

/** Who a node goes to. Each source resolves against the org chart when the node is reached. */
export const ApproverSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), userId: Id }),
  /** Everyone who holds the position, e.g. "Finance Director". */
  z.object({ kind: z.literal('position'), position: z.string().trim().min(1).max(100) }),
  /** The submitter's manager `level` steps up the chain: 1 is the direct manager. */
  z.object({ kind: z.literal('manager'), level: z.number().int().min(1).max(10) }),
  /** The head of a named department, or of the submitter's own when `departmentId` is absent. */
  z.object({ kind: z.literal('departmentHead'), departmentId: Id.optional() }),
  /** A person the submitter picks in a field of the form (a field whose value is a user id). */
  z.object({ kind: z.literal('submitterPick'), field: z.string().min(1).max(100) }),
]);
export type ApproverSource = z.infer<typeof ApproverSource>;

/** Countersign (會簽: everyone must approve), or-sign (或簽: the first decision counts) or one after another. */
export const SignMode = z.enum(['all', 'any', 'sequential']);
export type SignMode = z.infer<typeof SignMode>;

/** When a node's approvers resolve to nobody: pass over it, give it to an admin, or refuse the submission. */
export const EmptyApproverPolicy = z.enum(['skip', 'admin', 'error']);
export type EmptyApproverPolicy = z.infer<typeof EmptyApproverPolicy>;

/** What a person at a node may do with a field; fields not listed are read-only at approval nodes. */
export const FieldAccess = z.enum(['editable', 'readonly', 'hidden']);
export type FieldAccess = z.infer<typeof FieldAccess>;
export const FieldPermissions = z.record(z.string().min(1).max(100), FieldAccess);
export type FieldPermissions = z.infer<typeof FieldPermissions>;

/**
 * A node's time limit. After `remindAfterHours` the approvers are reminded once; after
 * `actAfterHours` the pending tasks are escalated to each approver's manager, or approved or
 * rejected automatically.
 */
export const TimeLimit = z
  .object({
    remindAfterHours: z
      .number()
      .positive()
      .max(24 * 90)
      .optional(),
    actAfterHours: z
      .number()
      .positive()
      .max(24 * 90)
      .optional(),
    action: z.enum(['escalate', 'approve', 'reject']).default('escalate'),
  })
  .refine((t) => t.remindAfterHours === undefined || t.actAfterHours === undefined || t.remindAfterHours < t.actAfterHours, {
    message: 'the reminder must come before the time limit acts',
    path: ['remindAfterHours'],
  });
export type TimeLimit = z.infer<typeof TimeLimit>;

/** Comparisons on the form's data; the same operators and "no answer" rules as show/hide conditions. */
export const FlowFieldOperator = z.enum(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'empty', 'notEmpty']);
/**
 * Comparisons on the submitter: `department` `within` a department also matches its sub-departments;
 * `position` is one of the submitter's positions; `role` is admin/builder/member; `user` is their id.
 */
export const FlowSubmitterAttribute = z.enum(['department', 'position', 'role', 'user']);
export const FlowSubmitterOperator = z.enum(['eq', 'neq', 'in', 'within']);

export type FlowCondition =
  | { field: string[]; op: z.infer<typeof FlowFieldOperator>; value?: unknown }
  | { submitter: z.infer<typeof FlowSubmitterAttribute>; op: z.infer<typeof FlowSubmitterOperator>; value: string | string[] }
  | { all: FlowCondition[] }
  | { any: FlowCondition[] }
  | { not: FlowCondition };

export const FlowCondition: z.ZodType<FlowCondition> = z.lazy(() =>
  z.union([
    z.object({ field: z.array(z.string().min(1).max(100)).min(1).max(5), op: FlowFieldOperator, value: z.unknown().optional() }).strict(),
    z
      .object({
        submitter: FlowSubmitterAttribute,
        op: FlowSubmitterOperator,
        value: z.union([z.string().min(1), z.array(z.string().min(1)).max(100)]),
      })
      .strict(),
    z.object({ all: z.array(FlowCondition).min(1).max(20) }).strict(),
    z.object({ any: z.array(FlowCondition).min(1).max(20) }).strict(),
    z.object({ not: FlowCondition }).strict(),
  ]),
);

export const ApprovalNode = z.object({
  id: FlowNodeId,
  type: z.literal('approval'),
  name: FlowText,
  approvers: z.array(ApproverSource).min(1).max(20),
  mode: SignMode.default('any'),
  onEmpty: EmptyApproverPolicy.default('skip'),
  fieldPermissions: FieldPermissions.default({}),
  timeLimit: TimeLimit.optional(),
  /** Each approver signs the submission's PDF with their certificate to approve (absent = false). */
  requireSignature: z.boolean().optional(),
});
export type ApprovalNode = z.infer<typeof ApprovalNode>;

/** Notify only (抄送): the recipients can read the submission and see it under "CC'd to me". */
export const CcNode = z.object({
  id: FlowNodeId,
  type: z.literal('cc'),
  name: FlowText,
  recipients: z.array(ApproverSource).min(1).max(20),
});
export type CcNode = z.infer<typeof CcNode>;

export interface ConditionBranch {
  id: string;
  name: FlowText;
  /** Null on the default branch, which must be the last and is taken when no branch above matches. */
  condition: FlowCondition | null;
  nodes: FlowNode[];
}
export interface BranchNode {
  id: string;
  type: 'branch';
  name?: FlowText;
  branches: ConditionBranch[];
}
export interface ParallelBranch {
  id: string;
  name: FlowText;
  nodes: FlowNode[];
}
/** Every branch runs at once; the flow goes on below when all of them have finished. */
export interface ParallelNode {
  id: string;
  type: 'parallel';
  name?: FlowText;
  branches: ParallelBranch[];
}
export type FlowNode = z.infer<typeof ApprovalNode> | z.infer<typeof CcNode> | BranchNode | ParallelNode;

const ConditionBranchModel: z.ZodType<ConditionBranch> = z.lazy(() =>
  z.object({ id: FlowNodeId, name: FlowText, condition: FlowCondition.nullable(), nodes: z.array(FlowNodeModel).max(50) }),
);
/** Condition branches are evaluated top-down; the first that matches is taken. */
export const BranchNodeModel: z.ZodType<BranchNode> = z.lazy(() =>
  z.object({
    id: FlowNodeId,
    type: z.literal('branch'),
    name: FlowText.optional(),
    branches: z
      .array(ConditionBranchModel)
      .min(2)
      .max(20)
      .refine((b) => b[b.length - 1]!.condition === null && b.slice(0, -1).every((x) => x.condition !== null), {
        message: 'the last branch is the default (no condition) and only the last',
      }),
  }),
);
export const ParallelNodeModel: z.ZodType<ParallelNode> = z.lazy(() =>
  z.object({
    id: FlowNodeId,
    type: z.literal('parallel'),
    name: FlowText.optional(),
    branches: z
      .array(z.object({ id: FlowNodeId, name: FlowText, nodes: z.array(FlowNodeModel).max(50) }))
      .min(2)
      .max(10),
  }),
);

// The input type differs from the output type (defaults), so the annotation widens the input.
export const FlowNodeModel: z.ZodType<FlowNode, unknown> = z.lazy(() =>
  z.union([ApprovalNode, CcNode, BranchNodeModel, ParallelNodeModel]),
) as z.ZodType<FlowNode, unknown>;

export const FlowDefinition = z
  .object({
    version: z.literal(1),
    nodes: z.array(FlowNodeModel).max(50),
    /** What the submitter may do with each field when filling the form (e.g. hide the cost centre finance fills). */
    submitterFieldPermissions: FieldPermissions.default({}),
    /** Who gets a node whose approvers resolve to nobody and whose policy is `admin`; any admin when absent. */
    fallbackAdminId: Id.optional(),
  })
  .meta({ id: 'FlowDefinition' });
export type FlowDefinition = z.infer<typeof FlowDefinition>;

// ---------------------------------------------------------------------------------------------
// Running flows: the API's view of tasks, timelines and simulations.

export const SubmissionStatus = z.enum(['submitted', 'pending', 'approved', 'rejected', 'returned', 'withdrawn']);
export type SubmissionStatus = z.infer<typeof SubmissionStatus>;

export const TaskStatus = z.enum(['waiting', 'pending', 'approved', 'rejected', 'returned', 'transferred', 'cancelled', 'skipped']);
export type TaskStatus = z.infer<typeof TaskStatus>;

/** A task as the inbox lists it. `kind` cc tasks are read-only notices (status approved once read). */
export const ApprovalTask = z
  .object({
    id: Id,
    submissionId: Id,
    formId: Id,
    appId: Id,
    formName: z.string(),
    nodeId: z.string(),
    nodeName: FlowText,
    kind: z.enum(['approve', 'cc']),
    assigneeId: Id,
    status: TaskStatus,
    submitterId: Id.nullable(),
    submitterName: z.string().nullable(),
    submissionStatus: SubmissionStatus,
    /** The submission's first few answers, for a one-line summary in the list. */
    summary: z.array(z.object({ key: z.string(), title: z.string(), value: z.string() })),
    createdAt: z.string(),
    actedAt: z.string().nullable(),
    dueAt: z.string().nullable(),
    comment: z.string().nullable(),
  })
  .meta({ id: 'ApprovalTask' });
export type ApprovalTask = z.infer<typeof ApprovalTask>;

export const TimelineEntry = z
  .object({
    at: z.string(),
    action: z.enum([
      'submitted',
      'resubmitted',
      'task_created',
      'approved',
      'rejected',
      'returned',
      'transferred',
      'signer_added',
      'cc',
      'reminded',
      'escalated',
      'auto_approved',
      'auto_rejected',
      'skipped',
      'given_to_admin',
      'withdrawn',
      'completed',
    ]),
    nodeId: z.string().nullable(),
    nodeName: FlowText.nullable(),
    actorId: Id.nullable().describe('Who acted; null when the system did (a time limit, a skip)'),
    actorName: z.string().nullable(),
    /** The people the step concerns: the new task's assignee, the transfer target, the CC list. */
    userIds: z.array(Id),
    userNames: z.array(z.string()),
    comment: z.string().nullable(),
  })
  .meta({ id: 'TimelineEntry' });
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const SimulateBody = z.object({
  data: z.record(z.string(), z.unknown()),
  submitterId: Id,
  /** Simulate the draft's flow (what the editor shows) rather than the published one. */
  draft: z.boolean().default(true),
  /** A flow not saved yet, exactly as the editor holds it. */
  workflow: z.unknown().optional(),
});
export const SimulatedStep = z.object({
  nodeId: z.string(),
  type: z.enum(['approval', 'cc']),
  name: FlowText,
  mode: SignMode.nullable(),
  users: z.array(z.object({ id: Id, name: z.string() })),
  /** What happens when nobody resolved: skipped, given to an admin, or an error that stops the submission. */
  empty: z.enum(['skip', 'admin', 'error']).nullable(),
  /** The parallel branch this step runs in, when it runs in one. */
  parallel: z.object({ nodeId: z.string(), branchId: z.string() }).nullable(),
  /** The condition branches chosen on the way here: [{nodeId, branchId}], outermost first. */
  via: z.array(z.object({ nodeId: z.string(), branchId: z.string() })),
});
export const SimulateResult = z.object({
  steps: z.array(SimulatedStep),
  /** Set when the flow could not start for this submitter and data (an `error` node resolved to nobody). */
  error: z.object({ code: z.string(), message: z.string(), nodeId: z.string().nullable() }).nullable(),
});
export type SimulateResult = z.infer<typeof SimulateResult>;

const Comment = z.string().trim().max(2000);
/** `data`: new values for the fields editable at the task's node (others are refused with 422 field_not_editable). */
/** `signatureId`: this approver's completed signature of this task, required at a node with `requireSignature`. */
export const ApproveBody = z.object({
  comment: Comment.optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  signatureId: Id.optional(),
});
/** Reject and return need a reason the submitter can act on. */
export const CommentRequiredBody = z.object({ comment: Comment.min(1) });
export const TransferBody = z.object({ userId: Id, comment: Comment.optional() });

const SIGNER_PLACE_KEYS = ['position', 'where', 'placement', 'order', 'mode'] as const;
/**
 * `{userId, position: 'before' | 'after'}`. "Before" puts the new signer ahead of the caller (the
 * caller's task waits for them); "after" adds them once the caller has approved. The place is also
 * accepted under the other names people use for it, or as `{before: true}` / `{after: true}`.
 */
export const AddSignerBody = z.preprocess(
  (raw) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
    const body = raw as Record<string, unknown>;
    if (body.position !== undefined) return body;
    const named = SIGNER_PLACE_KEYS.map((k) => body[k]).find((v) => v === 'before' || v === 'after');
    const flag = body.before === true ? 'before' : body.after === true ? 'after' : undefined;
    return { ...body, position: named ?? flag };
  },
  z.object({ userId: Id, position: z.enum(['before', 'after']), comment: Comment.optional() }),
);

// ---------------------------------------------------------------------------------------------
// The approvals API's requests and answers (server/src/routes/workflow).

const Limit = z.coerce.number().int().min(1).max(100).default(50);

export const TaskListQuery = z.object({
  status: z.enum(['pending', 'done']).default('pending'),
  /** `cc`: pending = unread, done = read. */
  kind: z.enum(['approve', 'cc']).default('approve'),
  limit: Limit,
  cursor: z.string().max(64).optional(),
});
export const TaskPage = z.object({ items: z.array(ApprovalTask), nextCursor: z.string().nullable() });

export const TaskCounts = z
  .object({
    todo: z.number().int(),
    done: z.number().int(),
    submitted: z.number().int(),
    cc: z.number().int(),
    ccUnread: z.number().int(),
  })
  .meta({ id: 'TaskCounts' });

export const TaskActionName = z.enum(['approve', 'reject', 'return', 'transfer', 'addSigner']);

/** A person working a node, with where their task stands. */
const CurrentAssignee = z.object({ id: Id, name: z.string(), status: TaskStatus });
export const FlowCurrentNode = z.object({
  nodeId: z.string(),
  nodeName: FlowText,
  mode: SignMode.nullable(),
  assignees: z.array(CurrentAssignee),
});

export const TimelineResponse = z
  .object({ status: SubmissionStatus, items: z.array(TimelineEntry), current: z.array(FlowCurrentNode) })
  .meta({ id: 'SubmissionTimeline' });

export const TaskDecisionResult = z.object({ task: ApprovalTask, submissionStatus: SubmissionStatus });

export const ResubmitBody = z.object({ data: z.record(z.string(), z.unknown()) });

export const SubmittedItem = z.object({
  submissionId: Id,
  formId: Id,
  formName: z.string(),
  status: SubmissionStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
  summary: ApprovalTask.shape.summary,
  current: z.array(z.object({ nodeId: z.string(), nodeName: FlowText, assignees: z.array(z.object({ id: Id, name: z.string() })) })),
});
export const SubmittedQuery = z.object({
  status: SubmissionStatus.optional(),
  limit: Limit,
  cursor: z.string().max(64).optional(),
});
export const SubmittedPage = z.object({ items: z.array(SubmittedItem), nextCursor: z.string().nullable() });
