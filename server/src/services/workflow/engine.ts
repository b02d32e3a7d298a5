/**
 * The one place the server calls the pure approval engine (@formloom/schemas workflow): a step
 * with the server's clock and ids, and the engine's refusals turned into the API's errors.
 */
import {
  FLOW_ERROR_STATUS,
  FlowError,
  step,
  type FlowAction,
  type FlowDefinition,
  type FlowState,
  type OrgSnapshot,
  type StepResult,
} from '@formloom/schemas';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';

export function toAppError(err: FlowError): AppError {
  const status = (FLOW_ERROR_STATUS as Record<string, number>)[err.code] ?? 422;
  return new AppError(status, err.code, err.message, err.nodeId ? { nodeId: err.nodeId } : undefined);
}

/** One engine step at `now`; a FlowError becomes the AppError the API answers with. */
export function runStep(
  definition: FlowDefinition,
  state: FlowState | null,
  action: FlowAction,
  org: OrgSnapshot,
  now: string,
): StepResult {
  try {
    return step(definition, state, action, org, { now, newId });
  } catch (err) {
    if (err instanceof FlowError) throw toAppError(err);
    throw err;
  }
}
