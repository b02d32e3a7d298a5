import {
  ConnectorPermanentError,
  ConnectorRetryableError,
  type ConnectorHost,
  type ConnectorResult,
  type ConnectorSubmission,
} from '@formloom/plugin-api';
import type { DomainEvent, DomainEventType } from '@formloom/schemas';
import { SHOPIFY_API_VERSION, type ShopifyInventoryMapping, type ShopifyOrderMapping } from '../shared/index.ts';
import { buildOrder, idempotencyKey, MAX_LINE_ITEMS, orderKindLabel, tagFor, valueAt } from './build.ts';
import { ShopifyThrottledError, throwUserErrors, type ShopifyClient } from './client.ts';
import { adminUrl, clientForJob } from './connection.ts';
import { DRAFT_ORDER_BY_TAG, DRAFT_ORDER_CREATE, inventoryAdjustDocument, ORDER_BY_TAG, ORDER_CREATE } from './documents.ts';
import { cachedMapping, findMapping } from './mappings.ts';
import { beginSend, IN_FLIGHT_MS, markSend, sendState } from './sends.ts';

/**
 * What the connector does with an event: a mapped form's submission becomes a draft order or an
 * order (when submitted, or when approved), and a mapped movement form's stock move adjusts
 * `available` at the zone's Shopify location. Each is sent once per submission (see sends.ts).
 */

export const SHOPIFY_EVENTS: readonly DomainEventType[] = ['submission.created', 'submission.status_changed', 'stock.moved'];

export async function acceptsEvent(event: DomainEvent, host: Pick<ConnectorHost, 'knex'>): Promise<boolean> {
  if (!event.formId || !SHOPIFY_EVENTS.includes(event.type)) return false;
  const mapping = await cachedMapping(host, event.formId);
  if (!mapping?.enabled) return false;
  const t = mapping.target;
  if (event.type === 'stock.moved') return t.kind === 'inventory';
  if (t.kind === 'inventory') return false;
  // A bulk import brings in history (orders already taken elsewhere): it makes no Shopify orders.
  if (event.type === 'submission.created') return t.trigger === 'submitted' && !event.payload.importId;
  return event.type === 'submission.status_changed' && event.payload.to === 'approved' && t.trigger === 'approved';
}

interface CreatedOrder {
  id: string;
  name: string;
}

/** An uncertain earlier attempt may have made the order: Shopify finds it by the tag it carries. */
async function findByTag(client: ShopifyClient, kind: 'draft_order' | 'order', key: string): Promise<CreatedOrder | null> {
  const query = `tag:${tagFor(key)}`;
  if (kind === 'draft_order') {
    const data = await client.request<{ draftOrders: { nodes: CreatedOrder[] } }>(
      DRAFT_ORDER_BY_TAG,
      { query },
      'the look-up of an earlier draft order',
    );
    return data.draftOrders.nodes[0] ?? null;
  }
  const data = await client.request<{ orders: { nodes: CreatedOrder[] } }>(ORDER_BY_TAG, { query }, 'the look-up of an earlier order');
  return data.orders.nodes[0] ?? null;
}

async function sendOrder(host: ConnectorHost, mapping: ShopifyOrderMapping, submission: ConnectorSubmission): Promise<ConnectorResult> {
  const kind = mapping.kind;
  const existing = (await host.submissions.externalRefs(submission.id)).find((r) => r.kind === kind);
  if (existing) return { result: { [kind]: existing.externalId, name: existing.label, existed: true } };

  const { client, conn } = await clientForJob(host);
  const built = buildOrder(mapping, submission.id, submission.data, conn.currencyCode);
  const what = orderKindLabel[kind];

  const record = async (order: CreatedOrder, found: boolean): Promise<ConnectorResult> => {
    await host.submissions.setExternalRef({
      submissionId: submission.id,
      kind,
      externalId: order.id,
      label: order.name,
      url: adminUrl(conn.shopDomain, kind, order.id),
    });
    await markSend(host, submission.id, kind, 'done', order.id);
    return { result: { [kind]: order.id, name: order.name, tag: tagFor(built.key), ...(found ? { foundByTag: true } : {}) } };
  };

  const before = await sendState(host, submission.id, kind);
  if (before.state === 'sending') {
    // Another attempt (a job reclaimed from a stalled server) may still be waiting for its answer.
    const young = before.since + IN_FLIGHT_MS - Date.now();
    if (young > 0)
      throw new ConnectorRetryableError(`An earlier attempt to send ${what} may still be running; checking again shortly.`, young);
    const found = await findByTag(client, kind, built.key);
    if (found) return record(found, true);
  }

  await beginSend(host, submission.id, kind, built.key);
  let created: CreatedOrder | null | undefined;
  try {
    if (kind === 'draft_order') {
      const data = await client.request<{
        draftOrderCreate: { draftOrder: CreatedOrder | null; userErrors: { field: string[] | null; message: string }[] };
      }>(DRAFT_ORDER_CREATE, built.variables, what);
      throwUserErrors(data.draftOrderCreate.userErrors, what);
      created = data.draftOrderCreate.draftOrder;
    } else {
      const data = await client.request<{
        orderCreate: { order: CreatedOrder | null; userErrors: { field: string[] | null; message: string }[] };
      }>(ORDER_CREATE, built.variables, what);
      throwUserErrors(data.orderCreate.userErrors, what);
      created = data.orderCreate.order;
    }
  } catch (err) {
    // Refused before or while validating: nothing exists in Shopify, so the next attempt need not look it up.
    if (err instanceof ShopifyThrottledError || err instanceof ConnectorPermanentError) await markSend(host, submission.id, kind, 'idle');
    throw err;
  }
  if (!created) throw new ConnectorPermanentError(`Shopify answered without ${what} and without saying why.`);
  return record(created, false);
}

