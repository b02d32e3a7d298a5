import type { AppPermissions, User } from '@formloom/schemas';
import { ForbiddenError, NotFoundError } from '../lib/errors.ts';
import { submissionsRepo, type SubmissionWithSubmitter } from '../repositories/submissions.ts';
import type { Db } from '../repositories/types.ts';
import { permissionsIn } from './access.ts';

export interface SubmissionAccess {
  row: SubmissionWithSubmitter;
  permissions: AppPermissions;
  /** App editors may change any record; a submitter their own. "See all" alone is read only. */
  canChange: boolean;
}

export const submissionNotFound = (id: string) =>
  new NotFoundError('submission_not_found', `There is no submission ${id}, or you have no access to it.`);

const NO_PERMISSIONS: AppPermissions = { canEdit: false, canFill: false, canViewAll: false };

/** Whether the user has or had a task (to approve, or a CC) in the submission's approval flow. */
export async function isFlowParticipant(db: Db, submissionId: string, userId: string): Promise<boolean> {
  const task = await db('approval_tasks').where({ submission_id: submissionId, assignee_id: userId }).first('id');
  return task !== undefined;
}

/** Whether the submission went into an approval flow (its status is then anything but `submitted`). */
export const hasFlow = (row: SubmissionWithSubmitter) => ((row as { status?: string }).status ?? 'submitted') !== 'submitted';

/**
 * A submission the caller may see: with "see all" (or edit) in its app any of them, otherwise only
 * their own, and those whose approval flow they take part in (an approver or a CC, read only).
 * Someone outside a submission's flow gets 403 not_flow_participant; other submissions they may
 * not see answer 404 like deleted ones, so ids cannot be probed.
 */
export async function loadSubmission(db: Db, user: User, id: string): Promise<SubmissionAccess> {
  const row = await submissionsRepo.findById(db, id);
  if (!row) throw submissionNotFound(id);
  const permissions = await permissionsIn(db, user, row.app_id);
  const own = row.created_by === user.id;
  if (permissions && (permissions.canViewAll || own)) return { row, permissions, canChange: permissions.canEdit || own };
  if (!hasFlow(row)) throw submissionNotFound(id);
  if (await isFlowParticipant(db, id, user.id)) return { row, permissions: permissions ?? NO_PERMISSIONS, canChange: false };
  throw new ForbiddenError(
    "This submission is in an approval flow you are not part of; only its submitter, its approvers and CCs, and people who may see all of the app's records can read it.",
    'not_flow_participant',
  );
}
