import { fieldAccessAt, type AppPermissions, type FlowDefinition, type JsonObject, type User } from '@formloom/schemas';
import { readJson, writeJson } from '../db/dialect.ts';
import { ForbiddenError, NotFoundError } from '../lib/errors.ts';
import { submissionsRepo, type SubmissionWithSubmitter } from '../repositories/submissions.ts';
import type { Db } from '../repositories/types.ts';
import { permissionsIn } from './access.ts';
import { hiddenFieldsFor } from './fieldAccess.ts';
import { recordInScope, recordScopeOf } from './recordScope.ts';

export interface SubmissionAccess {
  /** The stored row (flow participants get it without the fields hidden at their nodes). */
  row: SubmissionWithSubmitter;
  permissions: AppPermissions;
  /** Edit: `edit_records` (or managing the app) for any record in scope; a submitter their own until decided. Seeing alone is read only. */
  canChange: boolean;
  /** Delete: `delete_records` (or managing the app); a submitter their own until decided. */
  canDelete: boolean;
  /** The form's sensitive fields this caller may not see in this record (none in their own); mask with maskSubmissionData. */
  hidden: ReadonlySet<string>;
}

export const submissionNotFound = (id: string) =>
  new NotFoundError('submission_not_found', `There is no submission ${id}, or you have no access to it.`);

const NO_PERMISSIONS: AppPermissions = {
  canEdit: false,
  canFill: false,
  canViewAll: false,
  canViewDepartment: false,
  canEditRecords: false,
  canDeleteRecords: false,
  canExport: false,
  viewScope: 'own',
};

/** The nodes where the user has or had a task (to approve, or a CC) in the submission's approval flow. */
async function flowNodesOf(db: Db, submissionId: string, userId: string): Promise<string[]> {
  const rows: { node_id: string }[] = await db('approval_tasks')
    .where({ submission_id: submissionId, assignee_id: userId })
    .distinct('node_id');
  return rows.map((r) => r.node_id);
}

/**
 * Whether the user takes part in the submission's approval flow (has or had a task there), and so
 * may read it — for readers outside loadSubmission, such as the files of a submission.
 */
export async function isFlowParticipant(db: Db, submissionId: string, userId: string): Promise<boolean> {
  return (await flowNodesOf(db, submissionId, userId)).length > 0;
}

/**
 * The data as a participant sees it: without the fields hidden at every node they work at (a
 * field hidden from finance but shown to the manager stays visible to someone who is both).
 */
async function participantView(db: Db, row: SubmissionWithSubmitter, nodeIds: string[]): Promise<SubmissionWithSubmitter> {
  const instance = await db('approval_instances').where({ submission_id: row.id }).first('definition');
  if (!instance) return row;
  const definition = readJson<FlowDefinition>(instance.definition);
  const data = readJson<JsonObject>(row.data);
  const keys = Object.keys(data);
  const access = nodeIds.map((nodeId) => fieldAccessAt(definition, nodeId, keys));
  const visible = Object.fromEntries(Object.entries(data).filter(([key]) => access.some((a) => a[key] !== 'hidden')));
  return { ...row, data: writeJson(visible) };
}

/** Whether the submission went into an approval flow (its status is then anything but `submitted`). */
export const hasFlow = (row: SubmissionWithSubmitter) => (row.status ?? 'submitted') !== 'submitted';

/**
 * A submission the caller may see: any in their record scope in its app (all, their department's
 * and below, or their own — services/recordScope.ts), and those whose approval flow they take part
 * in (an approver or a CC: read only, and without the fields hidden from them at their steps).
 * Sensitive fields they may not see come back in `hidden`; the row itself is whole, so an edit can
 * keep them. Someone outside a submission's flow gets 403 not_flow_participant; other submissions
 * they may not see answer 404 like deleted ones, so ids cannot be probed.
 */
export async function loadSubmission(db: Db, user: User, id: string): Promise<SubmissionAccess> {
  const row = await submissionsRepo.findById(db, id);
  if (!row) throw submissionNotFound(id);
  const permissions = await permissionsIn(db, user, row.app_id);
  const own = row.created_by === user.id;
  const hidden = own ? NONE_HIDDEN : await hiddenFieldsFor(db, user, row.form_id);
  // A submitter changes their own submission until it has been through an approval flow; once
  // decided, only people with edit_records / delete_records (app managers have both) may, as they
  // may others' records in their scope (pending or returned ones change through the flow itself).
  const decided = ['approved', 'rejected', 'withdrawn'].includes(row.status ?? '');
  if (permissions && (own || (await recordInScope(db, recordScopeOf(user, permissions), row.created_by)))) {
    const ownOpen = own && !decided;
    return {
      row,
      permissions,
      canChange: permissions.canEditRecords || ownOpen,
      canDelete: permissions.canDeleteRecords || ownOpen,
      hidden,
    };
  }
  if (!hasFlow(row)) throw submissionNotFound(id);
  const nodeIds = await flowNodesOf(db, id, user.id);
  if (nodeIds.length > 0)
    return {
      row: await participantView(db, row, nodeIds),
      permissions: permissions ?? NO_PERMISSIONS,
      canChange: false,
      canDelete: false,
      hidden,
    };
  throw new ForbiddenError(
    "This submission is in an approval flow you are not part of; only its submitter, its approvers and CCs, and people who may see all of the app's records can read it.",
    'not_flow_participant',
  );
}

const NONE_HIDDEN: ReadonlySet<string> = new Set();
