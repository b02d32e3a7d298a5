// Approval flows as the runtime uses them: the inbox's lists and counts, a task with the submission
// it concerns, the approver's decisions, and the submitter's timeline, withdraw and resubmit. Built on
// the HTTP client's `request`, so CSRF, Accept-Language and errors work as everywhere.
import type { ApprovalTask, FieldAccess, SubmissionStatus, TimelineEntry } from '@formloom/schemas';
import type { ApiClient, HttpApiClient } from './client.ts';
import type { RecordDetail } from './records.ts';

export type { ApprovalTask, FieldAccess, SubmissionStatus, TimelineEntry };

export type TaskListStatus = 'pending' | 'done';
export type TaskKind = 'approve' | 'cc';
export type TaskAction = 'approve' | 'reject' | 'return' | 'transfer' | 'addSigner';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TaskCounts {
  /** Pending approve tasks of the caller. */
  todo: number;
  done: number;
  /** The caller's own submissions still pending. */
  submitted: number;
  cc: number;
  ccUnread: number;
}

export interface TaskDetail {
  task: ApprovalTask;
  /** The submission's data without the fields hidden at the task's node. */
  submission: RecordDetail;
  form: { id: string; appId: string; name: string; version: number; schema: Record<string, unknown>; uiSchema: Record<string, unknown> };
  fieldAccess: Record<string, FieldAccess>;
  /** What the caller may do now; empty when the task is not theirs or no longer pending. */
  actions: TaskAction[];
  /** The task's node asks each approver for a digital signature (approve then carries `signatureId`). */
  requireSignature?: boolean;
}

export interface DecisionResult {
  task: ApprovalTask;
  submissionStatus: SubmissionStatus;
}

export interface FlowPosition {
  nodeId: string;
  nodeName: ApprovalTask['nodeName'];
  mode?: 'all' | 'any' | 'sequential' | null;
  assignees: { id: string; name: string; status?: string }[];
}

export interface Timeline {
  status: SubmissionStatus;
  items: TimelineEntry[];
  /** The nodes in progress; empty once the flow has finished. */
  current: FlowPosition[];
}

export interface SubmittedItem {
  submissionId: string;
  formId: string;
  formName: string;
  status: SubmissionStatus;
  createdAt: string;
  updatedAt: string;
  summary: ApprovalTask['summary'];
  current: FlowPosition[];
}

export interface PageOptions {
  limit?: number;
  cursor?: string | null;
}

export interface WorkflowApi {
  counts(): Promise<TaskCounts>;
  tasks(query: { status: TaskListStatus; kind: TaskKind } & PageOptions): Promise<Page<ApprovalTask>>;
  submitted(query: { status?: SubmissionStatus } & PageOptions): Promise<Page<SubmittedItem>>;
  task(taskId: string): Promise<TaskDetail>;
  markRead(taskId: string): Promise<void>;
  approve(taskId: string, body: { comment?: string; data?: Record<string, unknown>; signatureId?: string }): Promise<DecisionResult>;
  reject(taskId: string, comment: string): Promise<DecisionResult>;
  returnToSubmitter(taskId: string, comment: string): Promise<DecisionResult>;
  transfer(taskId: string, body: { userId: string; comment?: string }): Promise<DecisionResult>;
  addSigner(taskId: string, body: { userId: string; position: 'before' | 'after'; comment?: string }): Promise<DecisionResult>;
  timeline(submissionId: string): Promise<Timeline>;
  withdraw(submissionId: string): Promise<{ status: SubmissionStatus }>;
  resubmit(submissionId: string, data: Record<string, unknown>): Promise<{ status: SubmissionStatus }>;
}

type Request = HttpApiClient['request'];
const enc = encodeURIComponent;

function pageParams({ limit, cursor }: PageOptions, params = new URLSearchParams()) {
  if (limit) params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return params;
}

export function createWorkflowApi(request: Request): WorkflowApi {
  const task = (id: string, action: string, body: unknown) => request<DecisionResult>('POST', `/api/tasks/${enc(id)}/${action}`, body);
  return {
    counts: () => request<TaskCounts>('GET', '/api/tasks/counts'),
    tasks: ({ status, kind, ...page }) =>
      request<Page<ApprovalTask>>('GET', `/api/tasks?${pageParams(page, new URLSearchParams({ status, kind }))}`),
    submitted({ status, ...page }) {
      const params = pageParams(page);
      if (status) params.set('status', status);
      return request<Page<SubmittedItem>>('GET', `/api/inbox/submitted?${params}`);
    },
    task: (id) => request<TaskDetail>('GET', `/api/tasks/${enc(id)}`),
    markRead: (id) => request<void>('POST', `/api/tasks/${enc(id)}/read`),
    approve: (id, body) => task(id, 'approve', body),
    reject: (id, comment) => task(id, 'reject', { comment }),
    returnToSubmitter: (id, comment) => task(id, 'return', { comment }),
    transfer: (id, body) => task(id, 'transfer', body),
    addSigner: (id, body) => task(id, 'add-signer', body),
    timeline: (id) => request<Timeline>('GET', `/api/submissions/${enc(id)}/timeline`),
    withdraw: (id) => request<{ status: SubmissionStatus }>('POST', `/api/submissions/${enc(id)}/withdraw`),
    resubmit: (id, data) => request<{ status: SubmissionStatus }>('POST', `/api/submissions/${enc(id)}/resubmit`, { data }),
  };
}

/** The workflow API over whatever client the app was given (the HTTP one, or a test's fake with `request`). */
export function workflowApiOf(api: ApiClient): WorkflowApi {
  const request = (api as Partial<HttpApiClient>).request;
  if (typeof request !== 'function') throw new Error('The inbox needs an API client with request() (createHttpClient)');
  return createWorkflowApi(request.bind(api));
}
