import { z } from 'zod';
import { Id, Page, Timestamp } from './common.ts';
import { DomainEvent, type DomainEventType } from './events.ts';
import { FlowCondition } from './workflow.ts';

/**
 * Outbound webhooks (docs/WEBHOOKS.md): subscriptions, their deliveries and each delivery's attempts.
 * Deliveries follow Standard Webhooks: `webhook-id` (the delivery id, the same on every retry),
 * `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
 */

/** Every event type a subscription may name; derived from the domain events so the two never drift. */
export const WEBHOOK_EVENT_TYPES = DomainEvent.options.map((o) => o.shape.type.value) as DomainEventType[];

/** An event type, or a family with a trailing wildcard (`approval.*`, `submission.*`), or `*` for all. */
export const WebhookEventPattern = z
  .string()
  .max(64)
  .refine(
    (p) =>
      p === '*' ||
      (p.endsWith('.*') && WEBHOOK_EVENT_TYPES.some((t) => t.startsWith(p.slice(0, -1)))) ||
      WEBHOOK_EVENT_TYPES.includes(p as DomainEventType),
    { message: 'not a known event type (e.g. submission.created, approval.*)' },
  );

export function eventMatches(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}

export const WebhookFormat = z.enum(['canonical', 'template', 'zapier']);
export type WebhookFormat = z.infer<typeof WebhookFormat>;

/** Header names a subscription may not set: the signature's, and what HTTP itself owns. */
export const RESERVED_WEBHOOK_HEADERS = [
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'content-length',
  'host',
  'transfer-encoding',
  'connection',
] as const;

const HeaderName = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'not a valid header name')
  .refine((h) => !(RESERVED_WEBHOOK_HEADERS as readonly string[]).includes(h.toLowerCase()), { message: 'this header is set by Formloom' });

export const WebhookHeaders = z.record(
  HeaderName,
  z
    .string()
    .max(2000)
    .regex(/^[^\r\n]*$/, 'no line breaks in header values'),
);

const WebhookFields = {
  url: z.string().min(1).max(2000).describe('https:// (or http://) URL; private and loopback addresses are refused'),
  description: z.string().max(200).optional(),
  events: z.array(WebhookEventPattern).min(1).max(50),
  appId: Id.nullish().describe('Only events of this app (app managers must give it or formId)'),
  formId: Id.nullish().describe('Only events of this form'),
  /** Only submission events whose data matches; the flow editor's condition model (field conditions). */
  filter: FlowCondition.nullish(),
  headers: WebhookHeaders.optional(),
  /** A Handlebars template producing the body; absent: the canonical event JSON. */
  template: z.string().max(20_000).nullish(),
  /** The body's content type when a template is used (JSON bodies get JSON-safe escaping). */
  contentType: z.enum(['application/json', 'text/plain', 'application/x-www-form-urlencoded']).optional(),
};

export const WebhookCreate = z.object(WebhookFields).strict();
export type WebhookCreate = z.infer<typeof WebhookCreate>;

export const WebhookPatch = z
  .object({
    ...WebhookFields,
    enabled: z.boolean(),
    /** Makes a new secret; the old one stops signing at once. */
    rotateSecret: z.literal(true),
  })
  .partial()
  .strict();
export type WebhookPatch = z.infer<typeof WebhookPatch>;

export const WebhookSubscription = z.object({
  id: Id,
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.string()),
  appId: Id.nullable(),
  formId: Id.nullable(),
  filter: FlowCondition.nullable(),
  headers: z.record(z.string(), z.string()),
  format: WebhookFormat,
  template: z.string().nullable(),
  contentType: z.string(),
  enabled: z.boolean(),
  disabledReason: z.enum(['manual', 'gone', 'failing']).nullable(),
  failingSince: Timestamp.nullable(),
  ownerId: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  /** Counts over the last 24 hours, for the list. */
  stats: z.object({ succeeded: z.number().int(), failed: z.number().int(), dead: z.number().int(), pending: z.number().int() }),
});
export type WebhookSubscription = z.infer<typeof WebhookSubscription>;

