// For component tests: an in-memory stand-in for the connector routes (a submission's integrations and
// their retry; QuickBooks connection, lists, mappings, preview), answering `request()` the way the
// plugins' shared models say. It records every call so a test can check what a screen sent.
import type {
  QuickBooksAccount,
  QuickBooksConnection,
  QuickBooksItem,
  QuickBooksMapping,
  QuickBooksMappingInput,
  QuickBooksVendor,
} from '@formloom/plugin-quickbooks/shared';
import type {
  ShopifyConnection,
  ShopifyLocation,
  ShopifyMapping,
  ShopifyMappingInput,
  ShopifyPreviewInput,
  ShopifyVariant,
} from '@formloom/plugin-shopify/shared';
import type { SubmissionIntegration } from '../../../api/connectors.ts';
import { ApiError } from '../../../api/errors.ts';

export interface RecordedCall {
  method: string;
  path: string;
  body?: unknown;
}

export const apiFailure = (statusCode: number, code: string, message = code, details?: unknown) =>
  new ApiError({ statusCode, code, error: 'Error', message, details });

export class FakeConnectorsServer {
  calls: RecordedCall[] = [];
  integrations = new Map<string, SubmissionIntegration[]>();
  /** The next answers of any route, by `METHOD path`: an error to throw once. */
  failNext = new Map<string, ApiError>();
  qbo: QuickBooksConnection = {
    configured: false,
    connected: false,
    environment: 'sandbox',
    clientId: null,
    settingsFromEnv: false,
    redirectUri: 'http://localhost:3000/api/connectors/quickbooks/callback',
    companies: [],
  };
  vendors: QuickBooksVendor[] = [];
  accounts: QuickBooksAccount[] = [];
  items: QuickBooksItem[] = [];
  mappings = new Map<string, QuickBooksMapping>();
  formNames = new Map<string, string>();
  shop: ShopifyConnection = {
    connected: false,
    shopDomain: null,
    shopName: null,
    currencyCode: null,
    apiVersion: '2025-09',
    connectedAt: null,
  };
  /** The one token the fake store accepts. */
  shopToken = 'shpat_good';
  locations: ShopifyLocation[] = [];
  variants: ShopifyVariant[] = [];
  shopifyMappings = new Map<string, ShopifyMapping>();
  /** GET /mappings/:formId answers this (not saved) when the form has no mapping. */
  suggestions = new Map<string, ShopifyMapping['target']>();

