import { simulate, type FlowDefinition, type JsonObject, type SimulateResult, type User } from '@formloom/schemas';
import { readJson } from '../../db/dialect.ts';
import { UnprocessableError } from '../../lib/errors.ts';
import { formVersionsRepo, type FormRow } from '../../repositories/forms.ts';
import type { Db } from '../../repositories/types.ts';
import { assertValidWorkflow, readWorkflow } from './definition.ts';
import { loadOrgSnapshot } from './org.ts';

/**
 * Route simulation for the flow editor: the path a submission with this data from this submitter
 * would take and the people each step resolves to, on today's org chart. The flow is the editor's
 * unsaved one when sent, else the draft's (or with `draft: false` the published one). No flow
 * simulates to no steps.
 */
export async function simulateFlow(
  db: Db,
  form: FormRow,
  input: { data: JsonObject; submitterId: string; draft: boolean; workflow?: unknown },
  _user: User,
): Promise<SimulateResult> {
  const definition = await flowToSimulate(db, form, input);
  const submitter = await db('users').where({ id: input.submitterId }).first('id');
  if (!submitter) {
    throw new UnprocessableError('unknown_user', `No user has the id ${input.submitterId}; pick the submitter from the people directory.`, [
      { path: 'submitterId', message: 'no such user' },
    ]);
  }
  if (!definition) return { steps: [], error: null };
  const org = await loadOrgSnapshot(db);
  return simulate(definition, input.data, input.submitterId, org);
}

async function flowToSimulate(db: Db, form: FormRow, input: { draft: boolean; workflow?: unknown }): Promise<FlowDefinition | null> {
  if (input.workflow !== undefined) return assertValidWorkflow(input.workflow, readJson<JsonObject>(form.draft_schema));
  if (input.draft || form.latest_version === null) return readWorkflow(form.draft_workflow);
  const version = await formVersionsRepo.find(db, form.id, Number(form.latest_version));
  return readWorkflow(version?.workflow);
}
