import type { DeliveryPage, DeliveryStatus, User, WebhookAttempt, WebhookDelivery } from '@formloom/schemas';
import { readJson } from '../../db/dialect.ts';
import { BadRequestError, NotFoundError } from '../../lib/errors.ts';
import type { Db } from '../../repositories/types.ts';
import { loadVisibleSubscription } from './access.ts';
import type { SubscriptionRow } from './subscriptions.ts';

/** A subscription's delivery log: deliveries newest first (keyset paged), each with its attempts. */

export interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
}

interface AttemptRow {
  id: string;
  delivery_id: string;
  attempt: number;
  started_at: string;
  duration_ms: number | null;
  request_url: string;
  request_headers: unknown;
  request_body: string;
  response_status: number | null;
  response_body: string | null;
  error: string | null;
}

function toAttempt(row: AttemptRow): WebhookAttempt {
  return {
    attempt: row.attempt,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    requestUrl: row.request_url,
    requestHeaders: readJson<Record<string, string>>(row.request_headers) ?? {},
    requestBody: row.request_body,
    responseStatus: row.response_status,
    responseBody: row.response_body,
    error: row.error,
  };
}

export function toDelivery(row: DeliveryRow, log: WebhookAttempt[]): WebhookDelivery {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    log,
  };
}

const NEWEST_ATTEMPT_FIRST = [
  { column: 'started_at', order: 'desc' },
  { column: 'attempt', order: 'desc' },
] as const;

/** The latest attempt of each delivery, in one query (a window over the page's deliveries). */
async function latestAttempts(db: Db, deliveryIds: string[]): Promise<Map<string, WebhookAttempt>> {
  if (deliveryIds.length === 0) return new Map();
  const ranked = db('webhook_attempts')
    .whereIn('delivery_id', deliveryIds)
    .select('*', db.raw('row_number() over (partition by delivery_id order by started_at desc, attempt desc) as newest'));
  const rows: AttemptRow[] = await db.from(ranked.as('ranked')).where('newest', 1);
  return new Map(rows.map((r) => [r.delivery_id, toAttempt(r)]));
}

function encodeCursor(row: DeliveryRow): string {
  return Buffer.from(JSON.stringify([row.created_at, row.id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
  } catch {
    // answered below
  }
  throw new BadRequestError('invalid_cursor', 'The cursor is not one this list gave out; start again without it.');
}

export async function listDeliveries(
  db: Db,
  user: User,
  subscriptionId: string,
  query: { status?: DeliveryStatus; cursor?: string; limit: number },
): Promise<DeliveryPage> {
  await loadVisibleSubscription(db, user, subscriptionId);
  const q = db<DeliveryRow>('webhook_deliveries')
    .where({ subscription_id: subscriptionId })
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(query.limit + 1);
  if (query.status) q.where('status', query.status);
  if (query.cursor) {
    const [createdAt, id] = decodeCursor(query.cursor);
    q.where((w) => w.where('created_at', '<', createdAt).orWhere((same) => same.where('created_at', createdAt).where('id', '<', id)));
  }
  const rows = await q;
  const page = rows.slice(0, query.limit);
  const latest = await latestAttempts(
    db,
    page.map((r) => r.id),
  );
  return {
    items: page.map((r) => toDelivery(r, latest.has(r.id) ? [latest.get(r.id)!] : [])),
    nextCursor: rows.length > query.limit ? encodeCursor(page.at(-1)!) : null,
  };
}

/** A delivery the caller may see (through its subscription), with the subscription row. */
export async function loadVisibleDelivery(
  db: Db,
  user: User,
  id: string,
): Promise<{ delivery: DeliveryRow; subscription: SubscriptionRow }> {
  const delivery = await db<DeliveryRow>('webhook_deliveries').where({ id }).first();
  const notFound = () => new NotFoundError('delivery_not_found', `There is no delivery ${id}, or you cannot see it.`);
  if (!delivery) throw notFound();
  try {
    return { delivery, subscription: await loadVisibleSubscription(db, user, delivery.subscription_id) };
  } catch (err) {
    if (err instanceof NotFoundError) throw notFound();
    throw err;
  }
}

/** One delivery with every attempt, newest first. */
export async function getDelivery(db: Db, user: User, id: string): Promise<WebhookDelivery> {
  const { delivery } = await loadVisibleDelivery(db, user, id);
  return deliveryWithLog(db, delivery);
}

export async function deliveryWithLog(db: Db, delivery: DeliveryRow): Promise<WebhookDelivery> {
  const attempts: AttemptRow[] = await db('webhook_attempts')
    .where({ delivery_id: delivery.id })
    .orderBy([...NEWEST_ATTEMPT_FIRST]);
  return toDelivery(delivery, attempts.map(toAttempt));
}
