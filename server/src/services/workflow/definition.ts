import { checkFlowDefinition, type FlowDefinition, type JsonObject } from '@formloom/schemas';
import { readJson } from '../../db/dialect.ts';
import { UnprocessableError } from '../../lib/errors.ts';

/** A stored flow (JSON text on SQLite, json on PostgreSQL) or null when the form has none. */
export function readWorkflow(value: unknown): FlowDefinition | null {
  if (value === null || value === undefined) return null;
  return readJson<FlowDefinition>(value);
}

/**
 * The flow a draft may carry: null (none) or a definition that parses and fits the form's fields.
 * Anything else is a 422 invalid_workflow whose details point at each problem, so the flow editor
 * can mark the node.
 */
export function assertValidWorkflow(raw: unknown, formSchema: JsonObject): FlowDefinition | null {
  if (raw === null) return null;
  const check = checkFlowDefinition(raw, formSchema);
  if (check.ok) return check.flow;
  const first = check.problems[0]!;
  throw new UnprocessableError(
    'invalid_workflow',
    `The approval flow cannot be used: ${first.message}${first.path.length ? ` (at workflow.${first.path.join('.')})` : ''}`,
    check.problems.map((p) => ({ path: ['workflow', ...p.path].join('.'), message: p.message })),
  );
}
