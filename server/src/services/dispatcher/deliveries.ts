import type { Knex } from 'knex';
import { readJson, writeJson } from '../../db/dialect.ts';
import type { SecretBox } from '../../lib/secretBox.ts';
import { newId } from '../../lib/ids.ts';
import { notify } from '../notifications/notify.ts';
import { OutboundError, type OutboundHttp, type OutboundResponse } from '../outbound/index.ts';
import { buildEnvelope, eventFromRow, type DomainEventRow } from '../webhooks/envelope.ts';
import { envelopeAs, ViewerCache, type EnvelopeViewer } from '../webhooks/viewer.ts';
import { renderWebhookBody } from '../webhooks/payload.ts';
import { signedHeaders } from '../webhooks/signature.ts';
import { TemplateError } from '../webhooks/templates.ts';
import { claimDue, stillOwned } from './claims.ts';
import type { GroupWriter } from './groupWriter.ts';
import { nextRetryDelayMs, parseRetryAfter } from './retrySchedule.ts';
import type { DispatcherSettings } from './settings.ts';

/**
 * Webhook delivery: one claimed delivery → one signed POST (Standard Webhooks) → one attempt in the
 * log and the delivery's next state: succeeded (2xx), retried per the schedule, dead after the last
 * try, or — on 410 Gone — the subscription turned off (Zapier's hooks are deleted instead).
 */

/** Response bytes kept in the log. */
export const RESPONSE_EXCERPT_BYTES = 2048;

export interface DeliveryContext {
  db: Knex;
  /** For the reads of a delivery (on SQLite the read-only pool, beside the one writer). */
  reader: Knex;
  /** Outcomes of deliveries finishing together are written in one transaction. */
  writer: GroupWriter;
  secretBox: SecretBox;
  outbound: OutboundHttp;
  settings: DispatcherSettings;
  userAgent: string;
  log: { warn(obj: object, msg: string): void };
  /**
   * Subscriptions this process marked failing since their row was read: a success clears
   * `failing_since` only where it may be set, sparing the healthy majority a write per delivery.
   */
  markedFailing: Set<string>;
}

export interface ClaimedDelivery {
  id: string;
  subscription_id: string;
  event_id: string;
  attempts: number;
  /** Read for the whole claim at once (undefined: deleted meanwhile). */
  subscription?: SubscriptionRow;
  event?: DomainEventRow;
  /** Read again at sending (webhooks/viewer.ts): the owner may have lost access since the event was fanned out. */
  ownerView?: EnvelopeViewer | null;
  /** The claim's shared reads of owners' permissions and hidden fields. */
  viewers?: ViewerCache;
}

export type DeliveryOutcome = 'succeeded' | 'failed' | 'dead' | 'gone' | 'lost';

interface SubscriptionRow {
  id: string;
  owner_id: string;
  format: 'canonical' | 'template' | 'zapier';
  url: string;
  headers: unknown;
  template: string | null;
  template_version: number;
  content_type: string;
  secret_sealed: string;
  failing_since: string | null;
}

interface Exchange {
  startedAt: Date;
  headers: Record<string, string>;
  body: string;
  response: OutboundResponse | null;
  error: string | null;
  durationMs: number;
}

