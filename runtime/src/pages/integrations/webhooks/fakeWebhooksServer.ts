// For component tests: an in-memory stand-in for the webhook routes (list, get, create, patch, delete,
// secret, preview, deliveries, replays) answering `request()` the way the zod models in
// @formloom/schemas (models/webhooks.ts) say, plus the apps/forms calls the pickers make. Calls are recorded.
import type { WebhookDelivery, WebhookSubscription } from '@formloom/schemas';
import { ApiError } from '../../../api/errors.ts';
import type { App, Form, Submission } from '../../../api/types.ts';
import { app, publishedForm } from '../../../test/fakeApi.ts';

export interface RecordedCall {
  method: string;
  path: string;
  params: URLSearchParams;
  body?: unknown;
}

const fail = (statusCode: number, code: string, message = code, details?: unknown) =>
  new ApiError({ statusCode, code, error: 'Error', message, details });

export const ORDER_FORM = publishedForm(
  {
    schema: {
      type: 'object',
      title: 'Order',
      properties: {
        amount: { type: 'number', title: 'Amount' },
        customer: { type: 'string', title: 'Customer' },
        rush: { type: 'boolean', title: 'Rush' },
      },
    },
    uiSchema: { 'ui:i18n': { 'zh-Hant': { '/schema/title': '訂單', '/schema/properties/amount/title': '金額' } } },
  },
  { id: 'form1', appId: 'app1', name: 'Order' },
);

let seq = 0;
export function webhook(over: Partial<WebhookSubscription> = {}): WebhookSubscription {
  seq += 1;
  return {
    id: `w${seq}`,
    url: `https://hooks.example.com/${seq}`,
    description: null,
    events: ['submission.created'],
    appId: null,
    formId: null,
    filter: null,
    headers: {},
    format: 'canonical',
    template: null,
    contentType: 'application/json',
    enabled: true,
    disabledReason: null,
    failingSince: null,
    ownerId: 'u1',
    createdAt: '2026-11-20T08:00:00.000Z',
    updatedAt: '2026-11-20T08:00:00.000Z',
    stats: { succeeded: 0, failed: 0, dead: 0, pending: 0 },
    ...over,
  };
}

export function delivery(subscriptionId: string, over: Partial<WebhookDelivery> = {}): WebhookDelivery {
  seq += 1;
  const id = `msg_${seq}`;
  return {
    id,
    subscriptionId,
    eventId: `e${seq}`,
    eventType: 'submission.created',
    status: 'succeeded',
    attempts: 1,
    nextAttemptAt: null,
    lastStatusCode: 200,
    lastError: null,
    createdAt: new Date(Date.UTC(2026, 10, 25, 8, 0, seq)).toISOString(),
    deliveredAt: new Date(Date.UTC(2026, 10, 25, 8, 0, seq)).toISOString(),
    log: [
      {
        attempt: 1,
        startedAt: new Date(Date.UTC(2026, 10, 25, 8, 0, seq)).toISOString(),
        durationMs: 42,
        requestUrl: 'https://hooks.example.com/1',
        requestHeaders: { 'content-type': 'application/json', 'webhook-id': id },
        requestBody: '{"type":"submission.created"}',
        responseStatus: 200,
        responseBody: 'ok',
        error: null,
      },
    ],
    ...over,
  };
}

export class FakeWebhooksServer {
  calls: RecordedCall[] = [];
  apps: App[] = [app({ id: 'app1', name: 'Sales' }), app({ id: 'app2', name: 'Stores' })];
  forms: Form[] = [ORDER_FORM];
  submissions: Submission[] = [];
  webhooks: WebhookSubscription[] = [];
  deliveries: WebhookDelivery[] = [];
  /** The answer to the next create/patch, when a test wants it refused. */
  refuseNextSave: ApiError | null = null;
  previewError: ApiError | null = null;
  secrets = new Map<string, string>();
  pageSize = 2;

