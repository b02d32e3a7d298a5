import type { ConnectorHost } from '@formloom/plugin-api';

/** The send ledger (shopify_sends): was this (submission, kind) sent, or may an earlier attempt have sent it? */

export type SendState = 'none' | 'idle' | 'sending' | 'done';

export async function sendState(
  host: Pick<ConnectorHost, 'knex'>,
  submissionId: string,
  kind: string,
): Promise<{ state: SendState; externalId: string | null; since: number }> {
  const row = await host.knex('shopify_sends').where({ submission_id: submissionId, kind }).first();
  if (!row) return { state: 'none', externalId: null, since: 0 };
  return { state: row.state as SendState, externalId: row.external_id ?? null, since: Date.parse(row.updated_at) };
}

/**
 * How long a `sending` row may belong to an attempt still running: past the request timeout (30 s)
 * with room to spare. Younger than that, a look-up could miss an order still being made.
 */
export const IN_FLIGHT_MS = 60_000;

/** Marks the request as possibly in flight: from here until `markSend`, an interruption leaves it uncertain. */
export async function beginSend(host: Pick<ConnectorHost, 'knex'>, submissionId: string, kind: string, key: string): Promise<void> {
  const now = new Date().toISOString();
  await host
    .knex('shopify_sends')
    .insert({ submission_id: submissionId, kind, idempotency_key: key, state: 'sending', attempts: 1, updated_at: now })
    .onConflict(['submission_id', 'kind'])
    .merge({ state: 'sending', attempts: host.knex.raw('?? + 1', ['shopify_sends.attempts']), updated_at: now });
}

/** `done` with what Shopify made, or `idle` when Shopify certainly made nothing (throttled, refused). */
export async function markSend(
  host: Pick<ConnectorHost, 'knex'>,
  submissionId: string,
  kind: string,
  state: 'idle' | 'done',
  externalId: string | null = null,
): Promise<void> {
  await host
    .knex('shopify_sends')
    .where({ submission_id: submissionId, kind })
    .update({ state, external_id: externalId, updated_at: new Date().toISOString() });
}
