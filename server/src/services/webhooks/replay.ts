import type { User, WebhookDelivery } from '@formloom/schemas';
import { nowIso } from '../../db/dialect.ts';
import { BadRequestError, ConflictError } from '../../lib/errors.ts';
import type { Db } from '../../repositories/types.ts';
import { loadVisibleSubscription } from './access.ts';
import { deliveryWithLog, loadVisibleDelivery, type DeliveryRow } from './deliveries.ts';
import type { SubscriptionRow } from './subscriptions.ts';

/**
 * Replay puts deliveries back in the dispatcher's queue: pending and due now, under the same id, so
 * the receiver sees the same `webhook-id` and can tell a replay from a new event. `attempts` is kept,
 * so the log keeps counting: a dead delivery gets one more try (and more only if the schedule has
 * tries left). A delivery being sent right now is left alone (409), never sent twice at once.
 */

function assertEnabled(subscription: SubscriptionRow): void {
  if (!subscription.enabled)
    throw new ConflictError(
      'webhook_disabled',
      `This webhook is disabled (${subscription.disabled_reason ?? 'manual'}); enable it first, then replay.`,
    );
}

export async function replayDelivery(db: Db, user: User, id: string): Promise<WebhookDelivery> {
  const { subscription } = await loadVisibleDelivery(db, user, id);
  assertEnabled(subscription);
  const now = nowIso();
  // Compare-and-set against the dispatcher: if it claimed the delivery meanwhile, nothing changes.
  const updated = await db('webhook_deliveries')
    .where({ id })
    .whereNot('status', 'delivering')
    .update({ status: 'pending', next_attempt_at: now, updated_at: now });
  if (updated === 0)
    throw new ConflictError('delivery_in_progress', 'This delivery is being sent right now; wait for the attempt to finish, then replay.');
  const fresh = (await db<DeliveryRow>('webhook_deliveries').where({ id }).first())!;
  return deliveryWithLog(db, fresh);
}

/** Every failed or dead delivery of the subscription created at or after `since` goes again. */
export async function replayFailedSince(db: Db, user: User, subscriptionId: string, since: string): Promise<number> {
  const subscription = await loadVisibleSubscription(db, user, subscriptionId);
  assertEnabled(subscription);
  const from = new Date(since);
  if (Number.isNaN(from.getTime()))
    throw new BadRequestError('invalid_since', `"${since}" is not a date and time (ISO 8601, e.g. 2026-11-25T09:00:00Z).`);
  const now = nowIso();
  return db('webhook_deliveries')
    .where({ subscription_id: subscriptionId })
    .whereIn('status', ['failed', 'dead'])
    .where('created_at', '>=', from.toISOString())
    .update({ status: 'pending', next_attempt_at: now, updated_at: now });
}