  calledWith(method: string, path: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.path === path);
  }

  /** The `request` of an HttpApiClient. */
  request = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const [path] = url.split('?');
    this.calls.push({ method, path, body });
    const failure = this.failNext.get(`${method} ${path}`);
    if (failure) {
      this.failNext.delete(`${method} ${path}`);
      throw failure;
    }
    return structuredClone(this.answer(method, url, body)) as T;
  };

  private answer(method: string, url: string, body: unknown): unknown {
    const [path, search = ''] = url.split('?');
    let m: RegExpMatchArray | null;
    if (method === 'GET' && (m = path.match(/^\/api\/submissions\/([^/]+)\/integrations$/))) {
      return { items: this.integrations.get(decodeURIComponent(m[1])) ?? [] };
    }
    if (method === 'POST' && (m = path.match(/^\/api\/integration-jobs\/([^/]+)\/retry$/))) return this.retry(decodeURIComponent(m[1]));
    const qbo = path.match(/^\/api\/connectors\/quickbooks(\/.*)$/)?.[1];
    if (qbo) return this.quickbooks(method, qbo, new URLSearchParams(search), body);
    const shop = path.match(/^\/api\/connectors\/shopify(\/.*)$/)?.[1];
    if (shop) return this.shopify(method, shop, body, new URLSearchParams(search));
    throw apiFailure(404, 'not_found', `No fake route for ${method} ${path}`);
  }

  private retry(jobId: string): SubmissionIntegration {
    for (const items of this.integrations.values()) {
      const item = items.find((i) => i.jobId === jobId);
      if (!item) continue;
      if (item.status !== 'failed' && item.status !== 'dead') throw apiFailure(409, 'job_not_retryable', `This job is ${item.status}.`);
      Object.assign(item, { status: 'pending', attempts: 0, nextAttemptAt: null, canRetry: false });
      return item;
    }
    throw apiFailure(404, 'job_not_found', `There is no integration job ${jobId}.`);
  }

  private quickbooks(method: string, path: string, params: URLSearchParams, body: unknown): unknown {
    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/connection') return this.qbo;
    if (method === 'PUT' && path === '/settings') {
      const b = body as { clientId: string; clientSecret: string; environment: 'sandbox' | 'production' };
      const details = [
        !b.clientId.trim() && { path: '/clientId', message: 'enter the Client ID from the Intuit developer portal' },
        !b.clientSecret.trim() && { path: '/clientSecret', message: 'enter the Client Secret from the Intuit developer portal' },
      ].filter(Boolean);
      if (details.length) throw apiFailure(422, 'validation_failed', 'The settings are incomplete.', details);
      Object.assign(this.qbo, { configured: true, clientId: b.clientId, environment: b.environment });
      return this.qbo;
    }
    if (method === 'POST' && path === '/connect') return { authorizeUrl: 'https://appcenter.intuit.example/connect/oauth2?state=s1' };
    if (method === 'PUT' && path === '/company') {
      const realmId = (body as { realmId: string }).realmId;
      for (const c of this.qbo.companies) c.active = c.realmId === realmId;
      return this.qbo;
    }
    if (method === 'DELETE' && (m = path.match(/^\/companies\/([^/]+)$/))) {
      this.qbo.companies = this.qbo.companies.filter((c) => c.realmId !== decodeURIComponent(m![1]));
      this.qbo.connected = this.qbo.companies.length > 0;
      return undefined;
    }
    const realmId = this.qbo.companies.find((c) => c.active)?.realmId ?? '';
    if (method === 'GET' && path === '/vendors') return { realmId, vendors: this.vendors };
    if (method === 'GET' && path === '/accounts') {
      const type = params.get('type');
      return { realmId, accounts: type ? this.accounts.filter((a) => a.accountType === type) : this.accounts };
    }
    if (method === 'GET' && path === '/items') return { realmId, items: this.items };
    if (method === 'GET' && path === '/mappings') {
      return {
        mappings: [...this.mappings.values()].map(({ formId, formName, realmId: r, enabled, target, updatedAt }) => ({
          formId,
          formName,
          realmId: r,
          enabled,
          kind: target.kind,
          updatedAt,
        })),
      };
    }
    if ((m = path.match(/^\/mappings\/([^/]+)(\/preview)?$/))) {
      const formId = decodeURIComponent(m[1]);
      if (m[2] && method === 'POST') return this.preview((body as Pick<QuickBooksMappingInput, 'target'>).target);
      if (method === 'GET') {
        const found = this.mappings.get(formId);
        if (!found) throw apiFailure(404, 'mapping_not_found', 'This form has no QuickBooks mapping.');
        return found;
      }
      if (method === 'PUT') {
        const input = body as QuickBooksMappingInput;
        const mapping = {
          formId,
          formName: this.formNames.get(formId) ?? formId,
          realmId,
          enabled: input.enabled ?? true,
          target: input.target,
          updatedAt: '2026-11-25T10:00:00.000Z',
        } as QuickBooksMapping;
        this.mappings.set(formId, mapping);
        return mapping;
      }
      if (method === 'DELETE') {
        this.mappings.delete(formId);
        return undefined;
      }
    }
    throw apiFailure(404, 'not_found', `No fake QuickBooks route for ${method} ${path}`);
  }

  private shopify(method: string, path: string, body: unknown, params: URLSearchParams): unknown {
    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/variants') {
      const q = (params.get('query') ?? '').toLowerCase();
      return { variants: this.variants.filter((v) => `${v.productTitle} ${v.title} ${v.sku ?? ''}`.toLowerCase().includes(q)) };
    }
    if (method === 'GET' && path === '/connection') return this.shop;
    if (method === 'PUT' && path === '/connection') {
      const b = body as { shopDomain: string; accessToken: string };
      if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(b.shopDomain)) {
        throw apiFailure(422, 'invalid_shop_domain', 'Enter the store domain as <name>.myshopify.com.');
      }
      if (b.accessToken !== this.shopToken) throw apiFailure(422, 'shopify_auth_failed', 'Shopify refused the access token (401).');
      this.shop = {
        ...this.shop,
        connected: true,
        shopDomain: b.shopDomain,
        shopName: 'Kowloon Tea Co',
        currencyCode: 'HKD',
        connectedAt: '2026-11-25T09:00:00.000Z',
      };
      return this.shop;
    }
    if (method === 'DELETE' && path === '/connection') {
      this.shop = { ...this.shop, connected: false, shopDomain: null, shopName: null, currencyCode: null, connectedAt: null };
      return undefined;
    }
    if (method === 'GET' && path === '/locations') return { locations: this.locations };
    if (method === 'GET' && path === '/mappings') {
      return {
        mappings: [...this.shopifyMappings.values()].map((x) => ({
          formId: x.formId,
          formName: x.formName,
          enabled: x.enabled,
          kind: x.target.kind,
          trigger: x.target.kind === 'inventory' ? 'stock_moved' : x.target.trigger,
          updatedAt: x.updatedAt,
        })),
      };
    }
    if ((m = path.match(/^\/mappings\/([^/]+)(\/preview)?$/))) {
      const formId = decodeURIComponent(m[1]);
      const formName = this.formNames.get(formId) ?? formId;
      if (m[2] && method === 'POST') {
        const target = (body as ShopifyPreviewInput).target!;
        if (target.kind === 'inventory')
          return {
            submissionId: 'move-1',
            mutation: 'inventoryAdjustQuantities',
            variables: { input: { name: 'available', changes: [] } },
          };
        return {
          submissionId: 'sub-latest',
          mutation: target.kind === 'order' ? 'orderCreate' : 'draftOrderCreate',
          variables: { input: { email: 'lee@example.com', lineItems: [{ title: 'Oolong 100 g', quantity: 2 }] } },
        };
      }
      if (method === 'GET') {
        const found = this.shopifyMappings.get(formId);
        if (found) return found;
        const suggestion = this.suggestions.get(formId);
        if (suggestion) return { formId, formName, enabled: false, target: suggestion, updatedAt: null, suggested: true };
        throw apiFailure(404, 'mapping_not_found', 'This form is not mapped to Shopify yet.');
      }
      if (method === 'PUT') {
        const input = body as ShopifyMappingInput;
        const saved = {
          formId,
          formName,
          enabled: input.enabled ?? true,
          target: input.target,
          updatedAt: '2026-11-25T10:00:00.000Z',
          suggested: false,
        } as ShopifyMapping;
        this.shopifyMappings.set(formId, saved);
        return saved;
      }
      if (method === 'DELETE') {
        this.shopifyMappings.delete(formId);
        return undefined;
      }
    }
    throw apiFailure(404, 'not_found', `No fake Shopify route for ${method} ${path}`);
  }

  private preview(target: QuickBooksMappingInput['target']): unknown {
    return {
      submissionId: 'sub-latest',
      entity: target.kind === 'bill' ? 'Bill' : 'PurchaseOrder',
      body: { VendorRef: target.vendor.mode === 'fixed' ? target.vendor.vendor : { value: '56', name: 'Matched vendor' }, Line: [] },
      payment: null,
    };
  }
}
