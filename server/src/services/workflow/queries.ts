/**
 * Reading flows: the inbox's task lists and counts, one task with what its assignee may see and
 * do, a submission's timeline, and the submitter's own submissions with where each stands.
 */
import {
  localizeForm,
  type Locale,
  currentNodes as engineCurrentNodes,
  fieldAccessAt,
  indexFlow,
  type FlowState,
  type SignMode,
  type TaskStatus,
  type ApprovalTask,
  type FieldAccess,
  type FlowDefinition,
  type FlowText,
  type JsonObject,
  type SubmissionStatus,
  type TimelineEntry,
  type User,
} from '@formloom/schemas';
import type { Knex } from 'knex';
import { readJson } from '../../db/dialect.ts';
import { formVersionsRepo } from '../../repositories/forms.ts';
import { submissionsRepo } from '../../repositories/submissions.ts';
import type { Db } from '../../repositories/types.ts';
import { hiddenFieldsFor } from '../fieldAccess.ts';
import { loadSubmission } from '../submissionAccess.ts';
import { toSubmission } from '../submissions.ts';
import { submissionLocked } from '../submissionExtensions.ts';
import { taskNotFound } from './actions.ts';
import { nodeName } from './nodes.ts';
import { userNames } from './org.ts';
import type { TimelineAction } from './store.ts';
import { schemaWithout, submissionSummary, withoutFields } from './summary.ts';

interface TaskJoinRow {
  id: string;
  submission_id: string;
  form_id: string;
  app_id: string;
  node_id: string;
  node_name: unknown;
  kind: 'approve' | 'cc';
  assignee_id: string;
  status: ApprovalTask['status'];
  created_at: string;
  acted_at: string | null;
  due_at: string | null;
  comment: string | null;
  read_at: string | null;
  form_name: string;
  submitter_id: string | null;
  submitter_name: string | null;
  submission_status: SubmissionStatus;
  submission_data: unknown;
  form_version: number;
  definition: unknown;
}

const OPEN = ['pending', 'waiting'];

function tasksJoined(db: Db) {
  return db('approval_tasks as t')
    .join('submissions as s', 's.id', 't.submission_id')
    .join('forms as f', 'f.id', 't.form_id')
    .join('approval_instances as i', 'i.submission_id', 't.submission_id')
    .leftJoin('users as u', 'u.id', 's.created_by')
    .whereNull('s.deleted_at')
    .select(
      't.*',
      'f.name as form_name',
      's.created_by as submitter_id',
      'u.name as submitter_name',
      's.status as submission_status',
      's.data as submission_data',
      's.form_version as form_version',
      'i.definition as definition',
    );
}

/** Published schemas by form version, read once per request. */
class VersionSchemas {
  private cache = new Map<string, Promise<{ schema: JsonObject; uiSchema: JsonObject }>>();
  private titled = new Map<string, Promise<JsonObject>>();
  /** `locale`: the reader's language, for the field titles and option labels of summaries. */
  constructor(
    private db: Db,
    private locale: Locale = 'en',
  ) {}

  /** The version's schema in the reader's language (titles, option labels), for one-line summaries. */
  summarySchema(formId: string, version: number): Promise<JsonObject> {
    const key = `${formId}@${version}`;
    let found = this.titled.get(key);
    if (!found) {
      found = this.get(formId, version).then(({ schema, uiSchema }) => localizeForm(schema, uiSchema, this.locale).schema);
      this.titled.set(key, found);
    }
    return found;
  }

  get(formId: string, version: number) {
    const key = `${formId}@${version}`;
    let found = this.cache.get(key);
    if (!found) {
      found = formVersionsRepo.find(this.db, formId, version).then((row) => ({
        schema: row ? readJson<JsonObject>(row.schema) : {},
        uiSchema: row ? readJson<JsonObject>(row.ui_schema) : {},
      }));
      this.cache.set(key, found);
    }
    return found;
  }
}

const fieldKeys = (schema: JsonObject) => Object.keys((schema.properties ?? {}) as object);
const hiddenIn = (access: Record<string, FieldAccess>) => new Set(Object.entries(access).flatMap(([k, v]) => (v === 'hidden' ? [k] : [])));
/** Fields hidden from the person at `nodeId` (null: the submitter). */
const hiddenAt = (definition: FlowDefinition, nodeId: string | null, schema: JsonObject) =>
  hiddenIn(fieldAccessAt(definition, nodeId, fieldKeys(schema)));

