import { evaluateFlowCondition, type FlowCondition, type OrgSnapshot } from '@formloom/schemas';

const NO_ORG: OrgSnapshot = { users: {}, departments: {} };

/**
 * Whether a subscription's filter lets an event through. The filter is the flow editor's condition
 * model over the submission's fields (all/any/not of field comparisons, evaluated like the show/hide
 * rules); an event without a submission passes only a subscription without a filter.
 */
export function filterPasses(
  filter: FlowCondition | null,
  submission: { data: Record<string, unknown>; createdBy: string | null } | null,
): boolean {
  if (!filter) return true;
  if (!submission) return false;
  return evaluateFlowCondition(filter, { data: submission.data, submitterId: submission.createdBy ?? '', org: NO_ORG });
}