/** Claims due deliveries, with their subscriptions and events read in two queries for the lot. */
export async function claimDeliveries(ctx: DeliveryContext, now: Date, limit: number): Promise<ClaimedDelivery[]> {
  const claimed = await claimDue<ClaimedDelivery>(
    ctx.db,
    {
      table: 'webhook_deliveries',
      inFlight: 'delivering',
      // A turned-off subscription's deliveries wait; they go when it is turned on again.
      narrow: (q) => q.join('webhook_subscriptions as s', 's.id', 'w.subscription_id').where('s.enabled', true),
      columns: ['id', 'subscription_id', 'event_id', 'attempts'],
    },
    now,
    ctx.settings.leaseMs,
    limit,
  );
  if (claimed.length === 0) return claimed;
  const distinct = (key: 'subscription_id' | 'event_id') => [...new Set(claimed.map((d) => d[key]))];
  const [subscriptions, events] = await Promise.all([
    ctx.reader('webhook_subscriptions').whereIn('id', distinct('subscription_id')) as Promise<SubscriptionRow[]>,
    ctx.reader('domain_events').whereIn('id', distinct('event_id')) as Promise<DomainEventRow[]>,
  ]);
  const subscriptionById = new Map(subscriptions.map((r) => [r.id, r]));
  const eventById = new Map(events.map((r) => [r.id, r]));
  const viewers = new ViewerCache(ctx.reader);
  return Promise.all(
    claimed.map(async (d) => {
      const subscription = subscriptionById.get(d.subscription_id);
      const event = eventById.get(d.event_id);
      const ownerView = subscription && event ? await viewers.ownerViewer(subscription.owner_id, event.app_id) : null;
      return { ...d, subscription, event, ownerView, viewers };
    }),
  );
}

/** Builds, signs and sends; any failure before or during the exchange becomes the attempt's error. */
async function exchange(ctx: DeliveryContext, subscription: SubscriptionRow, delivery: ClaimedDelivery): Promise<Exchange> {
  const started = new Date();
  const result: Exchange = { startedAt: started, headers: {}, body: '', response: null, error: null, durationMs: 0 };
  try {
    const eventRow = delivery.event;
    if (!eventRow) throw new Error(`The event ${delivery.event_id} is gone from the outbox.`);
    if (!delivery.ownerView) {
      throw new Error("Not sent: the webhook's owner is disabled or no longer has access to this app.");
    }
    const built = await buildEnvelope(ctx.reader, eventFromRow(eventRow));
    const envelope = await envelopeAs(ctx.reader, built, delivery.ownerView, delivery.viewers);
    if (!envelope) throw new Error("Not sent: this record is outside what the webhook's owner may see in the app.");
    const rendered = await renderWebhookBody(
      {
        id: subscription.id,
        format: subscription.format,
        template: subscription.template,
        templateVersion: subscription.template_version,
        contentType: subscription.content_type,
      },
      envelope,
    );
    result.body = rendered.body;
    // Signed at the moment of sending: receivers refuse timestamps more than five minutes off.
    const signed = signedHeaders(ctx.secretBox.open(subscription.secret_sealed), delivery.id, new Date(), rendered.body);
    result.headers = {
      ...readJson<Record<string, string>>(subscription.headers),
      'content-type': rendered.contentType,
      'user-agent': ctx.userAgent,
      ...signed,
    };
    result.response = await ctx.outbound.request({
      method: 'POST',
      url: subscription.url,
      headers: result.headers,
      body: rendered.body,
      timeoutMs: ctx.settings.requestTimeoutMs,
      maxBodyBytes: RESPONSE_EXCERPT_BYTES,
    });
  } catch (err) {
    if (!(err instanceof OutboundError || err instanceof TemplateError)) {
      ctx.log.warn({ err, deliveryId: delivery.id }, 'webhook delivery failed before sending');
    }
    result.error = (err as Error).message || String(err);
  }
  result.durationMs = Date.now() - started.getTime();
  return result;
}

function classify(response: OutboundResponse | null): 'succeeded' | 'gone' | 'failed' {
  if (!response) return 'failed';
  if (response.status >= 200 && response.status < 300) return 'succeeded';
  return response.status === 410 ? 'gone' : 'failed';
}

async function turnOff(trx: Knex.Transaction, subscription: SubscriptionRow, reason: 'gone' | 'failing', since: string, nowIso: string) {
  const changed = await trx('webhook_subscriptions')
    .where({ id: subscription.id, enabled: true })
    .update({ enabled: false, disabled_reason: reason, updated_at: nowIso, revision: trx.raw('revision + 1') });
  // Told once: only the pass that actually turned it off writes the notification.
  if (changed === 1) {
    await notify(trx, {
      userIds: [subscription.owner_id],
      kind: 'webhook_disabled',
      params: { url: subscription.url, reason, since },
      link: `/integrations/webhooks/${subscription.id}`,
    });
  }
}