/**
 * The form's sensitive fields (services/fieldAccess.ts) hidden from `user`, read once per form per request.
 * A submission's own submitter sees all of it, so callers skip this for their own submissions.
 */
class SensitiveFields {
  private cache = new Map<string, Promise<ReadonlySet<string>>>();
  constructor(
    private db: Db,
    private user: User,
  ) {}

  /** What `user` may not see of this task's submission. */
  of(row: Pick<TaskJoinRow, 'form_id' | 'submitter_id'>): Promise<ReadonlySet<string>> {
    if (row.submitter_id === this.user.id) return Promise.resolve(new Set());
    let found = this.cache.get(row.form_id);
    if (!found) {
      found = hiddenFieldsFor(this.db, this.user, row.form_id);
      this.cache.set(row.form_id, found);
    }
    return found;
  }
}

/** `sensitive`: the form's sensitive fields hidden from the reader, left out of the summary like the node's hidden ones. */
async function toTask(row: TaskJoinRow, schemas: VersionSchemas, sensitive: ReadonlySet<string>): Promise<ApprovalTask> {
  const schema = await schemas.summarySchema(row.form_id, Number(row.form_version));
  const definition = readJson<FlowDefinition>(row.definition);
  const hidden = hiddenAt(definition, row.node_id, schema);
  for (const key of sensitive) hidden.add(key);
  return {
    id: row.id,
    submissionId: row.submission_id,
    formId: row.form_id,
    appId: row.app_id,
    formName: row.form_name,
    nodeId: row.node_id,
    nodeName: readJson<FlowText>(row.node_name),
    kind: row.kind,
    assigneeId: row.assignee_id,
    status: row.status,
    submitterId: row.submitter_id,
    submitterName: row.submitter_name,
    submissionStatus: row.submission_status,
    summary: submissionSummary(schema, readJson<JsonObject>(row.submission_data), hidden),
    createdAt: row.created_at,
    actedAt: row.acted_at,
    dueAt: row.due_at,
    comment: row.comment,
  };
}

/** The caller's tasks, newest first. For CC tasks `pending` means unread and `done` read. */
export async function listTasks(
  db: Db,
  user: User,
  query: { status: 'pending' | 'done'; kind: 'approve' | 'cc'; limit: number; cursor?: string },
  locale: Locale = 'en',
): Promise<{ items: ApprovalTask[]; nextCursor: string | null }> {
  const q = tasksJoined(db).where({ 't.assignee_id': user.id, 't.kind': query.kind });
  if (query.kind === 'cc') {
    if (query.status === 'pending') q.whereNull('t.read_at');
    else q.whereNotNull('t.read_at');
  } else if (query.status === 'pending') {
    q.where('t.status', 'pending');
  } else {
    q.whereNotIn('t.status', OPEN);
  }
  if (query.cursor) q.where('t.id', '<', query.cursor);
  const rows: TaskJoinRow[] = await q.orderBy('t.id', 'desc').limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const schemas = new VersionSchemas(db, locale);
  const sensitive = new SensitiveFields(db, user);
  return {
    items: await Promise.all(page.map(async (row) => toTask(row, schemas, await sensitive.of(row)))),
    nextCursor: rows.length > query.limit ? page[page.length - 1].id : null,
  };
}

const countOf = async (q: Knex.QueryBuilder) => Number(((await q.count({ n: '*' }).first()) as { n: number | string }).n);

export async function taskCounts(db: Db, user: User) {
  const mine = (kind: 'approve' | 'cc') =>
    db('approval_tasks as t')
      .join('submissions as s', 's.id', 't.submission_id')
      .whereNull('s.deleted_at')
      .where({ 't.assignee_id': user.id, 't.kind': kind });
  const [todo, done, submitted, cc, ccUnread] = await Promise.all([
    countOf(mine('approve').where('t.status', 'pending')),
    countOf(mine('approve').whereNotIn('t.status', OPEN)),
    countOf(
      db('approval_instances as i')
        .join('submissions as s', 's.id', 'i.submission_id')
        .whereNull('s.deleted_at')
        .where({ 'i.submitter_id': user.id, 'i.status': 'pending' }),
    ),
    countOf(mine('cc')),
    countOf(mine('cc').whereNull('t.read_at')),
  ]);
  return { todo, done, submitted, cc, ccUnread };
}

