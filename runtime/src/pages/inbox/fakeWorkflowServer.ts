// For component tests: an in-memory stand-in for the approval routes (tasks, counts, decisions,
// timelines, withdraw, resubmit, "submitted by me"), the record routes the panel reads, and the people
// directory the pickers search, answering `request()` the way contracts.md says. Calls are recorded.
import { ApiError } from '../../api/errors.ts';
import type { RecordDetail } from '../../api/records.ts';
import type {
  ApprovalTask,
  FieldAccess,
  FlowPosition,
  SubmissionStatus,
  SubmittedItem,
  TaskAction,
  TimelineEntry,
} from '../../api/workflow.ts';
import type { DirectoryUser } from '../../api/directory.ts';

export interface RecordedCall {
  method: string;
  path: string;
  params: URLSearchParams;
  body?: unknown;
}

const fail = (statusCode: number, code: string, message = code) => new ApiError({ statusCode, code, error: 'Error', message });

export interface FakeTask extends ApprovalTask {
  fieldAccess?: Record<string, FieldAccess>;
  actions?: TaskAction[];
}

export interface FakeFlow {
  status: SubmissionStatus;
  items: TimelineEntry[];
  current: FlowPosition[];
}

export const FORM_DOC = {
  schema: {
    type: 'object',
    title: 'Leave request',
    required: ['days'],
    properties: {
      days: { type: 'number', title: 'Days' },
      reason: { type: 'string', title: 'Reason' },
      salary: { type: 'number', title: 'Salary' },
      costCentre: { type: 'string', title: 'Cost centre' },
    },
  },
  uiSchema: {
    'ui:order': ['days', 'reason', 'salary', 'costCentre'],
    'ui:i18n': { 'zh-Hant': { '/schema/properties/days/title': '日數', '/schema/properties/reason/title': '原因' } },
  },
};

let seq = 0;
export function task(over: Partial<FakeTask> = {}): FakeTask {
  seq += 1;
  return {
    id: `t${seq}`,
    submissionId: 's1',
    formId: 'form1',
    appId: 'app1',
    formName: 'Leave request',
    nodeId: 'manager',
    nodeName: { en: 'Manager', 'zh-Hant': '經理' },
    kind: 'approve',
    assigneeId: 'u1',
    status: 'pending',
    submitterId: 'u2',
    submitterName: 'Wong Siu Ming',
    submissionStatus: 'pending',
    summary: [
      { key: 'days', title: 'Days', value: '5' },
      { key: 'reason', title: 'Reason', value: 'Family trip' },
    ],
    createdAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
    actedAt: null,
    dueAt: null,
    comment: null,
    ...over,
  };
}

export function submission(over: Partial<RecordDetail> = {}): RecordDetail {
  return {
    id: 's1',
    formId: 'form1',
    formVersion: 1,
    data: { days: 5, reason: 'Family trip', salary: 30000, costCentre: '' },
    createdAt: '2026-11-20T01:00:00.000Z',
    createdBy: 'u2',
    createdByName: 'Wong Siu Ming',
    canEdit: false,
    canDelete: false,
    ...over,
  };
}

export const submittedEntry = (actorId = 'u2', actorName = 'Wong Siu Ming'): TimelineEntry => ({
  at: '2026-11-20T01:00:00.000Z',
  action: 'submitted',
  nodeId: null,
  nodeName: null,
  actorId,
  actorName,
  userIds: [],
  userNames: [],
  comment: null,
});

export class FakeWorkflowServer {
  calls: RecordedCall[] = [];
  tasks: FakeTask[] = [];
  submissions: RecordDetail[] = [];
  flows = new Map<string, FakeFlow>();
  submitted: SubmittedItem[] = [];
  people: DirectoryUser[] = [];
  /** Tasks someone else decided meanwhile: the next decision on them answers 409 task_not_pending. */
  decidedElsewhere = new Set<string>();
  pageSize: number | null = null;

