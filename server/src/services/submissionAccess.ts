import type { AppPermissions, User } from '@formloom/schemas';
import { NotFoundError } from '../lib/errors.ts';
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

/**
 * A submission the caller may see: with "see all" (or edit) in its app any of them, otherwise only
 * their own. Deleted ones, and ones they may not see, answer 404 alike.
 */
export async function loadSubmission(db: Db, user: User, id: string): Promise<SubmissionAccess> {
  const row = await submissionsRepo.findById(db, id);
  const permissions = row ? await permissionsIn(db, user, row.app_id) : null;
  const own = row?.created_by === user.id;
  if (!row || !permissions || (!permissions.canViewAll && !own)) throw submissionNotFound(id);
  return { row, permissions, canChange: permissions.canEdit || own };
}
