/**
 * An approval step with `requireSignature`: approving needs this approver's completed signature of this
 * very task, over the submission as it is now (422 signature_required), and takes no field changes
 * (the signature covers the record as it stands).
 */
import type { JsonObject, User } from '@formloom/schemas';
import { readJson } from '../../db/dialect.ts';
import { UnprocessableError } from '../../lib/errors.ts';
import { formVersionsRepo } from '../../repositories/forms.ts';
import type { Db } from '../../repositories/types.ts';
import { signableTask, submissionContentHash } from './service.ts';

export async function checkApprovalSignature(
  db: Db,
  user: User,
  taskId: string,
  input: { signatureId?: string; data?: JsonObject },
): Promise<void> {
  const task = await db('approval_tasks').where({ id: taskId }).first('assignee_id');
  // Not this person's task: the flow's own refusal (403/409/404) answers.
  if (!task || task.assignee_id !== user.id) return;
  const { task: row, requireSignature } = await signableTask(db, user, taskId);
  if (!requireSignature || row.status !== 'pending') return;
  if (input.data && Object.keys(input.data).length > 0) {
    throw new UnprocessableError(
      'field_not_editable',
      'This step is approved with a digital signature of the record as it is, so its fields cannot be changed here.',
    );
  }
  const required = (why: string) =>
    new UnprocessableError(
      'signature_required',
      `This step needs your digital signature: ${why}. Sign the submission with your certificate, then approve.`,
    );
  if (!input.signatureId) throw required('none was sent');
  const signature = await db('signatures')
    .where({ id: input.signatureId })
    .first('purpose', 'task_id', 'signer_user_id', 'content_hash', 'form_id', 'form_version');
  if (!signature || signature.purpose !== 'approval' || signature.task_id !== taskId || signature.signer_user_id !== user.id) {
    throw required('the signature sent is not yours for this task');
  }
  const submission = await db('submissions').where({ id: row.submission_id }).first('data');
  const version = await formVersionsRepo.find(db, signature.form_id, Number(signature.form_version));
  const hash =
    submission && version
      ? await submissionContentHash(
          signature.form_id,
          Number(signature.form_version),
          readJson(version.ui_schema),
          readJson(submission.data),
        )
      : null;
  if (hash !== signature.content_hash) throw required('the submission changed after you signed it');
}
