/**
 * Approval flows' part in storing submissions (see ../submissionExtensions.ts). On create, when the
 * form version carries a flow, the engine's first step runs in `transactional`, inside the
 * transaction that stores the submission and on the data as stored (after calculations: the
 * purchase request routes on its computed total). A flow that cannot start (an `error` node
 * resolving to nobody) throws there, so the 422 leaves nothing behind.
 *
 * Edits: while a flow is pending or returned the data changes only through the flow itself
 * (editable fields at a task, or the submitter's resubmission); after it ends only app editors
 * may change the record, so an approved request cannot be rewritten by its submitter.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FlowDefinition, StepResult, SubmissionStatus } from '@formloom/schemas';
import { ConflictError, ForbiddenError } from '../../lib/errors.ts';
import { formVersionsRepo } from '../../repositories/forms.ts';
import type { Db } from '../../repositories/types.ts';
import { permissionsIn } from '../access.ts';
import type { SubmissionContext, SubmissionExtension } from '../submissionExtensions.ts';
import { readWorkflow } from './definition.ts';
import { runStep } from './engine.ts';
import { loadOrgSnapshot } from './org.ts';
import { persistStep } from './store.ts';

interface Starting {
  definition: FlowDefinition;
  /** Set once the first step ran. */
  result?: StepResult;
}

/** The flow of each submission being created, from `prepare` to after the write. */
const starting = new WeakMap<SubmissionContext, Starting>();

/** Set while the flow itself changes a submission's data (approve with data, resubmit). */
const flowEdit = new AsyncLocalStorage<true>();
export const asFlowEdit = <T>(work: () => Promise<T>): Promise<T> => flowEdit.run(true, work);

/**
 * The status a submission is stored with: `submitted` without a flow; with one, where its first
 * step ended (`pending`, unless every node was skipped), or `pending` before that step ran.
 */
export function startedStatus(ctx: SubmissionContext): SubmissionStatus {
  const flow = starting.get(ctx);
  if (!flow) return 'submitted';
  return flow.result?.state.status ?? 'pending';
}

async function versionFlow(db: Db, formId: string, version: number): Promise<FlowDefinition | null> {
  const row = await formVersionsRepo.find(db, formId, version);
  return readWorkflow(row?.workflow);
}

/** A submission's flow status, or null when it has none. */
export async function flowStatusOf(db: Db, submissionId: string): Promise<string | null> {
  const row = await db('approval_instances').where({ submission_id: submissionId }).first('status');
  return row?.status ?? null;
}

const inApproval = () =>
  new ConflictError(
    'submission_in_approval',
    'This submission is going through its approval flow: approvers change it through their task, and the submitter through Resubmit once it is returned.',
  );

export const workflowExtension: SubmissionExtension = {
  name: 'workflow',

  async prepare(ctx) {
    if (ctx.operation === 'update') {
      if (flowEdit.getStore()) return;
      const status = await flowStatusOf(ctx.db, ctx.submissionId);
      if (status === null) return;
      if (status === 'pending' || status === 'returned') throw inApproval();
      const permissions = await permissionsIn(ctx.db, ctx.user, ctx.form.app_id);
      if (!permissions?.canEdit) {
        throw new ForbiddenError("This submission went through an approval flow; only the app's editors can change it now.");
      }
      return;
    }
    if (ctx.operation !== 'create') return;
    const definition = await versionFlow(ctx.db, ctx.form.id, ctx.version);
    if (!definition) return;
    starting.set(ctx, { definition });
  },

  transactional(ctx, data) {
    const flow = starting.get(ctx);
    if (!flow || ctx.operation !== 'create') return null;
    return async (trx) => {
      const org = await loadOrgSnapshot(trx);
      const result = runStep(flow.definition, null, { type: 'start', submitterId: ctx.user.id, data }, org, ctx.now);
      flow.result = result;
      await persistStep(
        trx,
        {
          submissionId: ctx.submissionId,
          formId: ctx.form.id,
          appId: ctx.form.app_id,
          formName: ctx.form.name,
          formVersion: ctx.version,
          definition: flow.definition,
          submitterName: ctx.user.name,
        },
        { before: null, revision: null, after: result.state, events: result.events },
        { actorId: ctx.user.id, now: ctx.now, lead: [{ action: 'submitted', actorId: ctx.user.id }] },
      );
    };
  },

  async onDelete(ctx, _data, trx) {
    const status = await flowStatusOf(trx, ctx.submissionId);
    if (status === 'pending') {
      throw new ConflictError('submission_in_approval', 'This submission is waiting for approval; its submitter can withdraw it first.');
    }
  },

  async locked(db, submissionId) {
    const status = await flowStatusOf(db, submissionId);
    return status === 'pending' || status === 'returned';
  },
};
