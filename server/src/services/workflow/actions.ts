/**
 * What people do to a running flow: decide a task (approve, reject, return, transfer, add a
 * signer), withdraw and resubmit. Each is one transaction that locks the flow's instance row
 * (PostgreSQL FOR UPDATE; SQLite has one writer), steps the engine from the state it finds there
 * and stores the result, so of two or-signers acting at once exactly one decides and the other
 * finds their task no longer pending (409 task_not_pending).
 */
import { fieldAccessAt, type FlowAction, type FlowState, type JsonObject, type SubmissionStatus, type User } from '@formloom/schemas';
import type { Knex } from 'knex';
import { nowIso, readJson } from '../../db/dialect.ts';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../../lib/errors.ts';
import { appendEvent } from '../../repositories/events.ts';
import { formsRepo, type FormRow } from '../../repositories/forms.ts';
import { submissionsRepo } from '../../repositories/submissions.ts';
import { dataChanges } from '../dataChanges.ts';
import { checkApprovalSignature } from '../signatures/approval.ts';
import { storeEdit } from '../submissionEdits.ts';
import { prepareSubmission } from '../submissions.ts';
import { runStep } from './engine.ts';
import { asFlowEdit } from './extension.ts';
import { loadOrgSnapshot } from './org.ts';
import { lockInstance, persistStep, readDefinition, readState, type FlowSubject, type InstanceRow } from './store.ts';

export interface FlowDatabases {
  /** The writer (transactions). */
  db: Knex;
  /** Reads before the write (the same pool on PostgreSQL). */
  reader: Knex;
}

export type TaskAction =
  | { type: 'approve'; comment?: string; data?: JsonObject; signatureId?: string }
  | { type: 'reject'; comment: string }
  | { type: 'return'; comment: string }
  | { type: 'transfer'; userId: string; comment?: string }
  | { type: 'addSigner'; userId: string; position: 'before' | 'after'; comment?: string };

export const taskNotFound = (id: string) =>
  new NotFoundError('task_not_found', `There is no approval task ${id}, or you have no access to it.`);

const flowNotFound = (submissionId: string) =>
  new NotFoundError('flow_not_found', `The submission ${submissionId} has no approval flow (or does not exist).`);

interface TaskRow {
  id: string;
  submission_id: string;
  node_id: string;
  assignee_id: string;
  kind: string;
  status: string;
}

export async function subjectOf(db: Knex | Knex.Transaction, instance: InstanceRow): Promise<FlowSubject & { form: FormRow }> {
  const form = await formsRepo.findById(db, instance.form_id);
  if (!form) throw flowNotFound(instance.submission_id);
  const submitter = instance.submitter_id ? await db('users').where({ id: instance.submitter_id }).first('name') : null;
  return {
    submissionId: instance.submission_id,
    formId: instance.form_id,
    appId: instance.app_id,
    formName: form.name,
    formVersion: Number(instance.form_version),
    definition: readDefinition(instance),
    submitterName: submitter?.name ?? '',
    form,
  };
}

/**
 * Checks new data for the submission as an edit would (links, calculations, stamps, the published
 * schema), keeping its submitter and submit time; null when nothing would change.
 */
async function prepareFlowEdit(
  dbs: FlowDatabases,
  user: User,
  submissionId: string,
  input: { patch: JsonObject } | { replace: JsonObject },
  now: string,
) {
  const row = await submissionsRepo.findById(dbs.reader, submissionId);
  const form = row ? await formsRepo.findById(dbs.reader, row.form_id) : undefined;
  if (!row || !form) throw flowNotFound(submissionId);
  const previous = readJson<JsonObject>(row.data);
  const prepared = await asFlowEdit(() =>
    prepareSubmission(dbs.reader, user, form, 'patch' in input ? { ...previous, ...input.patch } : input.replace, {
      operation: 'update',
      submissionId,
      now,
      previous,
      stamp: { userId: row.created_by ?? user.id, at: row.created_at },
    }),
  );
  const changes = dataChanges(previous, prepared.data);
  return { prepared, changes, form, updatedAt: row.updated_at };
}

type FlowEditPrepared = Awaited<ReturnType<typeof prepareFlowEdit>>;

/**
 * Runs one action on a submission's flow in one transaction. `edit` (checked beforehand) is stored
 * as a revision in the same transaction; the submission must not have changed since it was read.
 */
async function stepFlow(
  dbs: FlowDatabases,
  submissionId: string,
  actor: User,
  action: (state: FlowState) => FlowAction,
  opts: {
    edit?: FlowEditPrepared;
    now: string;
    /** Timeline entries before the step's own (who withdrew, who resubmitted). */
    lead?: { action: 'withdrawn' | 'resubmitted'; actorId: string }[];
    after?: (trx: Knex.Transaction, state: FlowState, subject: FlowSubject) => Promise<void>;
  },
): Promise<FlowState> {
  return dbs.db.transaction(async (trx) => {
    const instance = await lockInstance(trx, submissionId);
    if (!instance) throw flowNotFound(submissionId);
    const subject = await subjectOf(trx, instance);
    const before = readState(instance);
    const org = await loadOrgSnapshot(trx);
    const result = runStep(subject.definition, before, action(before), org, opts.now);
    const after = result.state;
    const edit = opts.edit;
    if (edit && edit.changes.length > 0) {
      const current = await submissionsRepo.lockForWrite(trx, submissionId);
      if (!current || current.updated_at !== edit.updatedAt) {
        throw new ConflictError('version_conflict', 'The submission changed while you were working on it; reload it and try again.');
      }
      await storeEdit(trx, actor, edit.form, submissionId, edit.prepared, edit.changes);
      after.data = edit.prepared.data;
    }
    await persistStep(
      trx,
      subject,
      { before, revision: Number(instance.revision), after, events: result.events },
      {
        actorId: actor.id,
        now: opts.now,
        lead: opts.lead,
      },
    );
    await opts.after?.(trx, after, subject);
    return after;
  });
}