/**
 * One task with the submission as the person at its node sees it (hidden fields left out), the
 * form to show it with, and what the caller may do. The assignee always sees it; others when they
 * may read the submission (its submitter, other participants, app readers); anyone else gets 404.
 */
export async function taskDetail(db: Db, user: User, taskId: string) {
  const row: TaskJoinRow | undefined = await tasksJoined(db).where('t.id', taskId).first();
  if (!row) throw taskNotFound(taskId);
  const access = await loadSubmission(db, user, row.submission_id).catch((err: { statusCode?: number }) => {
    if (row.assignee_id === user.id) return null;
    if (err.statusCode === 403 || err.statusCode === 404) throw taskNotFound(taskId);
    throw err;
  });
  const definition = readJson<FlowDefinition>(row.definition);
  const schemas = new VersionSchemas(db);
  const version = Number(row.form_version);
  const published = await schemas.get(row.form_id, version);
  const fieldAccess = fieldAccessAt(definition, row.node_id, fieldKeys(published.schema));
  const submissionRow = access?.row ?? (await submissionsRepo.findById(db, row.submission_id));
  if (!submissionRow) throw taskNotFound(taskId);
  // The form's sensitive fields (services/fieldAccess.ts) stay hidden at every node from those not allowed them.
  const sensitive =
    access?.hidden ?? (submissionRow.created_by === user.id ? new Set<string>() : await hiddenFieldsFor(db, user, row.form_id));
  for (const key of sensitive) if (key in fieldAccess) fieldAccess[key] = 'hidden';
  const hidden = hiddenIn(fieldAccess);
  const submission = toSubmission(submissionRow);
  const mayChange = Boolean(access?.canChange) && !(await submissionLocked(db, row.submission_id));
  const mine = row.assignee_id === user.id && row.status === 'pending' && row.kind === 'approve';
  const { schema, uiSchema } = schemaWithout(published.schema, published.uiSchema, hidden);
  const node = indexFlow(definition).get(row.node_id)?.node;
  return {
    task: await toTask(row, schemas, sensitive),
    submission: {
      ...submission,
      data: withoutFields(submission.data, hidden),
      canEdit: mayChange,
      canDelete: Boolean(access?.canDelete) && !(await submissionLocked(db, row.submission_id)),
    },
    form: { id: row.form_id, appId: row.app_id, name: row.form_name, version, schema, uiSchema },
    fieldAccess,
    actions: mine ? (['approve', 'reject', 'return', 'transfer', 'addSigner'] as const).slice() : [],
    /** Approving at this step takes the approver's digital signature (POST /api/signatures/tasks/:taskId/prepare first). */
    requireSignature: row.kind === 'approve' && node?.type === 'approval' && node.requireSignature === true,
  };
}

/** Marks the caller's CC task read; anything else is left alone. */
export async function markTaskRead(db: Db, user: User, taskId: string, now: string): Promise<void> {
  const task = await db('approval_tasks').where({ id: taskId }).first('assignee_id', 'kind');
  // Someone else's task answers 404 as an unknown one does (a 204 would confirm it exists).
  if (!task || task.assignee_id !== user.id) throw taskNotFound(taskId);
  if (task.kind !== 'cc') return;
  await db('approval_tasks').where({ id: taskId }).whereNull('read_at').update({ read_at: now });
}

interface FlowOf {
  definition: FlowDefinition;
  state: FlowState;
}

/** The nodes in progress with their people this round (who approved already, who is still to), in the order they started. */
async function nodesInProgress(db: Db, flows: Map<string, FlowOf>) {
  const nodes = new Map([...flows].map(([id, flow]) => [id, engineCurrentNodes(flow.definition, flow.state)]));
  const names = await userNames(
    db,
    [...nodes.values()].flatMap((list) => list.flatMap((n) => n.tasks.map((t) => t.assigneeId))),
  );
  const out = new Map<
    string,
    { nodeId: string; nodeName: FlowText; mode: SignMode; assignees: { id: string; name: string; status: TaskStatus }[] }[]
  >();
  for (const [id, list] of nodes) {
    out.set(
      id,
      list.map((n) => ({
        nodeId: n.nodeId,
        nodeName: n.name,
        mode: n.mode,
        assignees: n.tasks.map((t) => ({ id: t.assigneeId, name: names.get(t.assigneeId) ?? '', status: t.status })),
      })),
    );
  }
  return out;
}