  request = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const url = new URL(path, 'http://test');
    this.calls.push({ method, path: url.pathname, params: url.searchParams, body });
    return (await this.answer(method, url, body)) as T;
  };

  calledWith(method: string, path: string) {
    return this.calls.filter((c) => c.method === method && c.path === path);
  }

  private find(id: string) {
    const found = this.webhooks.find((w) => w.id === id);
    if (!found) throw fail(404, 'webhook_not_found');
    return found;
  }

  private withSecret(w: WebhookSubscription) {
    return { ...w, secret: this.secrets.get(w.id)! };
  }

  private answer(method: string, url: URL, body: unknown): unknown {
    const p = url.pathname;
    const parts = p.split('/').filter(Boolean); // api, webhooks, :id, …
    if (method === 'GET' && p === '/api/auth/me') return undefined;
    if (p === '/api/webhooks' && method === 'GET') {
      const appId = url.searchParams.get('appId');
      const formId = url.searchParams.get('formId');
      return { items: this.webhooks.filter((w) => (!appId || w.appId === appId) && (!formId || w.formId === formId)) };
    }
    if (p === '/api/webhooks' && method === 'POST') {
      if (this.refuseNextSave) throw this.takeRefusal();
      const b = body as Partial<WebhookSubscription>;
      const created = webhook({ ...b, description: b.description ?? null, format: b.template ? 'template' : 'canonical' });
      this.webhooks.push(created);
      this.secrets.set(created.id, `whsec_${btoa('first-secret-' + created.id)}`);
      return this.withSecret(created);
    }
    if (p === '/api/webhooks/preview' && method === 'POST') {
      if (this.previewError) throw this.previewError;
      const b = body as { template?: string | null; contentType?: string; filter?: unknown; submissionId?: string };
      return {
        body: b.template ? b.template.replace('{{type}}', 'submission.created') : '{"type":"submission.created","submission":{"id":"s1"}}',
        contentType: b.template ? (b.contentType ?? 'application/json') : 'application/json',
        matchesFilter: !b.filter,
        submissionId: b.submissionId ?? 's1',
      };
    }
    if (parts[1] === 'webhooks' && parts.length >= 3) {
      const w = this.find(parts[2]);
      if (parts.length === 3 && method === 'GET') return w;
      if (parts.length === 3 && method === 'DELETE') {
        this.webhooks = this.webhooks.filter((x) => x !== w);
        return undefined;
      }
      if (parts.length === 3 && method === 'PATCH') {
        const patch = body as Record<string, unknown>;
        if (patch.rotateSecret) {
          this.secrets.set(w.id, `whsec_${btoa('rotated-' + w.id)}`);
          return this.withSecret(w);
        }
        if (this.refuseNextSave) throw this.takeRefusal();
        Object.assign(w, patch, { updatedAt: new Date().toISOString() });
        if ('enabled' in patch) w.disabledReason = patch.enabled ? null : 'manual';
        return w;
      }
      if (parts[3] === 'secret') return this.withSecret(w);
      if (parts[3] === 'deliveries') {
        const status = url.searchParams.get('status');
        const all = this.deliveries.filter((d) => d.subscriptionId === w.id && (!status || d.status === status));
        const start = Number(url.searchParams.get('cursor') ?? 0);
        const items = all.slice(start, start + this.pageSize).map((d) => ({ ...d, log: d.log.slice(0, 1) }));
        return { items, nextCursor: start + this.pageSize < all.length ? String(start + this.pageSize) : null };
      }
      if (parts[3] === 'replay' && method === 'POST') {
        const since = Date.parse((body as { since: string }).since);
        const again = this.deliveries.filter(
          (d) => d.subscriptionId === w.id && (d.status === 'failed' || d.status === 'dead') && Date.parse(d.createdAt) >= since,
        );
        again.forEach((d) => (d.status = 'pending'));
        return { replayed: again.length };
      }
    }
    if (parts[1] === 'deliveries') {
      const d = this.deliveries.find((x) => x.id === parts[2]);
      if (!d) throw fail(404, 'delivery_not_found');
      if (parts[3] === 'replay') {
        d.status = 'pending';
        return d;
      }
      return d;
    }
    throw fail(404, 'not_found', `no fake for ${method} ${p}`);
  }

  private takeRefusal() {
    const err = this.refuseNextSave!;
    this.refuseNextSave = null;
    return err;
  }

  /** The pickers' calls (not `request`): apps, forms of an app, a form, its submissions. */
  pickerApi() {
    return {
      listApps: () => Promise.resolve(this.apps),
      listForms: (appId: string) => Promise.resolve(this.forms.filter((f) => f.appId === appId)),
      getForm: (formId: string) => {
        const form = this.forms.find((f) => f.id === formId);
        return form ? Promise.resolve(form) : Promise.reject(fail(404, 'form_not_found'));
      },
      listSubmissions: () => Promise.resolve({ items: this.submissions, nextCursor: null }),
    };
  }
}

export { fail as apiFailure };