/** Acts on one task as `user`. Returns the submission's status after the step. */
export async function actOnTask(dbs: FlowDatabases, user: User, taskId: string, input: TaskAction): Promise<SubmissionStatus> {
  const task: TaskRow | undefined = await dbs.db('approval_tasks').where({ id: taskId }).first();
  if (!task) throw taskNotFound(taskId);
  const now = nowIso();
  // A step signed with a certificate needs this approver's signature of this task (services/signatures/approval.ts).
  if (input.type === 'approve') await checkApprovalSignature(dbs.reader, user, taskId, input);
  let edit: FlowEditPrepared | undefined;
  if (input.type === 'approve' && input.data && Object.keys(input.data).length > 0) {
    // Refusals the engine would give come first, so nobody's data is checked for a task that is not theirs.
    if (task.assignee_id !== user.id) throw notAssignee();
    if (task.status !== 'pending') throw notPending();
    const instance = await dbs.reader('approval_instances').where({ submission_id: task.submission_id }).first();
    if (!instance) throw flowNotFound(task.submission_id);
    const access = fieldAccessAt(readDefinition(instance), task.node_id, Object.keys(input.data));
    const refused = Object.keys(input.data).filter((key) => access[key] !== 'editable');
    if (refused.length > 0) {
      throw new UnprocessableError(
        'field_not_editable',
        `At this step you may not change ${refused.map((k) => `"${k}"`).join(', ')}; only the fields marked editable here.`,
        refused.map((key) => ({ path: `data.${key}`, message: 'not editable at this step' })),
      );
    }
    edit = await prepareFlowEdit(dbs, user, task.submission_id, { patch: input.data }, now);
  }
  const state = await stepFlow(
    dbs,
    task.submission_id,
    user,
    () => {
      const base = { taskId, actorId: user.id };
      switch (input.type) {
        case 'approve':
          return {
            ...base,
            type: 'approve',
            comment: input.comment,
            data: edit ? pickKeys(edit.prepared.data, Object.keys(input.data ?? {})) : undefined,
          };
        case 'reject':
          return { ...base, type: 'reject', comment: input.comment };
        case 'return':
          return { ...base, type: 'return', comment: input.comment };
        case 'transfer':
          return { ...base, type: 'transfer', userId: input.userId, comment: input.comment };
        case 'addSigner':
          return { ...base, type: 'addSigner', userId: input.userId, position: input.position, comment: input.comment };
      }
    },
    { edit, now },
  );
  return state.status;
}

const pickKeys = (data: JsonObject, keys: string[]) => Object.fromEntries(keys.filter((k) => k in data).map((k) => [k, data[k]]));

const notAssignee = () => new ForbiddenError('This approval task is assigned to someone else.', 'not_task_assignee');
const notPending = () =>
  new ConflictError('task_not_pending', 'This task is no longer waiting for you: it was decided, withdrawn or taken by another approver.');

async function requireInstance(dbs: FlowDatabases, submissionId: string): Promise<InstanceRow> {
  const instance: InstanceRow | undefined = await dbs.reader('approval_instances').where({ submission_id: submissionId }).first();
  const live = instance ? await submissionsRepo.findById(dbs.reader, submissionId) : undefined;
  if (!instance || !live) throw flowNotFound(submissionId);
  return instance;
}

/** The submitter takes back a pending submission: open tasks are cancelled. */
export async function withdraw(dbs: FlowDatabases, user: User, submissionId: string): Promise<SubmissionStatus> {
  await requireInstance(dbs, submissionId);
  const state = await stepFlow(dbs, submissionId, user, () => ({ type: 'withdraw', actorId: user.id }), {
    now: nowIso(),
    lead: [{ action: 'withdrawn', actorId: user.id }],
    after: async (trx, _state, subject) => {
      await appendEvent(trx, {
        type: 'approval.withdrawn',
        appId: subject.appId,
        formId: subject.formId,
        actorId: user.id,
        payload: { submissionId },
      });
    },
  });
  return state.status;
}

/** The submitter sends a returned submission again with new data: the flow starts over as the next round. */
export async function resubmit(dbs: FlowDatabases, user: User, submissionId: string, data: JsonObject): Promise<SubmissionStatus> {
  const instance = await requireInstance(dbs, submissionId);
  if (instance.submitter_id !== user.id) throw new ForbiddenError('Only the person who submitted this can resubmit it.', 'not_submitter');
  if (instance.status !== 'returned') {
    throw new ConflictError('flow_not_pending', `Only a returned submission can be resubmitted; this one is ${instance.status}.`);
  }
  const now = nowIso();
  // The whole new data, as in an edit (PATCH /api/submissions/:id): fields left out are cleared.
  const edit = await prepareFlowEdit(dbs, user, submissionId, { replace: data }, now);
  const state = await stepFlow(dbs, submissionId, user, () => ({ type: 'resubmit', actorId: user.id, data: edit.prepared.data }), {
    edit,
    now,
    lead: [{ action: 'resubmitted', actorId: user.id }],
    after: async (trx, after, subject) => {
      await appendEvent(trx, {
        type: 'approval.resubmitted',
        appId: subject.appId,
        formId: subject.formId,
        actorId: user.id,
        payload: { submissionId, round: after.round },
      });
    },
  });
  return state.status;
}
