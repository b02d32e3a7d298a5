import { evaluateCondition, type FlowCondition, type RuntimeCondition } from '@formloom/schemas';
import { UnprocessableError } from '../../lib/errors.ts';
import type { EventEnvelope } from './envelope.ts';

/**
 * A subscription's filter: the flow editor's condition model restricted to field conditions
 * (`{field, op, value}` under all/any/not), evaluated on the submission's data with the same rules
 * as show/hide conditions. Conditions on the submitter are refused: a webhook has no org snapshot.
 */

export interface FilterProblem {
  path: string;
  message: string;
}

/** Whether the schema has the field a path of keys names (through objects and sub-table rows). */
function schemaHasField(schema: Record<string, unknown>, path: readonly string[]): boolean {
  let node: unknown = schema;
  for (const key of path) {
    const s = node as { properties?: Record<string, unknown>; items?: { properties?: Record<string, unknown> } };
    const props = s?.properties ?? s?.items?.properties;
    if (!props || !Object.hasOwn(props, key)) return false;
    node = props[key];
  }
  return true;
}

const NOTHING_HIDDEN: ReadonlySet<string> = new Set();

/**
 * Problems with a filter, each at its JSON path (e.g. `filter.all.1.field`); empty when it is usable.
 * `hidden`: the form's sensitive fields the subscription's owner may not see — a filter on one would
 * tell them its value, delivery by delivery.
 */
export function filterProblems(
  filter: FlowCondition,
  formSchema: Record<string, unknown> | null,
  hidden: ReadonlySet<string> = NOTHING_HIDDEN,
  path = 'filter',
): FilterProblem[] {
  if ('all' in filter) return filter.all.flatMap((c, i) => filterProblems(c, formSchema, hidden, `${path}.all.${i}`));
  if ('any' in filter) return filter.any.flatMap((c, i) => filterProblems(c, formSchema, hidden, `${path}.any.${i}`));
  if ('not' in filter) return filterProblems(filter.not, formSchema, hidden, `${path}.not`);
  if ('submitter' in filter)
    return [
      { path, message: 'A webhook filter compares the submission’s fields only; conditions on the submitter are not available here.' },
    ];
  if (formSchema && !schemaHasField(formSchema, filter.field))
    return [{ path: `${path}.field`, message: `The form has no field "${filter.field.join('.')}".` }];
  if (hidden.has(filter.field[0]!))
    return [
      {
        path: `${path}.field`,
        message: `"${filter.field.join('.')}" is a sensitive field you cannot see, so a webhook of yours cannot filter on it.`,
      },
    ];
  return [];
}

/** Throws 422 invalid_filter with every problem in `details`. */
export function assertValidFilter(filter: FlowCondition, formSchema: Record<string, unknown> | null, hidden?: ReadonlySet<string>): void {
  const problems = filterProblems(filter, formSchema, hidden);
  if (problems.length)
    throw new UnprocessableError('invalid_filter', `The filter cannot be used: ${problems.map((p) => p.message).join(' ')}`, problems);
}

/**
 * Whether an event passes a subscription's filter: no filter passes everything; a filter needs
 * the event's submission (an event without one, e.g. after the submission was deleted, does not pass).
 */
export function filterMatches(filter: FlowCondition | null | undefined, envelope: Pick<EventEnvelope, 'submission'>): boolean {
  if (!filter) return true;
  if (!envelope.submission) return false;
  return evaluateCondition(filter as RuntimeCondition, envelope.submission.data);
}
