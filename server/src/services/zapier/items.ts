import type { EventEnvelope } from '../webhooks/envelope.ts';

/**
 * PLACEHOLDER (the Zapier helper fills it in): the flat object Zapier shows as a trigger's fields,
 * the same shape from the REST hook and the polling endpoint.
 */
export function zapierItem(envelope: EventEnvelope): Record<string, unknown> {
  return { id: envelope.id, event: envelope.type, occurred_at: envelope.occurredAt, ...(envelope.submission?.data ?? {}) };
}