/** The create and rotateSecret responses, and GET /api/webhooks/:id/secret (owner or admin). */
export const WebhookWithSecret = WebhookSubscription.extend({ secret: z.string().describe('whsec_ + base64') });
export type WebhookWithSecret = z.infer<typeof WebhookWithSecret>;

export const WebhookList = z.object({ items: z.array(WebhookSubscription) });

export const DeliveryStatus = z.enum(['pending', 'delivering', 'succeeded', 'failed', 'dead']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const WebhookAttempt = z.object({
  attempt: z.number().int(),
  startedAt: Timestamp,
  durationMs: z.number().int().nullable(),
  requestUrl: z.string(),
  requestHeaders: z.record(z.string(), z.string()),
  requestBody: z.string(),
  responseStatus: z.number().int().nullable(),
  responseBody: z.string().nullable().describe('The first 2 KB'),
  error: z.string().nullable(),
});
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;

export const WebhookDelivery = z.object({
  id: z.string().describe('The webhook-id header'),
  subscriptionId: Id,
  eventId: Id,
  eventType: z.string(),
  status: DeliveryStatus,
  attempts: z.number().int(),
  nextAttemptAt: Timestamp.nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: Timestamp,
  deliveredAt: Timestamp.nullable(),
  /** Newest first; in the list only the latest, in GET /api/deliveries/:id all. */
  log: z.array(WebhookAttempt),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const DeliveryPage = Page(WebhookDelivery);
export type DeliveryPage = z.infer<typeof DeliveryPage>;

export const DeliveriesQuery = z.object({
  status: DeliveryStatus.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** POST /api/webhooks/:id/replay: every failed or dead delivery created since a time goes again. */
export const ReplayFailedRequest = z.object({ since: Timestamp }).strict();
export const ReplayResult = z.object({ replayed: z.number().int() });

/**
 * POST /api/webhooks/preview: the body a subscription would send for a real submission (or the
 * latest one of the form), without saving anything.
 */
export const WebhookPreviewRequest = z
  .object({
    event: z.string().max(64).default('submission.created'),
    submissionId: Id.optional(),
    formId: Id.optional(),
    template: z.string().max(20_000).nullish(),
    contentType: WebhookFields.contentType,
    filter: FlowCondition.nullish(),
  })
  .strict();
export const WebhookPreview = z.object({
  body: z.string(),
  contentType: z.string(),
  /** Whether the filter lets this submission through. */
  matchesFilter: z.boolean(),
  submissionId: Id.nullable(),
});
export type WebhookPreview = z.infer<typeof WebhookPreview>;

/** Zapier REST hooks (docs/ZAPIER.md). */
export const ZapierSubscribeRequest = z
  .object({ targetUrl: z.string().min(1).max(2000), event: z.string().max(64), formId: Id })
  .passthrough();
export const ZapierSubscribeResponse = z.object({
  id: Id,
  /** The hook's Standard Webhooks signing secret, for a Zapier app that verifies `webhook-signature` (optional). */
  secret: z.string().describe('whsec_ + base64'),
});

/** What a connector (Shopify, QuickBooks) made of a submission, for its record page. */
export const IntegrationJobStatus = z.enum(['pending', 'running', 'succeeded', 'failed', 'dead', 'skipped']);
export const SubmissionIntegration = z.object({
  connector: z.string(),
  /** The job failed or gave up and the caller may edit the app: the panel offers Retry. */
  canRetry: z.boolean(),
  jobId: Id.nullable(),
  eventType: z.string().nullable(),
  status: IntegrationJobStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: Timestamp.nullable(),
  updatedAt: Timestamp,
  refs: z.array(z.object({ kind: z.string(), externalId: z.string(), label: z.string().nullable(), url: z.string().nullable() })),
});
export type SubmissionIntegration = z.infer<typeof SubmissionIntegration>;
export const SubmissionIntegrationList = z.object({ items: z.array(SubmissionIntegration) });