/** A Shopify GID from what an item record holds (the gid itself, or the bare number Shopify's admin shows). */
function inventoryItemGid(v: unknown): string | null {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  if (/^\d+$/.test(s)) return `gid://shopify/InventoryItem/${s}`;
  return /^gid:\/\/shopify\/InventoryItem\/\d+$/.test(s) ? s : null;
}

export async function buildAdjustment(
  host: Pick<ConnectorHost, 'submissions'>,
  mapping: ShopifyInventoryMapping,
  payload: { submissionId: string; item: string; zones: { zone: string; delta: number }[] },
): Promise<{ input: Record<string, unknown> } | { skipped: string }> {
  const item = await host.submissions.get(payload.item);
  const raw = item ? valueAt(item.data, mapping.inventoryItemIdField) : undefined;
  const inventoryItemId = inventoryItemGid(raw);
  if (!inventoryItemId) {
    if (raw === undefined || raw === null || raw === '') return { skipped: 'the item has no Shopify inventory item id' };
    throw new ConnectorPermanentError(
      `The item's "${mapping.inventoryItemIdField}" holds "${String(raw).slice(0, 80)}", which is not a Shopify inventory item id (gid://shopify/InventoryItem/… or its number).`,
    );
  }
  const changes = payload.zones
    .filter((z) => z.delta !== 0 && mapping.locations[z.zone])
    .map((z) => {
      if (!Number.isInteger(z.delta)) {
        throw new ConnectorPermanentError(`Shopify counts whole units, and this movement changes a zone by ${z.delta}.`);
      }
      return { inventoryItemId, locationId: mapping.locations[z.zone]!, delta: z.delta };
    });
  if (!changes.length) return { skipped: 'no zone of this movement is mapped to a Shopify location' };
  if (changes.length > MAX_LINE_ITEMS) throw new ConnectorPermanentError(`Shopify takes at most ${MAX_LINE_ITEMS} changes at once.`);
  return {
    input: {
      name: 'available',
      reason: mapping.reason,
      referenceDocumentUri: `formloom://submissions/${payload.submissionId}`,
      changes,
    },
  };
}

async function adjustInventory(
  host: ConnectorHost,
  mapping: ShopifyInventoryMapping,
  payload: { submissionId: string; item: string; zones: { zone: string; delta: number }[] },
): Promise<ConnectorResult> {
  const kind = 'inventory';
  const before = await sendState(host, payload.submissionId, kind);
  if (before.state === 'done') return { result: { adjustmentGroup: before.externalId, existed: true } };
  const built = await buildAdjustment(host, mapping, payload);
  if ('skipped' in built) return { result: { skipped: built.skipped } };

  const { client } = await clientForJob(host);
  const key = idempotencyKey(payload.submissionId, kind);
  const doc = inventoryAdjustDocument(SHOPIFY_API_VERSION);
  if (before.state === 'sending' && !doc.keyed) {
    // 2025-09 has no idempotency key for adjustments and no way to find one by its reference, so
    // sending again could count the movement twice: a person checks Shopify's inventory history.
    throw new ConnectorPermanentError(
      `An earlier attempt to adjust Shopify inventory for this movement ended without an answer. Check the item's inventory history in Shopify for formloom://submissions/${payload.submissionId}; if the adjustment is missing there, make it by hand.`,
    );
  }
  await beginSend(host, payload.submissionId, kind, key);
  const variables = doc.keyed ? { ...built, idempotencyKey: key } : built;
  let group: { id: string } | null;
  try {
    const data = await client.request<{
      inventoryAdjustQuantities: {
        inventoryAdjustmentGroup: { id: string } | null;
        userErrors: { field: string[] | null; message: string }[];
      };
    }>(doc.query, variables, 'the inventory adjustment');
    throwUserErrors(data.inventoryAdjustQuantities.userErrors, 'the inventory adjustment');
    group = data.inventoryAdjustQuantities.inventoryAdjustmentGroup;
  } catch (err) {
    if (err instanceof ShopifyThrottledError || err instanceof ConnectorPermanentError)
      await markSend(host, payload.submissionId, kind, 'idle');
    throw err;
  }
  await markSend(host, payload.submissionId, kind, 'done', group?.id ?? null);
  return { result: { adjustmentGroup: group?.id ?? null, changes: (built.input.changes as unknown[]).length } };
}

export async function handleEvent(event: DomainEvent, host: ConnectorHost): Promise<ConnectorResult> {
  if (!event.formId) return { result: { skipped: 'not a form event' } };
  const mapping = await findMapping(host, event.formId);
  if (!mapping?.enabled) return { result: { skipped: 'the form is not mapped to Shopify' } };
  const t = mapping.target;

  if (event.type === 'stock.moved') {
    if (t.kind !== 'inventory') return { result: { skipped: 'the form is not mapped to inventory' } };
    return adjustInventory(host, t, event.payload);
  }
  if (t.kind === 'inventory') return { result: { skipped: `nothing to do for ${event.type}` } };
  if (event.type === 'submission.status_changed' && (event.payload.to !== 'approved' || t.trigger !== 'approved')) {
    return { result: { skipped: 'not an approval' } };
  }
  if (event.type === 'submission.created' && t.trigger !== 'submitted') return { result: { skipped: 'sent when approved' } };
  if (event.type === 'submission.created' && event.payload.importId) return { result: { skipped: 'imported submissions make no orders' } };
  if (event.type !== 'submission.created' && event.type !== 'submission.status_changed')
    return { result: { skipped: `nothing to do for ${event.type}` } };

  const submission = await host.submissions.get(event.payload.submissionId);
  if (!submission || submission.deletedAt) return { result: { skipped: 'the submission is gone' } };
  return sendOrder(host, t, submission);
}
