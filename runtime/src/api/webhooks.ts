// Outbound webhooks as the Integrations pages use them: subscriptions, their secret, the preview of a
// payload, the delivery log and replays. Built on the HTTP client's `request`, so CSRF, Accept-Language
// and errors work as everywhere. The shapes are the zod models in @formloom/schemas (types only).
import type {
  DeliveryPage,
  DeliveryStatus,
  WebhookAttempt,
  WebhookCreate,
  WebhookDelivery,
  WebhookPatch,
  WebhookPreview,
  WebhookSubscription,
  WebhookWithSecret,
} from '@formloom/schemas';
import type { ApiClient, HttpApiClient } from './client.ts';

export type {
  DeliveryPage,
  DeliveryStatus,
  WebhookAttempt,
  WebhookCreate,
  WebhookDelivery,
  WebhookPatch,
  WebhookPreview,
  WebhookSubscription,
  WebhookWithSecret,
};

/** What POST /api/webhooks/preview takes (the zod input: `event` has a server default). */
export interface WebhookPreviewRequest {
  event?: string;
  submissionId?: string;
  formId?: string;
  template?: string | null;
  contentType?: WebhookCreate['contentType'];
  filter?: WebhookCreate['filter'];
}

export interface WebhooksApi {
  list(scope?: { appId?: string; formId?: string }): Promise<WebhookSubscription[]>;
  get(webhookId: string): Promise<WebhookSubscription>;
  /** 201 with the signing secret: the only answer, besides reveal and rotate, that carries it. */
  create(body: WebhookCreate): Promise<WebhookWithSecret>;
  update(webhookId: string, patch: WebhookPatch): Promise<WebhookSubscription>;
  remove(webhookId: string): Promise<void>;
  revealSecret(webhookId: string): Promise<WebhookWithSecret>;
  /** A new secret; the old one stops signing at once. */
  rotateSecret(webhookId: string): Promise<WebhookWithSecret>;
  deliveries(webhookId: string, options?: { status?: DeliveryStatus; cursor?: string | null; limit?: number }): Promise<DeliveryPage>;
  /** One delivery with every attempt (the list carries only the latest). */
  delivery(deliveryId: string): Promise<WebhookDelivery>;
  /** Sends one delivery again (a new attempt under the same webhook-id); answers with it, queued. */
  replay(deliveryId: string): Promise<WebhookDelivery>;
  /** Every failed or dead delivery created since `since` goes again. */
  replayFailed(webhookId: string, since: string): Promise<{ replayed: number }>;
  preview(body: WebhookPreviewRequest): Promise<WebhookPreview>;
}

const enc = encodeURIComponent;

export function createWebhooksApi(request: HttpApiClient['request']): WebhooksApi {
  return {
    async list(scope = {}) {
      const params = new URLSearchParams();
      if (scope.appId) params.set('appId', scope.appId);
      if (scope.formId) params.set('formId', scope.formId);
      const query = params.size ? `?${params}` : '';
      return (await request<{ items: WebhookSubscription[] }>('GET', `/api/webhooks${query}`)).items;
    },
    get: (webhookId) => request<WebhookSubscription>('GET', `/api/webhooks/${enc(webhookId)}`),
    create: (body) => request<WebhookWithSecret>('POST', '/api/webhooks', body),
    update: (webhookId, patch) => request<WebhookSubscription>('PATCH', `/api/webhooks/${enc(webhookId)}`, patch),
    async remove(webhookId) {
      await request<void>('DELETE', `/api/webhooks/${enc(webhookId)}`);
    },
    revealSecret: (webhookId) => request<WebhookWithSecret>('GET', `/api/webhooks/${enc(webhookId)}/secret`),
    rotateSecret: (webhookId) => request<WebhookWithSecret>('PATCH', `/api/webhooks/${enc(webhookId)}`, { rotateSecret: true }),
    deliveries(webhookId, { status, cursor, limit } = {}) {
      const params = new URLSearchParams();
      if (status) params.set('status', status);
      if (cursor) params.set('cursor', cursor);
      if (limit) params.set('limit', String(limit));
      return request<DeliveryPage>('GET', `/api/webhooks/${enc(webhookId)}/deliveries?${params}`);
    },
    delivery: (deliveryId) => request<WebhookDelivery>('GET', `/api/deliveries/${enc(deliveryId)}`),
    replay: (deliveryId) => request<WebhookDelivery>('POST', `/api/deliveries/${enc(deliveryId)}/replay`),
    replayFailed: (webhookId, since) => request<{ replayed: number }>('POST', `/api/webhooks/${enc(webhookId)}/replay`, { since }),
    preview: (body) => request<WebhookPreview>('POST', '/api/webhooks/preview', body),
  };
}

/** The webhook calls over the app's API client (the HTTP client in the app; tests pass one with `request`). */
export function webhooksApiFor(client: ApiClient): WebhooksApi | null {
  const request = (client as Partial<HttpApiClient>).request;
  return request ? createWebhooksApi(request) : null;
}