/** The attempt's log row, the delivery's next state and the subscription's health, in one transaction (shared with other lanes). */
async function record(ctx: DeliveryContext, subscription: SubscriptionRow, delivery: ClaimedDelivery, sent: Exchange, now: Date) {
  const nowIso = now.toISOString();
  const response = sent.response;
  const verdict = classify(response);
  return ctx.writer.write(async (trx): Promise<DeliveryOutcome> => {
    await trx('webhook_attempts').insert({
      id: newId(),
      delivery_id: delivery.id,
      attempt: delivery.attempts,
      started_at: sent.startedAt.toISOString(),
      duration_ms: sent.durationMs,
      request_url: subscription.url,
      request_headers: writeJson(sent.headers),
      request_body: sent.body,
      response_status: response?.status ?? null,
      response_body: response ? response.body.slice(0, RESPONSE_EXCERPT_BYTES) : null,
      error: sent.error?.slice(0, 500) ?? null,
    });
    const owned = trx('webhook_deliveries');
    stillOwned(owned, 'delivering', delivery);
    const lastStatusCode = response?.status ?? null;

    if (verdict === 'succeeded') {
      const n = await owned.update({
        status: 'succeeded',
        next_attempt_at: null,
        last_status_code: lastStatusCode,
        last_error: null,
        delivered_at: nowIso,
        updated_at: nowIso,
      });
      if (n === 0) return 'lost';
      if (subscription.failing_since || ctx.markedFailing.delete(subscription.id)) {
        await trx('webhook_subscriptions').where({ id: subscription.id }).whereNotNull('failing_since').update({ failing_since: null });
      }
      return 'succeeded';
    }

    if (verdict === 'gone') {
      if (subscription.format === 'zapier') {
        // Zapier's REST hook rule: a 410 means the Zap was turned off or deleted; unsubscribe.
        await trx('webhook_subscriptions').where({ id: subscription.id }).delete();
        return 'gone';
      }
      const n = await owned.update({
        status: 'dead',
        next_attempt_at: null,
        last_status_code: 410,
        last_error: 'The receiver answered 410 Gone, so the webhook was turned off.',
        updated_at: nowIso,
      });
      if (n === 0) return 'lost';
      await turnOff(trx, subscription, 'gone', nowIso, nowIso);
      return 'gone';
    }

    const requested = response ? parseRetryAfter(response.headers['retry-after'], now) : null;
    const delay = nextRetryDelayMs(delivery.attempts, requested);
    const n = await owned.update({
      status: delay === null ? 'dead' : 'failed',
      next_attempt_at: delay === null ? null : new Date(now.getTime() + delay).toISOString(),
      last_status_code: lastStatusCode,
      last_error: (sent.error ?? `The receiver answered HTTP ${lastStatusCode}.`).slice(0, 500),
      updated_at: nowIso,
    });
    if (n === 0) return 'lost';
    const since = subscription.failing_since ?? nowIso;
    if (!subscription.failing_since) {
      ctx.markedFailing.add(subscription.id);
      await trx('webhook_subscriptions').where({ id: subscription.id }).whereNull('failing_since').update({ failing_since: nowIso });
    } else if (now.getTime() - Date.parse(since) > ctx.settings.disableAfterMs) {
      await turnOff(trx, subscription, 'failing', since, nowIso);
    }
    return delay === null ? 'dead' : 'failed';
  });
}

/** Sends one claimed delivery and records what happened. */
export async function deliverOne(ctx: DeliveryContext, delivery: ClaimedDelivery, now: Date): Promise<DeliveryOutcome> {
  const subscription = delivery.subscription;
  if (!subscription) return 'lost'; // deleted meanwhile; its deliveries went with it
  const sent = await exchange(ctx, subscription, delivery);
  return record(ctx, subscription, delivery, sent, now);
}