  /** The `request` of an HttpApiClient. */
  request = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const [path, search = ''] = url.split('?');
    const params = new URLSearchParams(search);
    this.calls.push({ method, path, params, body });
    return this.answer(method, path, params, body) as T;
  };

  callsTo(method: string, pathPattern: RegExp) {
    return this.calls.filter((c) => c.method === method && pathPattern.test(c.path));
  }

  private page<T>(items: T[], params: URLSearchParams) {
    const limit = this.pageSize ?? Number(params.get('limit') ?? 50);
    const start = Number(params.get('cursor') ?? 0);
    return { items: items.slice(start, start + limit), nextCursor: start + limit < items.length ? String(start + limit) : null };
  }

  private answer(method: string, path: string, params: URLSearchParams, body: unknown): unknown {
    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/api/tasks/counts') {
      const approve = this.tasks.filter((t) => t.kind === 'approve');
      const cc = this.tasks.filter((t) => t.kind === 'cc');
      return {
        todo: approve.filter((t) => t.status === 'pending').length,
        done: approve.filter((t) => t.status !== 'pending' && t.status !== 'waiting').length,
        submitted: this.submitted.filter((s) => s.status === 'pending').length,
        cc: cc.length,
        ccUnread: cc.filter((t) => t.status === 'pending').length,
      };
    }
    if (method === 'GET' && path === '/api/tasks') {
      const kind = params.get('kind') ?? 'approve';
      const status = params.get('status') ?? 'pending';
      const items = this.tasks.filter(
        (t) => t.kind === kind && (status === 'pending' ? t.status === 'pending' : t.status !== 'pending' && t.status !== 'waiting'),
      );
      return this.page(items.map(strip), params);
    }
    if (method === 'GET' && path === '/api/inbox/submitted') return this.page(this.submitted, params);
    if ((m = path.match(/^\/api\/tasks\/([^/]+)(?:\/([a-z-]+))?$/))) {
      const found = this.tasks.find((t) => t.id === decodeURIComponent(m![1]));
      if (!found) throw fail(404, 'task_not_found');
      const action = m[2];
      if (method === 'GET' && !action) return this.detail(found);
      if (method === 'POST' && action === 'read') {
        if (found.kind === 'cc') found.status = 'approved';
        return undefined;
      }
      if (method === 'POST' && action) return this.decide(found, action, (body ?? {}) as Record<string, unknown>);
    }
    if ((m = path.match(/^\/api\/submissions\/([^/]+)\/(timeline|withdraw|resubmit|history)$/))) {
      const id = decodeURIComponent(m[1]);
      if (m[2] === 'history') return { items: [] };
      const flow = this.flows.get(id);
      if (!flow) throw fail(404, 'submission_not_found');
      if (m[2] === 'timeline') return structuredClone(flow);
      if (m[2] === 'withdraw') {
        if (flow.status !== 'pending') throw fail(409, 'flow_not_pending', 'This request is no longer pending.');
        flow.status = 'withdrawn';
        flow.current = [];
        flow.items.push({ ...submittedEntry(), action: 'withdrawn', at: new Date().toISOString() });
        return { status: 'withdrawn' };
      }
      if (flow.status !== 'returned') throw fail(409, 'flow_not_returned');
      const data = (body as { data: Record<string, unknown> }).data;
      if (typeof data.days !== 'number')
        throw new ApiError({
          statusCode: 422,
          code: 'validation_failed',
          error: 'Error',
          message: 'invalid',
          details: [{ path: '/days', message: 'required' }],
        } as never);
      this.submissions.find((s) => s.id === id)!.data = data;
      flow.status = 'pending';
      flow.items.push({ ...submittedEntry(), action: 'resubmitted', at: new Date().toISOString() });
      return { status: 'pending' };
    }
    if ((m = path.match(/^\/api\/submissions\/([^/]+)$/)) && method === 'GET') {
      const found = this.submissions.find((s) => s.id === decodeURIComponent(m![1]));
      if (!found) throw fail(404, 'submission_not_found');
      return found;
    }
    if (method === 'GET' && /^\/api\/forms\/[^/]+\/versions$/.test(path)) return { items: [] };
    if (method === 'GET' && path === '/api/directory/users') {
      const q = params.get('q')?.toLowerCase() ?? '';
      const ids = params.get('ids')?.split(',');
      return { items: this.people.filter((p) => (!ids || ids.includes(p.id)) && (!q || p.name.toLowerCase().includes(q))) };
    }
    if (method === 'GET' && path === '/api/directory/departments') return { items: [] };
    throw fail(404, 'route_not_found', `${method} ${path}`);
  }

  private detail(t: FakeTask) {
    const access = t.fieldAccess ?? {};
    const record = this.submissions.find((s) => s.id === t.submissionId) ?? submission({ id: t.submissionId });
    const data = Object.fromEntries(Object.entries(record.data).filter(([k]) => access[k] !== 'hidden'));
    const mine = t.assigneeId === 'u1' && t.status === 'pending' && t.kind === 'approve';
    return {
      task: strip(t),
      submission: { ...record, data },
      form: { id: t.formId, appId: t.appId, name: t.formName, version: 1, ...FORM_DOC },
      fieldAccess: access,
      actions: mine ? (t.actions ?? ['approve', 'reject', 'return', 'transfer', 'addSigner']) : [],
    };
  }

  private decide(t: FakeTask, action: string, body: Record<string, unknown>) {
    if (t.assigneeId !== 'u1') throw fail(403, 'not_task_assignee');
    if (this.decidedElsewhere.has(t.id)) {
      t.status = 'cancelled';
      t.submissionStatus = 'approved';
      throw fail(409, 'task_not_pending', 'Someone else already decided.');
    }
    if (t.status !== 'pending') throw fail(409, 'task_not_pending');
    const comment = typeof body.comment === 'string' ? body.comment.trim() : '';
    if ((action === 'reject' || action === 'return') && !comment) throw fail(422, 'comment_required', 'A reason is required.');
    if (action === 'approve' && body.data) {
      const editable = Object.entries(t.fieldAccess ?? {})
        .filter(([, a]) => a === 'editable')
        .map(([k]) => k);
      const extra = Object.keys(body.data).find((k) => !editable.includes(k));
      if (extra) throw fail(422, 'field_not_editable', `${extra} is not editable here`);
    }
    const status = (
      { approve: 'approved', reject: 'rejected', return: 'returned', transfer: 'transferred', 'add-signer': 'pending' } as const
    )[action];
    if (!status) throw fail(404, 'route_not_found');
    t.status = status === 'pending' ? 'waiting' : status;
    t.actedAt = new Date().toISOString();
    t.comment = comment || null;
    const submissionStatus: SubmissionStatus = action === 'reject' ? 'rejected' : action === 'return' ? 'returned' : 'pending';
    t.submissionStatus = submissionStatus;
    return { task: strip(t), submissionStatus };
  }
}

function strip(t: FakeTask): ApprovalTask {
  const { fieldAccess, actions, ...rest } = t;
  return rest;
}
