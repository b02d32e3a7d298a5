/**
 * Recurring collections' part in storing submissions (see ../submissionExtensions.ts): a new
 * submission marks the submitter's open assignment in the form's newest period done, in the
 * submission's own transaction, and late when it comes after the deadline. Forms without a
 * schedule, and people without an open assignment, keep the fast path (nothing to do). Deleting
 * the submission opens its assignment again.
 */
import type { SubmissionContext, SubmissionExtension } from '../submissionExtensions.ts';

interface OpenAssignment {
  id: string;
  deadline_at: string;
}

/** Found in `prepare` (a read), written in `transactional`; keyed by the submission being stored. */
const pending = new WeakMap<SubmissionContext, OpenAssignment>();

async function openAssignmentOf(ctx: SubmissionContext): Promise<OpenAssignment | undefined> {
  const newest: { id: string; deadline_at: string } | undefined = await ctx
    .db('schedule_periods')
    .where({ form_id: ctx.form.id })
    .orderBy('opens_at', 'desc')
    .first('id', 'deadline_at');
  if (!newest) return undefined;
  const assignment: { id: string } | undefined = await ctx
    .db('assignments')
    .where({ period_id: newest.id, user_id: ctx.user.id, status: 'open' })
    .first('id');
  return assignment && { id: assignment.id, deadline_at: newest.deadline_at };
}

export const assignmentsExtension: SubmissionExtension = {
  name: 'assignments',

  async prepare(ctx) {
    if (ctx.operation !== 'create') return;
    const open = await openAssignmentOf(ctx);
    if (open) pending.set(ctx, open);
  },

  transactional(ctx) {
    const open = pending.get(ctx);
    if (!open || ctx.operation !== 'create') return null;
    return async (trx) => {
      // Conditional on `open`: of two submissions racing for one assignment, the first marks it.
      await trx('assignments')
        .where({ id: open.id, status: 'open' })
        .update({ status: 'done', submission_id: ctx.submissionId, submitted_at: ctx.now, late: ctx.now > open.deadline_at });
    };
  },

  /** A deleted response no longer counts: its assignment is open again (and the person reminded with the rest). */
  async onDelete(ctx, _data, trx) {
    await trx('assignments')
      .where({ submission_id: ctx.submissionId })
      .update({ status: 'open', submission_id: null, submitted_at: null, late: false });
  },
};