interface TimelineRow {
  action: TimelineAction;
  at: string;
  node_id: string | null;
  actor_id: string | null;
  user_ids: unknown;
  comment: string | null;
}

/** Every step of a submission's flow, oldest first, and who it waits for now. Readers of the submission only. */
export async function submissionTimeline(db: Db, user: User, submissionId: string) {
  const { row } = await loadSubmission(db, user, submissionId);
  const instance = await db('approval_instances').where({ submission_id: submissionId }).first('definition', 'state', 'status');
  if (!instance) return { status: toSubmission(row).status ?? 'submitted', items: [], current: [] };
  const definition = readJson<FlowDefinition>(instance.definition);
  const rows: TimelineRow[] = await db('approval_timeline').where({ submission_id: submissionId }).orderBy('seq');
  const ids = rows.flatMap((r) => [...(r.actor_id ? [r.actor_id] : []), ...readJson<string[]>(r.user_ids)]);
  const names = await userNames(db, ids);
  const items: TimelineEntry[] = rows.map((r) => {
    const userIds = readJson<string[]>(r.user_ids);
    return {
      at: r.at,
      action: r.action,
      nodeId: r.node_id,
      nodeName: r.node_id ? nodeName(definition, r.node_id) : null,
      actorId: r.actor_id,
      actorName: r.actor_id ? (names.get(r.actor_id) ?? null) : null,
      userIds,
      userNames: userIds.map((id) => names.get(id) ?? ''),
      comment: r.comment,
    };
  });
  const flow = { definition, state: readJson<FlowState>(instance.state) };
  const current = (await nodesInProgress(db, new Map([[submissionId, flow]]))).get(submissionId) ?? [];
  return { status: instance.status as SubmissionStatus, items, current };
}

/** The caller's own submissions to forms with a flow, newest first, each with who it waits for. */
export async function submittedByMe(
  db: Db,
  user: User,
  query: { status?: SubmissionStatus; limit: number; cursor?: string },
  locale: Locale = 'en',
) {
  const q = db('approval_instances as i')
    .join('submissions as s', 's.id', 'i.submission_id')
    .join('forms as f', 'f.id', 'i.form_id')
    .whereNull('s.deleted_at')
    .where('i.submitter_id', user.id)
    .select(
      'i.submission_id',
      'i.form_id',
      'i.definition',
      'i.state',
      's.status',
      's.created_at',
      's.updated_at',
      's.data',
      's.form_version',
      'f.name as form_name',
    );
  if (query.status) q.where('s.status', query.status);
  if (query.cursor) q.where('i.submission_id', '<', query.cursor);
  const rows = await q.orderBy('i.submission_id', 'desc').limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const flows = new Map<string, FlowOf>(
    page.map((r: { submission_id: string; definition: unknown; state: unknown }) => [
      r.submission_id,
      { definition: readJson<FlowDefinition>(r.definition), state: readJson<FlowState>(r.state) },
    ]),
  );
  const current = await nodesInProgress(db, flows);
  const schemas = new VersionSchemas(db, locale);
  const items = await Promise.all(
    page.map(async (r: Record<string, unknown>) => {
      const schema = await schemas.summarySchema(r.form_id as string, Number(r.form_version));
      const id = r.submission_id as string;
      return {
        submissionId: id,
        formId: r.form_id as string,
        formName: r.form_name as string,
        status: r.status as SubmissionStatus,
        createdAt: r.created_at as string,
        updatedAt: r.updated_at as string,
        summary: submissionSummary(schema, readJson<JsonObject>(r.data), hiddenAt(flows.get(id)!.definition, null, schema)),
        current: (current.get(id) ?? []).map((n) => ({
          nodeId: n.nodeId,
          nodeName: n.nodeName,
          assignees: n.assignees.filter((a) => a.status === 'pending').map(({ id: aid, name }) => ({ id: aid, name })),
        })),
      };
    }),
  );
  return { items, nextCursor: rows.length > query.limit ? (page[page.length - 1].submission_id as string) : null };
}

/** One task as the inbox lists it to `user` (after their action, for its answer). */
export async function taskById(db: Db, user: User, taskId: string): Promise<ApprovalTask> {
  const row: TaskJoinRow | undefined = await tasksJoined(db).where('t.id', taskId).first();
  if (!row) throw taskNotFound(taskId);
  return toTask(row, new VersionSchemas(db), await new SensitiveFields(db, user).of(row));
}
